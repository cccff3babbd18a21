/**
 * The engine's multiplexed stream format: each frame is an 8-byte header
 * (byte 0: 1 = stdout, 2 = stderr, 0 = stdin; bytes 4..7: big-endian length)
 * followed by that many bytes. libpod uses it for every log, TTY or not.
 *
 * The demuxer is a Transform in object mode, so backpressure holds: when the
 * consumer stops reading, the socket stops being read. It never holds more
 * than one frame's worth of partial data, and it slices payloads out of the
 * incoming chunks without copying where a frame lies inside one chunk.
 */
import { Transform, type TransformCallback } from 'node:stream';

export type StreamName = 'stdout' | 'stderr' | 'stdin';

export interface Frame {
  stream: StreamName;
  data: Buffer;
}

const NAMES: Record<number, StreamName> = { 0: 'stdin', 1: 'stdout', 2: 'stderr' };
const HEADER = 8;

export class FrameError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FrameError';
  }
}

/** Receives a multiplexed stream's frames: each header, then its payload as views `buf[start, end)` (no copies, no allocations). */
export interface FrameSink {
  frame(stream: StreamName, size: number): void;
  data(stream: StreamName, buf: Buffer, start: number, end: number): void;
}

function noFrame(): void {}

/** Pure state machine, the one decoder of the format: shared by the Transform, exec and the log reader. */
export class FrameParser {
  private header = Buffer.alloc(HEADER);
  private headerFill = 0;
  private remaining = 0;
  private current: StreamName = 'stdout';

  /** Feed a chunk; `emit` receives each payload piece (a frame can arrive in several pieces). */
  push(chunk: Buffer, emit: (stream: StreamName, data: Buffer) => void): void {
    this.feed(chunk, { frame: noFrame, data: (stream, buf, start, end) => emit(stream, buf.subarray(start, end)) });
  }

  /** Feed a chunk to a sink that also sees frame boundaries (log entries begin at each header). */
  feed(chunk: Buffer, sink: FrameSink): void {
    let off = 0;
    const len = chunk.length;
    while (off < len) {
      if (this.remaining === 0) {
        // Fast path: a whole header sits in this chunk.
        if (this.headerFill === 0 && len - off >= HEADER) {
          this.begin(chunk[off]!, chunk.readUInt32BE(off + 4), sink);
          off += HEADER;
        } else {
          const take = Math.min(HEADER - this.headerFill, len - off);
          chunk.copy(this.header, this.headerFill, off, off + take);
          this.headerFill += take;
          off += take;
          if (this.headerFill < HEADER) return;
          this.headerFill = 0;
          this.begin(this.header[0]!, this.header.readUInt32BE(4), sink);
        }
        continue;
      }
      const take = Math.min(this.remaining, len - off);
      this.remaining -= take;
      sink.data(this.current, chunk, off, off + take);
      off += take;
    }
  }

  /** True when the stream ended on a frame boundary. */
  get idle(): boolean {
    return this.remaining === 0 && this.headerFill === 0;
  }

  private begin(type: number, size: number, sink: FrameSink): void {
    const name = NAMES[type];
    if (name === undefined) throw new FrameError(`not a multiplexed stream (stream type byte ${type})`);
    this.current = name;
    this.remaining = size;
    sink.frame(name, size);
  }
}

/** Transform: Buffer in, {stream, data} out. */
export class Demuxer extends Transform {
  private readonly parser = new FrameParser();

  constructor() {
    super({ readableObjectMode: true, readableHighWaterMark: 64 });
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    try {
      this.parser.push(chunk, (stream, data) => {
        this.push({ stream, data } satisfies Frame);
      });
      done();
    } catch (e) {
      done(e as Error);
    }
  }

  override _flush(done: TransformCallback): void {
    done(this.parser.idle ? null : new FrameError('the stream ended in the middle of a frame'));
  }
}
