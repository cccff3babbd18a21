// Pure parts of the images API: reference validation, progress parsing,
// summary normalization, the auth header, ProgressTask pacing, and the tar
// packer (checked against GNU tar).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, mkdir, readFile, readlink, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createWriteStream } from 'node:fs';
import { describe, test } from 'node:test';
import { promisify } from 'node:util';
import {
  encodeRegistryAuth,
  isLocalImageName,
  parseBuildLine,
  parseCopyLine,
  parseImageReference,
  parseJsonProgress,
  ProgressTask,
  streamError,
  toImageSummary,
  type ProgressEvent,
} from '../../src/api/images.js';
import { encodeHeader, packDirectory, paxRecord } from '../../src/api/tar-pack.js';

const run = promisify(execFile);

describe('parseImageReference', () => {
  test('accepts the usual shapes', () => {
    const cases: [string, { domain?: string; path: string; tag?: string; digest?: string }][] = [
      ['busybox', { path: 'busybox' }],
      ['library/busybox:1.36', { path: 'library/busybox', tag: '1.36' }],
      ['127.0.0.1:5000/berth/busybox:1', { domain: '127.0.0.1:5000', path: 'berth/busybox', tag: '1' }],
      ['localhost/berth-test:latest', { domain: 'localhost', path: 'berth-test', tag: 'latest' }],
      ['registry.example.com/a/b/c', { domain: 'registry.example.com', path: 'a/b/c' }],
      ['quay.io/x__y/a.b-c_d', { domain: 'quay.io', path: 'x__y/a.b-c_d' }],
      [`ghcr.io/o/r@sha256:${'a'.repeat(64)}`, { domain: 'ghcr.io', path: 'o/r', digest: `sha256:${'a'.repeat(64)}` }],
      [`r:5000/x:v1@sha256:${'b'.repeat(64)}`, { domain: 'r:5000', path: 'x', tag: 'v1', digest: `sha256:${'b'.repeat(64)}` }],
      ['Registry.Example.com/x', { domain: 'Registry.Example.com', path: 'x' }],
    ];
    for (const [input, want] of cases) {
      const r = parseImageReference(input);
      assert.ok(r.ok, `${input}: ${r.ok ? '' : r.reason}`);
      assert.equal(r.ref.domain, want.domain, input);
      assert.equal(r.ref.path, want.path, input);
      assert.equal(r.ref.tag, want.tag, input);
      assert.equal(r.ref.digest, want.digest, input);
      assert.equal(r.ref.name, want.domain ? `${want.domain}/${want.path}` : want.path);
    }
  });

  test('refuses malformed references with a reason', () => {
    const cases: [string, RegExp][] = [
      ['UPPER/case', /lowercase/],
      ['Busybox', /lowercase/],
      ['a b', /white space/],
      [':tag', /repository name is missing/],
      ['', /empty/],
      ['repo:', /not a valid tag/],
      ['repo:-bad', /not a valid tag/],
      [`repo:${'t'.repeat(129)}`, /not a valid tag/],
      ['repo@sha256:short', /not a valid digest/],
      ['a//b', /empty path component/],
      ['/a', /empty path component/],
      ['a/', /empty path component/],
      ['-a/b', /not a valid repository name component/],
      ['a..b', /not a valid repository name component/],
      ['bad_host_.com:5000/x', /not a valid registry host/],
      [`${'a'.repeat(256)}`, /255/],
    ];
    for (const [input, reason] of cases) {
      const r = parseImageReference(input);
      assert.equal(r.ok, false, `${JSON.stringify(input)} should be refused`);
      if (!r.ok) assert.match(r.reason, reason, input);
    }
  });

  test('local names also accept image ids', () => {
    assert.equal(isLocalImageName('16bedf64b3f9'), true);
    assert.equal(isLocalImageName(`sha256:${'c'.repeat(64)}`), true);
    assert.equal(isLocalImageName('localhost/x:1'), true);
    assert.equal(isLocalImageName('a b'), false);
    assert.equal(isLocalImageName('UPPER'), false);
  });
});

describe('encodeRegistryAuth', () => {
  test('is padded base64url JSON with the registry as serveraddress', () => {
    // "?>" and "~" produce "+" and "/" in plain base64: they must become "-" and "_".
    const header = encodeRegistryAuth({ username: 'u?>~', password: 'p?>~x' }, 'reg:5000');
    assert.doesNotMatch(header, /[+/]/);
    assert.equal(header.length % 4, 0, 'padded, as Go base64.URLEncoding expects');
    const decoded = JSON.parse(Buffer.from(header, 'base64url').toString('utf8'));
    assert.deepEqual(decoded, { username: 'u?>~', password: 'p?>~x', serveraddress: 'reg:5000' });
    const explicit = JSON.parse(Buffer.from(encodeRegistryAuth({ username: 'a', password: 'b', serverAddress: 'other' }, 'reg'), 'base64url').toString());
    assert.equal(explicit.serveraddress, 'other');
  });
});

describe('progress parsing', () => {
  test('libpod copy lines: blobs are layers, the rest status', () => {
    assert.deepEqual(parseCopyLine(`Copying blob sha256:${'a1'.repeat(32)}\n`), { kind: 'layer', layerId: 'a1a1a1a1a1a1', message: `Copying blob sha256:${'a1'.repeat(32)}` });
    assert.deepEqual(parseCopyLine('Copying blob 18a0c42fb134 skipped: already exists'), { kind: 'layer', layerId: '18a0c42fb134', message: 'Already exists' });
    assert.deepEqual(parseCopyLine('Trying to pull reg/x:1...\n'), { kind: 'status', message: 'Trying to pull reg/x:1...' });
    assert.equal(parseCopyLine('Copying config sha256:abc').kind, 'status');
  });

  test('Docker JSON progress: per-layer bytes, status lines, nothing', () => {
    assert.deepEqual(parseJsonProgress({ status: 'Downloading', progressDetail: { current: 10, total: 100 }, progress: '[=>  ] 10B/100B', id: '18a0c42fb134' }), {
      kind: 'layer',
      layerId: '18a0c42fb134',
      message: 'Downloading [=>  ] 10B/100B',
      current: 10,
      total: 100,
    });
    assert.deepEqual(parseJsonProgress({ status: 'Pulling fs layer', progressDetail: {}, id: '16bedf64b3f9' }), {
      kind: 'layer',
      layerId: '16bedf64b3f9',
      message: 'Pulling fs layer',
      current: undefined,
      total: undefined,
    });
    assert.deepEqual(parseJsonProgress({ status: 'Pulling from berth/busybox', id: '1' }), { kind: 'status', message: '1: Pulling from berth/busybox', current: undefined, total: undefined });
    assert.deepEqual(parseJsonProgress({ status: 'Digest: sha256:abc' }), { kind: 'status', message: 'Digest: sha256:abc', current: undefined, total: undefined });
    assert.equal(parseJsonProgress({ progressDetail: {} }), null);
    assert.equal(parseJsonProgress({ status: 'x', progressDetail: { current: 5, total: 0 }, id: 'abcdefabcdef' })?.total, undefined, 'total 0 means unknown');
  });

  test('build lines: steps (Podman and Docker style) and log lines', () => {
    assert.deepEqual(parseBuildLine('STEP 2/5: RUN echo hi'), { kind: 'step', message: 'STEP 2/5: RUN echo hi', current: 2, total: 5 });
    assert.deepEqual(parseBuildLine('Step 1/3 : FROM busybox'), { kind: 'step', message: 'Step 1/3 : FROM busybox', current: 1, total: 3 });
    assert.deepEqual(parseBuildLine('hi'), { kind: 'log', message: 'hi' });
  });

  test('errors inside a 200 stream', () => {
    assert.equal(streamError({ error: 'manifest unknown' }), 'manifest unknown');
    assert.equal(streamError({ errorDetail: { message: 'boom' } }), 'boom');
    assert.equal(streamError({ stream: 'ok\n' }), undefined);
    assert.equal(streamError({ error: '' }), undefined);
  });
});

describe('toImageSummary', () => {
  test('libpod shape', () => {
    const s = toImageSummary({
      Id: 'a'.repeat(64),
      ParentId: '',
      RepoTags: ['localhost/x:1'],
      RepoDigests: ['localhost/x@sha256:1'],
      Created: 1_700_000_000,
      Size: 123,
      Labels: { a: 'b' },
      Containers: 2,
    });
    assert.deepEqual(s, {
      id: 'a'.repeat(64),
      shortId: 'a'.repeat(12),
      repoTags: ['localhost/x:1'],
      repoDigests: ['localhost/x@sha256:1'],
      size: 123,
      created: 1_700_000_000_000,
      containers: 2,
      inUse: true,
      dangling: false,
      labels: { a: 'b' },
      parentId: undefined,
    });
  });

  test('compat shape: sha256 prefix, <none> tags, -1 containers, null labels', () => {
    const s = toImageSummary({
      Id: `sha256:${'b'.repeat(64)}`,
      ParentId: `sha256:${'c'.repeat(64)}`,
      RepoTags: ['<none>:<none>'],
      RepoDigests: null,
      Created: 1_700_000_000,
      Size: 5,
      Labels: null,
      Containers: -1,
    });
    assert.equal(s.id, 'b'.repeat(64));
    assert.equal(s.parentId, 'c'.repeat(64));
    assert.deepEqual(s.repoTags, []);
    assert.deepEqual(s.repoDigests, []);
    assert.equal(s.dangling, true);
    assert.equal(s.containers, 0);
    assert.equal(s.inUse, false);
    assert.deepEqual(s.labels, {});
    assert.equal(toImageSummary({ Id: 'x', RepoTags: [], Dangling: false }).dangling, false, 'the engine’s own Dangling wins');
  });
});

describe('ProgressTask', () => {
  const events = (n: number): ProgressEvent[] => Array.from({ length: n }, (_, i) => ({ kind: 'log', message: String(i) }));

  test('iteration paces the producer (backpressure) and delivers everything in order', async () => {
    let produced = 0;
    let maxAhead = 0;
    let consumed = 0;
    const task = new ProgressTask(async (emit) => {
      for (const ev of events(1000)) {
        produced++;
        maxAhead = Math.max(maxAhead, produced - consumed);
        await emit(ev);
      }
      return 'ok';
    });
    const got: string[] = [];
    for await (const ev of task) {
      consumed++;
      got.push(ev.message);
      if (consumed % 100 === 0) await new Promise((r) => setTimeout(r, 1));
    }
    assert.equal(got.length, 1000);
    assert.equal(got[999], '999');
    assert.ok(maxAhead <= 70, `producer ran ${maxAhead} events ahead`);
    assert.equal(await task.result(), 'ok');
  });

  test('result() alone drains events to onProgress', async () => {
    const seen: string[] = [];
    const task = new ProgressTask(
      async (emit) => {
        for (const ev of events(200)) await emit(ev);
        return 42;
      },
      (ev) => seen.push(ev.message),
    );
    assert.equal(await task.result(), 42);
    assert.equal(seen.length, 200);
  });

  test('leaving the loop early does not cancel the work; errors reach both the loop and result()', async () => {
    const done = new ProgressTask(async (emit) => {
      for (const ev of events(500)) await emit(ev);
      return 'finished';
    });
    for await (const ev of done) if (ev.message === '3') break;
    assert.equal(await done.result(), 'finished');

    const boom = new Error('boom');
    const failing = new ProgressTask<string>(async (emit) => {
      await emit({ kind: 'status', message: 'first' });
      throw boom;
    });
    const got: string[] = [];
    await assert.rejects(
      (async () => {
        for await (const ev of failing) got.push(ev.message);
      })(),
      (e) => e === boom,
    );
    assert.deepEqual(got, ['first']);
    await assert.rejects(failing.result(), (e) => e === boom);
  });
});

describe('tar packer', () => {
  test('header checksum and PAX record lengths', () => {
    const h = encodeHeader({ name: 'a.txt', type: 'file', mode: 0o644, size: 5, mtime: 1_700_000_000 });
    assert.equal(h.length, 512);
    let sum = 0;
    for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 0x20 : h[i]!;
    assert.equal(parseInt(h.subarray(148, 154).toString('ascii'), 8), sum);
    assert.equal(h.subarray(257, 262).toString('ascii'), 'ustar');
    for (const value of ['x', 'y'.repeat(90), 'z'.repeat(95), 'w'.repeat(995)]) {
      const rec = paxRecord('path', value);
      assert.equal(Buffer.byteLength(rec), parseInt(rec, 10), `record for ${value.length} chars`);
    }
  });

  test('GNU tar reads back files, folders, symlinks, long and non-ASCII names', async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'berth-tar-'));
    try {
      const src = path.join(root, 'src');
      const long = `${'d'.repeat(80)}/${'f'.repeat(120)}.txt`;
      await mkdir(path.join(src, 'd'.repeat(80)), { recursive: true });
      await mkdir(path.join(src, 'empty'), { recursive: true });
      await writeFile(path.join(src, long), 'long name\n');
      await writeFile(path.join(src, 'Containerfile'), 'FROM scratch\n');
      await writeFile(path.join(src, 'zero'), '');
      await writeFile(path.join(src, 'größe.txt'), 'umlaut\n');
      await writeFile(path.join(src, 'big.bin'), Buffer.alloc(300_001, 7), { mode: 0o755 });
      await symlink('Containerfile', path.join(src, 'link'));
      const tarFile = path.join(root, 'ctx.tar');
      await pipeline(packDirectory(src), createWriteStream(tarFile));
      const out = path.join(root, 'out');
      await mkdir(out);
      await run('tar', ['-xf', tarFile, '-C', out]);
      assert.equal(await readFile(path.join(out, long), 'utf8'), 'long name\n');
      assert.equal(await readFile(path.join(out, 'größe.txt'), 'utf8'), 'umlaut\n');
      assert.equal(await readFile(path.join(out, 'zero'), 'utf8'), '');
      assert.deepEqual(await readFile(path.join(out, 'big.bin')), Buffer.alloc(300_001, 7));
      assert.equal(await readlink(path.join(out, 'link')), 'Containerfile');
      const { stdout } = await run('tar', ['-tvf', tarFile]);
      assert.match(stdout, /drwx.* empty\//);
      assert.match(stdout, /-rwxr-xr-x 0\/0 .*big\.bin/);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
