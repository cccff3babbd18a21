/**
 * The two hot paths of file transfer, without a general tar library in the
 * way: a one-entry tar around a file's bytes (upload) and a file's bytes out
 * of the engine's tar of one path (download). Both pass the data chunks
 * through as they come (subarrays, no copies), so a 200 MB file costs what
 * the socket costs. Headers follow ustar plus PAX (long or non-ASCII names,
 * sizes past 8 GiB) and GNU long names, which is what Podman and Docker send.
 */
import { Readable, Transform, type TransformCallback, type TransformOptions } from 'node:stream';
import { EngineError } from '../errors.js';
import { headerBlocks } from '../api/tar-pack.js';

const BLOCK = 512;

/** A tar stream of one regular file `name` with `size` bytes from `body` (which must deliver exactly that many). */
export function singleFileTar(entry: { name: string; size: number; mode: number; mtime: number }, body: Readable): Readable {
  async function* blocks(): AsyncGenerator<Buffer> {
    yield Buffer.concat(headerBlocks({ name: entry.name, type: 'file', mode: entry.mode, size: entry.size, mtime: Math.floor(entry.mtime / 1000) }));
    let sent = 0;
    for await (const chunk of body) {
      const b = chunk as Buffer;
      sent += b.length;
      if (sent > entry.size) throw new Error(`the file grew while it was sent (more than ${entry.size} bytes)`);
      yield b;
    }
    if (sent !== entry.size) throw new Error(`the file changed while it was sent (${sent} of ${entry.size} bytes)`);
    const rest = entry.size % BLOCK;
    // Padding to the block, then the two zero blocks that end an archive.
    yield Buffer.alloc((rest ? BLOCK - rest : 0) + 2 * BLOCK);
  }
  return Readable.from(blocks(), { objectMode: false });
}

function octal(buf: Buffer, offset: number, length: number): number {
  // GNU base-256 for big numbers: the first byte has its top bit set.
  if (buf[offset]! & 0x80) {
    let n = buf[offset]! & 0x7f;
    for (let i = 1; i < length; i++) n = n * 256 + buf[offset + i]!;
    return n;
  }
  const text = buf
    .subarray(offset, offset + length)
    .toString('ascii')
    .replace(/[\0 ]+$/g, '')
    .trim();
  return text ? Number.parseInt(text, 8) : 0;
}

/** The `size` record of PAX data, if any. */
function paxSize(data: Buffer): number | undefined {
  let i = 0;
  while (i < data.length) {
    const sp = data.indexOf(0x20, i);
    if (sp < 0) break;
    const len = Number.parseInt(data.subarray(i, sp).toString('ascii'), 10);
    if (!Number.isFinite(len) || len <= 0) break;
    const record = data.subarray(sp + 1, i + len - 1).toString('utf8');
    if (record.startsWith('size=')) return Number(record.slice(5));
    i += len;
  }
  return undefined;
}

/**
 * The bytes of the first regular file in a tar stream (PAX and GNU long-name
 * headers before it are read; everything after it is dropped). Fails if the
 * first entry is not a regular file or the stream ends inside the file.
 */
export class FirstFileOfTar extends Transform {
  private head = Buffer.alloc(0);
  /** Bytes of the current meta entry's data still to read (PAX/GNU), then its padding. */
  private meta = 0;
  private metaData: Buffer[] = [];
  private metaPad = 0;
  private paxOverride: number | undefined;
  /** Bytes of the file still to pass through; -1 before the file's header, -2 after the file. */
  private remaining = -1;
  /** What the header said the file is. */
  fileSize = 0;

  constructor(
    private readonly operation: string,
    opts?: TransformOptions,
  ) {
    super(opts);
  }

  private fail(kind: 'invalid-argument' | 'stream-interrupted', why: string): EngineError {
    return new EngineError({
      kind,
      operation: this.operation,
      engineMessage: why,
      hint: kind === 'invalid-argument' ? 'Only regular files can be viewed or downloaded one by one; download the folder instead.' : 'Try again.',
    });
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    let c = chunk;
    while (c.length > 0) {
      if (this.remaining === -2) return done();
      if (this.remaining >= 0) {
        const n = Math.min(this.remaining, c.length);
        if (n > 0) this.push(n === c.length ? c : c.subarray(0, n));
        this.remaining -= n;
        c = c.subarray(n);
        if (this.remaining === 0) {
          this.remaining = -2;
          this.push(null);
        }
        continue;
      }
      if (this.meta > 0 || this.metaPad > 0) {
        if (this.meta > 0) {
          const n = Math.min(this.meta, c.length);
          this.metaData.push(c.subarray(0, n));
          this.meta -= n;
          c = c.subarray(n);
          if (this.meta === 0) this.paxOverride = paxSize(Buffer.concat(this.metaData)) ?? this.paxOverride;
        } else {
          const n = Math.min(this.metaPad, c.length);
          this.metaPad -= n;
          c = c.subarray(n);
        }
        continue;
      }
      // A header block, perhaps across chunks.
      const need = BLOCK - this.head.length;
      this.head = Buffer.concat([this.head, c.subarray(0, need)]);
      c = c.subarray(need);
      if (this.head.length < BLOCK) continue;
      const h = this.head;
      this.head = Buffer.alloc(0);
      if (h.every((b) => b === 0)) return done(this.fail('invalid-argument', 'the archive holds no file'));
      const type = String.fromCharCode(h[156]!);
      const size = octal(h, 124, 12);
      if (type === 'x' || type === 'g' || type === 'L' || type === 'K') {
        this.meta = size;
        this.metaData = [];
        this.metaPad = size % BLOCK ? BLOCK - (size % BLOCK) : 0;
        continue;
      }
      if (type !== '0' && type !== '\0' && type !== '7') return done(this.fail('invalid-argument', `the path is not a regular file (tar type "${type}")`));
      this.fileSize = this.paxOverride ?? size;
      this.emit('file', this.fileSize);
      this.remaining = this.fileSize;
      if (this.remaining === 0) {
        this.remaining = -2;
        this.push(null);
        return done();
      }
    }
    done();
  }

  override _flush(done: TransformCallback): void {
    if (this.remaining !== -2) done(this.fail('stream-interrupted', this.remaining > 0 ? `the archive ended ${this.remaining} bytes before the end of the file` : 'the archive ended before the file'));
    else done();
  }
}
