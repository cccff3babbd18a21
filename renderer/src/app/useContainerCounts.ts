/**
 * How many containers run and how many there are (pods' infra containers are
 * not counted), on one engine or on all shown ones; `ready` once the list is loaded.
 */
import type { ContainerRow } from '../../../electron/contract/index.js';
import { useLiveSelect } from '../stores/live';

function count(list: readonly ContainerRow[], engine: string | undefined, runningOnly: boolean): number {
  let n = 0;
  for (const c of list) if (!c.isInfra && (engine === undefined || c.engine === engine) && (!runningOnly || c.state === 'running')) n++;
  return n;
}

export function useContainerCounts(engine?: string): { running: number; total: number; ready: boolean } {
  // Numbers, not an object: each selector's result is compared by value.
  const running = useLiveSelect('containers', (s) => count(s.list, engine, true));
  const total = useLiveSelect('containers', (s) => count(s.list, engine, false));
  const ready = useLiveSelect('containers', (s) => s.ready);
  return { running, total, ready };
}
