/**
 * Following a running container by snapshot reads (see LogReader.follow in
 * logs.ts): the pure bookkeeping that delivers each entry exactly once and in
 * order, and the wake-up signals between reads.
 */
import { isEngineError } from '../errors.js';
import type { EntryHandler, LogStreamName as StreamName } from './log-decoder.js';

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

/**
 * Wakes the follow loop. `dirty` is set by a one-shot engine follow (new
 * output was written), `exited` by the engine's wait (the container stopped).
 */
export class Wakeup {
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

function sameHeld(a: HeldEntry | null, b: HeldEntry | null): boolean {
  if (a === null || b === null) return a === b;
  return a.pos === b.pos && a.stream === b.stream && a.ts === b.ts && a.bytes.equals(b.bytes);
}

/** Consecutive reads that may fail by racing the log writer before the follow gives up. */
export const MAX_RACE_RETRIES = 8;

/** A read that failed because it met the entry the writer was writing (see follow()). */
export function raceWithWriter(e: unknown): boolean {
  if (!isEngineError(e)) return false;
  const m = `${e.engineMessage ?? ''} ${e.message}`;
  return /is not a valid container log line|ended in the middle of an entry/.test(m);
}
