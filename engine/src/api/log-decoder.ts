/**
 * Decoding a log body into entries: the engine's multiplexed framing (the one
 * decoder, streams/demux.ts), or a raw TTY stream (Docker only), with the
 * engine's `"<timestamp> "` prefix split off each entry when timestamps are on.
 */
import { FrameParser, type FrameSink, type StreamName as FrameStream } from '../streams/demux.js';

export type LogStreamName = 'stdout' | 'stderr';
type StreamName = LogStreamName;

/** What a decoder reports: the start of each log entry (with its timestamp text) and its payload pieces. */
export interface EntryHandler {
  /** A new entry begins; return false to drop it (used to skip replayed entries). */
  entry(stream: StreamName, ts: string | undefined): boolean;
  /** Payload bytes `buf[start, end)` of the current entry. */
  data(stream: StreamName, buf: Buffer, start: number, end: number): void;
}

/**
 * Pure decoder of a log body. Chunk boundaries can fall anywhere; stdin
 * frames are dropped. A bad frame header throws the demuxer's FrameError.
 */
export class LogDecoder implements FrameSink {
  private readonly frames = new FrameParser();
  private h: EntryHandler | null = null;
  private current: StreamName = 'stdout';
  private keep = true;
  /** Payload bytes of the current frame not yet seen. */
  private left = 0;
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
    this.h = h;
    this.frames.feed(chunk, this);
  }

  /** True when the body ended on an entry boundary. */
  get idle(): boolean {
    return this.frames.idle;
  }

  /** @internal FrameSink: a new entry. */
  frame(stream: FrameStream, size: number): void {
    this.stdinFrame = stream === 'stdin';
    if (stream !== 'stdin') this.current = stream;
    this.left = size;
    if (this.timestamps) {
      this.tsParts = [];
      this.tsLen = 0;
      if (size === 0) this.finishTs();
    } else {
      this.keep = !this.stdinFrame && this.h!.entry(this.current, undefined);
    }
  }

  /** @internal FrameSink: a piece of the entry's payload. */
  data(_stream: FrameStream, buf: Buffer, start: number, end: number): void {
    this.left -= end - start;
    if (this.tsParts !== null) {
      // Still reading the "<timestamp> " prefix of this entry.
      let sp = buf.indexOf(0x20, start);
      if (sp >= end) sp = -1;
      const stop = sp === -1 ? end : sp;
      if (this.tsLen < 64) {
        this.tsParts.push(buf.subarray(start, stop));
        this.tsLen += stop - start;
      }
      if (sp === -1) {
        if (this.left === 0) this.finishTs();
        return;
      }
      this.finishTs();
      start = sp + 1;
      if (start >= end) return;
    }
    if (this.keep) this.h!.data(this.current, buf, start, end);
  }

  private finishTs(): void {
    const parts = this.tsParts!;
    this.tsParts = null;
    const ts = (parts.length === 1 ? parts[0]! : Buffer.concat(parts)).toString('latin1');
    this.keep = !this.stdinFrame && this.h!.entry(this.current, ts);
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
