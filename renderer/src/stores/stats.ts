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
let current: { unsubscribe: () => void } | undefined;
let currentKey = '';
let timer: ReturnType<typeof setTimeout> | undefined;

function push(arr: number[], v: number): number[] {
  const out = arr.length >= HISTORY ? arr.slice(arr.length - HISTORY + 1) : arr.slice();
  out.push(v);
  return out;
}

function onSamples(samples: StatsSample[]): void {
  useStatsStore.setState((s) => {
    const byId = { ...s.byId };
    for (const x of samples) {
      const prev = byId[x.id];
      byId[x.id] = { latest: x, cpu: push(prev?.cpu ?? [], x.cpuPercent), mem: push(prev?.mem ?? [], x.memUsage) };
    }
    return { byId, error: undefined };
  });
}

function resubscribe(): void {
  timer = undefined;
  const ids = [...wanted.keys()].sort().slice(0, 200);
  const key = ids.join(',');
  if (key === currentKey) return;
  current?.unsubscribe();
  current = undefined;
  currentKey = key;
  if (!ids.length) return;
  const sub = () =>
    bridge.containers.stats.subscribe(
      { ids },
      {
        onData: onSamples,
        onError: (e) => {
          useStatsStore.setState({ error: e });
          // Retry later with whatever is wanted then.
          if (currentKey === key) {
            currentKey = '';
            setTimeout(schedule, 10_000);
          }
        },
      },
    );
  current = sub();
}

function schedule(): void {
  if (timer) clearTimeout(timer);
  timer = setTimeout(resubscribe, 250);
}

/** Declares interest in stats for these containers (running ones); returns the release. */
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
  const key = [...ids].sort().join(',');
  useEffect(() => {
    if (!key) return;
    return watchStats(key.split(','));
  }, [key]);
}

/** The latest stats entry for one container (re-renders only when it changes). */
export function useStats(id: string): StatsEntry | undefined {
  return useStatsStore((s) => s.byId[id]);
}

/** The last stats failure (e.g. the engine cannot stream stats), cleared by the next sample. */
export function useStatsError(): unknown {
  return useStatsStore((s) => s.error);
}
