import { QueryClientProvider } from '@tanstack/react-query';
import { lazy, Suspense, useEffect, useRef, type ComponentType } from 'react';
import { Toaster } from '../components';
import { startConnection } from '../stores/connection';
import { startAllLive } from '../stores/live';
import { useRoute, VIEW_LABELS, type ViewId } from '../stores/ui';
import { ContainersView } from '../views/containers/ContainersView';
import { CreateContainerDialog } from '../views/containers/CreateContainerDialog';
import { DashboardView } from '../views/dashboard/DashboardView';
import { SettingsView } from '../views/settings/SettingsView';
import { ConnectionBanner } from './Banner';
import { Header } from './Header';
import { queryClient } from './queryClient';
import { useShortcuts } from './shortcuts';
import { Sidebar } from './Sidebar';
import { ViewErrorBoundary } from './ViewErrorBoundary';
import './app.css';

/**
 * The view registry: every ViewId has its component, eager or loaded on first
 * visit. `satisfies Record<ViewId, …>` makes a missing or unknown view a type
 * error, and a lazy view's module and export are checked by the compiler.
 */
const VIEW_COMPONENTS = {
  dashboard: DashboardView,
  containers: ContainersView,
  settings: SettingsView,
  pods: lazy(() => import('../views/pods/PodsView').then((m) => ({ default: m.PodsView }))),
  images: lazy(() => import('../views/images/ImagesView').then((m) => ({ default: m.ImagesView }))),
  volumes: lazy(() => import('../views/volumes/VolumesView').then((m) => ({ default: m.VolumesView }))),
  networks: lazy(() => import('../views/networks/NetworksView').then((m) => ({ default: m.NetworksView }))),
  machines: lazy(() => import('../views/machines/MachinesView').then((m) => ({ default: m.MachinesView }))),
} satisfies Record<ViewId, ComponentType>;

function CurrentView() {
  const route = useRoute();
  const V: ComponentType = VIEW_COMPONENTS[route.view];
  return (
    <Suspense fallback={<div className="view muted">Loading…</div>}>
      <V />
    </Suspense>
  );
}

/** Moves focus to the main area and sets the window title when the view changes (not on first load). */
function useViewFocus(mainRef: React.RefObject<HTMLElement | null>) {
  const route = useRoute();
  const first = useRef(true);
  useEffect(() => {
    document.title = `${VIEW_LABELS[route.view]} · Berth`;
  }, [route.view]);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    const active = document.activeElement;
    // Keep focus where it is when it is still inside main (e.g. switching tabs).
    if (active && mainRef.current?.contains(active)) return;
    if (active && active.closest('nav')) return;
    mainRef.current?.focus({ preventScroll: true });
  }, [route.view, route.id, mainRef]);
}

function Shell() {
  useShortcuts();
  const view = useRoute().view;
  const mainRef = useRef<HTMLElement>(null);
  useViewFocus(mainRef);
  return (
    <div className="app">
      <a href="#main" className="skip-link" onClick={(e) => (e.preventDefault(), mainRef.current?.focus())}>
        Skip to content
      </a>
      <Sidebar />
      <div className="main-col">
        <Header />
        <ConnectionBanner />
        <main id="main" className="content" ref={mainRef} tabIndex={-1}>
          {/* Keyed by view: moving to another view gives it a fresh boundary. */}
          <ViewErrorBoundary key={view}>
            <CurrentView />
          </ViewErrorBoundary>
        </main>
      </div>
      <Toaster />
      <CreateContainerDialog />
    </div>
  );
}

export function App() {
  useEffect(() => {
    startConnection();
    startAllLive();
  }, []);
  return (
    <QueryClientProvider client={queryClient}>
      <Shell />
    </QueryClientProvider>
  );
}
