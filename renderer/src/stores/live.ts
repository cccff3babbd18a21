/**
 * Live entity stores: one zustand store per kind, fed by
 * bridge.live.<kind>.subscribe patches (snapshot, then upsert/remove by key),
 * applied incrementally. Unchanged items keep their object identity, so
 * memoized rows re-render only when their own item changes. No polling;
 * after the bridge reconnects the main side sends a fresh snapshot.
 */
import { useMemo } from 'react';
import { create, type StoreApi, type UseBoundStore } from 'zustand';
import type { EntityKind, EntityPatch, EntityRows } from '../../../electron/contract/index.js';
import { bridge } from '../bridge/client';

export interface LiveState<T> {
  /** Items by key: `engine/id` (`engine/name` for volumes), as the main side keys its patches. */
  items: ReadonlyMap<string, T>;
  /** The same items as an array (new array on every change). */
  list: readonly T[];
  /** A first snapshot arrived. */
  ready: boolean;
  /** The last subscription failure, cleared by the next snapshot. */
  error: unknown;
}

export function keyOf<K extends EntityKind>(kind: K, item: EntityRows[K]): string {
  const local = kind === 'volumes' ? (item as EntityRows['volumes']).name : (item as { id: string }).id;
  return `${item.engine}/${local}`;
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export function applyPatch<K extends EntityKind>(kind: K, state: LiveState<EntityRows[K]>, patch: EntityPatch<EntityRows[K]>): Partial<LiveState<EntityRows[K]>> {
  let next: Map<string, EntityRows[K]>;
  if (patch.kind === 'snapshot') {
    next = new Map();
    for (const item of patch.items) {
      const k = keyOf(kind, item);
      const old = state.items.get(k);
      next.set(k, old && same(old, item) ? old : item);
    }
    return { items: next, list: [...next.values()], ready: true, error: undefined };
  }
  next = new Map(state.items);
  if (patch.kind === 'upsert') for (const item of patch.items) next.set(keyOf(kind, item), item);
  else for (const k of patch.keys) next.delete(k);
  return { items: next, list: [...next.values()] };
}

type LiveStore<K extends EntityKind> = UseBoundStore<StoreApi<LiveState<EntityRows[K]>>>;

function makeStore<K extends EntityKind>(): LiveStore<K> {
  return create<LiveState<EntityRows[K]>>(() => ({ items: new Map(), list: [], ready: false, error: undefined }));
}

export const liveStores: { [K in EntityKind]: LiveStore<K> } = {
  containers: makeStore<'containers'>(),
  images: makeStore<'images'>(),
  pods: makeStore<'pods'>(),
  volumes: makeStore<'volumes'>(),
  networks: makeStore<'networks'>(),
};

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
  for (const k of Object.keys(liveStores) as EntityKind[]) startLive(k);
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
