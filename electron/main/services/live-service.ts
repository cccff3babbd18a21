/** Live lists over the bridge: hub patches → wire patches, per subscriber, bounded. */
import type { EntityItems } from '../../../engine/src/index.js';
import type { EntityKind, EntityPatch, EntityRows } from '../../contract/types.js';
import { AsyncQueue } from '../async-queue.js';
import type { HubPatch, LiveHub, Tagged } from '../live-hub.js';

/** How one kind's engine items become its wire rows (engine-services.ts holds one per kind). */
export type RowMapper<K extends EntityKind> = (item: EntityItems[K], engine: string) => EntityRows[K];

export function watchKind<K extends EntityKind>(hub: LiveHub, kind: K, toRow: RowMapper<K>, signal: AbortSignal): AsyncIterable<EntityPatch<EntityRows[K]>> {
  const q = new AsyncQueue<EntityPatch<EntityRows[K]>>(signal, 1000);
  // The hub carries items of every kind untyped; those under `kind` are that kind's engine items.
  const map = (t: Tagged) => toRow(t.item as EntityItems[K], t.engine);
  const unsubscribe = hub.subscribe(kind, (patch: HubPatch) => {
    const wire: EntityPatch<EntityRows[K]> = patch.kind === 'remove' ? patch : { kind: patch.kind, items: patch.items.map(map) };
    if (wire.kind === 'snapshot') q.reset([]);
    if (!q.push(wire)) {
      // The consumer fell far behind: replace the backlog with one fresh snapshot.
      q.reset([{ kind: 'snapshot', items: hub.items(kind).map(map) }]);
    }
  });
  signal.addEventListener('abort', unsubscribe, { once: true });
  return q;
}
