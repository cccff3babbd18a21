/**
 * Flow control between the log stream and xterm.js.
 *
 * Batches from the bridge are written to xterm as one write each; xterm
 * parses them in time-sliced chunks and calls the write callback when a batch
 * is parsed. `inflight` counts what xterm has been handed but not yet parsed.
 * Above the high-water mark (or while the user has paused following) new
 * batches wait in `pending` instead.
 *
 * `pending` is bounded without losing anything the view could show: xterm
 * keeps only `scrollback + rows` lines, so once `pending` alone holds more
 * than that, its oldest batches would be pushed out of the scrollback as soon
 * as they were written. They are dropped unparsed (counted, and a marker line
 * says so when writing resumes). A byte cap bounds memory even for absurdly
 * long lines. This is what lets a million lines arrive at full speed: xterm
 * parses only what it can keep, and the main thread never queues more than a
 * few megabytes.
 */
import type { LogBatch } from '../../../../electron/contract/index.js';

export interface LogWriter {
  write(data: string, callback?: () => void): void;
}

export interface SinkState {
  /** Batches waiting (paused or catching up). */
  pendingLines: number;
  /** Lines dropped unseen since the last marker (they would have left the scrollback anyway). */
  droppedLines: number;
  /** True while xterm is behind by more than the high-water mark. */
  catchingUp: boolean;
}

interface Batch {
  text: string;
  lines: number;
}

export interface LogSinkOptions {
  /** Characters handed to xterm but not yet parsed before new batches wait. */
  highWater?: number;
  /** How many lines the view can hold (scrollback + rows). */
  keepLines: () => number;
  /** Upper bound on characters waiting in `pending`. */
  maxPendingChars?: number;
  /** Largest single xterm write (characters); bigger batches are sliced at line ends. */
  slice?: number;
  onState?: (state: SinkState) => void;
  /** Called after a batch was parsed by xterm (e.g. to scroll to the bottom). */
  onWritten?: () => void;
}

export class LogSink {
  private inflight = 0;
  private pending: Batch[] = [];
  private head = 0;
  private pendingLines = 0;
  private pendingChars = 0;
  private dropped = 0;
  private paused = false;
  private generation = 0;
  private readonly highWater: number;
  private readonly maxPendingChars: number;
  private readonly slice: number;
  private lastState: SinkState = { pendingLines: 0, droppedLines: 0, catchingUp: false };

  constructor(
    private readonly writer: LogWriter,
    private readonly opts: LogSinkOptions,
  ) {
    this.highWater = opts.highWater ?? 512 * 1024;
    this.slice = opts.slice ?? 8 * 1024;
    this.maxPendingChars = opts.maxPendingChars ?? 32 * 1024 * 1024;
  }

  /** Add one batch (already formatted, lines terminated by \r\n). */
  push(text: string, lines: number): void {
    if (!text) return;
    if (!this.paused && this.inflight < this.highWater && this.queued() === 0) {
      this.write(text);
    } else {
      this.pending.push({ text, lines });
      this.pendingLines += lines;
      this.pendingChars += text.length;
      this.trim();
    }
    this.report();
  }

  setPaused(paused: boolean): void {
    this.paused = paused;
    if (!paused) this.drain();
    this.report();
  }

  isPaused(): boolean {
    return this.paused;
  }

  /** Forget everything waiting (the view is being cleared or the stream restarted). */
  reset(): void {
    this.generation++;
    this.inflight = 0;
    this.pending = [];
    this.head = 0;
    this.pendingLines = 0;
    this.pendingChars = 0;
    this.dropped = 0;
    this.report();
  }

  private queued(): number {
    return this.pending.length - this.head;
  }

  private trim(): void {
    const keep = Math.max(1, this.opts.keepLines());
    while (this.queued() > 1) {
      const first = this.pending[this.head]!;
      const overLines = this.pendingLines - first.lines >= keep - 1; // one line left for the "skipped" marker
      const overChars = this.pendingChars > this.maxPendingChars;
      if (!overLines && !overChars) break;
      this.pending[this.head] = undefined as unknown as Batch;
      this.head++;
      this.pendingLines -= first.lines;
      this.pendingChars -= first.text.length;
      this.dropped += first.lines;
    }
    // Compact the array now and then instead of shifting per batch.
    if (this.head > 1024 && this.head * 2 > this.pending.length) {
      this.pending = this.pending.slice(this.head);
      this.head = 0;
    }
  }

  /**
   * One batch, one logical write. xterm yields to the event loop only between
   * the chunks it was handed, and each line feed costs it a scroll update, so
   * a large batch goes in slices of at most `slice` characters (split at line
   * ends) to keep every task short; the callback rides on the last slice.
   */
  private write(text: string): void {
    const gen = this.generation;
    const size = text.length;
    this.inflight += size;
    const done = () => {
      if (gen !== this.generation) return;
      this.inflight -= size;
      this.opts.onWritten?.();
      this.drain();
      this.report();
    };
    let start = 0;
    while (size - start > this.slice) {
      let end = text.lastIndexOf('\n', start + this.slice);
      if (end <= start) end = start + this.slice;
      else end += 1;
      this.writer.write(text.slice(start, end));
      start = end;
    }
    this.writer.write(start === 0 ? text : text.slice(start), done);
  }

  private drain(): void {
    while (!this.paused && this.inflight < this.highWater && this.queued() > 0) {
      if (this.dropped > 0) {
        const n = this.dropped;
        this.dropped = 0;
        this.write(`\x1b[0;2m… ${n.toLocaleString('en-US')} earlier line${n === 1 ? '' : 's'} skipped to keep up (beyond the scrollback); download the full log to see every line …\x1b[0m\r\n`);
      }
      const batch = this.pending[this.head]!;
      this.pending[this.head] = undefined as unknown as Batch;
      this.head++;
      this.pendingLines -= batch.lines;
      this.pendingChars -= batch.text.length;
      if (this.queued() === 0) {
        this.pending = [];
        this.head = 0;
      }
      this.write(batch.text);
    }
  }

  private report(): void {
    if (!this.opts.onState) return;
    const state: SinkState = {
      pendingLines: this.pendingLines,
      droppedLines: this.dropped,
      catchingUp: !this.paused && (this.inflight >= this.highWater || this.queued() > 0),
    };
    const last = this.lastState;
    if (last.pendingLines === state.pendingLines && last.droppedLines === state.droppedLines && last.catchingUp === state.catchingUp) return;
    this.lastState = state;
    this.opts.onState(state);
  }
}

const RESET = '\x1b[0m';
const STDERR = '\x1b[31m';
const DIM = '\x1b[2m';

let lastMs = Number.NaN;
let lastStamp = '';
function stamp(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return '';
  if (ms !== lastMs) {
    lastMs = ms;
    lastStamp = DIM + new Date(ms).toISOString() + RESET + ' ';
  }
  return lastStamp;
}

/**
 * Batches of lines as one string for xterm: lines end in \r\n, stderr is
 * tinted red (the log's own ANSI colours still apply after their codes), the
 * timestamp (when asked for) is dim in front.
 */
export function formatBatches(batches: readonly LogBatch[], timestamps: boolean): { text: string; lines: number } {
  let out = '';
  let count = 0;
  for (const b of batches) {
    const times = timestamps ? b.times : undefined;
    const err = b.stream === 'stderr';
    const lines = b.lines;
    count += lines.length;
    for (let i = 0; i < lines.length; i++) {
      if (times) out += stamp(times[i]);
      out += err ? STDERR + lines[i] + RESET + '\r\n' : lines[i] + '\r\n';
    }
  }
  return { text: out, lines: count };
}

/** Prefix colours of a combined log (ANSI: readable on light and dark themes), picked by name so a service keeps its colour. */
const MEMBER_COLOURS = ['\x1b[36m', '\x1b[33m', '\x1b[35m', '\x1b[32m', '\x1b[34m', '\x1b[96m', '\x1b[93m', '\x1b[95m', '\x1b[92m', '\x1b[94m'];

export function memberColour(name: string): string {
  let h = 0;
  for (let i = 0; i < name.length; i++) h = (h * 31 + name.charCodeAt(i)) >>> 0;
  return MEMBER_COLOURS[h % MEMBER_COLOURS.length]!;
}

/** Each member's prefix ("web-1 | "), padded to the longest name and coloured by name. */
export function memberPrefixes(names: readonly string[]): string[] {
  const width = Math.min(32, Math.max(0, ...names.map((n) => n.length)));
  return names.map((n) => memberColour(n) + (n.length > width ? n.slice(0, width - 1) + '…' : n.padEnd(width)) + ' |' + RESET + ' ');
}

/** Combined-log batches for xterm: like formatBatches, each line after its member's prefix. */
export function formatGroupBatches(batches: readonly LogBatch[], prefixes: readonly string[], timestamps: boolean): { text: string; lines: number } {
  let out = '';
  let count = 0;
  for (const b of batches) {
    const prefix = prefixes[b.member ?? -1] ?? '';
    const times = timestamps ? b.times : undefined;
    const err = b.stream === 'stderr';
    count += b.lines.length;
    for (let i = 0; i < b.lines.length; i++) {
      out += prefix;
      if (times) out += stamp(times[i]);
      out += err ? STDERR + b.lines[i] + RESET + '\r\n' : b.lines[i] + '\r\n';
    }
  }
  return { text: out, lines: count };
}
