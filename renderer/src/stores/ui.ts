/**
 * UI state: the route (mirrored in the URL hash, so deep links work:
 * #/containers, #/containers/<id>/logs, #/images …) and app-wide dialogs.
 */
import { create } from 'zustand';

export const VIEWS = ['dashboard', 'containers', 'pods', 'images', 'volumes', 'networks', 'settings'] as const;
export type ViewId = (typeof VIEWS)[number];

export const VIEW_LABELS: Record<ViewId, string> = {
  dashboard: 'Dashboard',
  containers: 'Containers',
  pods: 'Pods',
  images: 'Images',
  volumes: 'Volumes',
  networks: 'Networks',
  settings: 'Settings',
};

export interface Route {
  view: ViewId;
  /** A resource id or name (details page), e.g. a container id. */
  id?: string | undefined;
  /** A tab of the details page, e.g. "logs". */
  tab?: string | undefined;
}

export function parseHash(hash: string): Route {
  const parts = hash
    .replace(/^#\/?/, '')
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
  return { view, id: parts[1], tab: parts[2] };
}

export function routeHash(r: Route): string {
  return `#/${[r.view, r.id, r.id ? r.tab : undefined].filter((p): p is string => !!p).map(encodeURIComponent).join('/')}`;
}

interface UiState {
  route: Route;
  /** The "Create container" dialog; `image` prefilled when opened from Images. */
  createContainer: { open: boolean; image?: string | undefined };
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
export function openCreateContainer(image?: string): void {
  useUi.setState({ createContainer: { open: true, image } });
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
