/**
 * Gathers log line batches into bridge messages: one message per ~16 ms or
 * 64 KiB, whichever comes first, so a fast log costs one IPC message per
 * frame instead of one per line. Pulling from the source is paced by the
 * consumer (the async generator only reads on when its message was taken).
 */
import type { GroupLogEvent, LogBatch, LogEvent } from '../../contract/types.js';

export interface BatchOptions {
  maxBytes?: number;
  maxDelayMs?: number;
}

/** Events that are not lines (a combined log's member ended) go through at once, after the lines before them. */
type Passing = Exclude<GroupLogEvent, LogEvent>;

export function batchLogs(source: AsyncIterable<LogBatch>, opts?: BatchOptions): AsyncGenerator<LogEvent>;
export function batchLogs(source: AsyncIterable<LogBatch | Passing>, opts?: BatchOptions): AsyncGenerator<GroupLogEvent>;
export async function* batchLogs(source: AsyncIterable<LogBatch | Passing>, opts: BatchOptions = {}): AsyncGenerator<GroupLogEvent> {
  const maxBytes = opts.maxBytes ?? 64 * 1024;
  const maxDelay = opts.maxDelayMs ?? 16;
  let pending: LogBatch[] = [];
  let bytes = 0;
  let startedAt = 0;
  const it = source[Symbol.asyncIterator]();
  let next = it.next();
  try {
    for (;;) {
      let r: IteratorResult<LogBatch | Passing> | 'tick';
      if (pending.length === 0) {
        r = await next;
      } else {
        const wait = Math.max(0, maxDelay - (performance.now() - startedAt));
        let timer: NodeJS.Timeout | undefined;
        r = await Promise.race([next, new Promise<'tick'>((res) => (timer = setTimeout(() => res('tick'), wait)))]);
        clearTimeout(timer);
      }
      if (r === 'tick') {
        yield { kind: 'chunk', batches: pending };
        pending = [];
        bytes = 0;
        continue;
      }
      if (r.done) break;
      next = it.next();
      const v = r.value;
      if ('kind' in v) {
        if (pending.length) yield { kind: 'chunk', batches: pending };
        pending = [];
        bytes = 0;
        yield v;
        continue;
      }
      const b = v;
      if (b.lines.length === 0) continue;
      if (pending.length === 0) startedAt = performance.now();
      const last = pending[pending.length - 1];
      if (last && last.stream === b.stream && last.member === b.member && !!last.times === !!b.times) {
        // A loop, not push(...spread): batches can hold more lines than the call stack allows arguments.
        for (const l of b.lines) last.lines.push(l);
        if (last.times && b.times) for (const t of b.times) last.times.push(t);
      } else {
        pending.push({ stream: b.stream, lines: b.lines.slice(), ...(b.times ? { times: b.times.slice() } : {}), ...(b.member !== undefined ? { member: b.member } : {}) });
      }
      for (const l of b.lines) bytes += l.length + 1;
      if (bytes >= maxBytes) {
        yield { kind: 'chunk', batches: pending };
        pending = [];
        bytes = 0;
      }
    }
    if (pending.length) yield { kind: 'chunk', batches: pending };
  } finally {
    await it.return?.();
  }
}
