// `serve` mode's guards, with real HTTP and WebSocket clients against the real
// server (runServe: app core + HTTP server + bridge) on an isolated Podman:
// every route and the /bridge upgrade refuse a missing or wrong token, a
// foreign Origin, a foreign Host (DNS rebinding) and a token that only sits in
// a Referer; the token in the URL is traded for an HttpOnly SameSite=Strict
// cookie by a redirect that drops it; it binds to loopback unless told
// otherwise, and then it warns.
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import WebSocket from 'ws';
import { startPodman, TEST_IMAGE, type PodmanHarness } from '../../../engine/test/harness/podman-harness.js';
import { parseServeArgs, runServe } from '../../serve/serve-cli.js';
import { CSP } from '../../serve/http-server.js';
import { ensureRendererBuilt } from './support/bridge-rig.js';

let h: PodmanHarness;
let serve: Awaited<ReturnType<typeof runServe>>;
const logs: string[] = [];
let port: number;
let token: string;
let routes: string[];

before(async () => {
  const staticDir = ensureRendererBuilt();
  h = await startPodman();
  await h.podman(['run', '--name', 'guarded', TEST_IMAGE, 'echo', 'secret-log-line']);
  serve = await runServe({ host: '127.0.0.1', port: 0, engine: h.url, allowHosts: [], staticDir }, (m) => logs.push(m));
  await serve.core.ready;
  const u = new URL(serve.url);
  port = Number(u.port);
  token = u.searchParams.get('token')!;
  const asset = readdirSync(path.join(staticDir, 'assets')).find((f) => f.endsWith('.js'))!;
  routes = ['/', '/index.html', `/assets/${asset}`, '/favicon.svg', '/api/logs/guarded', '/api/logs/no-such-container', '/nothing-here', '/bridge'];
});

after(async () => {
  await serve?.stop();
  await h?.teardown();
});

interface Res {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

function get(pathname: string, headers: Record<string, string>, method = 'GET'): Promise<Res> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: pathname, method, headers, setHost: !('Host' in headers) }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString() }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** A real WebSocket handshake with exactly these headers (the ws client would fill in a Host of its own). */
function upgrade(pathname: string, headers: Record<string, string>): Promise<{ opened: boolean; status?: number }> {
  return new Promise((resolve, reject) => {
    const req = http.request({
      host: '127.0.0.1',
      port,
      path: pathname,
      setHost: !('Host' in headers),
      headers: { Connection: 'Upgrade', Upgrade: 'websocket', 'Sec-WebSocket-Version': '13', 'Sec-WebSocket-Key': randomBytes(16).toString('base64'), ...headers },
    });
    req.on('upgrade', (res, socket) => {
      socket.destroy();
      resolve({ opened: res.statusCode === 101 });
    });
    req.on('response', (res) => {
      res.resume();
      resolve({ opened: false, status: res.statusCode ?? 0 });
    });
    req.on('error', (e) => ((e as NodeJS.ErrnoException).code === 'ECONNRESET' ? resolve({ opened: false }) : reject(e)));
    req.end();
  });
}

/** The same through the ws client library, as a browser-like peer would do it. */
function wsOpen(pathname: string, headers: Record<string, string>): Promise<boolean> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}${pathname}`, { headers });
    ws.once('open', () => {
      ws.close();
      resolve(true);
    });
    ws.once('unexpected-response', (_req, res) => {
      res.resume();
      resolve(false);
    });
    ws.once('error', () => resolve(false));
  });
}

const good = () => ({ Host: `127.0.0.1:${port}`, Cookie: `berth_session=${token}` });

/** Each must be refused everywhere (headers built once the server is up). */
type Attack = [string, () => [Record<string, string>, string?]];
const wrongToken = () => token.slice(0, -2) + (token.endsWith('AA') ? 'BB' : 'AA');
const ATTACKS: Attack[] = [
  ['no token at all', () => [{ Host: `127.0.0.1:${port}` }]],
  ['a wrong token in the cookie', () => [{ Host: `127.0.0.1:${port}`, Cookie: `berth_session=${wrongToken()}` }]],
  ['a truncated token in the cookie', () => [{ Host: `127.0.0.1:${port}`, Cookie: `berth_session=${token.slice(0, 8)}` }]],
  ['an empty cookie', () => [{ Host: `127.0.0.1:${port}`, Cookie: 'berth_session=' }]],
  ['the right token under another cookie name', () => [{ Host: `127.0.0.1:${port}`, Cookie: `session=${token}; berth_sessionx=${token}` }]],
  ['a wrong bearer token', () => [{ Host: `127.0.0.1:${port}`, Authorization: `Bearer ${wrongToken()}` }]],
  ['a wrong token in the query', () => [{ Host: `127.0.0.1:${port}` }, `token=${wrongToken()}`]],
  ['the token under another query name', () => [{ Host: `127.0.0.1:${port}` }, `t=${token}&tok=${token}`]],
  ['the token only in a Referer', () => [{ Host: `127.0.0.1:${port}`, Referer: `http://127.0.0.1:${port}/?token=${token}` }]],
  ['a foreign Origin with the right cookie', () => [{ ...good(), Origin: 'http://evil.example' }]],
  ['a look-alike Origin', () => [{ ...good(), Origin: `http://127.0.0.1.evil.example:${port}` }]],
  ['an Origin on another port', () => [{ ...good(), Origin: `http://127.0.0.1:${port + 1}` }]],
  ['an Origin with credentials to another host', () => [{ ...good(), Origin: `http://127.0.0.1:${port}@evil.example` }]],
  ['an opaque Origin (sandboxed frame, file:)', () => [{ ...good(), Origin: 'null' }]],
  ['a file: Origin', () => [{ ...good(), Origin: 'file://' }]],
  ['a foreign Host (DNS rebinding)', () => [{ ...good(), Host: `evil.example:${port}` }]],
  ['a rebinding Host with the right token in the query', () => [{ Host: `evil.example:${port}` }, `token=${token}`]],
  ['a look-alike Host', () => [{ ...good(), Host: `127.0.0.1.evil.example:${port}` }]],
  ['a Host on another port', () => [{ ...good(), Host: `127.0.0.1:${port + 1}` }]],
  ['a Host without a port', () => [{ ...good(), Host: '127.0.0.1' }]],
  ['an empty Host', () => [{ ...good(), Host: '' }]],
];

describe('every HTTP route and the WebSocket refuse', () => {
  test('the controls: the right cookie passes on every route and on the upgrade', async () => {
    for (const r of routes) {
      const res = await get(r, good());
      assert.ok(res.status !== 401 && res.status !== 403, `${r} with the right cookie: ${res.status} ${res.body.slice(0, 100)}`);
    }
    assert.equal((await get('/api/logs/guarded', good())).body, 'secret-log-line\n', 'the log route really serves the log');
    assert.equal((await get('/', { ...good(), Origin: `http://127.0.0.1:${port}` })).status, 200, 'our own Origin passes');
    assert.equal((await get('/', { ...good(), Host: `localhost:${port}` })).status, 200, 'localhost:PORT is us');
    assert.equal((await upgrade('/bridge', good())).opened, true, 'the bridge upgrade with the right cookie opens');
    assert.equal(await wsOpen('/bridge', { Cookie: `berth_session=${token}` }), true, 'and so does a ws client');
    assert.equal(await wsOpen('/bridge', {}), false, 'a ws client without the cookie is refused');
    assert.equal(await wsOpen('/bridge', { Cookie: `berth_session=${token}`, Origin: 'http://evil.example' }), false, 'a ws client from a foreign origin is refused');
  });

  for (const [name, make] of ATTACKS) {
    test(`${name}: refused on every route and on /bridge`, async () => {
      const [headers, query] = make();
      for (const r of routes) {
        for (const method of ['GET', 'HEAD', 'POST']) {
          const res = await get(query ? `${r}?${query}` : r, headers, method);
          assert.ok(res.status === 401 || res.status === 403, `${method} ${r}: ${res.status}`);
          assert.doesNotMatch(res.body, /secret-log-line|<script|<html/i, 'nothing of ours leaks in a refusal');
          assert.equal(res.headers['set-cookie'], undefined, 'no session cookie is handed out');
          assert.equal(res.headers['content-security-policy'], CSP);
        }
      }
      const up = await upgrade(query ? `/bridge?${query}` : '/bridge', headers);
      assert.equal(up.opened, false, 'the WebSocket does not open');
      if (up.status !== undefined) assert.ok(up.status === 401 || up.status === 403, `upgrade status ${up.status}`);
    });
  }

  test('an upgrade to any path but /bridge is refused even with the right cookie', async () => {
    for (const p of ['/', '/bridge/', '/bridgex', '/api/logs/guarded', '/%62ridge']) assert.equal((await upgrade(p, good())).opened, false, p);
  });
});

describe('the token in the URL', () => {
  test('is traded for an HttpOnly SameSite=Strict cookie by a redirect that drops it', async () => {
    for (const [asked, expected] of [
      [`/?token=${token}`, '/'],
      [`/index.html?x=1&token=${token}&y=2`, '/index.html?x=1&y=2'],
      [`/api/logs/guarded?token=${token}`, '/api/logs/guarded'],
    ] as const) {
      const res = await get(asked, { Host: `127.0.0.1:${port}` });
      assert.equal(res.status, 303, asked);
      assert.equal(res.headers.location, expected);
      assert.doesNotMatch(String(res.headers.location), new RegExp(token));
      const cookie = String(res.headers['set-cookie']);
      assert.match(cookie, /^berth_session=[^;]+;/);
      assert.match(cookie, /;\s*HttpOnly/i);
      assert.match(cookie, /;\s*SameSite=Strict/i);
      assert.match(cookie, /;\s*Path=\//);
      assert.equal(res.headers['referrer-policy'], 'no-referrer', 'the page that had the token never sends it on');
      assert.equal(res.headers['cache-control'], 'no-store');
      assert.equal(res.body, '', 'no content before the token left the URL');
    }
  });

  test('what it printed is a loopback URL with a long random token', () => {
    const u = new URL(serve.url);
    assert.equal(u.hostname, '127.0.0.1');
    assert.ok(token.length >= 32, 'at least 192 bits of token');
    assert.match(token, /^[A-Za-z0-9_-]+$/);
  });
});

describe('binding', () => {
  test('loopback by default, with no warning', async () => {
    assert.equal(parseServeArgs([], {}).host, '127.0.0.1');
    assert.equal((serve.server.server.address() as AddressInfo).address, '127.0.0.1');
    assert.equal(logs.filter((l) => /WARNING/.test(l)).length, 0);
  });

  test('--host elsewhere binds there and warns (captured log)', async () => {
    const opts = parseServeArgs(['--host', '127.0.0.2', '--engine', h.url], {});
    assert.equal(opts.host, '127.0.0.2');
    const warned: string[] = [];
    const other = await runServe(opts.staticDir ? { ...opts, staticDir: ensureRendererBuilt() } : opts, (m) => warned.push(m));
    try {
      assert.equal((other.server.server.address() as AddressInfo).address, '127.0.0.2');
      const warning = warned.find((l) => /WARNING/.test(l));
      assert.ok(warning, `a warning was logged: ${JSON.stringify(warned)}`);
      assert.match(warning, /127\.0\.0\.2/);
      assert.match(warning, /root-equivalent/);
      assert.match(other.url, /^http:\/\/127\.0\.0\.2:\d+\/\?token=/);
      // Its guard knows its own name only: 127.0.0.1 is a foreign Host to it.
      const p = (other.server.server.address() as AddressInfo).port;
      const t = new URL(other.url).searchParams.get('token')!;
      const status = await new Promise<number>((resolve, reject) => {
        const req = http.request({ host: '127.0.0.2', port: p, path: '/', headers: { Host: `127.0.0.1:${p}`, Cookie: `berth_session=${t}` }, setHost: false }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', reject);
        req.end();
      });
      assert.equal(status, 403);
    } finally {
      await other.stop();
    }
  });

  test('--host with ::1 or localhost counts as loopback (no warning)', async () => {
    const warned: string[] = [];
    const other = await runServe({ host: 'localhost', port: 0, engine: h.url, allowHosts: [], staticDir: ensureRendererBuilt() }, (m) => warned.push(m));
    try {
      assert.equal(warned.filter((l) => /WARNING/.test(l)).length, 0);
    } finally {
      await other.stop();
    }
  });
});
