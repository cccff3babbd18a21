/**
 * Live container stats (CPU, memory …) from bridge.containers.stats.subscribe.
 * Consumers declare which containers they show (watchStats); one shared
 * subscription covers the union and is re-made (debounced) when it changes.
 * Each container keeps its latest sample and a short history for sparklines.
 */
import { useEffect } from 'react';
import { create } from 'zustand';
import type { StatsSample } from '../../../electron/contract/index.js';
import { bridge } from '../bridge/client';

export const HISTORY = 60;

export interface StatsEntry {
  latest: StatsSample;
  cpu: number[];
  mem: number[];
}

export const useStatsStore = create<{ byId: Record<string, StatsEntry>; error: unknown }>(() => ({ byId: {}, error: undefined }));

const wanted = new Map<string, number>();
/** One subscription per engine: its key (sorted ids) and handle. */
const current = new Map<string, { key: string; sub: { unsubscribe: () => void } }>();
let timer: ReturnType<typeof setTimeout> | undefined;

/** Stats keys are `engine/id` (engine ids may contain "/", container ids do not). */
export function statsKey(engine: string, id: string): string {
  return `${engine}/${id}`;
}

function splitKey(k: string): [string, string] {
  const i = k.lastIndexOf('/');
  return i < 0 ? ['', k] : [k.slice(0, i), k.slice(i + 1)];
}

function push(arr: number[], v: number): number[] {
  const out = arr.length >= HISTORY ? arr.slice(arr.length - HISTORY + 1) : arr.slice();
  out.push(v);
  return out;
}

function onSamples(engine: string, samples: StatsSample[]): void {
  useStatsStore.setState((s) => {
    const byId = { ...s.byId };
    for (const x of samples) {
      const k = statsKey(engine, x.id);
      const prev = byId[k];
      byId[k] = { latest: x, cpu: push(prev?.cpu ?? [], x.cpuPercent), mem: push(prev?.mem ?? [], x.memUsage) };
    }
    return { byId, error: undefined };
  });
}

function resubscribe(): void {
  timer = undefined;
  const perEngine = new Map<string, string[]>();
  for (const k of [...wanted.keys()].sort()) {
    const [engine, id] = splitKey(k);
    const ids = perEngine.get(engine) ?? [];
    if (ids.length < 200) ids.push(id);
    perEngine.set(engine, ids);
  }
  for (const [engine, cur] of current) {
    if (!perEngine.has(engine)) {
      cur.sub.unsubscribe();
      current.delete(engine);
    }
  }
  for (const [engine, ids] of perEngine) {
    const key = ids.join(',');
    const cur = current.get(engine);
    if (cur?.key === key) continue;
    cur?.sub.unsubscribe();
    const entry = { key, sub: { unsubscribe: () => {} } };
    current.set(engine, entry);
    entry.sub = bridge.containers.stats.subscribe(
      { ...(engine ? { engine } : {}), ids },
      {
        onData: (samples) => onSamples(engine, samples),
        onError: (e) => {
          useStatsStore.setState({ error: e });
          // Retry later with whatever is wanted then.
          if (current.get(engine) === entry) {
            current.delete(engine);
            setTimeout(schedule, 10_000);
          }
        },
      },
    );
  }
}

function schedule(): void {
  if (timer) clearTimeout(timer);
  timer = setTimeout(resubscribe, 250);
}

/** Declares interest in stats for these containers (keys `engine/id`, running ones); returns the release. */
export function watchStats(ids: readonly string[]): () => void {
  for (const id of ids) wanted.set(id, (wanted.get(id) ?? 0) + 1);
  schedule();
  return () => {
    for (const id of ids) {
      const n = (wanted.get(id) ?? 0) - 1;
      if (n <= 0) wanted.delete(id);
      else wanted.set(id, n);
    }
    schedule();
  };
}

/** Hook form of watchStats; `ids` compared by content. */
export function useWatchStats(ids: readonly string[]): void {
  const key = [...ids].sort().join('\n');
  useEffect(() => {
    if (!key) return;
    return watchStats(key.split('\n'));
  }, [key]);
}

/** The latest stats entry for one container by `engine/id` key (re-renders only when it changes). */
export function useStats(id: string): StatsEntry | undefined {
  return useStatsStore((s) => s.byId[id]);
}

/** The last stats failure (e.g. the engine cannot stream stats), cleared by the next sample. */
export function useStatsError(): unknown {
  return useStatsStore((s) => s.error);
}
