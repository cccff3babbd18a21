/**
 * Combined logs: several containers' line streams interleaved in time order
 * (a compose project, a pod). A k-way merge on the engine's timestamps, with
 * one twist for live streams: a member that has nothing queued may still
 * send a line older than what the others have, so its lines hold the merge
 * back until it has been quiet for `settleMs` (it has caught up); from then
 * on it is assumed to send nothing older than `lagMs` before now.
 *
 * Memory is bounded: each member queues at most `maxQueuedLines` before its
 * stream is no longer read (the engine's socket then waits too).
 */
import type { LogLineBatch } from './log-types.js';

export interface MergeMember {
  name: string;
  /** The member's lines, with times (`timestamps: true`); lines without a time take their arrival time. */
  batches: AsyncIterable<LogLineBatch>;
}

/** Lines of several members in time order, as parallel arrays (one object per batch, not per line). */
export interface MergedLines {
  kind: 'lines';
  /** Index of the member (in the list given) per line. */
  member: number[];
  stderr: boolean[];
  time: number[];
  lines: string[];
}

/** A member's stream ended (its container stopped), or failed: the others go on. */
export interface MemberEnded {
  kind: 'ended';
  member: number;
  error?: unknown;
}

export type MergeEvent = MergedLines | MemberEnded;

export interface MergeOptions {
  /** Quiet time after which a member with nothing queued has caught up (Infinity: only its end counts, for reads that do not follow). */
  settleMs?: number;
  /** How far before now a caught-up member may still send a line. */
  lagMs?: number;
  maxQueuedLines?: number;
  /** Largest batch handed out at once. */
  maxBatchLines?: number;
  signal?: AbortSignal;
  now?: () => number;
}

interface Member {
  lines: string[];
  times: number[];
  seqs: number[];
  stderr: boolean[];
  head: number;
  done: boolean;
  lastArrival: number;
  lastTime: number;
  /** Resolves the pump's wait when the queue has room again. */
  room?: (() => void) | undefined;
}

const queued = (m: Member) => m.lines.length - m.head;

export async function* mergeLogs(members: readonly MergeMember[], opts: MergeOptions = {}): AsyncGenerator<MergeEvent, void, undefined> {
  const settleMs = opts.settleMs ?? 150;
  const lagMs = opts.lagMs ?? 250;
  const maxQueued = opts.maxQueuedLines ?? 10_000;
  const maxBatch = opts.maxBatchLines ?? 4096;
  const now = opts.now ?? Date.now;
  const started = now();
  const state: Member[] = members.map(() => ({ lines: [], times: [], seqs: [], stderr: [], head: 0, done: false, lastArrival: started, lastTime: -Infinity }));
  /** Set when a member's stream ends; reported once its queued lines are out. */
  const ended: (MemberEnded | undefined)[] = [];
  const reported = new Set<number>();
  let seq = 0;
  // One waiter (the merge loop); `dirty` keeps a poke that came while the loop was busy.
  let wake: (() => void) | undefined;
  let dirty = false;
  const poke = () => {
    dirty = true;
    const w = wake;
    wake = undefined;
    w?.();
  };
  const stop = new AbortController();
  const signal = opts.signal ? AbortSignal.any([opts.signal, stop.signal]) : stop.signal;
  const iterators = members.map((m) => m.batches[Symbol.asyncIterator]());

  const pump = async (i: number) => {
    const m = state[i]!;
    try {
      for (;;) {
        const r = await iterators[i]!.next();
        if (r.done || signal.aborted) break;
        const b = r.value;
        const t = now();
        for (let k = 0; k < b.lines.length; k++) {
          const time = b.times?.[k] ?? t;
          m.lines.push(b.lines[k]!);
          m.times.push(time);
          m.seqs.push(seq++);
          m.stderr.push(b.stream === 'stderr');
          if (time > m.lastTime) m.lastTime = time;
        }
        m.lastArrival = t;
        poke();
        while (queued(m) >= maxQueued && !signal.aborted) await new Promise<void>((resolve) => (m.room = resolve));
      }
      ended[i] = { kind: 'ended', member: i };
    } catch (e) {
      ended[i] = signal.aborted ? { kind: 'ended', member: i } : { kind: 'ended', member: i, error: e };
    } finally {
      m.done = true;
      poke();
    }
  };
  const pumps = members.map((_, i) => pump(i));
  signal.addEventListener('abort', poke, { once: true });

  /** Moves every line that is safe to hand out into one batch. */
  const take = (): MergedLines | undefined => {
    const t = now();
    let bound = Infinity;
    for (const m of state) {
      if (m.done || queued(m) > 0) continue;
      const caughtUp = t - m.lastArrival >= settleMs;
      bound = Math.min(bound, caughtUp ? Math.max(m.lastTime, t - lagMs) : -Infinity);
    }
    const out: MergedLines = { kind: 'lines', member: [], stderr: [], time: [], lines: [] };
    while (out.lines.length < maxBatch) {
      let best = -1;
      for (let i = 0; i < state.length; i++) {
        const m = state[i]!;
        if (queued(m) === 0) continue;
        if (best < 0) {
          best = i;
          continue;
        }
        const b = state[best]!;
        const d = m.times[m.head]! - b.times[b.head]!;
        if (d < 0 || (d === 0 && m.seqs[m.head]! < b.seqs[b.head]!)) best = i;
      }
      if (best < 0) break;
      const m = state[best]!;
      const time = m.times[m.head]!;
      if (time > bound) break;
      out.member.push(best);
      out.stderr.push(m.stderr[m.head]!);
      out.time.push(time);
      out.lines.push(m.lines[m.head]!);
      m.head++;
      if (m.head > 4096 && m.head * 2 > m.lines.length) compact(m);
      if (queued(m) === 0) {
        compact(m);
        // An emptied member blocks again until it has caught up.
        if (!m.done) bound = Math.min(bound, t - m.lastArrival >= settleMs ? Math.max(m.lastTime, t - lagMs) : -Infinity);
      }
      if (m.room && queued(m) < maxQueued) {
        const r = m.room;
        m.room = undefined;
        r();
      }
    }
    return out.lines.length ? out : undefined;
  };

  try {
    for (;;) {
      if (signal.aborted) return;
      const batch = take();
      if (batch) yield batch;
      for (let i = 0; i < state.length; i++) {
        const e = ended[i];
        if (e && !reported.has(i) && queued(state[i]!) === 0) {
          reported.add(i);
          yield e;
        }
      }
      if (reported.size === state.length) return;
      if (batch && batch.lines.length >= maxBatch) continue;
      // Sleep until a member sends or ends, or until a quiet member counts as caught up.
      if (!dirty) {
        const blocked = state.some((m) => queued(m) > 0);
        await new Promise<void>((resolve) => {
          const timer = blocked && Number.isFinite(settleMs) ? setTimeout(resolve, Math.min(settleMs, lagMs)) : undefined;
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        wake = undefined;
      }
      dirty = false;
    }
  } finally {
    stop.abort();
    for (const m of state) m.room?.();
    await Promise.allSettled(iterators.map((it) => it.return?.()));
    await Promise.allSettled(pumps);
  }
}

function compact(m: Member): void {
  m.lines = m.lines.slice(m.head);
  m.times = m.times.slice(m.head);
  m.seqs = m.seqs.slice(m.head);
  m.stderr = m.stderr.slice(m.head);
  m.head = 0;
}
