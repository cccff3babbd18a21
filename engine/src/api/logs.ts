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
import { LogDecoder, TimeCache, type EntryHandler } from './log-decoder.js';
import { FollowCursor, MAX_RACE_RETRIES, raceWithWriter, Wakeup } from './log-follow.js';
import { LineAssembler } from './log-lines.js';
import type { LogFrame, LogLine, LogLineBatch, LogOptions, LogTime } from './log-types.js';

export type { LogFrame, LogLine, LogLineBatch, LogOptions, LogTime } from './log-types.js';
export { LogDecoder, TimeCache, type EntryHandler } from './log-decoder.js';
export { FollowCursor } from './log-follow.js';
export { LineAssembler } from './log-lines.js';

function toEngineTime(t: LogTime): string {
  if (t instanceof Date) return t.toISOString();
  if (typeof t === 'number') return new Date(t).toISOString();
  return t;
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

function noop(): void {}

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

  /** The log stream broke: a bad frame (never shown as the parser's words) or a lost connection. */
  private interrupted(e: unknown): EngineError {
    if (e instanceof FrameError) return errorFromFraming(this.operation, e, this.ctx.transport.address.socketPath);
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
      throw this.interrupted(e);
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
