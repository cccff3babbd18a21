// `serve` mode's guards, with real HTTP and WebSocket clients against the real
// server (runServe: app core + HTTP server + bridge) on an isolated Podman.
// Read as a list of attacks and their refusals (docs/SECURITY.md, "serve"):
// the token is never a cookie, so nothing rides along from a page on another
// port; the bridge and /api/session need the token (subprotocol or bearer),
// our Host, our Origin and a same-origin Sec-Fetch-Site; log downloads need a
// one-time ticket from the bridge; no URL can crash the server; beyond
// loopback it serves HTTPS unless told --insecure-http, and then it warns.
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import net, { type AddressInfo } from 'node:net';
import { networkInterfaces } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import WebSocket from 'ws';
import { startPodman, TEST_IMAGE, type PodmanHarness } from '../../../engine/test/harness/podman-harness.js';
import { BRIDGE_PROTOCOL, TOKEN_PROTOCOL_PREFIX } from '../../contract/serve-transport.js';
import { parseServeArgs, runServe } from '../../serve/serve-cli.js';
import { CSP } from '../../serve/http-server.js';
import { ensureRendererBuilt } from './support/bridge-rig.js';

let h: PodmanHarness;
let serve: Awaited<ReturnType<typeof runServe>>;
const logs: string[] = [];
let port: number;
let token: string;
let staticRoutes: string[];

before(async () => {
  const staticDir = ensureRendererBuilt();
  h = await startPodman();
  await h.podman(['run', '--name', 'guarded', TEST_IMAGE, 'echo', 'secret-log-line']);
  serve = await runServe({ host: '127.0.0.1', port: 0, engine: h.url, allowHosts: [], staticDir }, (m) => logs.push(m));
  await serve.core.ready;
  const u = new URL(serve.url);
  port = Number(u.port);
  token = new URLSearchParams(u.hash.slice(1)).get('token')!;
  const asset = readdirSync(path.join(staticDir, 'assets')).find((f) => f.endsWith('.js'))!;
  staticRoutes = ['/', '/index.html', `/assets/${asset}`, '/favicon.svg'];
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
function upgrade(pathname: string, headers: Record<string, string>): Promise<{ opened: boolean; status?: number; protocol?: string | undefined }> {
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
      resolve({ opened: res.statusCode === 101, protocol: res.headers['sec-websocket-protocol'] });
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
function wsOpen(pathname: string, headers: Record<string, string>, protocols: string[] = []): Promise<boolean> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}${pathname}`, protocols, { headers });
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

/** Raw bytes on a TCP connection (for request lines no HTTP client would send); resolves with the status line. */
function raw(bytes: Buffer | string): Promise<string> {
  return new Promise((resolve) => {
    const sock = net.connect(port, '127.0.0.1');
    let text = '';
    sock.on('data', (d) => (text += d.toString('latin1')));
    sock.on('close', () => resolve(text.split('\r\n')[0] ?? ''));
    sock.on('error', () => resolve(text.split('\r\n')[0] ?? ''));
    sock.end(bytes);
    setTimeout(() => sock.destroy(), 3000);
  });
}

const host = () => ({ Host: `127.0.0.1:${port}` });
/** The page's way in: the token as a subprotocol, next to the bridge protocol. */
const protocols = (t = token) => `${BRIDGE_PROTOCOL}, ${TOKEN_PROTOCOL_PREFIX}${t}`;
const good = () => ({ ...host(), 'Sec-WebSocket-Protocol': protocols() });
const bearer = () => ({ ...host(), Authorization: `Bearer ${token}` });
const wrongToken = () => token.slice(0, -2) + (token.endsWith('AA') ? 'BB' : 'AA');

/** A fresh one-time log link, as the page gets it over the bridge. */
const logLink = () => serve.core.logs.link({ id: 'guarded' });

/** Each must be refused on the bridge, /api/session and a fresh log link (headers built once the server is up). */
type Attack = [string, () => [Record<string, string>, string?]];
const TOKEN_ATTACKS: Attack[] = [
  ['no token at all', () => [host()]],
  ['a wrong token as the subprotocol', () => [{ ...host(), 'Sec-WebSocket-Protocol': protocols(wrongToken()) }]],
  ['a truncated token as the subprotocol', () => [{ ...host(), 'Sec-WebSocket-Protocol': protocols(token.slice(0, 8)) }]],
  ['two token subprotocols, one right', () => [{ ...host(), 'Sec-WebSocket-Protocol': `${protocols(wrongToken())}, ${TOKEN_PROTOCOL_PREFIX}${token}` }]],
  ['a wrong bearer token', () => [{ ...host(), Authorization: `Bearer ${wrongToken()}` }]],
  ['the right token as a cookie (the old berth_session)', () => [{ ...host(), Cookie: `berth_session=${token}` }]],
  ['the right token under any cookie name', () => [{ ...host(), Cookie: `session=${token}; token=${token}` }]],
  ['the right token in the query', () => [host(), `token=${token}`]],
  ['the token only in a Referer', () => [{ ...host(), Referer: `http://127.0.0.1:${port}/#token=${token}` }]],
];
const PLACE_ATTACKS: Attack[] = [
  ['a page on another port of this host (Sec-Fetch-Site: same-site)', () => [{ ...good(), ...bearer(), 'Sec-Fetch-Site': 'same-site' }]],
  ['a page on another site (Sec-Fetch-Site: cross-site)', () => [{ ...good(), ...bearer(), 'Sec-Fetch-Site': 'cross-site' }]],
  ['a foreign Origin with the right token', () => [{ ...good(), ...bearer(), Origin: 'http://evil.example' }]],
  ['a look-alike Origin', () => [{ ...good(), ...bearer(), Origin: `http://127.0.0.1.evil.example:${port}` }]],
  ['an Origin on another port', () => [{ ...good(), ...bearer(), Origin: `http://127.0.0.1:${port + 1}` }]],
  ['an Origin with credentials to another host', () => [{ ...good(), ...bearer(), Origin: `http://127.0.0.1:${port}@evil.example` }]],
  ['an opaque Origin (sandboxed frame, file:)', () => [{ ...good(), ...bearer(), Origin: 'null' }]],
  ['a file: Origin', () => [{ ...good(), ...bearer(), Origin: 'file://' }]],
  ['a foreign Host (DNS rebinding)', () => [{ ...good(), ...bearer(), Host: `evil.example:${port}` }]],
  ['a look-alike Host', () => [{ ...good(), ...bearer(), Host: `127.0.0.1.evil.example:${port}` }]],
  ['a Host on another port', () => [{ ...good(), ...bearer(), Host: `127.0.0.1:${port + 1}` }]],
  ['a Host without a port', () => [{ ...good(), ...bearer(), Host: '127.0.0.1' }]],
  ['an empty Host', () => [{ ...good(), ...bearer(), Host: '' }]],
];

function assertRefusal(res: Res, what: string): void {
  // 405: a POST is refused before anything else is looked at.
  assert.ok(res.status === 401 || res.status === 403 || res.status === 405, `${what}: ${res.status} ${res.body.slice(0, 80)}`);
  assert.doesNotMatch(res.body, /secret-log-line|<script|<html/i, 'nothing of ours leaks in a refusal');
  assert.equal(res.headers['set-cookie'], undefined, 'no cookie is ever handed out');
  assert.equal(res.headers['content-security-policy'], CSP);
}

describe('the controls: what the page does passes', () => {
  test('static files are public to our Host; /api/session and the bridge take the token; no cookie anywhere', async () => {
    for (const r of staticRoutes) {
      const res = await get(r, host());
      assert.equal(res.status, 200, r);
      assert.equal(res.headers['set-cookie'], undefined);
    }
    assert.equal((await get('/api/session', bearer())).status, 204);
    assert.equal((await get('/', { ...host(), Origin: `http://127.0.0.1:${port}` })).status, 200, 'our own Origin passes');
    assert.equal((await get('/', { Host: `localhost:${port}` })).status, 200, 'localhost:PORT is us');
    assert.equal((await get('/api/session', { ...bearer(), 'Sec-Fetch-Site': 'same-origin' })).status, 204, 'our own page passes');
    assert.equal((await get('/api/session', { ...bearer(), 'Sec-Fetch-Site': 'none' })).status, 204, 'a typed URL passes');
    const up = await upgrade('/bridge', good());
    assert.equal(up.opened, true, 'the bridge upgrade with the token subprotocol opens');
    assert.equal(up.protocol, BRIDGE_PROTOCOL, 'only the bridge protocol is echoed, never the token');
    assert.equal((await upgrade('/bridge', bearer())).opened, true, 'a script with a bearer header opens it too');
    assert.equal(await wsOpen('/bridge', {}, [BRIDGE_PROTOCOL, `${TOKEN_PROTOCOL_PREFIX}${token}`]), true, 'and so does a ws client');
    assert.equal(await wsOpen('/bridge', {}, [BRIDGE_PROTOCOL]), false, 'a ws client without the token is refused');
    assert.equal(await wsOpen('/bridge', { Origin: 'http://evil.example' }, [BRIDGE_PROTOCOL, `${TOKEN_PROTOCOL_PREFIX}${token}`]), false, 'a ws client from a foreign origin is refused');
  });

  test('a log link works once: the log, then 410', async () => {
    const link = logLink();
    assert.match(link, /^\/api\/logs\?ticket=[A-Za-z0-9_-]{32}$/);
    const first = await get(link, host());
    assert.equal(first.status, 200);
    assert.equal(first.body, 'secret-log-line\n', 'the log route really serves the log');
    assert.match(String(first.headers['content-disposition']), /attachment; filename="guarded\.log"/);
    const again = await get(link, host());
    assert.equal(again.status, 410);
    assert.equal((await get('/api/logs?ticket=made-up', host())).status, 410);
    assert.equal((await get('/api/logs', host())).status, 410);
  });
});

describe('attacks on the token: refused on the bridge and /api/session', () => {
  for (const [name, make] of TOKEN_ATTACKS) {
    test(name, async () => {
      const [headers, query] = make();
      for (const method of ['GET', 'HEAD', 'POST']) assertRefusal(await get(query ? `/api/session?${query}` : '/api/session', headers, method), `${method} /api/session`);
      const up = await upgrade(query ? `/bridge?${query}` : '/bridge', headers);
      assert.equal(up.opened, false, 'the WebSocket does not open');
      if (up.status !== undefined) assert.ok(up.status === 401 || up.status === 403, `upgrade status ${up.status}`);
    });
  }
});

describe('attacks on where a request comes from: refused with the right token, and a log ticket is not spent', () => {
  for (const [name, make] of PLACE_ATTACKS) {
    test(name, async () => {
      const [headers] = make();
      assertRefusal(await get('/api/session', headers), '/api/session');
      const link = logLink();
      assertRefusal(await get(link, headers), 'a fresh log link');
      assert.equal((await get(link, host())).status, 200, 'the refused ticket still works for our own page');
      const up = await upgrade('/bridge', headers);
      assert.equal(up.opened, false, 'the WebSocket does not open');
      if (/Host/.test(name)) for (const r of staticRoutes) assertRefusal(await get(r, headers), `static ${r}`);
    });
  }

  test('an upgrade to any path but /bridge is refused even with the right token', async () => {
    for (const p of ['/', '/bridge/', '/bridgex', '/api/session', '/%62ridge', '/bridge%']) assert.equal((await upgrade(p, good())).opened, false, p);
  });
});

describe('malformed requests: a 400, never a crash (the server answers after each)', () => {
  const MALFORMED = ['/api/logs/%E0', '/%E0', '/%', '/%zz', '/%C0%AF', '/assets/%ff%fe', '/api/session%', '/..%2f..%2fetc%2fpasswd', '/%00', '/bridge%E0%A4%A'];
  for (const p of MALFORMED) {
    test(`GET ${p}`, async () => {
      for (const headers of [host(), bearer()]) {
        const res = await get(p, headers);
        assert.ok([400, 404, 410].includes(res.status), `${p}: ${res.status}`);
      }
      assert.equal((await get('/api/session', bearer())).status, 204, 'still up');
    });
  }

  test('raw request lines no client would send: bad UTF-8, control bytes, an overlong path, no version', async () => {
    const lines = [
      Buffer.concat([Buffer.from('GET /api/logs/'), Buffer.from([0xe0, 0x80, 0xff]), Buffer.from(` HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`)]),
      `GET /\x01\x7f HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`,
      `GET /${'a'.repeat(100_000)} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`,
      `GET /\r\n\r\n`,
      `GARBAGE\r\n\r\n`,
      `GET / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nX: ${'b'.repeat(70_000)}\r\n\r\n`,
    ];
    for (const l of lines) {
      const status = await raw(l);
      assert.match(status, /^(HTTP\/1\.1 (400|403|404|414|431)|)/, `answered ${JSON.stringify(status)}`);
    }
    assert.equal((await get('/api/session', bearer())).status, 204, 'still up');
  });
});

describe('the token in the URL', () => {
  test('what it printed is a loopback URL with the token in the fragment (never sent to a server)', () => {
    const u = new URL(serve.url);
    assert.equal(u.hostname, '127.0.0.1');
    assert.equal(u.search, '', 'no token in the query');
    assert.ok(token.length >= 43, 'at least 256 bits of token');
    assert.match(token, /^[A-Za-z0-9_-]+$/);
  });

  test('an old ?token= URL moves the token to the fragment by a redirect, with no cookie and no content', async () => {
    const res = await get(`/?token=${token}`, host());
    assert.equal(res.status, 303);
    assert.equal(res.headers.location, `/#token=${token}`);
    assert.equal(res.headers['set-cookie'], undefined);
    assert.equal(res.headers['referrer-policy'], 'no-referrer');
    assert.equal(res.headers['cache-control'], 'no-store');
    assert.equal(res.body, '');
    assertRefusal(await get(`/?token=${wrongToken()}`, host()), 'a wrong query token');
  });

  test('BERTH_SERVE_TOKEN shorter than 32 characters or with other characters is refused at start', async () => {
    for (const t of ['0123456789abcdef', 'x'.repeat(31), `${'y'.repeat(40)};z`]) {
      await assert.rejects(
        runServe({ host: '127.0.0.1', port: 0, engine: h.url, allowHosts: [], staticDir: ensureRendererBuilt(), token: t }, () => undefined),
        /BERTH_SERVE_TOKEN/,
      );
    }
  });
});

/** A non-loopback address of this machine (TLS is about leaving it), or undefined. */
function externalAddress(): string | undefined {
  for (const list of Object.values(networkInterfaces())) for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  return undefined;
}

function httpsGet(url: string, ca?: string): Promise<{ status: number; cert: X509Certificate }> {
  return new Promise((resolve, reject) => {
    const req = https.get(url, { rejectUnauthorized: !!ca, ...(ca ? { ca } : {}) }, (res) => {
      res.resume();
      const peer = (res.socket as import('node:tls').TLSSocket).getPeerX509Certificate()!;
      resolve({ status: res.statusCode ?? 0, cert: peer });
    });
    req.on('error', reject);
  });
}

describe('binding', () => {
  test('loopback by default, plain HTTP, no warning', async () => {
    assert.equal(parseServeArgs([], {}).host, '127.0.0.1');
    assert.equal((serve.server.server.address() as AddressInfo).address, '127.0.0.1');
    assert.match(serve.url, /^http:\/\//);
    assert.equal(logs.filter((l) => /WARNING/.test(l)).length, 0);
  });

  const ext = externalAddress();
  test(
    '--host on a non-loopback address serves HTTPS with a self-signed certificate whose printed fingerprint is the one served',
    { skip: ext ? false : 'no non-loopback IPv4 address here' },
    async () => {
      const warned: string[] = [];
      const other = await runServe({ ...parseServeArgs(['--host', ext!, '--engine', h.url], {}), staticDir: ensureRendererBuilt() }, (m) => warned.push(m));
      try {
        assert.match(other.url, new RegExp(`^https://${ext!.replace(/\./g, '\\.')}:\\d+/#token=`));
        const printed = warned.join('\n').match(/SHA-256 fingerprint ([0-9A-F:]{95})/)?.[1];
        assert.ok(printed, `the fingerprint was printed: ${warned.join(' | ')}`);
        assert.match(warned.join('\n'), /root-equivalent/);
        const served = await httpsGet(`https://${ext}:${new URL(other.url).port}/`);
        assert.equal(served.cert.fingerprint256, printed);
        assert.ok(served.cert.checkIP(ext!), 'the certificate names the address');
        // Plain HTTP to an HTTPS port gets nowhere.
        const plain = await new Promise<number | string>((resolve) => http.get(`http://${ext}:${new URL(other.url).port}/`, (r) => resolve(r.statusCode ?? 0)).on('error', (e) => resolve(e.message)));
        assert.notEqual(plain, 200);
      } finally {
        await other.stop();
      }
    },
  );

  test(
    '--insecure-http on a non-loopback address serves plain HTTP and says in the warning that everything crosses in clear text',
    { skip: ext ? false : 'no non-loopback IPv4 address here' },
    async () => {
      const warned: string[] = [];
      const other = await runServe({ ...parseServeArgs(['--host', ext!, '--engine', h.url, '--insecure-http'], {}), staticDir: ensureRendererBuilt() }, (m) => warned.push(m));
      try {
        assert.match(other.url, /^http:\/\//);
        assert.match(warned.join('\n'), /plain HTTP off this machine.*clear text/);
        // Its guard knows its own name only: 127.0.0.1 is a foreign Host to it.
        const p = Number(new URL(other.url).port);
        const t = new URLSearchParams(new URL(other.url).hash.slice(1)).get('token')!;
        const status = await new Promise<number>((resolve, reject) => {
          const req = http.request({ host: ext, port: p, path: '/api/session', headers: { Host: `127.0.0.1:${p}`, Authorization: `Bearer ${t}` }, setHost: false }, (res) => {
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
    },
  );

  test('--tls-cert and --tls-key go together', () => {
    assert.throws(() => parseServeArgs(['--tls-cert', 'a.pem'], {}), /go together/);
  });

  test('--host with ::1, localhost or 127.0.0.2 counts as loopback (no warning, plain HTTP)', async () => {
    for (const hostName of ['localhost', '127.0.0.2']) {
      const warned: string[] = [];
      const other = await runServe({ host: hostName, port: 0, engine: h.url, allowHosts: [], staticDir: ensureRendererBuilt() }, (m) => warned.push(m));
      try {
        assert.equal(warned.filter((l) => /WARNING/.test(l)).length, 0, hostName);
        assert.match(other.url, /^http:\/\//);
      } finally {
        await other.stop();
      }
    }
  });
});
