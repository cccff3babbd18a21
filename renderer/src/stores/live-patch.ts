/**
 * The live stores' pure part: how a row is keyed and how a patch (snapshot,
 * upsert, remove) changes a store's state. Unchanged items keep their object
 * identity, so memoized rows re-render only when their own item changes.
 */
import { entityKey, type EntityKind, type EntityPatch, type EntityRows } from '../../../electron/contract/index.js';

export interface LiveState<T> {
  /** Items by key (keyOf), as the main side keys its patches. */
  items: ReadonlyMap<string, T>;
  /** The same items as an array (new array on every change). */
  list: readonly T[];
  /** A first snapshot arrived. */
  ready: boolean;
  /** The last subscription failure, cleared by the next snapshot. */
  error: unknown;
}

/** `engine/<the engine's key>`: the same rule the engine's live store keys its patches with (entityKey). */
export function keyOf<K extends EntityKind>(kind: K, item: EntityRows[K]): string {
  return `${item.engine}/${entityKey(kind, item as { id?: string; name?: string })}`;
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
