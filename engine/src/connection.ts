/**
 * A Connection: one engine Berth talks to, saying what it is (Podman or
 * Docker, version, rootless, where it was found) and how it is doing
 * (connecting / healthy / unreachable, since when, and the last error).
 *
 * It owns an EngineClient and the connection's single EventStream. Health
 * follows the stream: 'disconnected' makes it unreachable, 'resumed' makes it
 * healthy again. While unreachable — and only then — a cheap `/_ping` with
 * backoff keeps the last error current and nudges the stream to reconnect as
 * soon as the engine answers. Nothing polls while healthy.
 */
import { EventEmitter } from 'node:events';
import type { EngineFlavor } from './api/capabilities.js';
import { ApiContext } from './api/context.js';
import { EventStream, type EngineEvent, type EventStreamOptions, type ResumedInfo } from './api/events.js';
import { connectEngine, type EngineClient } from './client.js';
import type { ConnectionSource } from './discovery/candidates.js';
import type { DiscoveryResult } from './discovery/discover.js';
import type { EmbeddedService } from './discovery/embedded-service.js';
import { EngineError, isEngineError } from './errors.js';
import type { SocketAddress } from './transport/socket-address.js';

export type { ConnectionSource } from './discovery/candidates.js';

export type HealthState = 'connecting' | 'healthy' | 'unreachable';

export interface ConnectionHealth {
  state: HealthState;
  /** When this state began (epoch ms). */
  since: number;
  /** The most recent failure while unreachable (kept after recovery for display). */
  lastError?: EngineError | undefined;
}

/** What a connection is, for the UI's connection picker and status bar. */
export interface ConnectionInfo {
  /** Stable for a given place: the socket URI, or `embedded` for Berth's own service. */
  id: string;
  /** For people: "Podman 4.3.1 · rootless", "Docker 24.0.7", "Podman 5.2.0 · machine podman-machine-default". */
  label: string;
  kind: EngineFlavor;
  version: string;
  apiVersion: string;
  rootless: boolean;
  /** `unix:///…` or `npipe:////./pipe/…`. */
  uri: string;
  source: ConnectionSource;
  /** True when Berth started this engine service itself and stops it on close. */
  embedded: boolean;
}

export interface OpenConnectionOptions {
  /** Where the engine is (ignored when `client` is given). */
  address?: string | SocketAddress;
  /** An already connected client (e.g. from discover()); the Connection takes ownership. */
  client?: EngineClient;
  /** How it was found. Default 'explicit'. */
  source?: ConnectionSource;
  /** Override the generated label. */
  label?: string;
  /** Force an API flavour (tests drive Podman's Docker-compatible API this way). */
  flavor?: EngineFlavor;
  /** Berth's own service behind this connection; close() stops it. */
  embedded?: EmbeddedService;
  /** Name of the Podman machine, for the label. */
  machineName?: string;
  events?: EventStreamOptions;
  /** First and longest delay between pings while unreachable (ms). Default 250 / 5000. */
  pingBackoffMs?: { initial?: number; max?: number };
}

export interface ConnectionEvents {
  /** Health changed (or, while unreachable, the last error changed). */
  health: [ConnectionHealth];
  /** Events flow again after an outage: resync stores now. */
  resumed: [ResumedInfo];
}

function makeLabel(kind: EngineFlavor, version: string, rootless: boolean, source: ConnectionSource, machineName?: string): string {
  const name = `${kind === 'podman' ? 'Podman' : 'Docker'}${version ? ` ${version}` : ''}`;
  if (source === 'embedded') return `${name} · Berth's own service`;
  if (source === 'machine') return `${name} · machine ${machineName ?? ''}`.trimEnd();
  if (kind === 'podman') return `${name} · ${rootless ? 'rootless' : 'rootful'}`;
  return name;
}

export class Connection extends EventEmitter<ConnectionEvents> {
  private _health: ConnectionHealth = { state: 'connecting', since: Date.now() };
  private pingTimer: NodeJS.Timeout | undefined;
  private pingDelay = 0;
  private pingAbort: AbortController | undefined;
  private _closed = false;
  private closing: Promise<void> | undefined;

  private constructor(
    readonly info: ConnectionInfo,
    readonly client: EngineClient,
    /** The connection's one events stream: listen to 'event' here. */
    readonly events: EventStream,
    private readonly embedded: EmbeddedService | undefined,
    private readonly pingBackoff: { initial: number; max: number },
  ) {
    super();
    events.on('open', () => this.setHealthy());
    events.on('disconnected', (err) => this.setUnreachable(err));
    events.on('retry', ({ error }) => this.noteError(error));
    events.on('resumed', (info) => {
      this.setHealthy();
      this.emit('resumed', info);
    });
  }

  /**
   * Connect to an engine, read what it is, and open its events stream.
   * Rejects only if the engine cannot be reached at all; if the events stream
   * fails right after, the Connection is returned unreachable and recovers.
   */
  static async open(opts: OpenConnectionOptions): Promise<Connection> {
    let client = opts.client;
    if (!client) {
      if (!opts.address) throw new TypeError('Connection.open needs an address or a client');
      client = await connectEngine({ address: opts.address, ...(opts.flavor ? { flavor: opts.flavor } : {}) });
    }
    const source = opts.source ?? 'explicit';
    let rootless = false;
    try {
      rootless = (await client.system.info()).rootless;
    } catch {
      // Not worth failing the connection over; info() errors show up elsewhere.
    }
    const caps = client.caps;
    const uri = client.address.uri;
    const info: ConnectionInfo = {
      id: source === 'embedded' ? 'embedded' : uri,
      label: opts.label ?? makeLabel(caps.flavor, caps.version, rootless, source, opts.machineName),
      kind: caps.flavor,
      version: caps.version,
      apiVersion: caps.apiVersion,
      rootless,
      uri,
      source,
      embedded: opts.embedded !== undefined,
    };
    const events = new EventStream(new ApiContext(client.transport, caps), undefined, opts.events);
    const conn = new Connection(info, client, events, opts.embedded, {
      initial: opts.pingBackoffMs?.initial ?? 250,
      max: opts.pingBackoffMs?.max ?? 5000,
    });
    await events.start().catch(() => undefined); // 'disconnected' already made us unreachable
    return conn;
  }

  /** Wrap a successful discovery: takes over its client and (if any) its embedded service. */
  static fromDiscovery(result: Extract<DiscoveryResult, { ok: true }>, opts: Omit<OpenConnectionOptions, 'client' | 'address' | 'source' | 'embedded'> = {}): Promise<Connection> {
    return Connection.open({
      ...opts,
      client: result.client,
      source: result.source,
      embedded: result.embedded,
      machineName: opts.machineName ?? result.candidate.machine?.name,
    });
  }

  get health(): ConnectionHealth {
    return this._health;
  }

  get closed(): boolean {
    return this._closed;
  }

  /** Listen to engine events (shorthand for `connection.events.on('event', …)`); returns an unsubscribe function. */
  onEvent(listener: (e: EngineEvent) => void): () => void {
    this.events.on('event', listener);
    return () => this.events.off('event', listener);
  }

  /** Stop the events stream, the pinger, the client, and the embedded service if this connection owns one. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      this._closed = true;
      this.stopPinging();
      this.events.close();
      this.client.close();
      await this.embedded?.stop();
    })();
    return this.closing;
  }

  private setHealthy(): void {
    if (this._closed) return;
    this.stopPinging();
    if (this._health.state === 'healthy') return;
    this._health = { state: 'healthy', since: Date.now(), lastError: this._health.lastError };
    this.emit('health', this._health);
  }

  private setUnreachable(err: EngineError): void {
    if (this._closed) return;
    if (this._health.state !== 'unreachable') {
      this._health = { state: 'unreachable', since: Date.now(), lastError: err };
      this.emit('health', this._health);
    } else {
      this.noteError(err);
    }
    this.startPinging();
  }

  private noteError(err: EngineError): void {
    if (this._closed || this._health.state !== 'unreachable') return;
    const changed = this._health.lastError?.message !== err.message;
    this._health = { ...this._health, lastError: err };
    if (changed) this.emit('health', this._health);
  }

  private startPinging(): void {
    if (this.pingTimer || this._closed) return;
    this.pingDelay = this.pingBackoff.initial;
    this.schedulePing();
  }

  private schedulePing(): void {
    this.pingTimer = setTimeout(() => void this.pingOnce(), this.pingDelay);
  }

  private stopPinging(): void {
    if (this.pingTimer) clearTimeout(this.pingTimer);
    this.pingTimer = undefined;
    this.pingAbort?.abort();
    this.pingAbort = undefined;
  }

  private async pingOnce(): Promise<void> {
    if (this._closed || this._health.state !== 'unreachable') {
      this.pingTimer = undefined;
      return;
    }
    const abort = new AbortController();
    this.pingAbort = abort;
    try {
      await this.client.transport.text({ path: '/_ping', operation: 'Ping the engine', timeoutMs: 2000, signal: abort.signal });
      if (abort.signal.aborted) return;
      // It answers: get the events flowing now rather than at the stream's next backoff step.
      this.events.retryNow();
    } catch (e) {
      if (abort.signal.aborted) return;
      this.noteError(isEngineError(e) ? e : new EngineError({ kind: 'unreachable', operation: 'Ping the engine', engineMessage: String(e) }));
    }
    if (this._closed || this._health.state !== 'unreachable') {
      this.pingTimer = undefined;
      return;
    }
    this.pingDelay = Math.min(this.pingBackoff.max, this.pingDelay * 2);
    this.schedulePing();
  }
}
