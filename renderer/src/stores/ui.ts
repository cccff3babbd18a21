/**
 * UI state: the route (mirrored in the URL hash, so deep links work:
 * #/containers, #/containers/<id>/logs, #/images …) and app-wide dialogs.
 */
import { create } from 'zustand';

/** In shortcut order (Ctrl+1…): Machines came later, so it is 8 and Settings stays 7. */
export const VIEWS = ['dashboard', 'containers', 'pods', 'images', 'volumes', 'networks', 'settings', 'machines'] as const;
/** In sidebar order. */
export const NAV_ORDER: readonly ViewId[] = ['dashboard', 'containers', 'pods', 'images', 'volumes', 'networks', 'machines', 'settings'];
export type ViewId = (typeof VIEWS)[number];

export const VIEW_LABELS: Record<ViewId, string> = {
  dashboard: 'Dashboard',
  containers: 'Containers',
  pods: 'Pods',
  images: 'Images',
  volumes: 'Volumes',
  networks: 'Networks',
  settings: 'Settings',
  machines: 'Machines',
};

export interface Route {
  view: ViewId;
  /** A resource id or name (details page), e.g. a container id. */
  id?: string | undefined;
  /** A tab of the details page, e.g. "logs". */
  tab?: string | undefined;
  /** The engine the resource lives on (`?engine=<id>`), when it is not the primary one. */
  engine?: string | undefined;
}

export function parseHash(hash: string): Route {
  const raw = hash.replace(/^#\/?/, '');
  const q = raw.indexOf('?');
  const engine = q >= 0 ? (new URLSearchParams(raw.slice(q + 1)).get('engine') ?? undefined) : undefined;
  const parts = (q >= 0 ? raw.slice(0, q) : raw)
    .split('/')
    .filter(Boolean)
    .map((p) => {
      try {
        return decodeURIComponent(p);
      } catch {
        return p;
      }
    });
  const view = (VIEWS as readonly string[]).includes(parts[0] ?? '') ? (parts[0] as ViewId) : 'dashboard';
  return { view, id: parts[1], tab: parts[2], ...(engine ? { engine } : {}) };
}

export function routeHash(r: Route): string {
  const path = `#/${[r.view, r.id, r.id ? r.tab : undefined].filter((p): p is string => !!p).map(encodeURIComponent).join('/')}`;
  return r.engine ? `${path}?engine=${encodeURIComponent(r.engine)}` : path;
}

interface UiState {
  route: Route;
  /** The "Create container" dialog; `image` prefilled when opened from Images. */
  createContainer: { open: boolean; image?: string | undefined; engine?: string | undefined };
}

export const useUi = create<UiState>(() => ({
  route: typeof window === 'undefined' ? { view: 'dashboard' } : parseHash(window.location.hash),
  createContainer: { open: false },
}));

/** Go to a view or details page; updates the URL hash (history entry). */
export function navigate(route: Route | ViewId): void {
  const r = typeof route === 'string' ? { view: route } : route;
  const hash = routeHash(r);
  if (window.location.hash !== hash) window.location.hash = hash;
  useUi.setState({ route: r });
}

/** Same as navigate but replaces the history entry (e.g. switching tabs). */
export function replaceRoute(route: Route): void {
  const hash = routeHash(route);
  if (window.location.hash !== hash) history.replaceState(null, '', hash);
  useUi.setState({ route });
}

/** Opens the "Create container" dialog, optionally with the image filled in (used by the Images view). */
export function openCreateContainer(image?: string, engine?: string): void {
  useUi.setState({ createContainer: { open: true, image, engine } });
}

export function closeCreateContainer(): void {
  useUi.setState({ createContainer: { open: false } });
}

if (typeof window !== 'undefined') {
  window.addEventListener('hashchange', () => useUi.setState({ route: parseHash(window.location.hash) }));
}

/** Hook: the current route. */
export function useRoute(): Route {
  return useUi((s) => s.route);
}
