/**
 * Container logs: a frame stream (`stream()`) and a line-oriented reader
 * (`lineBatches()` / `lines()`), both pulled from the socket as the consumer
 * reads, so backpressure holds end to end and no log is ever held whole.
 *
 * Completeness (Podman 4.3, podman #21914): `follow=true` on a container that
 * has exited returns only part of its log, and a follow that is running when
 * the container dies can stop short in the same way. So:
 * - a container that is not running is always read with `follow=false`;
 * - a running container is followed by non-follow "snapshot" reads with
 *   engine timestamps switched on (stripped again unless the caller asked for
 *   them), each resuming with `since` = the last second delivered and
 *   skipping the entries of that second already delivered; the engine's own
 *   follow serves only as a one-shot wake-up, and its wait tells when the
 *   container stopped, after which one last read delivers the rest.
 * `tail=K` is not used to resume: Podman 4.3 rebuilds lines split into
 * partial (P) records wrongly when reading from the end (measured: 6 wrong
 * lines in the last 4,000 of a `seq` log), and its cost grows with K².
 * If the engine connection drops mid-stream, the stream fails with an
 * EngineError of kind `stream-interrupted` instead of hanging or ending quietly.
 */
import type { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import { EngineError, errorFromFraming, isEngineError } from '../errors.js';
import { FrameError } from '../streams/demux.js';
import type { Query } from '../transport/http-transport.js';
import { seg, type ApiContext } from './context.js';

/** A point in time: epoch milliseconds, a Date, or a string the engine understands (RFC 3339, unix seconds, "10m"). */
export type LogTime = number | Date | string;

export interface LogOptions {
  /** Keep the stream open and deliver new output (only while the container runs). */
  follow?: boolean;
  /** Default true. */
  stdout?: boolean;
  /** Default true. */
  stderr?: boolean;
  /** Attach the engine's timestamp to each frame/line (`time`, epoch ms). */
  timestamps?: boolean;
  /** Only the last N entries ("all" or undefined = everything). */
  tail?: number | 'all';
  since?: LogTime;
  until?: LogTime;
  signal?: AbortSignal;
  /** Lines longer than this (bytes) are delivered in pieces; default 1 MiB. */
  maxLineBytes?: number;
}

/** One piece of output, as the engine framed it. */
export interface LogFrame {
  stream: 'stdout' | 'stderr';
  data: Buffer;
  /** Epoch ms of the log entry (only with `timestamps: true`; second precision on Podman 4.x). */
  time?: number;
}

/** Consecutive complete lines of one stream (the hot path: one object per batch, not per line). */
export interface LogLineBatch {
  stream: 'stdout' | 'stderr';
  /** Lines without their `\n` (and without a trailing `\r`, which TTY output carries). */
  lines: string[];
  /** Epoch ms per line, parallel to `lines` (only with `timestamps: true`). */
  times?: number[];
}

export interface LogLine {
  stream: 'stdout' | 'stderr';
  line: string;
  time?: number;
}

type StreamName = 'stdout' | 'stderr';

/** What a decoder reports: the start of each log entry (with its timestamp text) and its payload pieces. */
export interface EntryHandler {
  /** A new entry begins; return false to drop it (used to skip replayed entries). */
  entry(stream: StreamName, ts: string | undefined): boolean;
  /** Payload bytes `buf[start, end)` of the current entry. */
  data(stream: StreamName, buf: Buffer, start: number, end: number): void;
}

/**
 * Pure decoder of a log body: the 8-byte multiplexed framing (or a raw TTY
 * stream, Docker only), with the engine's `"<timestamp> "` prefix split off
 * each entry when timestamps are on. Chunk boundaries can fall anywhere.
 */
export class LogDecoder {
  private readonly header = Buffer.alloc(8);
  private headerFill = 0;
  private remaining = 0;
  private current: StreamName = 'stdout';
  private keep = true;
  private tsParts: Buffer[] | null = null;
  private tsLen = 0;
  private rawStarted = false;
  private stdinFrame = false;

  constructor(
    private readonly multiplexed: boolean,
    private readonly timestamps: boolean,
  ) {}

  push(chunk: Buffer, h: EntryHandler): void {
    if (!this.multiplexed) {
      if (!this.rawStarted) {
        this.rawStarted = true;
        this.keep = h.entry('stdout', undefined);
      }
      if (this.keep && chunk.length) h.data('stdout', chunk, 0, chunk.length);
      return;
    }
    let off = 0;
    const len = chunk.length;
    while (off < len) {
      if (this.remaining === 0) {
        let type: number;
        let size: number;
        if (this.headerFill === 0 && len - off >= 8) {
          type = chunk[off]!;
          size = chunk.readUInt32BE(off + 4);
          off += 8;
        } else {
          const take = Math.min(8 - this.headerFill, len - off);
          chunk.copy(this.header, this.headerFill, off, off + take);
          this.headerFill += take;
          off += take;
          if (this.headerFill < 8) return;
          this.headerFill = 0;
          type = this.header[0]!;
          size = this.header.readUInt32BE(4);
        }
        if (type === 1) this.current = 'stdout';
        else if (type === 2) this.current = 'stderr';
        else if (type !== 0) throw new FrameError(`not a multiplexed log stream (stream type byte ${type})`);
        this.stdinFrame = type === 0;
        this.remaining = size;
        if (this.timestamps) {
          this.tsParts = [];
          this.tsLen = 0;
        } else {
          this.keep = !this.stdinFrame && h.entry(this.current, undefined);
        }
        if (size === 0 && this.timestamps) this.finishTs(h);
        continue;
      }
      const avail = Math.min(this.remaining, len - off);
      if (this.tsParts !== null) {
        // Still reading the "<timestamp> " prefix of this entry.
        let sp = chunk.indexOf(0x20, off);
        if (sp === -1 || sp >= off + avail) sp = -1;
        const stop = sp === -1 ? off + avail : sp;
        if (this.tsLen < 64) {
          this.tsParts.push(chunk.subarray(off, stop));
          this.tsLen += stop - off;
        }
        const consumed = (sp === -1 ? stop : sp + 1) - off;
        this.remaining -= consumed;
        off += consumed;
        if (sp !== -1 || this.remaining === 0) this.finishTs(h);
        continue;
      }
      if (this.keep) h.data(this.current, chunk, off, off + avail);
      this.remaining -= avail;
      off += avail;
    }
  }

  /** True when the body ended on an entry boundary. */
  get idle(): boolean {
    return this.remaining === 0 && this.headerFill === 0;
  }

  private finishTs(h: EntryHandler): void {
    const parts = this.tsParts!;
    this.tsParts = null;
    const ts = (parts.length === 1 ? parts[0]! : Buffer.concat(parts)).toString('latin1');
    this.keep = !this.stdinFrame && h.entry(this.current, ts);
  }
}

/** Parse an engine log timestamp (RFC 3339) to epoch ms, caching the last one (consecutive entries share it). */
export class TimeCache {
  private lastText = '';
  private lastMs = Number.NaN;
  parse(ts: string | undefined): number | undefined {
    if (ts === undefined) return undefined;
    if (ts !== this.lastText) {
      this.lastText = ts;
      this.lastMs = Date.parse(ts);
    }
    return this.lastMs;
  }
}

interface StreamLineState {
  pending: Buffer[];
  pendingLen: number;
  lineTs: string | undefined;
  entryTs: string | undefined;
}

/**
 * Pure line assembler: entries in, batches of complete lines out, split per
 * stream (a partial stdout line survives interleaved stderr output). Bytes
 * are decoded as UTF-8 only once a line is complete, so a character split
 * across entries or chunks is decoded correctly.
 */
export class LineAssembler implements EntryHandler {
  private readonly state: Record<StreamName, StreamLineState> = {
    stdout: { pending: [], pendingLen: 0, lineTs: undefined, entryTs: undefined },
    stderr: { pending: [], pendingLen: 0, lineTs: undefined, entryTs: undefined },
  };
  private out: LogLineBatch[] = [];
  private batch: LogLineBatch | null = null;
  private readonly times = new TimeCache();

  constructor(
    private readonly withTimes: boolean,
    private readonly maxLineBytes = 1024 * 1024,
    /** Raw TTY streams (Docker) carry the timestamp at the start of each line instead of per entry. */
    private readonly lineTimestamps = false,
  ) {}

  entry(stream: StreamName, ts: string | undefined): boolean {
    const s = this.state[stream];
    s.entryTs = ts;
    if (s.pendingLen === 0) s.lineTs = ts;
    return true;
  }

  data(stream: StreamName, buf: Buffer, start: number, end: number): void {
    const s = this.state[stream];
    let from = start;
    while (from < end) {
      const nl = buf.indexOf(10, from);
      if (nl === -1 || nl >= end) {
        s.pending.push(buf.subarray(from, end));
        s.pendingLen += end - from;
        if (s.pendingLen >= this.maxLineBytes) this.flushPending(stream, s);
        return;
      }
      let stop = nl;
      let text: string;
      if (s.pendingLen === 0) {
        if (stop > from && buf[stop - 1] === 13) stop--;
        text = buf.toString('utf8', from, stop);
      } else {
        s.pending.push(buf.subarray(from, stop));
        s.pendingLen += stop - from;
        text = joinPending(s);
      }
      this.emit(stream, text, s.lineTs);
      s.lineTs = s.entryTs;
      from = nl + 1;
    }
  }

  /** Batches completed so far (call after each chunk). */
  take(): LogLineBatch[] {
    const out = this.out;
    this.out = [];
    this.batch = null;
    return out;
  }

  /** At the end of the log: partial last lines become lines. */
  end(): LogLineBatch[] {
    for (const stream of ['stdout', 'stderr'] as const) {
      const s = this.state[stream];
      if (s.pendingLen > 0) this.flushPending(stream, s);
    }
    return this.take();
  }

  private flushPending(stream: StreamName, s: StreamLineState): void {
    this.emit(stream, joinPending(s), s.lineTs);
    s.lineTs = s.entryTs;
  }

  private emit(stream: StreamName, text: string, ts: string | undefined): void {
    let b = this.batch;
    if (b === null || b.stream !== stream) {
      b = this.withTimes ? { stream, lines: [], times: [] } : { stream, lines: [] };
      this.batch = b;
      this.out.push(b);
    }
    if (this.lineTimestamps) {
      const sp = text.indexOf(' ');
      if (sp > 0) {
        ts = text.slice(0, sp);
        text = text.slice(sp + 1);
      }
    }
    b.lines.push(text);
    if (b.times) b.times.push(this.times.parse(ts) ?? Number.NaN);
  }
}

function joinPending(s: StreamLineState): string {
  const buf = s.pending.length === 1 ? s.pending[0]! : Buffer.concat(s.pending, s.pendingLen);
  s.pending = [];
  s.pendingLen = 0;
  let end = buf.length;
  if (end > 0 && buf[end - 1] === 13) end--;
  return buf.toString('utf8', 0, end);
}

function toEngineTime(t: LogTime): string {
  if (t instanceof Date) return t.toISOString();
  if (typeof t === 'number') return new Date(t).toISOString();
  return t;
}

/** Remembers the last entry second delivered, and on a replay drops the entries of that second already delivered. */
class ReplayGuard {
  lastKey = '';
  lastTs = '';
  seenAtLast = 0;
  total = 0;
  private skipKey = '';
  private toSkip = 0;

  seen(ts: string | undefined): void {
    this.total++;
    if (ts === undefined) return;
    const key = ts.slice(0, 19);
    if (key === this.lastKey) this.seenAtLast++;
    else {
      this.lastKey = key;
      this.lastTs = ts;
      this.seenAtLast = 1;
    }
  }

  /** Arm for a replay that starts at the last second delivered. */
  armReplay(): void {
    this.skipKey = this.lastKey;
    this.toSkip = this.seenAtLast;
  }

  /** During the replay: false for an entry already delivered. */
  fresh(ts: string | undefined): boolean {
    if (this.toSkip === 0) return true;
    if (ts !== undefined && ts.slice(0, 19) === this.skipKey) {
      this.toSkip--;
      return false;
    }
    this.toSkip = 0;
    return true;
  }

  /** RFC 3339 (UTC, ns) one nanosecond before the last second delivered: `since` is exclusive on the engine side. */
  replaySince(): string {
    const ms = Math.floor(Date.parse(this.lastTs) / 1000) * 1000 - 1000;
    return new Date(ms).toISOString().replace(/\.\d{3}Z$/, '.999999999Z');
  }
}

interface HeldEntry {
  /** Entries delivered before it: the same content at another position is another entry. */
  pos: number;
  stream: StreamName;
  ts: string | undefined;
  bytes: Buffer;
}

/**
 * One snapshot read while following: skips what the guard says was delivered,
 * and (unless final) holds back the last entry, because a read that races
 * the log writer can see that entry half-written. A held entry is simply
 * not delivered; the next read returns it again, complete.
 */
class SnapshotHandler implements EntryHandler {
  private heldStream: StreamName = 'stdout';
  private heldTs: string | undefined;
  private heldPos = 0;
  /** Pieces of the entry being held; views into the body's chunks (never reused by Node), not copies. */
  private readonly heldPieces: Buffer[] = [];
  private holding = false;
  /** True while the last read ended with an entry held back. */
  held = false;
  /** Entries this read delivered (after replay skipping). */
  delivered = 0;

  constructor(
    private readonly inner: EntryHandler,
    private readonly guard: ReplayGuard,
    private readonly userTimes: boolean,
    private readonly holdBack: boolean,
  ) {}

  entry(stream: StreamName, ts: string | undefined): boolean {
    if (!this.guard.fresh(ts)) return false;
    this.flushHeld();
    if (this.holdBack) {
      this.heldStream = stream;
      this.heldTs = ts;
      this.heldPos = this.guard.total;
      this.holding = true;
      return true;
    }
    this.guard.seen(ts);
    this.delivered++;
    return this.inner.entry(stream, this.userTimes ? ts : undefined);
  }

  data(stream: StreamName, buf: Buffer, start: number, end: number): void {
    if (this.holding) {
      if (end > start) this.heldPieces.push(buf.subarray(start, end));
    } else this.inner.data(stream, buf, start, end);
  }

  /**
   * The read ended. An entry held back twice, at the same position and
   * with the same content, is complete: deliver it. Otherwise return it, to compare with the next read.
   */
  finish(previous: HeldEntry | null): HeldEntry | null {
    if (!this.holding) {
      this.held = false;
      return null;
    }
    const pieces = this.heldPieces;
    const bytes = pieces.length === 1 ? pieces[0]! : Buffer.concat(pieces);
    const entry: HeldEntry = { pos: this.heldPos, stream: this.heldStream, ts: this.heldTs, bytes };
    if (previous && sameHeld(previous, entry)) {
      this.flushHeld();
      this.held = false;
      return null;
    }
    this.holding = false;
    pieces.length = 0;
    this.held = true;
    return entry;
  }

  /** The read ended cleanly after the container stopped: the held entry is complete. */
  release(): void {
    this.flushHeld();
    this.held = false;
  }

  private flushHeld(): void {
    if (!this.holding) return;
    this.holding = false;
    this.guard.seen(this.heldTs);
    this.delivered++;
    const pieces = this.heldPieces;
    if (this.inner.entry(this.heldStream, this.userTimes ? this.heldTs : undefined)) {
      for (const p of pieces) this.inner.data(this.heldStream, p, 0, p.length);
    }
    pieces.length = 0;
  }
}

/**
 * The bookkeeping of a follow by snapshot reads (pure; exported for tests).
 * Each read of the growing log starts with `begin()`, which says what to ask
 * the engine for (`since`, or undefined for the caller's own query) and gives
 * the handler for the read's body; `end()` closes the read. Entries reach
 * `inner` exactly once and in log order: a replayed second skips the entries
 * already delivered, and the last entry of a non-final read is held back
 * until a later read confirms it (a read racing the writer can see it
 * half-written).
 * @internal
 */
export class FollowCursor {
  private readonly guard = new ReplayGuard();
  private held: HeldEntry | null = null;
  private snap: SnapshotHandler | null = null;
  private final = false;

  constructor(
    private readonly inner: EntryHandler,
    private readonly userTimes: boolean,
  ) {}

  /**
   * Start a read; `final` once the container has stopped. Every read holds
   * its last entry back while it runs, so a read that fails part way
   * (`abandon()`) delivered only complete entries and can simply be read again.
   */
  begin(final: boolean): { since: string | undefined; handler: EntryHandler } {
    const guard = this.guard;
    let since: string | undefined;
    if (guard.lastTs !== '') {
      guard.armReplay();
      since = guard.replaySince();
    }
    this.final = final;
    this.snap = new SnapshotHandler(this.inner, guard, this.userTimes, true);
    return { since, handler: this.snap };
  }

  /** The read failed part way: forget it (what it delivered stays delivered; what it held is read again). */
  abandon(): void {
    this.snap = null;
  }

  /** The read's body ended: true when it delivered entries or changed what is held back. */
  end(): boolean {
    const snap = this.snap!;
    this.snap = null;
    if (this.final) {
      // The container has stopped and this read ended cleanly: its last entry is complete.
      snap.release();
      this.held = null;
      return snap.delivered > 0;
    }
    const before = this.held;
    this.held = snap.finish(before);
    return snap.delivered > 0 || !sameHeld(this.held, before);
  }
}

/** Consecutive reads that may fail by racing the log writer before the follow gives up. */
const MAX_RACE_RETRIES = 8;

/** A read that failed because it met the entry the writer was writing (see follow()). */
function raceWithWriter(e: unknown): boolean {
  if (!isEngineError(e)) return false;
  const m = `${e.engineMessage ?? ''} ${e.message}`;
  return /is not a valid container log line|ended in the middle of an entry/.test(m);
}

interface Plan {
  /** Whether the engine body is multiplexed (false only for TTY containers on the Docker API). */
  multiplexed: boolean;
  /** Follow a running container by snapshot reads (see LogReader.follow). */
  followRunning: boolean;
  running: boolean;
  /** Ask the engine for timestamps (caller asked, or the follow needs them to resume). */
  engineTimestamps: boolean;
}

/**
 * Wakes the follow loop. `dirty` is set by a one-shot engine follow (new
 * output was written), `exited` by the engine's wait (the container stopped).
 */
class Wakeup {
  dirty = false;
  exited = false;
  /** A wake-up follow is open (it closes itself at its first data). */
  watching = false;
  error: unknown;
  private waiter: { done: () => void; onData: boolean } | null = null;

  /** New output (wakes only a wait that asked for it). */
  data(): void {
    this.dirty = true;
    if (this.waiter?.onData) this.waiter.done();
  }

  /** The container stopped, or the watch failed: wakes any wait. */
  end(error?: unknown): void {
    if (error !== undefined && this.error === undefined) this.error = error;
    this.exited = true;
    this.waiter?.done();
  }

  /** Resolves on exit, abort, after `ms`, or (with `onData`) on new output. */
  wait(ms: number, signal: AbortSignal | undefined, onData: boolean): Promise<void> {
    if (this.exited || signal?.aborted || (onData && this.dirty)) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        this.waiter = null;
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal?.addEventListener('abort', done, { once: true });
      this.waiter = { done, onData };
    });
  }
}

function noop(): void {}

function sameHeld(a: HeldEntry | null, b: HeldEntry | null): boolean {
  if (a === null || b === null) return a === b;
  return a.pos === b.pos && a.stream === b.stream && a.ts === b.ts && a.bytes.equals(b.bytes);
}

/**
 * A signal for one request, following `parent` only until `release()`
 * (call it when the response is complete). A request keeps its abort
 * listener after it is done, and its keep-alive socket may then serve
 * another request: aborting it late would destroy that socket under the
 * other request, with an 'error' nobody listens to.
 */
function linkAbort(parent: AbortSignal | undefined): { signal: AbortSignal; abort: () => void; release: () => void; track: (res: IncomingMessage) => void } {
  const own = new AbortController();
  let res: IncomingMessage | undefined;
  // A complete response has already given its socket back to the pool.
  const abort = () => {
    if (!res?.complete) own.abort();
  };
  const release = () => parent?.removeEventListener('abort', abort);
  if (parent?.aborted) own.abort();
  else parent?.addEventListener('abort', abort, { once: true });
  return {
    signal: own.signal,
    abort,
    release,
    track: (r) => {
      res = r;
      r.once('end', release);
    },
  };
}

/** Read a (small) response to its end. */
function drain(res: IncomingMessage): Promise<void> {
  return new Promise((resolve, reject) => {
    res.on('data', noop);
    res.once('end', resolve);
    // 'on', not 'once': an aborted response can emit a second error, which must not go unhandled.
    res.on('error', reject);
    res.once('close', () => (res.complete ? resolve() : reject(new Error('the engine closed the connection'))));
  });
}

/** Internal: the engine reads behind one logical log read, decoded into an EntryHandler. */
class LogReader {
  constructor(
    private readonly ctx: ApiContext,
    private readonly id: string,
    private readonly opts: LogOptions,
    private readonly operation: string,
  ) {}

  /**
   * Yields once per engine chunk after it has been decoded into the handler,
   * so the caller can collect what it gathered. Pull-based: nothing is read
   * from the socket until the caller asks for the next chunk.
   */
  async *run(makeHandler: (plan: Plan) => EntryHandler): AsyncGenerator<void, void, undefined> {
    const plan = await this.plan();
    const h = makeHandler(plan);
    if (!plan.followRunning) {
      yield* this.body(this.query(plan, false, undefined), plan, h);
      return;
    }
    try {
      yield* this.follow(plan, h);
    } catch (e) {
      if (isEngineError(e) && (e.kind === 'unreachable' || e.kind === 'timeout')) {
        throw new EngineError({ kind: 'stream-interrupted', operation: this.operation, engineMessage: e.engineMessage, socket: e.socket, cause: e });
      }
      throw e;
    }
  }

  /**
   * Following a running container. The engine's own follow stream loses
   * entries under a fast writer on Podman 4.3 (and stops short when the
   * container exits, podman #21914), so the log comes from non-follow reads
   * that resume after the last entry delivered (`since` = its second, the
   * entries of that second already delivered skipped). Between reads:
   * - while output keeps coming, the next read starts after a pause of
   *   twice the last read's duration (a read rescans the log file from its
   *   start, so this bounds the engine's work on a huge log), cut short when
   *   the container exits;
   * - when a read brought nothing new, the loop sleeps until a one-shot
   *   engine follow (tail=0, opened before that read, closed at its first
   *   data) reports new output, or the container exits (the engine's wait),
   *   with a safety re-read every few seconds.
   * Once the container has stopped, one last read delivers the rest,
   * including the entry the earlier reads held back.
   */
  private async *follow(plan: Plan, h: EntryHandler): AsyncGenerator<void, void, undefined> {
    const signal = this.opts.signal;
    const wake = new Wakeup();
    const watcher = new AbortController();
    // The watch requests are aborted a turn later: an abort that lands between a response's
    // arrival and its handlers being attached would otherwise surface as an unhandled 'error'.
    const watchSignal = watcher.signal;
    const stopWatching = () => setImmediate(() => watcher.abort());
    signal?.addEventListener('abort', stopWatching, { once: true });
    void this.watchExit(wake, watchSignal);
    try {
      const cursor = new FollowCursor(h, this.opts.timestamps === true);
      let failures = 0;
      let progressed = true;
      let lastDuration = 0;
      for (let first = true; ; first = false) {
        if (signal?.aborted) return;
        if (!first && !wake.exited) {
          if (progressed || wake.dirty) await wake.wait(Math.max(50, 2 * lastDuration), signal, false);
          else await wake.wait(Math.max(2000, 10 * lastDuration), signal, true);
          if (signal?.aborted) return;
        }
        const final = wake.exited;
        if (wake.error !== undefined) throw wake.error;
        wake.dirty = false;
        // Open the wake-up before the read, so output written after the read's end wakes the loop.
        if (!final) this.watchOutput(wake, watchSignal);
        const read = cursor.begin(final);
        const t0 = Date.now();
        try {
          yield* this.body(this.query(plan, false, read.since), plan, read.handler);
          failures = 0;
        } catch (e) {
          // Podman 4.3 parses the whole file for a read with `since`; one that meets the line the
          // writer is writing fails ("... is not a valid container log line") or stops mid-entry.
          // Read again: the cursor delivered only complete entries, so nothing repeats or goes missing.
          if (!raceWithWriter(e) || ++failures > MAX_RACE_RETRIES || signal?.aborted) throw e;
          cursor.abandon();
          await wake.wait(20 * failures, signal, false);
          progressed = true;
          continue;
        }
        progressed = cursor.end();
        yield;
        lastDuration = Date.now() - t0;
        if (final) return;
      }
    } finally {
      signal?.removeEventListener('abort', stopWatching);
      stopWatching();
    }
  }

  /** The engine's wait: ends the follow when the container stops. */
  private async watchExit(wake: Wakeup, signal: AbortSignal): Promise<void> {
    const { ctx, id } = this;
    const link = linkAbort(signal);
    try {
      const res = await ctx.transport.request({
        method: 'POST',
        path: ctx.isPodman ? ctx.libpod(`/containers/${seg(id)}/wait`) : ctx.compat(`/containers/${seg(id)}/wait`),
        query: ctx.isPodman ? { condition: ['stopped', 'exited'], interval: '100ms' } : { condition: 'not-running' },
        operation: this.operation,
        signal: link.signal,
        timeoutMs: 0,
      });
      link.track(res);
      await drain(res);
      wake.end();
    } catch (e) {
      if (signal.aborted) return;
      // The engine answered (e.g. the container is gone): the last read reports it.
      if (isEngineError(e) && e.kind !== 'unreachable' && e.kind !== 'timeout' && e.kind !== 'stream-interrupted') wake.end();
      else wake.end(this.interrupted(e));
    }
  }

  /**
   * A one-shot engine follow (tail=0) as a wake-up signal: its first data
   * means new output; it is closed at once, so the engine does not stream
   * the log twice. Does nothing while one is open.
   */
  private watchOutput(wake: Wakeup, signal: AbortSignal): void {
    if (wake.watching) return;
    wake.watching = true;
    const { ctx, id } = this;
    const link = linkAbort(signal);
    const sig = link.signal;
    const path = ctx.isPodman ? ctx.libpod(`/containers/${seg(id)}/logs`) : ctx.compat(`/containers/${seg(id)}/logs`);
    const query: Query = { follow: true, tail: 0, stdout: this.opts.stdout !== false, stderr: this.opts.stderr !== false };
    ctx.transport.request({ path, query, operation: this.operation, signal: sig, timeoutMs: 0 }).then(
      (res) => {
        res.on('error', noop);
        link.track(res);
        const closed = () => {
          if (!wake.watching) return;
          wake.watching = false;
          // A follow that ends by itself (the container stopped, or the engine closed it): re-read.
          if (!sig.aborted) wake.data();
        };
        res.once('data', () => {
          wake.watching = false;
          wake.data();
          link.abort();
          link.release();
        });
        res.once('close', closed);
        res.once('end', closed);
      },
      (e: unknown) => {
        wake.watching = false;
        if (sig.aborted) return;
        if (isEngineError(e) && e.kind !== 'unreachable' && e.kind !== 'timeout') wake.data();
        else wake.end(this.interrupted(e));
      },
    );
  }

  private interrupted(e: unknown): EngineError {
    return new EngineError({
      kind: 'stream-interrupted',
      operation: this.operation,
      engineMessage: `the engine closed the log stream: ${(e as Error).message}`,
      socket: this.ctx.transport.address.socketPath,
      cause: e,
    });
  }

  private async plan(): Promise<Plan> {
    const { ctx, id } = this;
    const path = ctx.isPodman ? ctx.libpod(`/containers/${seg(id)}/json`) : ctx.compat(`/containers/${seg(id)}/json`);
    const info = await ctx.transport.json<{ State?: { Running?: boolean }; Config?: { Tty?: boolean } }>({
      path,
      operation: this.operation,
    });
    const running = info?.State?.Running === true;
    const tty = info?.Config?.Tty === true;
    const multiplexed = ctx.isPodman || !tty;
    const followRunning = this.opts.follow === true && running && multiplexed && this.opts.until === undefined;
    return {
      multiplexed,
      followRunning,
      running,
      engineTimestamps: this.opts.timestamps === true || followRunning,
    };
  }

  private query(plan: Plan, follow: boolean, replaySince: string | undefined): Query {
    const o = this.opts;
    const q: Query = {
      // Raw TTY streams (Docker API) cannot be resumed, so they use the engine's follow.
      follow: follow || (o.follow === true && plan.running && !plan.multiplexed),
      stdout: o.stdout !== false,
      stderr: o.stderr !== false,
      timestamps: plan.engineTimestamps,
    };
    if (replaySince !== undefined) {
      q.since = replaySince;
    } else {
      if (o.tail !== undefined && o.tail !== 'all') q.tail = Math.max(0, Math.floor(o.tail));
      if (o.since !== undefined) q.since = toEngineTime(o.since);
    }
    if (o.until !== undefined) q.until = toEngineTime(o.until);
    return q;
  }

  private async *body(query: Query, plan: Plan, h: EntryHandler): AsyncGenerator<void, void, undefined> {
    const { ctx, id } = this;
    const path = ctx.isPodman ? ctx.libpod(`/containers/${seg(id)}/logs`) : ctx.compat(`/containers/${seg(id)}/logs`);
    const signal = this.opts.signal;
    if (signal?.aborted) return;
    const link = linkAbort(signal);
    try {
      yield* this.bodyOf(path, query, plan, h, link.signal, link.track);
    } finally {
      link.release();
    }
  }

  private async *bodyOf(path: string, query: Query, plan: Plan, h: EntryHandler, signal: AbortSignal, track: (res: IncomingMessage) => void): AsyncGenerator<void, void, undefined> {
    const { ctx } = this;
    let res: IncomingMessage;
    try {
      res = await ctx.transport.request({ path, query, operation: this.operation, signal, timeoutMs: 60_000 });
    } catch (e) {
      if (signal.aborted) return;
      throw e;
    }
    track(res);
    const decoder = new LogDecoder(plan.multiplexed, plan.engineTimestamps && plan.multiplexed);
    try {
      for await (const chunk of res) {
        decoder.push(chunk as Buffer, h);
        yield;
      }
    } catch (e) {
      if (signal?.aborted) return;
      if (isEngineError(e)) throw e;
      if (e instanceof FrameError) throw errorFromFraming(this.operation, e, ctx.transport.address.socketPath);
      throw new EngineError({
        kind: 'stream-interrupted',
        operation: this.operation,
        engineMessage: `the engine closed the log stream: ${(e as Error).message}`,
        socket: ctx.transport.address.socketPath,
        cause: e,
      });
    } finally {
      // A later abort of the request must not surface as an unhandled 'error'.
      res.on('error', noop);
      if (!res.complete) res.destroy();
    }
    if (signal?.aborted) return;
    if (!decoder.idle) {
      throw new EngineError({
        kind: 'stream-interrupted',
        operation: this.operation,
        engineMessage: 'the log stream ended in the middle of an entry',
        socket: ctx.transport.address.socketPath,
      });
    }
  }
}

export class LogsApi {
  constructor(private readonly ctx: ApiContext) {}

  /**
   * The log as an object-mode Readable of `{stream, data, time?}` frames.
   * Reading drives the socket: a paused consumer pauses the engine.
   * Errors are EngineErrors (`not-found`, `stream-interrupted`, ...).
   * Aborting `signal` ends the stream without an error.
   */
  stream(id: string, opts: LogOptions = {}): Readable {
    // Destroying the Readable must also end a follow that is waiting for output.
    const stop = new AbortController();
    const signal = opts.signal ? AbortSignal.any([opts.signal, stop.signal]) : stop.signal;
    const reader = new LogReader(this.ctx, id, { ...opts, signal }, `Read the logs of container ${id}`);
    const withTimes = opts.timestamps === true;
    const times = new TimeCache();
    let queue: LogFrame[] = [];
    let curTime: number | undefined;
    const handler: EntryHandler = {
      entry: (_stream, ts) => {
        curTime = withTimes ? times.parse(ts) : undefined;
        return true;
      },
      data: (stream, buf, s, e) => {
        if (e <= s) return;
        const data = buf.subarray(s, e);
        queue.push(curTime === undefined ? { stream, data } : { stream, data, time: curTime });
      },
    };
    const it = reader.run(() => handler);
    let pumping = false;
    const out = new Readable({
      objectMode: true,
      highWaterMark: 64,
      read() {
        if (pumping) return;
        pumping = true;
        void (async () => {
          try {
            for (;;) {
              const r = await it.next();
              const frames = queue;
              queue = [];
              let more = true;
              for (const f of frames) more = out.push(f) && more;
              if (r.done) {
                out.push(null);
                return;
              }
              if (!more) return;
            }
          } catch (e) {
            out.destroy(e as Error);
          } finally {
            pumping = false;
          }
        })();
      },
      destroy(err, cb) {
        stop.abort();
        void it.return(undefined).then(
          () => cb(err),
          () => cb(err),
        );
      },
    });
    return out;
  }

  /**
   * The log as batches of complete lines, split per stream (the efficient
   * form for big logs: one object per batch). Partial lines are kept per
   * stream until their newline arrives; a last line without one is delivered
   * at the end.
   */
  async *lineBatches(id: string, opts: LogOptions = {}): AsyncGenerator<LogLineBatch, void, undefined> {
    const reader = new LogReader(this.ctx, id, opts, `Read the logs of container ${id}`);
    let asm: LineAssembler | undefined;
    const withTimes = opts.timestamps === true;
    for await (const _ of reader.run((plan) => (asm = new LineAssembler(withTimes, opts.maxLineBytes, withTimes && !plan.multiplexed)))) {
      for (const b of asm!.take()) yield b;
    }
    if (asm && !opts.signal?.aborted) for (const b of asm.end()) yield b;
  }

  /** One `{stream, line, time?}` per line (convenient; `lineBatches()` is cheaper for big logs). */
  async *lines(id: string, opts: LogOptions = {}): AsyncGenerator<LogLine, void, undefined> {
    for await (const b of this.lineBatches(id, opts)) {
      for (let i = 0; i < b.lines.length; i++) {
        yield b.times ? { stream: b.stream, line: b.lines[i]!, time: b.times[i]! } : { stream: b.stream, line: b.lines[i]! };
      }
    }
  }
}
