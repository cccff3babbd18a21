/**
 * Live-list subscribers outlive any one engine connection, and see the rows
 * of every shown engine together. The hub keeps the subscribers and attaches
 * them to each engine's LiveStore; rows are tagged with their engine and
 * keyed `engine/key`. A snapshot from one engine (start, reconnect) becomes a
 * full merged snapshot, so the UI never keeps a stale row.
 */
import type { EntityKind, LiveStore, Patch } from '../../engine/src/index.js';

export interface Tagged {
  engine: string;
  item: unknown;
}

export type HubPatch = { kind: 'snapshot'; items: Tagged[] } | { kind: 'upsert'; items: Tagged[] } | { kind: 'remove'; keys: string[] };
type Listener = (patch: HubPatch) => void;

interface Sub {
  kind: EntityKind;
  listener: Listener;
  detach: Map<string, () => void>;
}

export class LiveHub {
  private readonly stores = new Map<string, LiveStore>();
  private readonly subs = new Set<Sub>();

  engines(): string[] {
    return [...this.stores.keys()];
  }

  store(engine: string): LiveStore | undefined {
    return this.stores.get(engine);
  }

  /** Show an engine's rows (replaces a previous store for the same engine). */
  setStore(engine: string, store: LiveStore): void {
    this.stores.set(engine, store);
    for (const sub of this.subs) {
      sub.detach.get(engine)?.();
      sub.detach.set(engine, this.attach(sub, engine, store, true));
    }
    this.broadcastSnapshot();
  }

  /** Stop showing an engine's rows. */
  removeStore(engine: string): void {
    if (!this.stores.delete(engine)) return;
    for (const sub of this.subs) {
      sub.detach.get(engine)?.();
      sub.detach.delete(engine);
    }
    this.broadcastSnapshot();
  }

  subscribe(kind: EntityKind, listener: Listener): () => void {
    const sub: Sub = { kind, listener, detach: new Map() };
    this.subs.add(sub);
    listener({ kind: 'snapshot', items: this.items(kind) });
    for (const [engine, store] of this.stores) sub.detach.set(engine, this.attach(sub, engine, store, true));
    return () => {
      for (const d of sub.detach.values()) d();
      this.subs.delete(sub);
    };
  }

  items(kind: EntityKind): Tagged[] {
    const out: Tagged[] = [];
    for (const [engine, store] of this.stores) {
      if (!store.kinds().includes(kind)) continue;
      for (const item of store.items(kind)) out.push({ engine, item });
    }
    return out;
  }

  private broadcastSnapshot(): void {
    for (const sub of this.subs) sub.listener({ kind: 'snapshot', items: this.items(sub.kind) });
  }

  private attach(sub: Sub, engine: string, store: LiveStore, skipInitial = false): () => void {
    if (!store.kinds().includes(sub.kind)) return () => undefined;
    let initial = true;
    const off = store.subscribe(sub.kind, (patch: Patch<unknown>) => {
      // The store replays its snapshot on subscribe; the hub already sent a merged one.
      if (initial && skipInitial && patch.kind === 'snapshot') return;
      if (patch.kind === 'snapshot') return sub.listener({ kind: 'snapshot', items: this.items(sub.kind) });
      if (patch.kind === 'remove') return sub.listener({ kind: 'remove', keys: patch.keys.map((k) => `${engine}/${k}`) });
      sub.listener({ kind: 'upsert', items: patch.items.map((item) => ({ engine, item })) });
    });
    initial = false;
    return off;
  }
}
