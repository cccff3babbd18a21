/** App-wide actions shared by shortcuts, menu commands and buttons. */
import { bridge } from '../bridge/client';
import { notifyError } from '../components';
import { navigate, useUi } from '../stores/ui';
import { queryClient } from './queryClient';

/** Ask the main side for fresh snapshots of every live list and refetch request data. */
export async function refreshAll(): Promise<void> {
  try {
    await Promise.all([bridge.live.resync.mutate(), queryClient.invalidateQueries()]);
  } catch (e) {
    notifyError(e, 'Could not refresh');
  }
}

/** Focus the current view's search field; views without one go to Containers first. */
export function focusSearch(): void {
  const find = () => document.querySelector<HTMLInputElement>('main [data-search-field]');
  const el = find();
  if (el) {
    el.focus();
    el.select();
    return;
  }
  if (useUi.getState().route.view === 'dashboard' || useUi.getState().route.view === 'settings') {
    navigate('containers');
  }
  // Wait for the view to render.
  let tries = 0;
  const tick = () => {
    const e = find();
    if (e) e.focus();
    else if (tries++ < 20) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
}
