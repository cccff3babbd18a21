/**
 * Live entity lists, kept current from the engine's events instead of
 * polling. One snapshot per kind at start (and after a reconnect), then
 * every event becomes an incremental change:
 *  - a container's state changes at once from the event itself (start,
 *    die, pause...), so the UI moves within milliseconds of the event;
 *  - the affected rows are then re-read from the engine, coalesced: a burst
 *    of events for many containers becomes one list call with an id filter.
 * Listeners receive patches (snapshot, upsert, remove by key).
 */
import type { EngineEvent } from '../api/events.js';

import type { EntityKind } from './entity-key.js';
export type { EntityKind } from './entity-key.js';

export type Patch<T> = { kind: 'snapshot'; items: T[] } | { kind: 'upsert'; items: T[] } | { kind: 'remove'; keys: string[] };

export interface EntitySource<T> {
  key(item: T): string;
  listAll(): Promise<T[]>;
  /** Re-read a few items; absent ones are gone. Without it, changes re-read everything. */
  listByKeys?(keys: string[]): Promise<T[]>;
  /** Optional immediate change derived from the event alone. */
  applyEvent?(item: T, ev: EngineEvent): T | undefined;
}

export type Sources = { [K in EntityKind]?: EntitySource<any> };

type Listener<T> = (patch: Patch<T>) => void;

/**
 * Actions that tell us nothing about list rows. Not `cleanup`: a container stopped while its exit was being
 * handled lists as "stopped" until Podman's cleanup, which is the last event it gets ("exited" from then on).
 */
const IGNORED = new Set([
  'exec',
  'exec_start',
  'exec_create',
  'exec_die',
  'exec_died',
  'attach',
  'mount',
  'unmount',
  'sync',
  'checkpoint',
  'export',
  'import',
  'copy',
  'resize',
  'top',
  'wait',
  'health_status',
  'refresh',
]);

class EntityTable<T> {
  readonly items = new Map<string, T>();
  readonly listeners = new Set<Listener<T>>();
  loaded = false;
  private pendingKeys = new Set<string>();
  private pendingAll = false;
  private scheduled = false;
  private running: Promise<void> | undefined;
  /**
   * Keys removed by an event, with the removal's sequence number. A re-read
   * that was already on its way when the removal arrived can still list the
   * row (the engine answered before it was removed): it must not bring the
   * row back, or it stays forever (no later event mentions it).
   */
  private readonly removedAt = new Map<string, number>();
  private seq = 0;

  constructor(
    readonly kind: EntityKind,
    readonly source: EntitySource<T>,
    private readonly onError: (kind: EntityKind, e: unknown) => void,
  ) {}

  emit(patch: Patch<T>): void {
    if (patch.kind !== 'snapshot' && (patch.kind === 'upsert' ? patch.items.length === 0 : patch.keys.length === 0)) return;
    for (const l of this.listeners) {
      try {
        l(patch);
      } catch (e) {
        this.onError(this.kind, e);
      }
    }
  }

  async snapshot(): Promise<void> {
    const items = await this.source.listAll();
    this.items.clear();
    for (const it of items) this.items.set(this.source.key(it), it);
    this.loaded = true;
    this.emit({ kind: 'snapshot', items });
  }

  /** Apply what the event says right now; returns true when a row changed. */
  applyNow(key: string, ev: EngineEvent): void {
    if (ev.action === 'remove' || ev.action === 'destroy' || ev.action === 'delete') {
      if (this.running) this.removedAt.set(key, ++this.seq);
      if (this.items.delete(key)) this.emit({ kind: 'remove', keys: [key] });
      this.pendingKeys.delete(key);
      return;
    }
    const current = this.items.get(key);
    if (current && this.source.applyEvent) {
      const next = this.source.applyEvent(current, ev);
      if (next && next !== current) {
        this.items.set(key, next);
        this.emit({ kind: 'upsert', items: [next] });
      }
    }
  }

  refresh(key?: string): void {
    if (key === undefined || !this.source.listByKeys) this.pendingAll = true;
    else this.pendingKeys.add(key);
    if (this.scheduled) return;
    this.scheduled = true;
    // setImmediate, not a timer: coalesce what arrived in this turn, add no delay.
    setImmediate(() => {
      this.scheduled = false;
      void this.flush();
    });
  }

  private async flush(): Promise<void> {
    if (this.running) {
      await this.running;
      if (this.pendingAll || this.pendingKeys.size) return this.flush();
      return;
    }
    const all = this.pendingAll;
    const keys = [...this.pendingKeys];
    this.pendingAll = false;
    this.pendingKeys.clear();
    if (!all && keys.length === 0) return;
    this.running = (all ? this.reloadAll() : this.reloadKeys(keys)).catch((e) => this.onError(this.kind, e));
    try {
      await this.running;
    } finally {
      this.running = undefined;
      this.removedAt.clear();
    }
    if (this.pendingAll || this.pendingKeys.size) return this.flush();
  }

  /** True when an event removed `key` after a re-read that started at `start` was sent. */
  private removedSince(key: string, start: number): boolean {
    return (this.removedAt.get(key) ?? -1) > start;
  }

  private async reloadKeys(keys: string[]): Promise<void> {
    const start = this.seq;
    const found = await this.source.listByKeys!(keys);
    const seen = new Set<string>();
    const upserts: T[] = [];
    for (const it of found) {
      const k = this.source.key(it);
      seen.add(k);
      if (this.removedSince(k, start)) continue;
      this.items.set(k, it);
      upserts.push(it);
    }
    const removed = keys.filter((k) => !seen.has(k) && this.items.delete(k));
    this.emit({ kind: 'upsert', items: upserts });
    this.emit({ kind: 'remove', keys: removed });
  }

  private async reloadAll(): Promise<void> {
    const start = this.seq;
    const items = (await this.source.listAll()).filter((it) => !this.removedSince(this.source.key(it), start));
    const next = new Map(items.map((it) => [this.source.key(it), it] as const));
    const removed = [...this.items.keys()].filter((k) => !next.has(k));
    const changed = items.filter((it) => JSON.stringify(this.items.get(this.source.key(it))) !== JSON.stringify(it));
    this.items.clear();
    for (const [k, v] of next) this.items.set(k, v);
    this.emit({ kind: 'upsert', items: changed });
    this.emit({ kind: 'remove', keys: removed });
  }
}

export interface LiveStoreOptions {
  sources: Sources;
  onError?: (kind: EntityKind, e: unknown) => void;
}

export class LiveStore {
  private readonly tables = new Map<EntityKind, EntityTable<any>>();
  /** Time the last event was applied (for the latency benchmark). */
  lastApplied = 0;

  constructor(opts: LiveStoreOptions) {
    const onError = opts.onError ?? (() => undefined);
    for (const [kind, source] of Object.entries(opts.sources) as [EntityKind, EntitySource<any>][]) {
      this.tables.set(kind, new EntityTable(kind, source, onError));
    }
  }

  kinds(): EntityKind[] {
    return [...this.tables.keys()];
  }

  /** Full re-read of every kind (start, and after the events stream resumed). */
  async resync(): Promise<void> {
    await Promise.all([...this.tables.values()].map((t) => t.snapshot()));
  }

  /**
   * Re-read one kind and send only what changed. For what the engine does not
   * announce (Podman 4.3 writes no network events), the UI asks when it shows it.
   */
  refresh(kind: EntityKind): void {
    this.tables.get(kind)?.refresh();
  }

  items<T>(kind: EntityKind): T[] {
    return [...(this.tables.get(kind)?.items.values() ?? [])] as T[];
  }

  get<T>(kind: EntityKind, key: string): T | undefined {
    return this.tables.get(kind)?.items.get(key) as T | undefined;
  }

  /** Listen to patches; a loaded table sends its snapshot first. */
  subscribe<T>(kind: EntityKind, listener: Listener<T>): () => void {
    const table = this.tables.get(kind) as EntityTable<T> | undefined;
    if (!table) throw new Error(`no live source for ${kind}`);
    table.listeners.add(listener);
    if (table.loaded) listener({ kind: 'snapshot', items: [...table.items.values()] });
    return () => table.listeners.delete(listener);
  }

  /** Route one engine event to the tables it affects. */
  handleEvent(ev: EngineEvent): void {
    if (IGNORED.has(ev.action)) return;
    const refresh = (kind: EntityKind, key?: string) => this.tables.get(kind)?.refresh(key);
    switch (ev.type) {
      case 'container': {
        const t = this.tables.get('containers');
        if (t && ev.id) {
          t.applyNow(ev.id, ev);
          if (ev.action !== 'remove') t.refresh(ev.id);
        }
        if (ev.podId || ev.action === 'create' || ev.action === 'remove' || ev.action === 'start' || ev.action === 'die') refresh('pods');
        if (ev.action === 'create' || ev.action === 'remove') refresh('images');
        if (ev.action === 'remove' || ev.action === 'create') refresh('volumes');
        break;
      }
      case 'pod': {
        const t = this.tables.get('pods');
        if (t && ev.id) t.applyNow(ev.id, ev);
        refresh('pods');
        break;
      }
      case 'image':
        if (ev.action === 'remove' || ev.action === 'delete') this.tables.get('images')?.applyNow(ev.id, ev);
        refresh('images');
        break;
      default: {
        // Any other kind is re-read when the engine announces a change of it (`network` → networks, `secret` → secrets).
        const kind = this.kinds().find((k) => k === `${ev.type}s`);
        if (!kind) return;
        refresh(kind);
      }
    }
    this.lastApplied = performance.now();
  }
}
