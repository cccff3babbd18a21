/**
 * Live entity stores: one zustand store per kind, fed by
 * bridge.live.<kind>.subscribe patches (snapshot, then upsert/remove by key),
 * applied incrementally. Unchanged items keep their object identity, so
 * memoized rows re-render only when their own item changes. No polling;
 * after the bridge reconnects the main side sends a fresh snapshot.
 */
import { useMemo } from 'react';
import { create, type StoreApi, type UseBoundStore } from 'zustand';
import { ENTITY_KINDS, type EntityKind, type EntityPatch, type EntityRows } from '../../../electron/contract/index.js';
import { bridge } from '../bridge/client';
import { applyPatch, keyOf, type LiveState } from './live-patch';

export { applyPatch, keyOf, type LiveState };

type LiveStore<K extends EntityKind> = UseBoundStore<StoreApi<LiveState<EntityRows[K]>>>;

function makeStore<K extends EntityKind>(): LiveStore<K> {
  return create<LiveState<EntityRows[K]>>(() => ({ items: new Map(), list: [], ready: false, error: undefined }));
}

/** One store per kind of the contract's ENTITY_KINDS. */
export const liveStores = Object.fromEntries(ENTITY_KINDS.map((k) => [k, makeStore()])) as { [K in EntityKind]: LiveStore<K> };

const started = new Set<EntityKind>();

function subscribe<K extends EntityKind>(kind: K): void {
  const store = liveStores[kind] as LiveStore<K>;
  const onData = (patch: EntityPatch<EntityRows[K]>) => store.setState((s) => applyPatch(kind, s, patch));
  const retry = () => setTimeout(() => subscribe(kind), 2000);
  const handlers = {
    onData,
    onError: (e: unknown) => {
      store.setState({ error: e });
      retry();
    },
    onComplete: () => retry(),
  };
  // One call per kind keeps the types exact.
  const live = bridge.live as unknown as Record<EntityKind, { subscribe: (input: undefined, h: typeof handlers) => unknown }>;
  live[kind].subscribe(undefined, handlers);
}

/** Starts the live subscription for a kind (once; it stays for the app's life). */
export function startLive(kind: EntityKind): void {
  if (started.has(kind)) return;
  started.add(kind);
  subscribe(kind);
}

export function startAllLive(): void {
  for (const k of ENTITY_KINDS) startLive(k);
}

/** All items of a kind, live. Re-renders when the list changes. */
export function useLive<K extends EntityKind>(kind: K): { items: readonly EntityRows[K][]; byKey: ReadonlyMap<string, EntityRows[K]>; ready: boolean; error: unknown } {
  startLive(kind);
  const store = liveStores[kind] as LiveStore<K>;
  const list = store((s) => s.list);
  const byKey = store((s) => s.items);
  const ready = store((s) => s.ready);
  const error = store((s) => s.error);
  return useMemo(() => ({ items: list, byKey, ready, error }), [list, byKey, ready, error]);
}

/** One item by key; re-renders only when that item changes. */
export function useLiveItem<K extends EntityKind>(kind: K, key: string | undefined): EntityRows[K] | undefined {
  startLive(kind);
  const store = liveStores[kind] as LiveStore<K>;
  return store((s) => (key ? s.items.get(key) : undefined));
}

/** A derived value (e.g. a count); re-renders only when it changes (compare with Object.is). */
export function useLiveSelect<K extends EntityKind, R>(kind: K, select: (s: LiveState<EntityRows[K]>) => R): R {
  startLive(kind);
  return (liveStores[kind] as LiveStore<K>)(select);
}
