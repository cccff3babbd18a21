/**
 * The tray's state for serve mode's header: the same pure menu the desktop
 * tray draws (electron/main/tray-menu.ts), kept current from the live
 * hub, the engine list and the machines, at most every 100 ms.
 */
import { trayIconState, trayMenu, trayTargets, trayTooltip } from './tray-menu.js';
import type { ContainerRow, EngineEntry, MachinesState, TrayView } from '../contract/types.js';
import { AsyncQueue } from './async-queue.js';
import type { LiveHub } from './live-hub.js';
import { containerRow } from './services/rows.js';

export interface TraySources {
  hub: LiveHub;
  engines(): EngineEntry[];
  onEngines(listener: () => void): () => void;
  machines(): Promise<MachinesState>;
  onMachines(listener: () => void): () => void;
}

export async function trayView(src: TraySources): Promise<TrayView> {
  const containers: ContainerRow[] = src.hub.items('containers').map((t) => containerRow(t.item as Parameters<typeof containerRow>[0], t.engine));
  const machines = await src.machines().catch(() => undefined);
  const state = { targets: trayTargets(src.engines(), machines), containers, windowVisible: false, busy: [] };
  // A browser tab cannot be opened, hidden or quit from here: those items stay in the desktop tray.
  const items = trayMenu(state).filter((i) => !i.action || !['open', 'hide', 'quit', 'toggle-close-to-tray'].includes(i.action.kind));
  while (items[0]?.type === 'separator') items.shift();
  while (items.at(-1)?.type === 'separator') items.pop();
  return { icon: trayIconState(state), tooltip: trayTooltip(state), items };
}

export function watchTray(src: TraySources, signal: AbortSignal): AsyncIterable<TrayView> {
  const q = new AsyncQueue<TrayView>(signal, 4);
  let timer: NodeJS.Timeout | undefined;
  const send = () =>
    void trayView(src).then(
      (v) => (q.size ? q.reset([v]) : q.push(v)),
      () => undefined,
    );
  const soon = () => {
    timer ??= setTimeout(() => {
      timer = undefined;
      send();
    }, 100);
  };
  send();
  const offs = [src.hub.subscribe('containers', soon), src.onEngines(soon), src.onMachines(soon)];
  signal.addEventListener(
    'abort',
    () => {
      if (timer) clearTimeout(timer);
      for (const off of offs) off();
    },
    { once: true },
  );
  return q;
}
