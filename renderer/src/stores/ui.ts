/**
 * UI state: the route (mirrored in the URL hash, so deep links work:
 * #/containers, #/containers/<id>/logs, #/images …) and app-wide dialogs.
 */
import { create } from 'zustand';
import { VIEWS, viewShortcut, type ViewId } from '../../../electron/contract/index.js';

/** Every view, in sidebar order (the contract's VIEWS: the application menu reads the same list). */
export const VIEW_IDS = Object.keys(VIEWS) as ViewId[];
export const viewLabel = (v: ViewId): string => VIEWS[v].label;
/** The view with Ctrl/Cmd+n, if any. */
export { viewShortcut };
export const viewForShortcut = (n: number): ViewId | undefined => VIEW_IDS.find((v) => viewShortcut(v) === n);
export type { ViewId };

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
  const view = VIEW_IDS.find((v) => v === parts[0]) ?? 'dashboard';
  return { view, id: parts[1], tab: parts[2], ...(engine ? { engine } : {}) };
}

export function routeHash(r: Route): string {
  const path = `#/${[r.view, r.id, r.id ? r.tab : undefined]
    .filter((p): p is string => !!p)
    .map(encodeURIComponent)
    .join('/')}`;
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
