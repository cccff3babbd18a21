// The Files tab's HTTP transfers, served the real way (serve's server, the real bridge, a harness Podman):
// a link works once and for what it was issued (a download link takes no PUT, an upload link no GET);
// only /api/files takes PUT; an upload that arrives short, long or cut off writes nothing, and the file it
// would have replaced stays whole; a foreign Origin is refused before the ticket is spent; paths that try to
// climb out are refused at the bridge; download names cannot inject headers.
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import { after, before, describe, test } from 'node:test';
import { startPodman, TEST_IMAGE, type PodmanHarness } from '../../../engine/test/harness/podman-harness.js';
import { attachment } from '../../main/file-transfers.js';
import { startBridgeRig, type BridgeClient, type BridgeRig } from './support/bridge-rig.js';

let h: PodmanHarness;
let rig: BridgeRig;
let c: BridgeClient;
const NAME = 'xfer';

before(async () => {
  h = await startPodman();
  await h.podman(['run', '-d', '--name', NAME, TEST_IMAGE, 'sh', '-c', 'mkdir -p /data && printf original > /data/keep.txt && sleep 600']);
  // `run -d` returns before the shell has written the file.
  for (let i = 0; i < 100 && (await inContainer('/data/keep.txt')) !== 'original'; i++) await new Promise((r) => setTimeout(r, 100));
  rig = await startBridgeRig(h.url);
  c = await rig.connect();
});
after(async () => {
  await rig?.stop();
  await h?.teardown();
});

async function link(call: 'downloadLink' | 'uploadLink', input: Record<string, unknown>): Promise<string> {
  const r = await c.call('mutation', `files.${call}`, { id: NAME, ...input });
  assert.equal(r.error, undefined, JSON.stringify(r.error));
  return (r.result?.data as { url: string }).url;
}

function request(method: string, url: string, opts: { body?: Buffer; headers?: Record<string, string> } = {}): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${rig.httpOrigin}${url}`, { method, headers: { Origin: rig.httpOrigin, 'Sec-Fetch-Site': 'same-origin', ...opts.headers } }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (d: Buffer) => parts.push(d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(parts).toString() }));
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

const inContainer = (path: string) => h.podman(['exec', NAME, 'cat', path]).catch(() => undefined);

describe('links', () => {
  test('a download link works once; then 410', async () => {
    const url = await link('downloadLink', { path: '/data/keep.txt' });
    assert.match(url, /^\/api\/files\?ticket=[A-Za-z0-9_-]{32}$/);
    const first = await request('GET', url);
    assert.equal(first.status, 200);
    assert.equal(first.body, 'original');
    assert.match(String(first.headers['content-disposition']), /^attachment; filename="keep\.txt"/);
    assert.equal((await request('GET', url)).status, 410);
    assert.equal((await request('GET', '/api/files?ticket=made-up')).status, 410);
  });

  test('a download link takes no PUT, an upload link no GET (and neither is spent on the wrong method… once)', async () => {
    const down = await link('downloadLink', { path: '/data/keep.txt' });
    assert.equal((await request('PUT', down, { body: Buffer.from('x') })).status, 400);
    const up = await link('uploadLink', { dir: '/data', name: 'keep.txt', size: 3 });
    assert.equal((await request('GET', up)).status, 400);
    assert.equal(await inContainer('/data/keep.txt'), 'original');
  });

  test('PUT anywhere but /api/files is refused', async () => {
    for (const p of ['/', '/api/logs', '/api/session', '/index.html', '/api/files/x']) assert.equal((await request('PUT', p, { body: Buffer.from('x') })).status, 405, p);
  });

  test('a foreign Origin is refused and the ticket stays good for our own page', async () => {
    const up = await link('uploadLink', { dir: '/data', name: 'foreign.txt', size: 2 });
    const refused = await request('PUT', up, { body: Buffer.from('hi'), headers: { Origin: 'http://evil.example', 'Sec-Fetch-Site': 'cross-site' } });
    assert.equal(refused.status, 403);
    assert.equal(await inContainer('/data/foreign.txt'), undefined);
    assert.equal((await request('PUT', up, { body: Buffer.from('hi') })).status, 204);
    assert.equal(await inContainer('/data/foreign.txt'), 'hi');
  });
});

describe('uploads that do not arrive whole write nothing', () => {
  test('shorter than announced: 4xx/5xx, and the file it would replace is unchanged', async () => {
    const up = await link('uploadLink', { dir: '/data', name: 'keep.txt', size: 100 });
    const r = await request('PUT', up, { body: Buffer.from('short') });
    assert.notEqual(r.status, 204);
    assert.match(r.body, /did not arrive whole|ended early/);
    assert.match(r.body, /Nothing was written/);
    assert.equal(await inContainer('/data/keep.txt'), 'original');
  });

  test('longer than announced: refused, nothing written', async () => {
    const up = await link('uploadLink', { dir: '/data', name: 'keep.txt', size: 3 });
    const r = await request('PUT', up, { body: Buffer.from('much longer than three') });
    assert.notEqual(r.status, 204);
    assert.equal(await inContainer('/data/keep.txt'), 'original');
  });

  test('the connection cut half-way: nothing written, no spool left behind', async () => {
    const up = await link('uploadLink', { dir: '/data', name: 'keep.txt', size: 1_000_000 });
    const { port } = new URL(rig.httpOrigin);
    await new Promise<void>((resolve) => {
      const s = net.connect(Number(port), '127.0.0.1', () => {
        s.write(`PUT ${up} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nOrigin: ${rig.httpOrigin}\r\nContent-Length: 1000000\r\n\r\n`);
        s.write(Buffer.alloc(300_000, 0x61), () => setTimeout(() => (s.destroy(), resolve()), 200));
      });
    });
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(await inContainer('/data/keep.txt'), 'original');
    const { readdir } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    assert.deepEqual(
      (await readdir(tmpdir())).filter((n) => n.startsWith('berth-upload-')),
      [],
      'the spool folder is removed',
    );
  });
});

describe('the bridge refuses bad paths and names before any link exists', () => {
  const BAD: [string, Record<string, unknown>][] = [
    ['a relative path', { path: 'etc/passwd' }],
    ['a NUL in the path', { path: '/etc\0/passwd' }],
    ['an empty path', { path: '' }],
    ['a path longer than 4096 bytes', { path: `/${'a'.repeat(5000)}` }],
  ];
  for (const [what, input] of BAD) {
    test(`download: ${what}`, async () => {
      const r = await c.call('mutation', 'files.downloadLink', { id: NAME, ...input });
      assert.equal(r.error?.data?.code, 'BAD_REQUEST', JSON.stringify(r));
    });
  }
  const BAD_UPLOADS: [string, Record<string, unknown>][] = [
    ['a name that climbs out', { dir: '/data', name: '../../etc/passwd', size: 1 }],
    ['an absolute name', { dir: '/data', name: '/etc/passwd', size: 1 }],
    ['"." as a segment', { dir: '/data', name: 'a/./b', size: 1 }],
    ['a negative size', { dir: '/data', name: 'a', size: -1 }],
    ['a fractional size', { dir: '/data', name: 'a', size: 1.5 }],
    ['a size beyond the limit', { dir: '/data', name: 'a', size: 65 * 1024 ** 3 }],
    ['a mode beyond 07777', { dir: '/data', name: 'a', size: 1, mode: 0o10000 }],
    ['an unknown key', { dir: '/data', name: 'a', size: 1, owner: 0 }],
  ];
  for (const [what, input] of BAD_UPLOADS) {
    test(`upload: ${what}`, async () => {
      const r = await c.call('mutation', 'files.uploadLink', { id: NAME, ...input });
      assert.equal(r.error?.data?.code, 'BAD_REQUEST', JSON.stringify(r));
    });
  }
  test('`..` in a path is resolved, never above /', async () => {
    const r = await c.call('query', 'files.list', { id: NAME, path: '/data/../../../../' });
    assert.equal((r.result?.data as { path: string }).path, '/');
  });
});

test('download names cannot break the header: quotes, CR/LF, slashes and non-ASCII are made safe', () => {
  for (const name of ['a"b.txt', 'evil\r\nSet-Cookie: x=1', 'a/b', 'données.txt', 'x;y.txt', '']) {
    const h = attachment(name);
    assert.doesNotMatch(h, /[\r\n]/, name);
    const ascii = /filename="([^"]*)"/.exec(h)?.[1] ?? '';
    assert.doesNotMatch(ascii, /["\\/;]/, name);
    assert.match(h, /filename\*=UTF-8''[A-Za-z0-9%._~!*'()-]*$/, name);
  }
  assert.equal(attachment('données.txt'), `attachment; filename="donn_es.txt"; filename*=UTF-8''donn%C3%A9es.txt`);
});
