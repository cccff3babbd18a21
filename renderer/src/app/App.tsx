import { QueryClientProvider } from '@tanstack/react-query';
import { Suspense, useEffect, useRef, type ComponentType } from 'react';
import { Toaster } from '../components';
import { startConnection } from '../stores/connection';
import { startAllLive } from '../stores/live';
import { useRoute, viewLabel } from '../stores/ui';
import { CreateContainerDialog } from '../views/containers/CreateContainerDialog';
import { ConnectionBanner } from './Banner';
import { Header } from './Header';
import { queryClient } from './queryClient';
import { useShortcuts } from './shortcuts';
import { Sidebar } from './Sidebar';
import { ViewErrorBoundary } from './ViewErrorBoundary';
import { VIEW_UI } from './views';
import './app.css';

function CurrentView() {
  const route = useRoute();
  const V: ComponentType = VIEW_UI[route.view].component;
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
    document.title = `${viewLabel(route.view)} · Berth`;
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
