/**
 * A unix-socket HTTP proxy in front of a Podman API socket, for fault tests.
 * It forwards every request (streams and the exec/attach upgrade included)
 * until armed; then requests that match a rule are held without an answer —
 * the engine call hangs — until the rule is released (they are then
 * forwarded) or the client gives up. Nothing else is slowed down.
 */
import http from 'node:http';
import net from 'node:net';
import { rm } from 'node:fs/promises';

export interface StallRule {
  method?: string;
  /** Tested against the request path (with its query string). */
  path: RegExp;
}

interface Held {
  rule: StallRule;
  req: http.IncomingMessage;
  res: http.ServerResponse;
  forward: () => void;
}

export interface FaultProxy {
  socket: string;
  /** Stall matching requests from now on; returns a function that releases them. */
  stall(rule: StallRule): () => void;
  /** Requests held right now, and all requests seen (method + path), for assertions. */
  held(): { method: string; path: string }[];
  seen: { method: string; path: string; at: number }[];
  close(): Promise<void>;
}

export async function startFaultProxy(upstream: string, socket: string): Promise<FaultProxy> {
  await rm(socket, { force: true });
  const rules = new Set<StallRule>();
  const held = new Set<Held>();
  const seen: { method: string; path: string; at: number }[] = [];
  const agent = new http.Agent({ keepAlive: true, socketPath: upstream } as http.AgentOptions);
  const sockets = new Set<net.Socket>();

  const server = http.createServer((req, res) => {
    const method = req.method ?? 'GET';
    const url = req.url ?? '/';
    seen.push({ method, path: url, at: Date.now() });
    if (seen.length > 5000) seen.shift();
    const forward = () => {
      const headers = { ...req.headers };
      delete headers.connection;
      delete headers['keep-alive'];
      const up = http.request({ socketPath: upstream, agent, method, path: url, headers }, (ur) => {
        const h = { ...ur.headers };
        delete h.connection;
        delete h['keep-alive'];
        res.writeHead(ur.statusCode ?? 502, h);
        res.flushHeaders();
        ur.pipe(res);
        ur.on('error', () => res.destroy());
      });
      up.on('error', () => {
        if (!res.headersSent) {
          res.writeHead(502);
          res.end();
        } else res.destroy();
      });
      res.on('close', () => {
        if (!res.writableFinished) up.destroy();
      });
      req.pipe(up);
    };
    const rule = [...rules].find((r) => (!r.method || r.method === method) && r.path.test(url));
    if (rule) {
      const entry: Held = { rule, req, res, forward };
      held.add(entry);
      res.on('close', () => held.delete(entry));
      return;
    }
    forward();
  });
  server.requestTimeout = 0;
  server.headersTimeout = 0;
  server.keepAliveTimeout = 60_000;
  server.timeout = 0;
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  // exec/attach: HTTP upgrade, then raw bytes both ways.
  server.on('upgrade', (req, client, head) => {
    seen.push({ method: req.method ?? 'GET', path: req.url ?? '/', at: Date.now() });
    const up = net.connect(upstream, () => {
      const lines = [`${req.method} ${req.url} HTTP/${req.httpVersion}`];
      for (let i = 0; i < req.rawHeaders.length; i += 2) lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
      up.write(lines.join('\r\n') + '\r\n\r\n');
      if (head.length) up.write(head);
      up.pipe(client);
      client.pipe(up);
    });
    const end = () => {
      up.destroy();
      client.destroy();
    };
    up.on('error', end);
    client.on('error', end);
    up.on('close', end);
    client.on('close', end);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(socket, () => resolve());
  });

  return {
    socket,
    seen,
    stall(rule) {
      rules.add(rule);
      return () => {
        rules.delete(rule);
        for (const h of [...held]) {
          if (h.rule !== rule) continue;
          held.delete(h);
          if (!h.res.destroyed) h.forward();
        }
      };
    },
    held: () => [...held].map((h) => ({ method: h.req.method ?? 'GET', path: h.req.url ?? '/' })),
    async close() {
      rules.clear();
      for (const h of held) h.res.destroy();
      held.clear();
      for (const s of sockets) s.destroy();
      agent.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await rm(socket, { force: true });
    },
  };
}
