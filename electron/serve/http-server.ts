/**
 * `serve` mode's HTTP side: the built renderer as static files (public: the
 * bundle holds no secret), the bridge on a WebSocket at /bridge (token as a
 * subprotocol), /api/session (is this token good?) and the full-log download
 * at /api/logs?ticket=… (one-time tickets issued over the bridge). Every
 * request passes the access guard's place check (Host, Origin, and for the
 * API Sec-Fetch-Site); no request can crash the server: a URL that does not
 * parse is a 400.
 */
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { WebSocketServer } from 'ws';
import { attachWebSocket, MAX_MESSAGE_BYTES, type BridgeConnectionHandler } from '../main/bridge-server.js';
import { LOG_DOWNLOAD_PATH, logFileName, type LogDownloader } from '../main/log-download.js';
import { FILES_PATH, type FileTransfers } from '../main/file-transfers.js';
import { resolveAppFile } from '../main/static-files.js';
import { BRIDGE_PROTOCOL, SESSION_PATH } from '../contract/serve-transport.js';
import { checkPlace, checkRequest, checkToken, hostsFor, type GuardConfig, type RequestFacts } from './access-guard.js';

export type { LogDownloader } from '../main/log-download.js';

export interface ServeOptions {
  host: string;
  port: number;
  token: string;
  staticDir: string;
  bridge: BridgeConnectionHandler;
  logs: LogDownloader;
  /** The Files tab's downloads (GET) and uploads (PUT) at /api/files?ticket=…; 404 when absent. */
  files?: FileTransfers | undefined;
  /** Extra host names allowed in Host/Origin (with --allow-host). */
  extraHosts?: string[];
  /** Serve HTTPS with this certificate and key (PEM). */
  tls?: { cert: string; key: string } | undefined;
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

function header(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v.join(', ') : v;
}

/** The request's URL, or undefined when it does not parse (never throws). */
function parseUrl(raw: string | undefined): URL | undefined {
  try {
    const url = new URL(raw ?? '/', 'http://x');
    decodeURIComponent(url.pathname); // a malformed escape is a bad request, not a crash later
    return url;
  } catch {
    return undefined;
  }
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
  // The page offers [bridge protocol, token protocol]; only the bridge protocol is ever echoed back.
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES, handleProtocols: (offered) => (offered.has(BRIDGE_PROTOCOL) ? BRIDGE_PROTOCOL : false) });

  const facts = (req: http.IncomingMessage): RequestFacts => ({
    host: req.headers.host,
    origin: req.headers.origin,
    fetchSite: header(req.headers['sec-fetch-site']),
    authorization: req.headers.authorization,
    protocols: header(req.headers['sec-websocket-protocol']),
  });

  const handler = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    const url = parseUrl(req.url);
    if (!url) return refuse(res, 400, 'Bad request: the URL does not parse');
    const api = url.pathname.startsWith('/api/');
    const place = checkPlace(guard, facts(req), { api });
    if (!place.ok) return refuse(res, place.status, place.reason);
    // PUT only where an upload ticket can be redeemed; the ticket, not the method, is what grants it.
    const upload = req.method === 'PUT' && url.pathname === FILES_PATH;
    if (req.method !== 'GET' && req.method !== 'HEAD' && !upload) return refuse(res, 405, 'Method not allowed');
    const queryToken = api ? null : url.searchParams.get('token');
    if (queryToken !== null) {
      // Old-style URL (?token=): move the token to the fragment, which never reaches a server or a log.
      const ok = checkToken(guard, { ...facts(req), authorization: `Bearer ${queryToken}` });
      if (!ok.ok) return refuse(res, ok.status, ok.reason);
      securityHeaders(res);
      res.writeHead(303, { Location: `/#token=${encodeURIComponent(queryToken)}`, 'Cache-Control': 'no-store' });
      return void res.end();
    }
    if (url.pathname === SESSION_PATH) {
      const v = checkToken(guard, facts(req));
      if (!v.ok) return refuse(res, v.status, v.reason);
      securityHeaders(res);
      res.writeHead(204, { 'Cache-Control': 'no-store' });
      return void res.end();
    }
    if (url.pathname === LOG_DOWNLOAD_PATH) return void serveLog(url.searchParams.get('ticket') ?? '', req, res);
    if (url.pathname === FILES_PATH && opts.files) return void serveFiles(opts.files, url.searchParams.get('ticket') ?? '', req, res);
    if (api) return refuse(res, 404, 'Not found');
    void serveStatic(url.pathname, res);
  };
  const server: http.Server = opts.tls ? https.createServer({ cert: opts.tls.cert, key: opts.tls.key }, handler) : http.createServer(handler);
  // A client error (malformed request line, oversized headers) answers 400 and never reaches the handler.
  server.on('clientError', (_err, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    else socket.destroy();
  });

  async function serveLog(ticket: string, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const abort = new AbortController();
    res.once('close', () => abort.abort());
    const opening = opts.logs.open(ticket, abort.signal);
    if (!opening) return refuse(res, 410, 'This download link was used or has expired: click Download again.');
    try {
      const { name, stream } = await opening;
      securityHeaders(res);
      res.writeHead(200, {
        'Content-Type': 'text/plain; charset=utf-8',
        'Content-Disposition': `attachment; filename="${logFileName(name)}"`,
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

  async function serveFiles(files: FileTransfers, ticket: string, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const abort = new AbortController();
    // 'close' on the response fires when the client goes away (or when we are done): either way the engine work stops.
    res.once('close', () => abort.abort());
    const reply = await files.handle({ method: req.method ?? 'GET', ticket, body: req.method === 'PUT' ? req : undefined, signal: abort.signal });
    securityHeaders(res);
    res.writeHead(reply.status, reply.headers);
    if (reply.body === undefined || req.method === 'HEAD') return void res.end();
    if (typeof reply.body === 'string') return void res.end(reply.body);
    await pipeline(reply.body, res).catch(() => res.destroy());
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
    const url = parseUrl(req.url);
    const verdict = url ? checkRequest(guard, facts(req)) : ({ ok: false, status: 400, reason: 'bad URL' } as const);
    if (!verdict.ok || url?.pathname !== '/bridge') {
      const status = verdict.ok ? 404 : verdict.status;
      const text = { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found' }[status];
      socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
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
    url: `${opts.tls ? 'https' : 'http'}://${shownHost}:${port}/#token=${opts.token}`,
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
