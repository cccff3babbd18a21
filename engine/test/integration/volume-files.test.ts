// A volume's files through a helper container that is created and never run: browse, export, import into a
// new volume (byte-identical, checked by exporting both and by reading the volume from a container with the
// CLI), clone; helpers gone afterwards, even when the operation failed; a missing volume is not created.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { test } from 'node:test';
import tar from 'tar-stream';
import type { EngineClient } from '../../src/client.js';
import { HELPER_LABEL } from '../../src/files/volume-files.js';
import { TEST_IMAGE, type PodmanHarness } from '../harness/podman-harness.js';
import { podmanSuite } from '../harness/podman-suite.js';
import { rejectsWith } from '../harness/engine-error.js';

let h: PodmanHarness;
let libpod: EngineClient;

podmanSuite(async (s) => {
  ({ h, libpod } = s);
  await h.podman(['volume', 'create', 'vsrc']);
  await h.podman([
    'run',
    '--rm',
    '-v',
    'vsrc:/v',
    TEST_IMAGE,
    'sh',
    '-c',
    'mkdir -p /v/sub/deeper /v/empty && head -c 300000 /bin/busybox > /v/bin.dat && : > /v/zero && echo hi > "/v/sub/deeper/名 with space" && ln -s sub/deeper /v/link && chmod 0700 /v/sub && chown 7:8 /v/zero',
  ]);
});

/** name → type:mode:uid:sha of every entry of a tar (the volume's content, relative to its root). */
async function digest(stream: NodeJS.ReadableStream): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const ex = tar.extract();
  ex.on('entry', (hd, body, next) => {
    const hash = createHash('sha256');
    body.on('data', (d: unknown) => hash.update(d as Buffer));
    body.on('end', () => {
      const name = hd.name.replace(/^\.\//, '').replace(/\/+$/, '');
      if (name && name !== '.') out.set(name, `${hd.type}:${(hd.mode ?? 0).toString(8)}:${hd.type === 'symlink' ? hd.linkname : hash.digest('hex')}`);
      next();
    });
  });
  await new Promise<void>((resolve, reject) => {
    ex.on('finish', resolve);
    ex.on('error', reject);
    stream.pipe(ex as unknown as NodeJS.WritableStream);
  });
  return new Map([...out].sort());
}

const helpers = async () => (await libpod.containers.list({ all: true, filters: { label: [`${HELPER_LABEL}=volume`] } })).length;
/** The volume as a container sees it: `find` with type, mode and size, via the CLI. */
const cliView = async (vol: string) =>
  (await h.podman(['run', '--rm', '-v', `${vol}:/v:ro`, TEST_IMAGE, 'sh', '-c', 'cd /v && find . | sort | while read -r f; do stat -c "%n %F %a %s" "$f"; done'])).trim();

test('browse a volume through a helper: the listing, then the helper is gone', async () => {
  const helper = await libpod.volumeFiles.helper('vsrc');
  try {
    const l = await libpod.files.list(helper.id, '/volume');
    assert.deepEqual(
      l.entries.map((e) => `${e.name}:${e.kind}`),
      ['bin.dat:file', 'empty:directory', 'link:symlink', 'sub:directory', 'zero:file'],
    );
    assert.equal(l.entries.find((e) => e.name === 'bin.dat')?.size, 300_000);
    const state = (await h.podman(['inspect', '--format', '{{.State.Status}}', helper.id])).trim();
    assert.equal(state, 'created', 'the helper is never started');
  } finally {
    await helper.remove();
  }
  assert.equal(await helpers(), 0);
});

test('export → import into a new volume: byte-identical (both exports, and what a container sees)', { timeout: 120_000 }, async () => {
  const first = await digest(await libpod.volumeFiles.exportTar('vsrc'));
  assert.ok(first.has('sub/deeper/名 with space') && first.has('link') && first.has('empty'), [...first.keys()].join(','));
  await libpod.volumes.create({ name: 'vdst' });
  const bytes: Buffer[] = [];
  for await (const c of await libpod.volumeFiles.exportTar('vsrc')) bytes.push(c as Buffer);
  await libpod.volumeFiles.importTar('vdst', Readable.from([Buffer.concat(bytes)]));
  assert.deepEqual(await digest(await libpod.volumeFiles.exportTar('vdst')), first);
  assert.equal(await cliView('vdst'), await cliView('vsrc'));
  assert.equal(await helpers(), 0);
});

test('clone: a new volume with the same files; an existing target is refused and left alone', { timeout: 120_000 }, async () => {
  await libpod.volumeFiles.clone('vsrc', 'vclone');
  assert.deepEqual(await digest(await libpod.volumeFiles.exportTar('vclone')), await digest(await libpod.volumeFiles.exportTar('vsrc')));
  assert.equal(await cliView('vclone'), await cliView('vsrc'));
  await h.podman(['volume', 'create', 'vtaken']);
  await rejectsWith(libpod.volumeFiles.clone('vsrc', 'vtaken'), 'name-in-use');
  assert.match(await cliView('vtaken'), /^\. directory \d+ \d+$/, 'the existing volume is still empty');
  assert.equal(await helpers(), 0);
});

test('failures: a missing volume is not created; a bad tar fails and the helper is still removed', async () => {
  await rejectsWith(libpod.volumeFiles.exportTar('no-such-volume'), 'not-found');
  await rejectsWith(libpod.volumeFiles.clone('no-such-volume', 'never-made'), 'not-found');
  const vols = (await h.podman(['volume', 'ls', '--format', '{{.Name}}'])).split('\n');
  assert.ok(!vols.includes('no-such-volume') && !vols.includes('never-made'), vols.join(','));
  await libpod.volumes.create({ name: 'vbad' });
  await assert.rejects(libpod.volumeFiles.importTar('vbad', Readable.from([Buffer.from('this is not a tar archive at all'.repeat(40))])));
  assert.equal(await helpers(), 0, 'the helper is removed after a failed import');
});

test('leftover helpers (a crash) are found by label and removed', async () => {
  await libpod.volumeFiles.helper('vsrc');
  await libpod.volumeFiles.helper('vsrc');
  assert.equal(await helpers(), 2);
  assert.equal(await libpod.volumeFiles.removeLeftoverHelpers(), 2);
  assert.equal(await helpers(), 0);
});
