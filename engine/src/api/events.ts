/**
 * The engine's events: one long-lived NDJSON stream per connection
 * (libpod `GET /events?stream=true`, Docker `GET /events`).
 *
 * `parseEventLine()` / `parseEvent()` turn one line into a typed
 * {@link EngineEvent}; they are pure. {@link EventStream} keeps the stream
 * open: it emits every event as soon as its line arrives (no batching), and
 * when the engine goes away it says so ('disconnected'), reconnects on its own
 * with exponential backoff, asks the engine for what happened during the gap
 * (`since`), drops the duplicates that overlap, and says 'resumed' so a store
 * can resync.
 */
import { EventEmitter } from 'node:events';
import type http from 'node:http';
import { EngineError, isEngineError } from '../errors.js';
import { LineSplitter } from '../streams/ndjson.js';
import type { HttpTransport } from '../transport/http-transport.js';
import type { Capabilities } from './capabilities.js';
import { ApiContext } from './context.js';

/** What an event is about. Unknown engine types pass through as their own lower-case string. */
export type EngineEventType = 'container' | 'pod' | 'image' | 'volume' | 'network' | 'system' | 'secret' | 'machine' | (string & {});

/** One engine event, normalized across libpod and the Docker-compatible API. */
export interface EngineEvent {
  type: EngineEventType;
  /**
   * What happened, lower case: create, init, start, stop, die, cleanup, remove,
   * pause, unpause, kill, exec, exec_died, health_status, tag, untag, pull, build,
   * mount, unmount, rename... libpod's `died` is reported as `die` (the Docker
   * word) so both APIs speak one vocabulary. Docker's `exec_start: sh -c …`
   * becomes action `exec_start` with the rest in {@link EngineEvent.detail}.
   */
  action: string;
  /** Text after `: ` in Docker's compound actions (`health_status: healthy` → `healthy`). */
  detail?: string | undefined;
  /**
   * The object's id. Volumes (and networks on engines that send no id) use
   * their name, which is their identity. Empty for events without an object
   * (an image pull by reference, a system refresh).
   */
  id: string;
  /** Container/pod/volume name, or the image reference for image events. */
  name?: string | undefined;
  /** Image of a container event. */
  image?: string | undefined;
  /** Pod a container belongs to (libpod). */
  podId?: string | undefined;
  /** Exit code, on `die` only. */
  exitCode?: number | undefined;
  /** The engine's attributes with empty values dropped (labels, name, image, podId...). */
  attributes: Record<string, string>;
  /** When it happened, epoch ms (from `timeNano` when present). */
  time: number;
  /** The exact `timeNano` digits as sent (JSON numbers lose the last digits). */
  timeNano?: string | undefined;
  /** The engine's own object, for debugging and the Inspect view. */
  raw: Record<string, unknown>;
}

const KNOWN_ACTION_ALIASES: Record<string, string> = { died: 'die' };

/**
 * Parse one NDJSON line of an events stream. Returns `undefined` for blank
 * lines; throws a plain `Error` if the line is not a JSON object.
 */
export function parseEventLine(line: string): EngineEvent | undefined {
  const text = line.trim();
  if (!text) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new Error(`the engine sent an event that is not JSON: ${text.slice(0, 200)}`);
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw new Error(`the engine sent an event that is not an object: ${text.slice(0, 200)}`);
  }
  // JSON.parse rounds 19-digit nanosecond stamps; keep the exact digits.
  const exactNano = /"timeNano"\s*:\s*(\d+)/.exec(text)?.[1];
  return parseEvent(value as Record<string, unknown>, exactNano);
}

/** Normalize one parsed event object (libpod or Docker shape). */
export function parseEvent(raw: Record<string, unknown>, exactTimeNano?: string): EngineEvent {
  const actor = isRecord(raw.Actor) ? raw.Actor : {};
  const attributes: Record<string, string> = {};
  if (isRecord(actor.Attributes)) {
    for (const [k, v] of Object.entries(actor.Attributes)) {
      if (v === undefined || v === null || v === '') continue;
      attributes[k] = typeof v === 'string' ? v : String(v);
    }
  }
  const type = str(raw.Type ?? raw.type).toLowerCase() || 'unknown';
  const rawAction = str(raw.Action ?? raw.status ?? raw.Status);
  const sep = rawAction.indexOf(': ');
  const word = (sep >= 0 ? rawAction.slice(0, sep) : rawAction).trim().toLowerCase();
  const action = KNOWN_ACTION_ALIASES[word] ?? word;
  const detail = sep >= 0 ? rawAction.slice(sep + 2).trim() || undefined : undefined;

  const name = attributes.name || undefined;
  let id = str(actor.ID) || str(raw.id) || str(raw.ID);
  if (!id && (type === 'volume' || type === 'network') && name) id = name;

  let timeNano: string | undefined = exactTimeNano;
  if (!timeNano && (typeof raw.timeNano === 'number' || typeof raw.timeNano === 'string') && /^\d+$/.test(String(raw.timeNano))) {
    timeNano = typeof raw.timeNano === 'number' ? BigInt(Math.trunc(raw.timeNano)).toString() : raw.timeNano;
  }
  let time: number;
  if (timeNano && timeNano !== '0') time = Number(BigInt(timeNano) / 1_000_000n);
  else if (typeof raw.time === 'number' && raw.time > 0) time = raw.time * 1000;
  else time = Date.now();

  const exitRaw = attributes.exitCode ?? attributes.containerExitCode;
  const exitCode = action === 'die' && exitRaw !== undefined && /^-?\d+$/.test(exitRaw) ? Number(exitRaw) : undefined;

  return {
    type,
    action,
    detail,
    id,
    name,
    image: type === 'container' ? attributes.image || str(raw.from) || undefined : undefined,
    podId: attributes.podId || undefined,
    exitCode,
    attributes,
    time,
    timeNano,
    raw,
  };
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function str(x: unknown): string {
  return typeof x === 'string' ? x : typeof x === 'number' ? String(x) : '';
}

/** A key that identifies an event across a reconnect's overlap. */
function eventKey(e: EngineEvent): string {
  return `${e.timeNano ?? e.time}|${e.type}|${e.action}|${e.id}|${e.name ?? ''}`;
}

/** `since` as the engine wants it: RFC 3339 for libpod, `seconds.nanoseconds` for Docker. */
export function formatSince(epochMs: number, flavor: 'podman' | 'docker'): string {
  const ms = Math.max(0, Math.floor(epochMs));
  if (flavor === 'podman') return new Date(ms).toISOString();
  return `${Math.floor(ms / 1000)}.${String(ms % 1000).padStart(3, '0')}000000`;
}

export interface EventStreamOptions {
  /** Replay events from this moment (epoch ms) on the first connect too. Default: only new events. */
  since?: number | undefined;
  /** First reconnect delay (ms). Default 100. */
  initialBackoffMs?: number;
  /** Longest reconnect delay (ms). Default 5000. */
  maxBackoffMs?: number;
  /**
   * How far before the last event seen (or the last connect) a reconnect asks
   * the engine to replay from, to cover events the engine had not yet written
   * when it went away. Default 2000 ms. Overlapping events are dropped.
   */
  replayMarginMs?: number;
  /** Milliseconds to wait for the stream's response headers. Default 5000. */
  connectTimeoutMs?: number;
}

/** Why and when the stream came back. */
export interface ResumedInfo {
  /** The moment (epoch ms) the engine was asked to replay from. */
  since: number;
  /** How long events were not flowing (ms). */
  downtimeMs: number;
  /** Failed attempts before this one. */
  attempts: number;
}

export interface RetryInfo {
  attempt: number;
  /** Delay before the next attempt (ms). */
  delayMs: number;
  error: EngineError;
}

/** The events an {@link EventStream} emits. */
export interface EventStreamEvents {
  /** The stream opened for the first time. */
  open: [];
  /** One engine event, emitted as soon as its line arrives. */
  event: [EngineEvent];
  /** The stream was lost (once per outage); reconnecting has started. */
  disconnected: [EngineError];
  /** A reconnect attempt failed; another follows after `delayMs`. */
  retry: [RetryInfo];
  /** The stream is back; events from the gap follow (when the engine still has them). Resync now. */
  resumed: [ResumedInfo];
  /** A line that could not be parsed (skipped). */
  warning: [Error];
  /** close() was called. */
  closed: [];
}

export type EventStreamState = 'idle' | 'connecting' | 'open' | 'reconnecting' | 'closed';

const OPERATION = 'Watch engine events';
const DEDUPE_WINDOW = 1024;

/**
 * One long-lived events stream with automatic reconnection.
 *
 * ```ts
 * const events = new EventStream(ctx);        // or new EventStream(transport, caps)
 * events.on('event', (e) => store.apply(e));
 * events.on('resumed', () => store.resync());
 * await events.start();
 * ...
 * events.close();
 * ```
 */
export class EventStream extends EventEmitter<EventStreamEvents> {
  private readonly ctx: ApiContext;
  private readonly opts: Required<Omit<EventStreamOptions, 'since'>> & { since: number | undefined };
  private _state: EventStreamState = 'idle';
  private abort: AbortController | undefined;
  private timer: NodeJS.Timeout | undefined;
  private attempts = 0;
  private everOpened = false;
  private lastEventTime: number | undefined;
  private lastOpenAt: number | undefined;
  private startedAt = Date.now();
  private downSince: number | undefined;
  private pendingSince: number | undefined;
  /** Keys of recent events, to drop the replayed overlap after a reconnect. */
  private readonly seen = new Set<string>();
  private startWaiters: { resolve: () => void; reject: (e: unknown) => void } | undefined;

  constructor(source: ApiContext | HttpTransport, caps?: Capabilities, opts: EventStreamOptions = {}) {
    super();
    if (source instanceof ApiContext) this.ctx = source;
    else {
      if (!caps) throw new TypeError('EventStream needs the engine capabilities with a transport');
      this.ctx = new ApiContext(source, caps);
    }
    this.opts = {
      since: opts.since,
      initialBackoffMs: opts.initialBackoffMs ?? 100,
      maxBackoffMs: opts.maxBackoffMs ?? 5000,
      replayMarginMs: opts.replayMarginMs ?? 2000,
      connectTimeoutMs: opts.connectTimeoutMs ?? 5000,
    };
  }

  get state(): EventStreamState {
    return this._state;
  }

  /** Epoch ms of the newest event seen so far. */
  get lastEventAt(): number | undefined {
    return this.lastEventTime;
  }

  /**
   * Open the stream. Resolves once it is open. If the first attempt fails it
   * rejects with that EngineError, emits 'disconnected', and keeps retrying in
   * the background (emitting 'resumed' when it gets through) until close().
   */
  start(): Promise<void> {
    if (this._state !== 'idle') return Promise.resolve();
    this._state = 'connecting';
    this.startedAt = Date.now();
    return new Promise<void>((resolve, reject) => {
      this.startWaiters = { resolve, reject };
      this.connect(this.opts.since);
    });
  }

  /** Skip the current backoff wait and try to reconnect now (e.g. after a successful ping). */
  retryNow(): void {
    if (this._state !== 'reconnecting' || !this.timer) return;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.connect(this.pendingSince);
  }

  /** Stop for good: no more events, no reconnects. */
  close(): void {
    if (this._state === 'closed') return;
    this._state = 'closed';
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.abort?.abort();
    this.startWaiters?.reject(new EngineError({ kind: 'aborted', operation: OPERATION, engineMessage: 'the events stream was closed' }));
    this.startWaiters = undefined;
    this.emit('closed');
  }

  /** Async iteration over events until close() (or until `signal` aborts). */
  async *[Symbol.asyncIterator](): AsyncGenerator<EngineEvent> {
    const queue: EngineEvent[] = [];
    let wake: (() => void) | undefined;
    const onEvent = (e: EngineEvent) => {
      queue.push(e);
      wake?.();
    };
    const onClosed = () => wake?.();
    this.on('event', onEvent);
    this.on('closed', onClosed);
    try {
      while (true) {
        while (queue.length) yield queue.shift()!;
        if (this._state === 'closed') return;
        await new Promise<void>((r) => (wake = r));
        wake = undefined;
      }
    } finally {
      this.off('event', onEvent);
      this.off('closed', onClosed);
    }
  }

  private path(): string {
    return this.ctx.isPodman ? this.ctx.libpod('/events') : this.ctx.compat('/events');
  }

  private connect(since: number | undefined): void {
    if (this._state === 'closed') return;
    const abort = new AbortController();
    this.abort = abort;
    const query: Record<string, string> = {};
    if (this.ctx.isPodman) query.stream = 'true';
    if (since !== undefined) query.since = formatSince(since, this.ctx.caps.flavor);
    this.ctx.transport.request({ path: this.path(), query, operation: OPERATION, signal: abort.signal, timeoutMs: this.opts.connectTimeoutMs }).then(
      (res) => {
        if (this._state === 'closed' || abort.signal.aborted) {
          res.destroy();
          return;
        }
        this.onOpen(res, since);
      },
      (err: unknown) => {
        if (this._state === 'closed' || abort.signal.aborted) return;
        this.onFailure(toEngineError(err, this.ctx.transport.address.socketPath));
      },
    );
  }

  private onOpen(res: http.IncomingMessage, since: number | undefined): void {
    const wasDown = this.downSince;
    const attempts = this.attempts;
    this._state = 'open';
    this.attempts = 0;
    this.downSince = undefined;
    this.lastOpenAt = Date.now();

    const lines = new LineSplitter();
    let ended = false;
    const finish = (why: string, cause?: unknown) => {
      if (ended) return;
      ended = true;
      res.removeListener('data', onData);
      if (this._state === 'closed') return;
      for (const l of lines.end()) this.handleLine(l);
      this.onFailure(
        new EngineError({
          kind: 'stream-interrupted',
          operation: OPERATION,
          socket: this.ctx.transport.address.socketPath,
          engineMessage: why,
          cause,
        }),
      );
    };
    const onData = (chunk: Buffer) => {
      for (const l of lines.push(chunk)) this.handleLine(l);
    };
    res.on('data', onData);
    res.once('end', () => finish('the engine ended the events stream'));
    res.once('error', (e) => finish(`the events stream broke (${e.message})`, e));
    res.once('close', () => finish('the events stream was closed by the engine'));

    if (!this.everOpened) {
      this.everOpened = true;
      this.startWaiters?.resolve();
      this.startWaiters = undefined;
      this.emit('open');
    }
    // After any outage (even one before the first open) listeners hear 'resumed'.
    if (wasDown !== undefined) {
      this.emit('resumed', { since: since ?? this.lastOpenAt, downtimeMs: this.lastOpenAt - wasDown, attempts });
    }
  }

  private handleLine(line: string): void {
    if (this._state === 'closed') return;
    let event: EngineEvent | undefined;
    try {
      event = parseEventLine(line);
    } catch (e) {
      this.emit('warning', e as Error);
      return;
    }
    if (!event) return;
    const key = eventKey(event);
    if (this.seen.has(key)) return;
    this.seen.add(key);
    if (this.seen.size > DEDUPE_WINDOW) {
      // Sets iterate in insertion order: drop the oldest.
      const oldest = this.seen.values().next().value;
      if (oldest !== undefined) this.seen.delete(oldest);
    }
    if (this.lastEventTime === undefined || event.time > this.lastEventTime) this.lastEventTime = event.time;
    this.emit('event', event);
  }

  private onFailure(error: EngineError): void {
    if (this._state === 'closed') return;
    const firstFailure = this.downSince === undefined;
    if (firstFailure) {
      this.downSince = Date.now();
      // Replay from a little before the newest thing we know was delivered.
      const anchor = Math.max(this.lastEventTime ?? 0, this.lastOpenAt ?? this.opts.since ?? this.startedAt);
      this.pendingSince = anchor - this.opts.replayMarginMs;
    }
    this._state = 'reconnecting';
    this.attempts += 1;
    const base = Math.min(this.opts.maxBackoffMs, this.opts.initialBackoffMs * 2 ** Math.min(this.attempts - 1, 20));
    // Jitter: 50–100 % of the step, so many clients do not retry in lockstep.
    const delayMs = Math.round(base * (0.5 + Math.random() * 0.5));
    if (firstFailure) {
      if (this.startWaiters) {
        this.startWaiters.reject(error);
        this.startWaiters = undefined;
      }
      this.emit('disconnected', error);
    } else {
      this.emit('retry', { attempt: this.attempts - 1, delayMs, error });
    }
    if (this._state !== 'reconnecting') return; // a listener closed us
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.connect(this.pendingSince);
    }, delayMs);
  }
}

function toEngineError(err: unknown, socket: string): EngineError {
  if (isEngineError(err)) return err;
  const e = err as NodeJS.ErrnoException;
  return new EngineError({ kind: 'unreachable', operation: OPERATION, socket, engineMessage: e?.message ?? String(err), cause: err });
}
