/**
 * The real bridge, served the real way, for the security suite: the app core
 * against an isolated harness Podman, the tRPC WebSocket handler built from
 * the core's own services (each method wrapped by a counter, so a test can
 * prove which inputs reached the engine side), and `serve`'s HTTP server with
 * its access guard in front. Clients are real `ws` WebSockets carrying the
 * token as a bearer header.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import WebSocket from 'ws';
import type { BridgeServices } from '../../../contract/services.js';
import { startAppCore, type AppCore } from '../../../main/app-core.js';
import { createBridgeHandler } from '../../../main/bridge-server.js';
import { newToken } from '../../../serve/access-guard.js';
import { startServeServer, type RunningServer } from '../../../serve/http-server.js';

export const ROOT = path.resolve(import.meta.dirname, '..', '..', '..', '..');
export const STATIC_DIR = path.join(ROOT, 'dist', 'renderer');

/** The built renderer (serve's static files); built once with vite when missing. */
export function ensureRendererBuilt(): string {
  if (!existsSync(path.join(STATIC_DIR, 'index.html'))) {
    execFileSync('npx', ['vite', 'build', '--config', 'renderer/vite.config.ts', '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit' });
  }
  return STATIC_DIR;
}

/** Every call a BridgeServices method received, by `namespace.method`. */
export interface ServiceSpy {
  calls: Map<string, number>;
  total(): number;
  reset(): void;
}

export function spyOnServices(services: BridgeServices): { services: BridgeServices; spy: ServiceSpy } {
  const calls = new Map<string, number>();
  const out: Record<string, Record<string, unknown>> = {};
  for (const [ns, methods] of Object.entries(services) as [string, Record<string, (...a: unknown[]) => unknown>][]) {
    out[ns] = {};
    for (const [name, fn] of Object.entries(methods)) {
      out[ns][name] = (...args: unknown[]) => {
        calls.set(`${ns}.${name}`, (calls.get(`${ns}.${name}`) ?? 0) + 1);
        return fn.apply(methods, args);
      };
    }
  }
  return {
    services: out as unknown as BridgeServices,
    spy: {
      calls,
      total: () => [...calls.values()].reduce((a, b) => a + b, 0),
      reset: () => calls.clear(),
    },
  };
}

export interface BridgeRig {
  core: AppCore;
  server: RunningServer;
  token: string;
  /** `Bearer <token>` for an Authorization header. */
  authorization: string;
  /** ws://127.0.0.1:PORT/bridge */
  wsUrl: string;
  httpOrigin: string;
  spy: ServiceSpy;
  /** Everything the app core logged. */
  logs: string[];
  connect(opts?: { headers?: Record<string, string> }): Promise<BridgeClient>;
  stop(): Promise<void>;
}

export async function startBridgeRig(engine: string): Promise<BridgeRig> {
  const logs: string[] = [];
  const core = await startAppCore({ engine, log: (m) => logs.push(m) });
  await core.ready;
  const { services, spy } = spyOnServices(core.services);
  const handler = createBridgeHandler(services, (e) => logs.push(`bridge error: ${String((e as { error?: Error }).error?.message ?? e)}`));
  const token = newToken();
  const server = await startServeServer({ host: '127.0.0.1', port: 0, token, staticDir: ensureRendererBuilt(), bridge: handler, logs: core.logs, files: core.files });
  const authorization = `Bearer ${token}`;
  const wsUrl = `ws://127.0.0.1:${server.port}/bridge`;
  const clients = new Set<BridgeClient>();
  return {
    core,
    server,
    token,
    authorization,
    wsUrl,
    httpOrigin: `http://127.0.0.1:${server.port}`,
    spy,
    logs,
    async connect(opts = {}) {
      const c = await BridgeClient.open(wsUrl, { Authorization: authorization, ...opts.headers });
      clients.add(c);
      return c;
    },
    async stop() {
      for (const c of clients) c.close();
      await server.close();
      await core.shutdown();
    },
  };
}

/** A tRPC reply as it arrives on the wire. */
export interface Reply {
  id: number | string | null;
  result?: { type?: string; data?: unknown };
  error?: {
    message: string;
    code: number;
    data?: { code?: string; path?: string; engine?: { kind: string; operation: string; message: string; engineMessage?: string; hint: string }; validation?: { path: string; message: string }[] };
  };
}

/**
 * A minimal tRPC-over-WebSocket client that can also send anything at all
 * (malformed JSON, binary frames) and read raw replies in order.
 */
export class BridgeClient {
  private nextId = 1;
  private readonly waiters: ((m: Reply | 'closed') => boolean)[] = [];
  /** Every raw text frame received, for grepping (secrets). */
  readonly frames: string[] = [];
  closed = false;
  closeCode: number | undefined;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const text = data.toString();
      this.frames.push(text);
      if (text === 'PING' || text === 'PONG') return;
      let msg: Reply;
      try {
        msg = JSON.parse(text) as Reply;
      } catch {
        return;
      }
      for (let i = 0; i < this.waiters.length; i++) {
        if (this.waiters[i]!(msg)) {
          this.waiters.splice(i, 1);
          return;
        }
      }
    });
    ws.on('close', (code) => {
      this.closed = true;
      this.closeCode = code;
      for (const w of this.waiters.splice(0)) w('closed');
    });
    ws.on('error', () => undefined);
  }

  static open(url: string, headers: Record<string, string>): Promise<BridgeClient> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, { headers, maxPayload: 64 * 1024 * 1024 });
      const c = new BridgeClient(ws);
      ws.once('open', () => resolve(c));
      ws.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)));
      ws.once('error', reject);
    });
  }

  id(): number {
    return this.nextId++;
  }

  /** Wait for the first reply the predicate accepts (or the close). */
  next(pred: (m: Reply) => boolean, timeoutMs = 10_000): Promise<Reply | 'closed' | 'timeout'> {
    if (this.closed) return Promise.resolve('closed');
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        const i = this.waiters.indexOf(w);
        if (i >= 0) this.waiters.splice(i, 1);
        resolve('timeout');
      }, timeoutMs);
      const w = (m: Reply | 'closed') => {
        if (m !== 'closed' && !pred(m)) return false;
        clearTimeout(timer);
        resolve(m);
        return true;
      };
      this.waiters.push(w);
    });
  }

  sendRaw(data: string | Buffer, binary = false): void {
    this.ws.send(data, { binary });
  }

  /** A query or mutation; resolves with the reply carrying its id. */
  async call(method: 'query' | 'mutation', path: string, input?: unknown, timeoutMs = 60_000): Promise<Reply> {
    const id = this.id();
    const reply = this.next((m) => m.id === id, timeoutMs);
    this.sendRaw(JSON.stringify({ id, method, params: { path, input } }));
    const r = await reply;
    if (r === 'closed' || r === 'timeout') throw new Error(`${path}: ${r}`);
    return r;
  }

  /** A subscription: collects data until `until` says stop, an error, or the timeout; then stops it. */
  async subscribe(path: string, input: unknown, until: (data: unknown[]) => boolean, timeoutMs = 30_000): Promise<{ data: unknown[]; error?: Reply['error'] }> {
    const id = this.id();
    const data: unknown[] = [];
    let error: Reply['error'] | undefined;
    const done = new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        const i = this.waiters.indexOf(w);
        if (i >= 0) this.waiters.splice(i, 1);
        resolve();
      }, timeoutMs);
      const w = (m: Reply | 'closed') => {
        if (m === 'closed') {
          clearTimeout(timer);
          resolve();
          return true;
        }
        if (m.id !== id) return false;
        if (m.error) error = m.error;
        else if (m.result?.type === 'data') data.push(m.result.data);
        if (m.error || m.result?.type === 'stopped' || until(data)) {
          clearTimeout(timer);
          resolve();
          return true;
        }
        return false;
      };
      this.waiters.push(w);
    });
    this.sendRaw(JSON.stringify({ id, method: 'subscription', params: { path, input } }));
    await done;
    if (!this.closed) this.sendRaw(JSON.stringify({ id, method: 'subscription.stop' }));
    return { data, ...(error ? { error } : {}) };
  }

  close(): void {
    if (!this.closed) this.ws.close();
  }
}
