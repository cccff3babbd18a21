import { QueryClientProvider } from '@tanstack/react-query';
import { lazy, Suspense, useEffect, useRef, type ComponentType, type LazyExoticComponent } from 'react';
import { EmptyState, Toaster } from '../components';
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

type ViewModule = Record<string, unknown>;
/**
 * Pods, Images, Volumes and Networks views live in views/<name>/<Name>View.tsx
 * (named export <Name>View or default export); loaded on first visit.
 */
const otherViews = import.meta.glob<ViewModule>('../views/{pods,images,volumes,networks,machines}/*View.tsx');

function lazyView(view: ViewId): LazyExoticComponent<ComponentType> | undefined {
  const cap = view[0]!.toUpperCase() + view.slice(1);
  const path = `../views/${view}/${cap}View.tsx`;
  const load = otherViews[path];
  if (!load) return undefined;
  return lazy(async () => {
    const m = await load();
    const C = (m[`${cap}View`] ?? m.default) as ComponentType | undefined;
    return { default: C ?? (() => <Placeholder view={view} />) };
  });
}

const lazyViews: Partial<Record<ViewId, LazyExoticComponent<ComponentType> | undefined>> = {
  pods: lazyView('pods'),
  images: lazyView('images'),
  volumes: lazyView('volumes'),
  networks: lazyView('networks'),
  machines: lazyView('machines'),
};

function Placeholder({ view }: { view: ViewId }) {
  return (
    <div className="view">
      <h1>{VIEW_LABELS[view]}</h1>
      <EmptyState title={`${VIEW_LABELS[view]} is not available yet`} />
    </div>
  );
}

function CurrentView() {
  const route = useRoute();
  switch (route.view) {
    case 'dashboard':
      return <DashboardView />;
    case 'containers':
      return <ContainersView />;
    case 'settings':
      return <SettingsView />;
    default: {
      const V = lazyViews[route.view];
      if (!V) return <Placeholder view={route.view} />;
      return (
        <Suspense fallback={<div className="view muted">Loading…</div>}>
          <V />
        </Suspense>
      );
    }
  }
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
