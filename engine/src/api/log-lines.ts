/**
 * Assembling decoded log entries into lines, per stream.
 */
import { TimeCache, type EntryHandler, type LogStreamName as StreamName } from './log-decoder.js';
import type { LogLineBatch } from './log-types.js';

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
