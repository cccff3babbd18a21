/**
 * Live-list subscribers outlive any one engine connection: the hub keeps
 * them and (re)attaches them to whichever LiveStore is current, so a UI
 * that opened before the engine answered, or across an engine switch,
 * gets a fresh snapshot without resubscribing.
 */
import type { EntityKind, LiveStore, Patch } from '../../engine/src/live/live-store.js';

type Listener = (patch: Patch<unknown>) => void;

export class LiveHub {
  private store: LiveStore | undefined;
  private readonly subs = new Map<Listener, { kind: EntityKind; detach: () => void }>();

  current(): LiveStore | undefined {
    return this.store;
  }

  setStore(store: LiveStore | undefined): void {
    this.store = store;
    for (const [listener, sub] of this.subs) {
      sub.detach();
      sub.detach = this.attach(sub.kind, listener);
    }
  }

  subscribe(kind: EntityKind, listener: Listener): () => void {
    this.subs.set(listener, { kind, detach: this.attach(kind, listener) });
    return () => {
      this.subs.get(listener)?.detach();
      this.subs.delete(listener);
    };
  }

  items(kind: EntityKind): unknown[] {
    return this.store && this.store.kinds().includes(kind) ? this.store.items(kind) : [];
  }

  private attach(kind: EntityKind, listener: Listener): () => void {
    const s = this.store;
    if (s && s.kinds().includes(kind)) return s.subscribe(kind, listener);
    listener({ kind: 'snapshot', items: [] });
    return () => undefined;
  }
}
