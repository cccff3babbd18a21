/**
 * HTTP over a unix socket or named pipe, on Node's own `http`.
 *
 * Every call returns either parsed JSON or the live response stream; nothing
 * here buffers a stream body. A keep-alive agent reuses sockets, which matters
 * for the many small calls a UI makes. `upgrade()` does the `Upgrade: tcp`
 * dance that exec/attach need and hands back the raw duplex socket.
 */
import http from 'node:http';
import type { Duplex } from 'node:stream';
import { EngineError, errorFromResponse, errorFromSocket } from '../errors.js';
import type { SocketAddress } from './socket-address.js';

export type Query = Record<string, string | number | boolean | undefined | null | readonly string[]>;

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'HEAD';
  path: string;
  query?: Query | undefined;
  /** Objects are sent as JSON; Buffers and streams as they are. */
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal | undefined;
  /** What the user was doing, for error messages ("Start container web"). */
  operation: string;
  /** Milliseconds to wait for the response headers (not for the whole stream). */
  timeoutMs?: number | undefined;
}

export interface TransportOptions {
  address: SocketAddress;
  /** Upper bound for waiting on response headers; streams are not limited. */
  defaultTimeoutMs?: number;
  maxSockets?: number;
}

export function buildQuery(query: Query | undefined): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) {
      for (const v of value) params.append(key, v);
    } else {
      params.append(key, String(value));
    }
  }
  const s = params.toString();
  return s ? `?${s}` : '';
}

export class HttpTransport {
  readonly address: SocketAddress;
  private readonly agent: http.Agent;
  private readonly defaultTimeoutMs: number;

  constructor(opts: TransportOptions) {
    this.address = opts.address;
    this.defaultTimeoutMs = opts.defaultTimeoutMs ?? 30_000;
    this.agent = new http.Agent({ keepAlive: true, maxSockets: opts.maxSockets ?? 16, scheduling: 'lifo' });
  }

  /** Send a request and resolve with the response once headers arrive; non-2xx becomes an EngineError. */
  async request(opts: RequestOptions): Promise<http.IncomingMessage> {
    const res = await this.raw(opts);
    const status = res.statusCode ?? 0;
    if (status >= 200 && status < 300) return res;
    if (status === 304) {
      // Docker/libpod answer 304 for "already started/stopped"; callers decide.
      res.resume();
      return res;
    }
    const body = await readText(res, 64 * 1024);
    throw errorFromResponse(opts.operation, status, body, this.address.socketPath);
  }

  /** JSON body of a successful call. */
  async json<T>(opts: RequestOptions): Promise<T> {
    const res = await this.request(opts);
    if (res.statusCode === 204 || res.statusCode === 304) return undefined as T;
    const text = await readText(res);
    if (!text) return undefined as T;
    try {
      return JSON.parse(text) as T;
    } catch (cause) {
      throw new EngineError({
        kind: 'engine',
        operation: opts.operation,
        engineMessage: `the engine sent a reply that is not JSON: ${text.slice(0, 200)}`,
        cause,
      });
    }
  }

  /** Text body of a successful call (e.g. kube YAML). */
  async text(opts: RequestOptions): Promise<string> {
    const res = await this.request(opts);
    return readText(res);
  }

  /** A call whose body we do not need; returns the status (204, 304, 200...). */
  async call(opts: RequestOptions): Promise<number> {
    const res = await this.request(opts);
    res.resume();
    await new Promise<void>((resolve) => {
      if (res.complete) resolve();
      else res.once('end', resolve).once('close', resolve);
    });
    return res.statusCode ?? 0;
  }

  /** Any response, with no status handling. */
  raw(opts: RequestOptions): Promise<http.IncomingMessage> {
    return new Promise((resolve, reject) => {
      const { req, cleanup } = this.start(opts, reject);
      req.once('response', (res) => {
        cleanup();
        resolve(res);
      });
      req.once('upgrade', (res, socket) => {
        cleanup();
        socket.destroy();
        reject(new EngineError({ kind: 'engine', operation: opts.operation, engineMessage: `unexpected upgrade (HTTP ${res.statusCode})` }));
      });
      this.send(req, opts.body, reject);
    });
  }

  /**
   * An HTTP upgrade (`Connection: Upgrade`, `Upgrade: tcp`) for exec and
   * attach. The engine answers 101 and the socket becomes the raw stream; some
   * engines (and Podman when not asked to upgrade) answer 200 and hijack the
   * connection instead, with the stream as the response body. Both are
   * accepted: `readable` is where the output arrives, `socket` takes input.
   */
  upgrade(opts: RequestOptions): Promise<{ socket: Duplex; head: Buffer; readable: (NodeJS.ReadableStream & Duplex) | http.IncomingMessage }> {
    return new Promise((resolve, reject) => {
      const headers = { Connection: 'Upgrade', Upgrade: 'tcp', ...opts.headers };
      const { req, cleanup } = this.start({ ...opts, headers }, reject, false);
      req.once('upgrade', (_res, socket, head) => {
        cleanup();
        resolve({ socket, head, readable: socket });
      });
      req.once('response', (res) => {
        cleanup();
        const status = res.statusCode ?? 0;
        if (status === 200 && res.socket) {
          resolve({ socket: res.socket, head: Buffer.alloc(0), readable: res });
          return;
        }
        readText(res, 64 * 1024).then((body) => reject(errorFromResponse(opts.operation, status, body || `expected a protocol upgrade, got HTTP ${status}`, this.address.socketPath)), reject);
      });
      this.send(req, opts.body, reject);
    });
  }

  close(): void {
    this.agent.destroy();
  }

  private start(opts: RequestOptions, reject: (e: unknown) => void, useAgent = true): { req: http.ClientRequest; cleanup: () => void } {
    const headers: Record<string, string> = { Host: 'd', ...opts.headers };
    const req = http.request({
      socketPath: this.address.socketPath,
      method: opts.method ?? 'GET',
      path: opts.path + buildQuery(opts.query),
      headers,
      // Upgraded sockets must never go back to the pool.
      agent: useAgent ? this.agent : false,
      signal: opts.signal,
    });
    const timeoutMs = opts.timeoutMs ?? this.defaultTimeoutMs;
    let timer: NodeJS.Timeout | undefined;
    if (timeoutMs > 0) {
      timer = setTimeout(() => {
        req.destroy(new EngineError({ kind: 'timeout', operation: opts.operation, socket: this.address.socketPath, engineMessage: `no answer within ${Math.round(timeoutMs / 1000)} s` }));
      }, timeoutMs);
      timer.unref();
    }
    req.once('error', (err) => {
      if (timer) clearTimeout(timer);
      if (err instanceof EngineError) reject(err);
      else reject(errorFromSocket(opts.operation, err as NodeJS.ErrnoException, this.address.socketPath));
    });
    return { req, cleanup: () => timer && clearTimeout(timer) };
  }

  private send(req: http.ClientRequest, body: unknown, reject: (e: unknown) => void): void {
    if (body === undefined) {
      req.end();
    } else if (Buffer.isBuffer(body) || typeof body === 'string') {
      req.end(body);
    } else if (isReadable(body)) {
      body.once('error', (e) => {
        req.destroy();
        reject(e);
      });
      body.pipe(req);
    } else {
      const json = JSON.stringify(body);
      req.setHeader('Content-Type', 'application/json');
      req.setHeader('Content-Length', Buffer.byteLength(json));
      req.end(json);
    }
  }
}

function isReadable(x: unknown): x is NodeJS.ReadableStream {
  return typeof x === 'object' && x !== null && typeof (x as NodeJS.ReadableStream).pipe === 'function';
}

/** Read a (small) body as text; `limit` caps what we keep (error bodies). */
export async function readText(res: NodeJS.ReadableStream, limit = Infinity): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of res) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    if (size < limit) chunks.push(buf);
    size += buf.length;
  }
  return Buffer.concat(chunks).toString('utf8');
}
