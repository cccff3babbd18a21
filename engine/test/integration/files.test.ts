// A container's files through the archive endpoints (the Files tab's engine side), checked against the
// podman CLI (`stat` in the container, `podman cp`), on libpod and on the Docker-compatible API.
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { lstat, mkdir, readFile, readdir, readlink, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import tar from 'tar-stream';
import { connectEngine, type EngineClient } from '../../src/client.js';
import { DOCKER_TEST_IMAGE, startDocker, type DockerHarness } from '../harness/docker-harness.js';
import { packDirectory } from '../../src/api/tar-pack.js';
import { TEST_IMAGE, type PodmanHarness } from '../harness/podman-harness.js';
import { podmanSuite } from '../harness/podman-suite.js';
import { rejectsWith } from '../harness/engine-error.js';

let h: PodmanHarness;
let libpod: EngineClient;
let docker: EngineClient;

podmanSuite(async (s) => {
  ({ h, libpod, docker } = s);
  await h.podman(['run', '-d', '--name', 'files', TEST_IMAGE, 'sleep', '600']);
  await h.podman([
    'exec',
    'files',
    'sh',
    '-c',
    'mkdir -p /data/sub /tmp && printf hello > /data/a.txt && : > /data/empty && chmod 0750 /data/sub && chown 12:34 /data/a.txt && ln -s /etc /data/etc-link && ln -s ../../.. /data/up && ln -s /missing /data/dangling && printf x > "/data/new\nline"',
  ]);
});

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** Every file of a tar: relative name → sha256 (files) or `-> target` (symlinks) or `/` (folders). */
async function tarDigest(stream: NodeJS.ReadableStream, strip: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const ex = tar.extract();
  ex.on('entry', (hd, body, next) => {
    const parts: Buffer[] = [];
    body.on('data', (d: unknown) => parts.push(d as Buffer));
    body.on('end', () => {
      const name = hd.name.replace(/\/+$/, '');
      const rel = name === strip ? '' : name.startsWith(`${strip}/`) ? name.slice(strip.length + 1) : name;
      if (rel) out.set(rel, hd.type === 'symlink' ? `-> ${hd.linkname}` : hd.type === 'directory' ? '/' : sha(Buffer.concat(parts)));
      next();
    });
  });
  await new Promise<void>((resolve, reject) => {
    ex.on('finish', resolve);
    ex.on('error', reject);
    stream.pipe(ex as unknown as NodeJS.WritableStream);
  });
  return out;
}

/** The same digest of a folder on the host. */
async function hostDigest(root: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const walk = async (rel: string) => {
    for (const name of await readdir(path.join(root, rel))) {
      const r = rel ? `${rel}/${name}` : name;
      const st = await lstat(path.join(root, r));
      if (st.isSymbolicLink()) out.set(r, `-> ${await readlink(path.join(root, r))}`);
      else if (st.isDirectory()) {
        out.set(r, '/');
        await walk(r);
      } else out.set(r, sha(await readFile(path.join(root, r))));
    }
  };
  await walk('');
  return out;
}

/** A tree with what breaks naive file code: binary, empty, 255-byte and unicode names, a newline in a name, symlinks, nesting. */
async function makeTree(name: string): Promise<string> {
  const root = await h.scratch(name);
  await mkdir(path.join(root, 'nested/deeper'), { recursive: true });
  await mkdir(path.join(root, 'empty-folder'));
  await writeFile(path.join(root, 'binary.bin'), randomBytes(3 * 1024 * 1024 + 17));
  await writeFile(path.join(root, 'empty'), '');
  await writeFile(path.join(root, `${'n'.repeat(251)}.txt`), 'long name\n');
  await writeFile(path.join(root, 'données-日本語-🚢.txt'), 'unicode ✓\n');
  await writeFile(path.join(root, 'two\nlines'), 'newline in the name\n');
  await writeFile(path.join(root, 'nested/deeper/zeros'), Buffer.alloc(70_000));
  await symlink('nested/deeper/zeros', path.join(root, 'rel-link'));
  await symlink('/etc/hostname', path.join(root, 'abs-link'));
  return root;
}

for (const [label, client] of [
  ['libpod', () => libpod],
  ['Docker API', () => docker],
] as const) {
  describe(`on ${label}`, () => {
    test('a listing matches `stat` in the container: names, kinds, sizes, modes, owners, link targets', async () => {
      const l = await client().files.list('files', '/data');
      assert.equal(l.path, '/data');
      assert.deepEqual(
        l.entries.map((e) => e.name),
        ['a.txt', 'dangling', 'empty', 'etc-link', 'new\nline', 'sub', 'up'],
      );
      for (const e of l.entries) {
        const cli = (await h.podman(['exec', 'files', 'stat', '-c', '%s|%a|%u|%g|%Y|%F', `/data/${e.name}`])).trim().split('|');
        const [size, mode, uid, gid, mtime, type] = cli;
        const kind = type === 'directory' ? 'directory' : type === 'symbolic link' ? 'symlink' : 'file';
        assert.equal(e.kind, kind, `${e.name}: ${type}`);
        if (kind === 'file') assert.equal(e.size, Number(size), `${e.name} size`);
        if (kind !== 'symlink') assert.equal(e.mode.toString(8), mode, `${e.name} mode`);
        // Owners: from `stat` in the running container on Podman (its archive, libpod or compat, chowns to the caller); real Docker below.
        if (label === 'libpod') {
          assert.equal(e.uid, Number(uid), `${e.name} uid`);
          assert.equal(e.gid, Number(gid), `${e.name} gid`);
        }
        // Tar headers hold whole seconds, and Go's archive/tar rounds rather than truncates.
        assert.ok(Math.abs(e.mtime / 1000 - Number(mtime)) <= 1, `${e.name} mtime ${e.mtime} vs ${mtime}`);
      }
      const link = l.entries.find((e) => e.name === 'up');
      assert.equal(link?.linkTarget, '../../..');
      assert.equal(l.truncated, false);
      assert.equal(l.total, 7);
    });

    test('paths cannot climb out: `..` stops at /, a symlink to / or /etc lands inside the container', async () => {
      const up = await client().files.list('files', '/data/up');
      assert.equal(up.path, '/', 'the link ../../.. resolves to the container root');
      assert.ok(up.entries.some((e) => e.name === 'data'));
      const dots = await client().files.list('files', '/data/../../../..');
      assert.equal(dots.path, '/');
      const etc = await client().files.list('files', '/data/etc-link');
      assert.equal(etc.path, '/etc');
      const cliEtc = (await h.podman(['exec', 'files', 'ls', '-A', '/etc'])).split('\n').filter(Boolean).sort();
      assert.deepEqual(etc.entries.map((e) => e.name).sort(), cliEtc, "the container's /etc, not the host's");
      await rejectsWith(client().files.list('files', 'etc'), 'invalid-argument');
      await rejectsWith(client().files.list('files', '/etc\0/x'), 'invalid-argument');
      await rejectsWith(client().files.list('files', '/data/a.txt'), 'invalid-argument');
      await rejectsWith(client().files.list('files', '/data/dangling'), 'not-found');
      await rejectsWith(client().files.list('files', '/nowhere'), 'not-found');
      await rejectsWith(client().files.list('no-such-container', '/'), 'not-found');
    });

    test('preview: text, binary and a file larger than the limit', async () => {
      assert.deepEqual(await client().files.preview('files', '/data/a.txt'), { path: '/data/a.txt', size: 5, binary: false, truncated: false, text: 'hello' });
      const bin = await client().files.preview('files', '/bin/busybox', { maxBytes: 4096 });
      assert.equal(bin.binary, true);
      assert.equal(bin.text, undefined);
      assert.equal(bin.truncated, true);
      await rejectsWith(client().files.preview('files', '/data/sub'), 'invalid-argument');
    });
  });
}

test('round trip: every file uploaded one by one, then the folder downloaded, equals the tree (and `podman cp` agrees)', { timeout: 120_000 }, async () => {
  const src = await makeTree('files-src');
  const want = await hostDigest(src);
  const dir = await libpod.files.mkdir('files', '/tmp', 'roundtrip');
  assert.equal(dir, '/tmp/roundtrip');
  // Files through upload(); folders through mkdir(); symlinks cannot come from a browser, so they go in a tar.
  const walk = async (rel: string): Promise<void> => {
    for (const name of await readdir(path.join(src, rel))) {
      const r = rel ? `${rel}/${name}` : name;
      const st = await lstat(path.join(src, r));
      if (st.isSymbolicLink()) continue;
      if (st.isDirectory()) {
        await libpod.files.mkdir('files', `/tmp/roundtrip/${rel}`, name);
        await walk(r);
      } else {
        const data = await readFile(path.join(src, r));
        await libpod.files.upload('files', '/tmp/roundtrip', r, { stream: Readable.from([data]), size: data.length, mode: st.mode & 0o777 });
      }
    }
  };
  await walk('');
  const links = tar.pack();
  links.entry({ name: 'rel-link', type: 'symlink', linkname: 'nested/deeper/zeros' });
  links.entry({ name: 'abs-link', type: 'symlink', linkname: '/etc/hostname' });
  links.finalize();
  await libpod.files.putTar('files', '/tmp/roundtrip', Readable.from(links));

  const got = await tarDigest(await libpod.files.tar('files', '/tmp/roundtrip'), 'roundtrip');
  assert.deepEqual(new Map([...got].sort()), new Map([...want].sort()), 'download = source');

  const out = await h.scratch('files-cp');
  await h.podman(['cp', 'files:/tmp/roundtrip', out]);
  assert.deepEqual(new Map([...(await hostDigest(path.join(out, 'roundtrip')))].sort()), new Map([...want].sort()), 'podman cp = source');

  // One file's bytes without the tar: the same bytes.
  const one = await libpod.files.fileStream('files', '/tmp/roundtrip/binary.bin');
  const parts: Buffer[] = [];
  for await (const c of one.stream) parts.push(c as Buffer);
  assert.equal(sha(Buffer.concat(parts)), want.get('binary.bin'));
  assert.equal(one.stat.size, (await readFile(path.join(src, 'binary.bin'))).length);
});

test('a folder packed on the host (symlinks and all) extracts unchanged', { timeout: 60_000 }, async () => {
  const src = await makeTree('files-tar');
  await libpod.files.mkdir('files', '/tmp', 'packed');
  await libpod.files.putTar('files', '/tmp/packed', packDirectory(src));
  const got = await tarDigest(await libpod.files.tar('files', '/tmp/packed'), 'packed');
  assert.deepEqual(new Map([...got].sort()), new Map([...(await hostDigest(src))].sort()));
});

test('writes: new folder, overwrite, delete; bad names refused before anything is written', async () => {
  await rejectsWith(libpod.files.mkdir('files', '/data', 'sub'), 'name-in-use');
  await rejectsWith(libpod.files.mkdir('files', '/data', '..'), 'invalid-argument');
  await rejectsWith(libpod.files.mkdir('files', '/data', 'a/b'), 'invalid-argument');
  await rejectsWith(libpod.files.upload('files', '/data', '../escape.txt', { stream: Readable.from([Buffer.from('x')]), size: 1 }), 'invalid-argument');
  await rejectsWith(libpod.files.upload('files', '/data', '/abs.txt', { stream: Readable.from([Buffer.from('x')]), size: 1 }), 'invalid-argument');
  await rejectsWith(libpod.files.upload('files', '/data/a.txt', 'x.txt', { stream: Readable.from([Buffer.from('x')]), size: 1 }), 'invalid-argument');
  await rejectsWith(libpod.files.upload('files', '/no/such/dir', 'x.txt', { stream: Readable.from([Buffer.from('x')]), size: 1 }), 'not-found');
  assert.equal((await h.podman(['exec', 'files', 'ls', '/data'])).includes('escape'), false);

  await libpod.files.upload('files', '/data', 'a.txt', { stream: Readable.from([Buffer.from('replaced')]), size: 8 });
  assert.equal(await h.podman(['exec', 'files', 'cat', '/data/a.txt']), 'replaced');

  await libpod.files.mkdir('files', '/data', 'gone');
  await libpod.files.upload('files', '/data/gone', 'inner/f', { stream: Readable.from([Buffer.from('x')]), size: 1 });
  await libpod.files.remove('files', ['/data/gone', '/data/new\nline']);
  const left = (await libpod.files.list('files', '/data')).entries.map((e) => e.name);
  assert.ok(!left.includes('gone') && !left.includes('new\nline'), left.join(','));
  await rejectsWith(libpod.files.remove('files', ['/']), 'invalid-argument');
  await rejectsWith(libpod.files.remove('files', ['/data/../']), 'invalid-argument');
});

test('a stopped container: browse and upload work, delete says to start it', async () => {
  await h.podman(['create', '--name', 'files-stopped', TEST_IMAGE, 'true']);
  await libpod.files.upload('files-stopped', '/', 'added.txt', { stream: Readable.from([Buffer.from('offline')]), size: 7 });
  const l = await libpod.files.list('files-stopped', '/');
  assert.ok(l.entries.some((e) => e.name === 'added.txt' && e.size === 7));
  const e = await rejectsWith(libpod.files.remove('files-stopped', ['/added.txt']), 'container-not-running');
  assert.match(e.hint, /start the container/);
});

test('a read-only root filesystem: the message says so and where to write instead', async () => {
  await h.podman(['run', '-d', '--name', 'files-ro', '--read-only', TEST_IMAGE, 'sleep', '600']);
  const e = await rejectsWith(libpod.files.upload('files-ro', '/etc', 'x.conf', { stream: Readable.from([Buffer.from('x')]), size: 1 }), 'read-only');
  assert.match(e.message, /read-only file system/);
  assert.match(e.hint, /\/tmp or a volume/);
  const mk = await rejectsWith(libpod.files.mkdir('files-ro', '/', 'newdir'), 'read-only');
  assert.match(mk.hint, /read-only/);
  // /tmp is a tmpfs on a --read-only container: writable.
  await libpod.files.upload('files-ro', '/tmp', 'ok.txt', { stream: Readable.from([Buffer.from('ok')]), size: 2 });
  assert.equal(await h.podman(['exec', 'files-ro', 'cat', '/tmp/ok.txt']), 'ok');
});

describe('on a real Docker Engine', () => {
  let d: DockerHarness;
  let berth: EngineClient;
  before(async () => {
    d = await startDocker();
    berth = await connectEngine({ address: d.url });
    assert.equal(berth.caps.flavor, 'docker');
    await d.docker([
      'run',
      '-d',
      '--network',
      'none',
      '--name',
      'files',
      DOCKER_TEST_IMAGE,
      'sh',
      '-c',
      'mkdir -p /data && printf hi > /data/a && chown 12:34 /data/a && ln -s a /data/l && touch /data/.ready && sleep 600',
    ]);
    for (let i = 0; i < 100 && !(await d.docker(['exec', 'files', 'ls', '-a', '/data']).catch(() => '')).includes('.ready'); i++) await new Promise((r) => setTimeout(r, 100));
    await d.docker(['exec', 'files', 'rm', '/data/.ready']);
  });
  after(async () => {
    berth?.close();
    await d?.teardown();
  });

  test('list (owners from the tar), upload, download and delete', { timeout: 120_000 }, async () => {
    const l = await berth.files.list('files', '/data');
    assert.deepEqual(
      l.entries.map((e) => [e.name, e.kind, e.size, e.uid, e.gid, e.linkTarget]),
      [
        ['a', 'file', 2, 12, 34, undefined],
        ['l', 'symlink', 0, 0, 0, 'a'],
      ],
    );
    const data = randomBytes(200_000);
    await berth.files.upload('files', '/data', 'up/b.bin', { stream: Readable.from([data]), size: data.length });
    const got = await berth.files.fileStream('files', '/data/up/b.bin');
    const parts: Buffer[] = [];
    for await (const c of got.stream) parts.push(c as Buffer);
    assert.equal(sha(Buffer.concat(parts)), sha(data));
    assert.equal((await d.docker(['exec', 'files', 'sha256sum', '/data/up/b.bin'])).split(' ')[0], sha(data));
    await berth.files.remove('files', ['/data/up']);
    assert.equal((await d.docker(['exec', 'files', 'ls', '/data'])).trim().split('\n').join(','), 'a,l');
  });
});
