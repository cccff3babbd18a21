// First: take the serve token out of the URL fragment before the router reads the hash.
import { checkServeSession } from './bridge/serve-session';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { SessionGate } from './app/SessionGate';
import { ReloadNotice } from './app/ViewErrorBoundary';
import { applyTheme, useSettings } from './stores/settings';
import './styles/theme.css';
import './components/components.css';

applyTheme(useSettings.getState().theme);
const root = createRoot(document.getElementById('root')!);

// The app (and its bridge connection) loads only once the token is known to be good.
void checkServeSession().then(async (state) => {
  if (state !== 'ok') {
    root.render(<SessionGate state={state} />);
    return;
  }
  let App: typeof import('./app/App').App;
  try {
    ({ App } = await import('./app/App'));
  } catch (e) {
    root.render(<ReloadNotice error={e} />);
    return;
  }
  root.render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
});
