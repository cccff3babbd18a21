/**
 * `serve` mode's HTTP side: the built renderer as static files, the bridge
 * on a WebSocket at /bridge, and the full-log download at /api/logs/<id>.
 * Every route and the WebSocket upgrade pass the access guard first.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { WebSocketServer } from 'ws';
import { attachWebSocket, MAX_MESSAGE_BYTES, type BridgeConnectionHandler } from '../main/bridge-server.js';
import { resolveAppFile } from '../main/static-files.js';
import { checkRequest, hostsFor, sessionCookie, type GuardConfig } from './access-guard.js';

export interface LogDownloader {
  /** A readable of the complete log (both streams, in order), or throws an EngineError. */
  download(id: string, signal: AbortSignal, engine?: string): Promise<{ name: string; stream: NodeJS.ReadableStream }>;
}

export interface ServeOptions {
  host: string;
  port: number;
  token: string;
  staticDir: string;
  bridge: BridgeConnectionHandler;
  logs: LogDownloader;
  /** Extra host names allowed in Host/Origin (with --allow-host). */
  extraHosts?: string[];
}


export const CSP =
  "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; worker-src 'self'; base-uri 'none'; form-action 'none'; object-src 'none'; frame-ancestors 'none'";

function securityHeaders(res: http.ServerResponse): void {
  res.setHeader('Content-Security-Policy', CSP);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
}

function refuse(res: http.ServerResponse, status: number, text: string): void {
  securityHeaders(res);
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(`${text}\n`);
}

export interface RunningServer {
  url: string;
  port: number;
  server: http.Server;
  close(): Promise<void>;
}

export async function startServeServer(opts: ServeOptions): Promise<RunningServer> {
  const staticRoot = path.resolve(opts.staticDir);
  let guard: GuardConfig = { token: opts.token, allowedHosts: new Set() };
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });

  const facts = (req: http.IncomingMessage) => ({
    host: req.headers.host,
    origin: req.headers.origin,
    cookie: req.headers.cookie,
    authorization: req.headers.authorization,
    url: req.url ?? '/',
  });

  const server = http.createServer((req, res) => {
    const verdict = checkRequest(guard, facts(req));
    if (!verdict.ok) return refuse(res, verdict.status, verdict.reason);
    const url = new URL(req.url ?? '/', 'http://x');
    if (verdict.via === 'query') {
      // Trade the token in the URL for a cookie, and drop it from the address bar and history.
      url.searchParams.delete('token');
      securityHeaders(res);
      res.writeHead(303, { 'Set-Cookie': sessionCookie(opts.token), Location: url.pathname + url.search, 'Cache-Control': 'no-store' });
      return res.end();
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(res, 405, 'Method not allowed');
    const logMatch = url.pathname.match(/^\/api\/logs\/([^/]+)$/);
    if (logMatch) return void serveLog(decodeURIComponent(logMatch[1]!), url.searchParams.get('engine') ?? undefined, req, res);
    void serveStatic(url.pathname, res);
  });

  async function serveLog(id: string, engine: string | undefined, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const abort = new AbortController();
    res.once('close', () => abort.abort());
    try {
      const { name, stream } = await opts.logs.download(id, abort.signal, engine);
      securityHeaders(res);
      const safeName = name.replace(/[^a-zA-Z0-9_.-]/g, '_') || 'container';
      res.writeHead(200, {
        'Content-Type': 'text/plain; charset=utf-8',
        'Content-Disposition': `attachment; filename="${safeName}.log"`,
        'Cache-Control': 'no-store',
      });
      if (req.method === 'HEAD') return void res.end();
      await pipeline(stream, res);
    } catch (e) {
      if (res.headersSent) return void res.destroy();
      const err = e as { message?: string; hint?: string; kind?: string };
      refuse(res, err.kind === 'not-found' ? 404 : 502, `${err.message ?? 'Reading the log failed'}${err.hint ? `\n${err.hint}` : ''}`);
    }
  }

  async function serveStatic(pathname: string, res: http.ServerResponse): Promise<void> {
    const file = await resolveAppFile(staticRoot, pathname);
    if (!file) return refuse(res, 404, 'Not found');
    securityHeaders(res);
    res.writeHead(200, {
      'Content-Type': file.type,
      'Content-Length': file.size,
      'Cache-Control': file.path.endsWith('index.html') ? 'no-store' : 'private, max-age=3600',
    });
    await pipeline(file.stream, res).catch(() => undefined);
  }

  server.on('upgrade', (req, socket, head) => {
    const verdict = checkRequest(guard, facts(req));
    const url = new URL(req.url ?? '/', 'http://x');
    if (!verdict.ok || url.pathname !== '/bridge') {
      const status = verdict.ok ? 404 : verdict.status;
      socket.end(`HTTP/1.1 ${status} ${verdict.ok ? 'Not Found' : status === 401 ? 'Unauthorized' : 'Forbidden'}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => attachWebSocket(opts.bridge, ws));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const allowed = hostsFor(opts.host, port);
  for (const h of opts.extraHosts ?? []) allowed.add(`${h}:${port}`.toLowerCase());
  guard = { token: opts.token, allowedHosts: allowed };
  const shownHost = opts.host === '0.0.0.0' || opts.host === '::' ? '127.0.0.1' : opts.host.includes(':') ? `[${opts.host}]` : opts.host;
  return {
    url: `http://${shownHost}:${port}/?token=${opts.token}`,
    port,
    server,
    close: async () => {
      for (const c of wss.clients) c.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
