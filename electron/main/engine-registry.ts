/**
 * Every engine Berth knows: those discovery finds (in its order), those the
 * user added in Settings, and running machines. Each has its connection,
 * live store and health; the ones the user shows feed the live hub. Actions
 * name their engine; without one they go to the primary engine (the first
 * shown engine that is healthy).
 */
import { EventEmitter } from 'node:events';
import {
  connectEngine,
  type EngineClient,
  Connection,
  discover,
  type DiscoverOptions,
  type Candidate,
  type ConnectionSource,
  type EmbeddedService,
  EngineError,
  hostSetup,
  probeHost,
  setupAdvice,
  LiveStore,
  engineSources,
  parseSocketAddress,
} from '../../engine/src/index.js';
import type { BridgeErrorData, ConnectionHealth, ConnectionInfo, EngineEntry, EngineTestResult, HostSetupInfo } from '../contract/types.js';
import { errorData } from '../contract/error-wire.js';
import type { LiveHub } from './live-hub.js';
import type { SettingsStore } from './settings-store.js';

interface Slot {
  id: string;
  address: string;
  label: string;
  source: string;
  userAdded: boolean;
  embedded: boolean;
  conn?: Connection | undefined;
  store?: LiveStore | undefined;
  health: ConnectionHealth;
  retry?: NodeJS.Timeout | undefined;
  retryDelay: number;
}

export interface RegistryOptions {
  explicit?: string | undefined;
  env: NodeJS.ProcessEnv;
  log: (m: string) => void;
  hub: LiveHub;
  settings: SettingsStore;
  discovery?: Partial<DiscoverOptions> | undefined;
}

export class EngineRegistry extends EventEmitter<{ changed: []; health: [ConnectionHealth] }> {
  private readonly slots = new Map<string, Slot>();
  private stopped = false;
  private discoveryTimer: NodeJS.Timeout | undefined;
  private discoveryDelay = 1000;
  /** Health before any engine exists (looking, or nothing found). */
  private searching: ConnectionHealth = { state: 'connecting', since: Date.now(), message: 'Looking for a container engine…' };
  /** Why Berth's own Podman service did not start on the last try (shown next to "Start it"). */
  private embeddedError: BridgeErrorData | undefined;
  /** The last "no engine" report written to the terminal: a retry that finds the same says nothing. */
  private lastReport = '';

  constructor(private readonly opts: RegistryOptions) {
    super();
    this.setMaxListeners(0);
  }

  /** Discover engines and connect to the user's own; resolves after the first attempt. */
  async start(): Promise<void> {
    await this.opts.settings.load();
    await Promise.all([this.discoverOnce(), ...this.opts.settings.get().engines.map((e) => this.connectUser(e.address, e.label))]);
  }

  list(): EngineEntry[] {
    const primary = this.primarySlot();
    const hidden = new Set(this.opts.settings.get().hiddenEngines);
    return [...this.slots.values()].map((s) => ({
      id: s.id,
      label: s.label,
      address: s.address,
      source: s.source,
      kind: s.conn?.info.kind,
      version: s.conn?.info.version,
      rootless: s.conn?.info.rootless,
      embedded: s.embedded,
      userAdded: s.userAdded,
      enabled: !hidden.has(s.id),
      primary: s === primary,
      health: s.health,
    }));
  }

  /** The primary engine's description (system.connection). */
  primaryInfo(): ConnectionInfo | null {
    const s = this.primarySlot();
    if (!s?.conn) return null;
    const i = s.conn.info;
    return { id: s.id, label: i.label, kind: i.kind, version: i.version, apiVersion: i.apiVersion, rootless: i.rootless, socket: i.uri, source: i.source, embedded: i.embedded };
  }

  /** Overall health for the banner: the primary engine's, or the search's. */
  health(): ConnectionHealth {
    return this.primarySlot()?.health ?? this.searching;
  }

  /** What this machine needs to run containers, and whether Berth can start its own Podman here. */
  hostSetup(): HostSetupInfo {
    const setup = hostSetup(probeHost(this.opts.env));
    const embeddedRunning = [...this.slots.values()].some((s) => s.embedded && s.conn);
    return { ...setup, embeddedPossible: setup.embeddedPossible && !!setup.podmanPath && this.opts.discovery?.embedded !== false, embeddedRunning, embeddedError: this.embeddedError };
  }

  /** The user asked for Berth's own `podman system service` (Podman installed, nothing answering). */
  async startEmbedded(): Promise<void> {
    const operation = "Start Berth's own Podman service";
    if ([...this.slots.values()].some((s) => s.embedded)) return;
    const setup = this.hostSetup();
    if (!setup.podmanPath) throw new EngineError({ kind: 'unsupported', operation, engineMessage: `Podman is not installed on this ${setup.osName} machine`, hint: setupAdvice(setup) });
    if (!setup.embeddedPossible) throw new EngineError({ kind: 'unsupported', operation, engineMessage: `Berth cannot run its own Podman service on ${setup.osName}`, hint: setupAdvice(setup) });
    const result = await discover({ ...this.opts.discovery, env: this.opts.env, sources: ['embedded'] });
    if (!result.ok) {
      this.embeddedError = errorData(result.error);
      this.changed();
      throw result.error;
    }
    this.embeddedError = undefined;
    await this.adopt([{ client: result.client, candidate: result.candidate, source: result.source, embedded: result.embedded }]);
  }

  connection(id?: string): Connection | undefined {
    return (id ? this.slots.get(id) : this.primarySlot())?.conn;
  }

  /** The client for an action; a clear error when that engine is not there. */
  client(id?: string): EngineClient {
    const slot = id ? this.slots.get(id) : this.primarySlot();
    if (id && !slot) throw new EngineError({ kind: 'not-found', operation: 'Reach the engine', engineMessage: `Berth knows no engine "${id}"`, hint: 'Choose an engine from Settings → Engines.' });
    if (!slot?.conn) {
      throw new EngineError({
        kind: 'unreachable',
        operation: 'Reach the container engine',
        engineMessage: slot?.health.message ?? this.searching.message ?? 'not connected',
        hint: 'Start the engine, or add one in Settings → Engines.',
      });
    }
    return slot.conn.client;
  }

  async resync(id?: string, kind?: Parameters<LiveStore['refresh']>[0]): Promise<void> {
    const slots = id ? [this.slots.get(id)] : [...this.slots.values()];
    await Promise.all(slots.map(async (s) => (kind ? s?.store?.refresh(kind) : await s?.store?.resync())));
  }

  async add(address: string, label?: string): Promise<EngineEntry> {
    const addr = this.parse(address);
    if (this.slots.has(addr.uri)) throw new EngineError({ kind: 'name-in-use', operation: 'Add an engine', engineMessage: `${addr.uri} is already in the list` });
    await this.opts.settings.update((s) => ({ ...s, engines: [...s.engines.filter((e) => e.address !== addr.uri), { address: addr.uri, ...(label ? { label } : {}) }] }));
    await this.connectUser(addr.uri, label);
    return this.list().find((e) => e.id === addr.uri)!;
  }

  async remove(id: string): Promise<void> {
    const slot = this.slots.get(id);
    if (!slot) throw new EngineError({ kind: 'not-found', operation: 'Remove an engine', engineMessage: `Berth knows no engine "${id}"` });
    if (!slot.userAdded) {
      throw new EngineError({ kind: 'invalid-argument', operation: 'Remove an engine', engineMessage: 'engines Berth found by itself cannot be removed', hint: 'Hide it instead (untick "Show").' });
    }
    await this.opts.settings.update((s) => ({ ...s, engines: s.engines.filter((e) => e.address !== id), hiddenEngines: s.hiddenEngines.filter((h) => h !== id) }));
    await this.drop(slot);
  }

  async setEnabled(id: string, enabled: boolean): Promise<void> {
    if (!this.slots.has(id)) throw new EngineError({ kind: 'not-found', operation: 'Show or hide an engine', engineMessage: `Berth knows no engine "${id}"` });
    await this.opts.settings.update((s) => ({ ...s, hiddenEngines: enabled ? s.hiddenEngines.filter((h) => h !== id) : [...new Set([...s.hiddenEngines, id])] }));
    const slot = this.slots.get(id)!;
    if (enabled && slot.store) this.opts.hub.setStore(id, slot.store);
    if (!enabled) this.opts.hub.removeStore(id);
    this.changed();
  }

  async test(address: string): Promise<EngineTestResult> {
    let client: EngineClient | undefined;
    try {
      client = await connectEngine({ address: this.parse(address), timeoutMs: 5000 });
      const info = await client.system.info().catch(() => undefined);
      return { ok: true, kind: client.caps.flavor, version: client.caps.version, rootless: info?.rootless };
    } catch (e) {
      return { ok: false, error: errorData(e) };
    } finally {
      client?.close();
    }
  }

  /** A running machine's socket becomes an engine (and goes away when it stops). */
  async addMachine(name: string, address: string): Promise<void> {
    const uri = this.parse(address).uri;
    if (this.slots.has(uri)) return;
    const slot = this.newSlot(uri, `machine ${name}`, 'machine', false, false);
    await this.open(slot, () => Connection.open({ address: uri, source: 'machine', machineName: name }));
  }

  async removeMachine(address: string): Promise<void> {
    const slot = this.slots.get(this.parse(address).uri);
    if (slot && slot.source === 'machine') await this.drop(slot);
  }

  async shutdown(): Promise<void> {
    this.stopped = true;
    if (this.discoveryTimer) clearTimeout(this.discoveryTimer);
    await Promise.all([...this.slots.values()].map((s) => this.drop(s)));
  }

  private parse(address: string) {
    try {
      return parseSocketAddress(address);
    } catch (e) {
      throw new EngineError({ kind: 'invalid-argument', operation: 'Use an engine address', engineMessage: (e as Error).message });
    }
  }

  private primarySlot(): Slot | undefined {
    const hidden = new Set(this.opts.settings.get().hiddenEngines);
    const shown = [...this.slots.values()].filter((s) => !hidden.has(s.id));
    return shown.find((s) => s.conn && s.health.state === 'healthy') ?? shown.find((s) => s.conn) ?? shown[0];
  }

  private changed(): void {
    this.emit('changed');
    this.emit('health', this.health());
  }

  private newSlot(id: string, label: string, source: string, userAdded: boolean, embedded: boolean): Slot {
    const slot: Slot = { id, address: id, label, source, userAdded, embedded, health: { state: 'connecting', since: Date.now() }, retryDelay: 1000 };
    this.slots.set(id, slot);
    this.changed();
    return slot;
  }

  private async discoverOnce(): Promise<void> {
    if (this.stopped) return;
    const explicit = this.opts.explicit;
    const result = await discover({ env: this.opts.env, all: !explicit, ...(explicit ? { explicit } : {}), ...this.opts.discovery });
    if (this.stopped) {
      if (result.ok) {
        for (const f of [result, ...(result.others ?? [])]) f.client.close();
        await result.embedded?.stop();
      }
      return;
    }
    if (!result.ok) {
      const tried = result.tried.map((a) => `${a.candidate.address?.uri ?? a.candidate.input}: ${a.error?.engineMessage ?? 'no answer'}`).join('; ');
      const embeddedTry = result.tried.find((a) => a.candidate.source === 'embedded' && a.error);
      this.embeddedError = embeddedTry?.error ? errorData(embeddedTry.error) : undefined;
      const advice = explicit ? '' : setupAdvice(this.hostSetup());
      this.searching = {
        state: 'unreachable',
        since: this.searching.state === 'unreachable' ? this.searching.since : Date.now(),
        message: `No container engine answers. Berth keeps looking. Tried: ${tried}`,
        error: { ...errorData(result.error), ...(advice ? { hint: advice } : {}) },
      };
      // Say it once, with what to do; a retry that finds the same thing stays quiet.
      const report = `berth: no container engine answers (tried ${tried}).${advice ? `\nberth: ${advice}` : ''}`;
      if (report !== this.lastReport) this.opts.log(`${report}\nberth: Berth keeps looking and connects as soon as one answers.`);
      this.lastReport = report;
      this.discoveryTimer = setTimeout(() => void this.discoverOnce().catch((e) => this.opts.log(`berth: ${String(e)}`)), this.discoveryDelay);
      this.discoveryTimer.unref();
      this.discoveryDelay = Math.min(this.discoveryDelay * 2, 10_000);
      this.changed();
      return;
    }
    this.lastReport = '';
    await this.adopt([{ client: result.client, candidate: result.candidate, source: result.source, embedded: result.embedded }, ...(result.others ?? [])]);
  }

  /** Engines discovery found become slots (an address already listed is skipped). */
  private async adopt(found: Array<{ client: EngineClient; candidate: Candidate; source: ConnectionSource; embedded?: EmbeddedService | undefined }>): Promise<void> {
    await Promise.all(
      found.map(async (f) => {
        const embedded = f.embedded;
        const uri = embedded ? 'embedded' : f.client.address.uri;
        if (this.slots.has(uri)) {
          f.client.close();
          await embedded?.stop();
          return;
        }
        const slot = this.newSlot(uri, f.client.address.uri, f.source, false, !!embedded);
        await this.open(slot, () =>
          Connection.open({ client: f.client, source: f.source, ...(embedded ? { embedded } : {}), ...(f.candidate.machine?.name ? { machineName: f.candidate.machine.name } : {}) }),
        );
      }),
    );
  }

  private async connectUser(address: string, label?: string): Promise<void> {
    let uri: string;
    try {
      uri = this.parse(address).uri;
    } catch (e) {
      this.opts.log(`berth: ignoring engine "${address}" from settings: ${(e as Error).message}`);
      return;
    }
    const existing = this.slots.get(uri);
    if (existing) {
      existing.userAdded = true;
      if (label) existing.label = label;
      this.changed();
      return;
    }
    const slot = this.newSlot(uri, label ?? uri, 'user', true, false);
    await this.open(slot, () => Connection.open({ address: uri, source: 'explicit', ...(label ? { label } : {}) }));
  }

  /** Connect a slot; on failure keep it listed as unreachable and retry with backoff. */
  private async open(slot: Slot, make: () => Promise<Connection>): Promise<void> {
    if (this.stopped || !this.slots.has(slot.id)) return;
    let conn: Connection;
    try {
      conn = await make();
    } catch (e) {
      const err = errorData(e);
      slot.health = {
        state: 'unreachable',
        since: slot.health.state === 'unreachable' ? slot.health.since : Date.now(),
        message: `${slot.address} is not answering: ${err.engineMessage ?? err.message}. Berth retries.`,
        error: err,
      };
      this.changed();
      slot.retry = setTimeout(() => void this.open(slot, make), slot.retryDelay);
      slot.retry.unref();
      slot.retryDelay = Math.min(slot.retryDelay * 2, 15_000);
      return;
    }
    if (this.stopped || !this.slots.has(slot.id)) {
      await conn.close();
      return;
    }
    slot.conn = conn;
    slot.retryDelay = 1000;
    if (!slot.userAdded || slot.label === slot.address) slot.label = conn.info.label;
    this.opts.log(`berth: connected to ${conn.info.label} at ${conn.info.uri}`);
    const store = new LiveStore({ sources: engineSources(conn.client), onError: (kind, e) => this.opts.log(`berth: refreshing ${kind} on ${slot.id} failed: ${(e as Error).message}`) });
    slot.store = store;
    conn.onEvent((ev) => store.handleEvent(ev));
    conn.on('resumed', () => void store.resync().catch((e) => this.opts.log(`berth: resync failed: ${(e as Error).message}`)));
    conn.on('health', (h) => {
      slot.health = {
        state: h.state,
        since: h.since,
        ...(h.state === 'unreachable'
          ? { message: `The engine at ${conn.info.uri} is not answering. Berth reconnects as soon as it is back.`, error: h.lastError ? errorData(h.lastError) : undefined }
          : {}),
      };
      this.changed();
    });
    await store.resync().catch((e) => this.opts.log(`berth: first load of ${slot.id} failed: ${(e as Error).message}`));
    slot.health = { state: conn.health.state, since: conn.health.since };
    if (!this.opts.settings.get().hiddenEngines.includes(slot.id)) this.opts.hub.setStore(slot.id, store);
    this.changed();
  }

  private async drop(slot: Slot): Promise<void> {
    if (slot.retry) clearTimeout(slot.retry);
    this.slots.delete(slot.id);
    this.opts.hub.removeStore(slot.id);
    this.changed();
    await slot.conn?.close();
  }
}
