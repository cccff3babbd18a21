// Discovery and the embedded default, for real: a harness Podman found via
// CONTAINER_HOST or the rootless path, an unreachable explicit socket named in
// the error, and Berth's own `podman system service` on isolated storage.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, stat, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { connectEngine } from '../../src/client.js';
import { discover } from '../../src/discovery/discover.js';
import { EmbeddedService } from '../../src/discovery/embedded-service.js';
import { isolatedStorage, type IsolatedStorage } from '../harness/isolated-storage.js';
import { startPodman, type PodmanHarness } from '../harness/podman-harness.js';

let h: PodmanHarness;
let storage: IsolatedStorage;
let scratch: string;

before(async () => {
  [h, storage, scratch] = await Promise.all([startPodman({ testImage: false }), isolatedStorage(), mkdtemp(path.join(tmpdir(), 'berth-d-'))]);
});

after(async () => {
  await h?.teardown();
  await storage?.cleanup();
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

function processGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

test('the embedded service starts on isolated storage, answers, and stops cleanly', async () => {
  const svc = await EmbeddedService.start({ globalArgs: storage.globalArgs, env: storage.env, parentDir: scratch });
  const pid = svc.pid!;
  assert.ok(pid > 0);
  assert.equal(svc.running, true);
  assert.ok(svc.socketPath.startsWith(scratch + '/'));
  assert.equal((await stat(svc.dir)).mode & 0o777, 0o700, 'private directory');
  const client = await connectEngine({ address: svc.uri });
  try {
    assert.equal(client.caps.flavor, 'podman');
    const info = await client.system.info();
    assert.equal(info.graphRoot, path.join(storage.dir, 'root'), 'runs on the isolated storage, not the default one');
  } finally {
    client.close();
  }
  await svc.stop();
  assert.equal(svc.running, false);
  assert.ok(processGone(pid), `service process ${pid} is gone`);
  await assert.rejects(stat(svc.socketPath), { code: 'ENOENT' });
  await assert.rejects(stat(svc.dir), { code: 'ENOENT' });
  await svc.stop(); // idempotent
});

test('discover() with an explicit unreachable socket reports that path, and does not fall back', async () => {
  const missing = path.join(scratch, 'nope', 'podman.sock');
  const r = await discover({ explicit: `unix://${missing}`, env: { CONTAINER_HOST: h.url }, platform: 'linux', uid: 0 });
  assert.equal(r.ok, false);
  if (r.ok) return;
  assert.equal(r.tried.length, 1);
  assert.equal(r.tried[0]!.candidate.source, 'explicit');
  assert.equal(r.tried[0]!.candidate.address?.socketPath, missing);
  assert.equal(r.tried[0]!.error?.kind, 'unreachable');
  assert.ok(r.tried[0]!.error?.message.includes(missing), r.tried[0]!.error?.message);
  assert.equal(r.error.kind, 'unreachable');
  assert.ok(r.error.message.includes(missing), r.error.message);
  assert.match(r.error.hint, /Settings/);
});

test('discover() finds the harness socket via CONTAINER_HOST', async () => {
  const r = await discover({ env: { CONTAINER_HOST: h.url }, platform: 'linux', uid: 0, embedded: false });
  assert.equal(r.ok, true, r.ok ? '' : r.error.message);
  if (!r.ok) return;
  try {
    assert.equal(r.source, 'env');
    assert.equal(r.candidate.origin, 'CONTAINER_HOST');
    assert.equal(r.client.address.socketPath, h.socket);
    assert.equal(r.client.caps.flavor, 'podman');
    assert.equal(r.embedded, undefined);
    assert.deepEqual(
      r.tried.map((a) => a.ok),
      [true],
    );
  } finally {
    r.client.close();
  }
});

test('discover() skips an unsupported ssh:// CONTAINER_HOST and a dead DOCKER_HOST, then finds the rootless socket', async () => {
  const xdg = path.join(scratch, 'xdg');
  await mkdir(path.join(xdg, 'podman'), { recursive: true });
  await symlink(h.socket, path.join(xdg, 'podman', 'podman.sock'));
  const dead = path.join(scratch, 'dead.sock');
  const r = await discover({
    env: { CONTAINER_HOST: 'ssh://core@127.0.0.1:2222/run/podman/podman.sock', DOCKER_HOST: `unix://${dead}`, XDG_RUNTIME_DIR: xdg },
    platform: 'linux',
    uid: 1000,
    sources: ['env', 'rootless'],
  });
  assert.equal(r.ok, true, r.ok ? '' : r.error.message);
  if (!r.ok) return;
  try {
    assert.equal(r.source, 'rootless');
    assert.deepEqual(
      r.tried.map((a) => [a.candidate.origin, a.ok, a.error?.kind]),
      [
        ['CONTAINER_HOST', false, 'unsupported'],
        ['DOCKER_HOST', false, 'unreachable'],
        ['rootless Podman', true, undefined],
      ],
    );
    assert.ok(r.tried[1]!.error!.message.includes(dead));
  } finally {
    r.client.close();
  }
});

test('discover() starts the embedded service when nothing answers, and it reports itself as embedded', async () => {
  const dead = path.join(scratch, 'dead2.sock');
  const r = await discover({
    env: { CONTAINER_HOST: `unix://${dead}`, PATH: process.env.PATH },
    platform: 'linux',
    uid: 0,
    sources: ['env', 'embedded'],
    embedded: { globalArgs: storage.globalArgs, env: storage.env, parentDir: scratch },
  });
  assert.equal(r.ok, true, r.ok ? '' : r.error.message);
  if (!r.ok) return;
  const svc = r.embedded!;
  try {
    assert.equal(r.source, 'embedded');
    assert.ok(svc, 'the caller gets the service to stop');
    assert.equal(r.client.address.socketPath, svc.socketPath);
    assert.deepEqual(
      r.tried.map((a) => [a.candidate.source, a.ok]),
      [
        ['env', false],
        ['embedded', true],
      ],
    );
    assert.equal(await r.client.system.ping(), true);
  } finally {
    r.client.close();
    await svc.stop();
  }
  assert.ok(processGone(svc.pid!));
  await assert.rejects(stat(svc.socketPath), { code: 'ENOENT' });
});

test('without podman on PATH there is no embedded service, and the error lists what was tried', async () => {
  const r = await discover({ env: { CONTAINER_HOST: `unix://${path.join(scratch, 'x.sock')}`, PATH: scratch }, platform: 'linux', uid: 0, sources: ['env', 'embedded'] });
  assert.equal(r.ok, false);
  if (r.ok) return;
  assert.deepEqual(
    r.tried.map((a) => a.candidate.source),
    ['env'],
  );
  assert.match(r.error.message, /no engine answered\. Tried: CONTAINER_HOST unix:\/\/.*x\.sock: no socket at/);
});
