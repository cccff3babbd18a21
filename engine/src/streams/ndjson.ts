/**
 * Newline-delimited JSON (events, pulls, pushes, builds, stats): Buffer in,
 * one parsed value out per line. Partial lines wait for the next chunk; a
 * line that is not JSON is an error, not silently dropped.
 */
import { StringDecoder } from 'node:string_decoder';
import { Transform, type TransformCallback } from 'node:stream';

export class NdjsonError extends Error {
  constructor(readonly line: string) {
    super(`the engine sent a line that is not JSON: ${line.slice(0, 200)}`);
    this.name = 'NdjsonError';
  }
}

/** Pure splitter: push text, get complete lines back. */
export class LineSplitter {
  private decoder = new StringDecoder('utf8');
  private rest = '';

  push(chunk: Buffer | string): string[] {
    const text = this.rest + (typeof chunk === 'string' ? chunk : this.decoder.write(chunk));
    const lines = text.split('\n');
    this.rest = lines.pop() ?? '';
    return lines;
  }

  end(): string[] {
    const tail = this.rest + this.decoder.end();
    this.rest = '';
    return tail ? [tail] : [];
  }
}

export class NdjsonParser extends Transform {
  private readonly lines = new LineSplitter();

  constructor() {
    super({ readableObjectMode: true, readableHighWaterMark: 256 });
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    done(this.emitLines(this.lines.push(chunk)));
  }

  override _flush(done: TransformCallback): void {
    done(this.emitLines(this.lines.end()));
  }

  private emitLines(lines: string[]): Error | null {
    for (const raw of lines) {
      const line = raw.trim();
      if (!line) continue;
      try {
        this.push(JSON.parse(line));
      } catch {
        return new NdjsonError(line);
      }
    }
    return null;
  }
}
