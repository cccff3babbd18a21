/**
 * The engines Berth knows (bridge.engines.watch): discovered, user-added and
 * machine connections, with their health. Rows of every live list carry
 * `engine` (an EngineEntry id); actions pass it back so they reach the right
 * engine. "Shown" engines are the enabled ones (Settings → Engines → Show).
 */
import { useMemo } from 'react';
import { create } from 'zustand';
import type { EngineEntry } from '../../../electron/contract/index.js';
import { bridge } from '../bridge/client';

interface EnginesState {
  list: readonly EngineEntry[];
  /** A first list arrived. */
  ready: boolean;
  error: unknown;
}

export const useEnginesStore = create<EnginesState>(() => ({ list: [], ready: false, error: undefined }));

let started = false;

function subscribe(): void {
  const retry = () => setTimeout(subscribe, 2000);
  bridge.engines.watch.subscribe(undefined, {
    onData: (list) => useEnginesStore.setState({ list, ready: true, error: undefined }),
    onError: (e) => {
      useEnginesStore.setState({ error: e });
      retry();
    },
    onComplete: () => retry(),
  });
}

export function startEngines(): void {
  if (started) return;
  started = true;
  subscribe();
}

/** Every engine (shown or not). */
export function useEngines(): EnginesState {
  startEngines();
  const list = useEnginesStore((s) => s.list);
  const ready = useEnginesStore((s) => s.ready);
  const error = useEnginesStore((s) => s.error);
  return useMemo(() => ({ list, ready, error }), [list, ready, error]);
}

/** The engines the lists show (enabled). */
export function useShownEngines(): readonly EngineEntry[] {
  const list = useEngines().list;
  return useMemo(() => list.filter((e) => e.enabled), [list]);
}

/** More than one engine is shown: lists get an Engine column, forms an Engine select. */
export function useMultiEngine(): boolean {
  startEngines();
  return useEnginesStore((s) => s.list.filter((e) => e.enabled).length > 1);
}

/** The primary engine's id (where calls without an engine go). */
export function usePrimaryEngineId(): string | undefined {
  startEngines();
  return useEnginesStore((s) => s.list.find((e) => e.primary)?.id);
}

export function primaryEngineId(): string | undefined {
  return useEnginesStore.getState().list.find((e) => e.primary)?.id;
}

/** A short, human label for an engine id (its label, else the address). */
export function engineLabel(id: string, list: readonly EngineEntry[] = useEnginesStore.getState().list): string {
  return list.find((e) => e.id === id)?.label ?? id.replace(/^unix:\/\//, '');
}

/** Hook: the label of one engine (re-renders when it changes). */
export function useEngineLabel(id: string): string {
  startEngines();
  return useEnginesStore((s) => engineLabel(id, s.list));
}

/** Options for an "Engine" select: shown engines, primary first. */
export function engineOptions(list: readonly EngineEntry[]): { value: string; label: string }[] {
  return [...list]
    .filter((e) => e.enabled)
    .sort((a, b) => Number(b.primary) - Number(a.primary))
    .map((e) => ({ value: e.id, label: `${e.label}${e.primary ? ' (primary)' : ''}${e.health.state === 'unreachable' ? ' — unreachable' : ''}` }));
}

/** Groups rows by their engine (for bulk calls, one per engine). */
export function byEngine<T extends { engine: string }>(rows: readonly T[]): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const r of rows) {
    const a = m.get(r.engine);
    if (a) a.push(r);
    else m.set(r.engine, [r]);
  }
  return m;
}

/** No engine answers: none known, or every known one unreachable. */
export function useNoEngine(): boolean {
  startEngines();
  return useEnginesStore((s) => s.ready && (s.list.length === 0 || s.list.every((e) => e.health.state === 'unreachable')));
}

/** The engine to put in a route (`?engine=`): only when it is not the primary one. */
export function engineForRoute(id: string | undefined): string | undefined {
  return id && id !== primaryEngineId() ? id : undefined;
}
