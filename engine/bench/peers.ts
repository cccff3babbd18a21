/**
 * The peers Berth is measured against, in this same process:
 * - `RawSocket`: the limit in Node — one `http` request on a keep-alive
 *   agent, then `JSON.parse` (list) or a bare 8-byte-header demux that only
 *   counts newlines (log);
 * - `DockerodePeer`: dockerode as its users drive it.
 * Both are deliberately minimal: what they skip (errors, normalization,
 * strings per line) is what the ratios charge Berth for.
 */
import http from 'node:http';
import { Readable } from 'node:stream';
import Docker from 'dockerode';

/** What a log read delivered: lines, body bytes (framing included), first and last line (without the newline). */
export interface LogCount {
  lines: number;
  bytes: number;
  first: string;
  last: string;
}

export class RawSocket {
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 16 });

  constructor(readonly socketPath: string) {}

  /** GET/POST one path; resolves with the response once headers arrive (non-2xx rejects). */
  request(method: string, path: string, body?: unknown): Promise<http.IncomingMessage> {
    return new Promise((resolve, reject) => {
      const json = body === undefined ? undefined : JSON.stringify(body);
      const headers: Record<string, string | number> = { Host: 'd' };
      if (json !== undefined) {
        headers['Content-Type'] = 'application/json';
        headers['Content-Length'] = Buffer.byteLength(json);
      }
      const req = http.request({ socketPath: this.socketPath, method, path, agent: this.agent, headers }, (res) => {
        const status = res.statusCode ?? 0;
        if (status >= 200 && status < 300) {
          resolve(res);
          return;
        }
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (text += d));
        res.on('end', () => reject(new Error(`${method} ${path}: HTTP ${status} ${text.slice(0, 500)}`)));
      });
      req.on('error', reject);
      req.end(json);
    });
  }

  /** A JSON call (setup work: create, start). */
  async json<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await this.request(method, path, body);
    const chunks: Buffer[] = [];
    for await (const c of res) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    return (text ? JSON.parse(text) : undefined) as T;
  }

  /** The measured list: one request, the body collected, `JSON.parse`. Returns the row count and bytes. */
  async list(path: string): Promise<{ count: number; bytes: number }> {
    const res = await this.request('GET', path);
    const chunks: Buffer[] = [];
    let bytes = 0;
    for await (const c of res) {
      chunks.push(c as Buffer);
      bytes += (c as Buffer).length;
    }
    const rows = JSON.parse(Buffer.concat(chunks, bytes).toString('utf8')) as unknown[];
    return { count: rows.length, bytes };
  }

  /**
   * The measured log read: a bare demux of the 8-byte multiplexed framing that
   * counts newlines in the payload and remembers where the first and last
   * payload pieces were (no copies, no strings per line).
   */
  async logLines(path: string): Promise<LogCount> {
    const res = await this.request('GET', path);
    const header = Buffer.alloc(8);
    let headerFill = 0;
    let need = 0;
    let lines = 0;
    let bytes = 0;
    let firstPiece: Buffer | undefined;
    let lastPiece: Buffer | undefined;
    for await (const c of res) {
      const chunk = c as Buffer;
      bytes += chunk.length;
      let off = 0;
      const len = chunk.length;
      while (off < len) {
        if (need === 0) {
          if (headerFill === 0 && len - off >= 8) {
            need = chunk.readUInt32BE(off + 4);
            off += 8;
          } else {
            const take = Math.min(8 - headerFill, len - off);
            chunk.copy(header, headerFill, off, off + take);
            headerFill += take;
            off += take;
            if (headerFill < 8) break;
            headerFill = 0;
            need = header.readUInt32BE(4);
          }
          continue;
        }
        const end = Math.min(len, off + need);
        let p = chunk.indexOf(10, off);
        while (p !== -1 && p < end) {
          lines++;
          p = chunk.indexOf(10, p + 1);
        }
        if (firstPiece === undefined) firstPiece = chunk.subarray(off, end);
        lastPiece = chunk.subarray(off, end);
        need -= end - off;
        off = end;
      }
    }
    return { lines, bytes, first: lineOf(firstPiece), last: lineOf(lastPiece) };
  }

  close(): void {
    this.agent.destroy();
  }
}

function lineOf(b: Buffer | undefined): string {
  if (!b) return '';
  const s = b.toString('utf8');
  return s.endsWith('\n') ? s.slice(0, -1) : s;
}

/** Where dockerode's demuxStream writes: counts newlines, keeps the first and last piece. */
class CountingSink {
  lines = 0;
  bytes = 0;
  first: Buffer | undefined;
  last: Buffer | undefined;
  write(b: Buffer): boolean {
    this.bytes += b.length;
    let p = b.indexOf(10);
    while (p !== -1) {
      this.lines++;
      p = b.indexOf(10, p + 1);
    }
    if (this.first === undefined) this.first = b;
    this.last = b;
    return true;
  }
  result(): LogCount {
    return { lines: this.lines, bytes: this.bytes, first: lineOf(this.first), last: lineOf(this.last) };
  }
}

/** Small enough slices for dockerode's recursive demuxStream (see `logExited`). */
const SLICE = 16 * 1024;

function* slices(buf: Buffer, size = SLICE): Generator<Buffer> {
  for (let i = 0; i < buf.length; i += size) yield buf.subarray(i, Math.min(buf.length, i + size));
}

/** A stream re-cut into slices of at most SLICE bytes. */
async function* resliced(src: NodeJS.ReadableStream, count: { bytes: number }): AsyncGenerator<Buffer> {
  for await (const c of src) {
    count.bytes += (c as Buffer).length;
    yield* slices(c as Buffer);
  }
}

function ended(s: NodeJS.ReadableStream): Promise<void> {
  return new Promise((resolve, reject) => {
    s.once('end', resolve);
    s.once('close', resolve);
    s.once('error', reject);
  });
}

export class DockerodePeer {
  readonly docker: Docker;

  constructor(socketPath: string) {
    this.docker = new Docker({ socketPath });
  }

  async list(): Promise<{ count: number }> {
    const rows = await this.docker.listContainers({ all: true });
    return { count: rows.length };
  }

  /**
   * A whole log with `follow: false`, the way dockerode gives it: the body
   * collected into one Buffer (dockerode also turns it into a string while
   * trying JSON.parse), then demultiplexed with `modem.demuxStream`.
   *
   * demuxStream recurses once per frame and copies the rest of its buffer
   * per frame: fed a 64 KiB chunk of ~15-byte frames (what a unix socket
   * delivers) it overflows the stack (RangeError, uncaught, in a 'data'
   * handler). So the bench feeds it 16 KiB slices here and in `logFollow()`,
   * which is what a dockerode user with short log lines has to do too.
   */
  async logExited(id: string): Promise<LogCount> {
    const buf = (await this.docker.getContainer(id).logs({ stdout: true, stderr: true, follow: false })) as unknown as Buffer;
    const sink = new CountingSink();
    const src = Readable.from(slices(buf));
    this.docker.modem.demuxStream(src, sink as unknown as NodeJS.WritableStream, sink as unknown as NodeJS.WritableStream);
    await ended(src);
    return { ...sink.result(), bytes: buf.length };
  }

  /** A followed log: dockerode's response stream (re-cut into 16 KiB slices) through `modem.demuxStream`. */
  async logFollow(id: string): Promise<LogCount> {
    const res = (await this.docker.getContainer(id).logs({ stdout: true, stderr: true, follow: true })) as NodeJS.ReadableStream;
    const body = { bytes: 0 };
    const stream = Readable.from(resliced(res, body));
    const sink = new CountingSink();
    this.docker.modem.demuxStream(stream, sink as unknown as NodeJS.WritableStream, sink as unknown as NodeJS.WritableStream);
    await ended(stream);
    return { ...sink.result(), bytes: body.bytes };
  }
}
