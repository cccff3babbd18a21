/**
 * MachineManager against the real `podman machine` (Podman 4.3, qemu provider)
 * run as a throwaway non-root user: podman machine refuses root.
 *
 * list / init (local qcow2 made with qemu-img) / inspect / set / make default /
 * rm work for real. `start` cannot boot that empty image here (and gvproxy is
 * not installed), so the test checks that the failure reaches the state
 * machine as `error` with the last output lines and a hint, in bounded time.
 * Cancel and timeout are tested on a real `init` stuck downloading its image
 * from a local HTTP server that never answers.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { isEngineError } from '../../src/errors.js';
import { findOnPath } from '../../src/discovery/embedded-service.js';
import { MachineBusyError, MachineManager, type MachineProgress, type MachineStatus } from '../../src/vm/machine-manager.js';
import { createTestUser, isRoot, type TestUser } from '../harness/test-user.js';

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'machine', 'qemu-4.3.1-linux');
const NAME = 'berth-vm';
const GiB = 1024 ** 3;

const missing = ['podman', 'qemu-img', 'useradd'].filter((b) => !findOnPath(b, { PATH: `${process.env.PATH ?? ''}:/usr/sbin:/sbin` }));
const noQemu = !findOnPath('qemu-system-x86_64') && !findOnPath('qemu-system-aarch64');
const skip = !isRoot() ? 'needs root to create a test user' : missing.length ? `missing: ${missing.join(', ')}` : false;

describe('podman machine through MachineManager (real podman, non-root test user)', { skip, timeout: 170_000 }, () => {
  let user: TestUser;
  let mm: MachineManager;
  let image: string;
  const changes: MachineStatus[] = [];
  const progress: MachineProgress[] = [];

  before(async () => {
    user = await createTestUser();
    image = path.join(user.home, 'disk.qcow2');
    await user.run('qemu-img', ['create', '-f', 'qcow2', image, '1G']);
    mm = new MachineManager({ env: user.env, spawn: { uid: user.uid, gid: user.gid, cwd: user.home }, timeoutsMs: { start: 100_000 } });
    mm.on('change', (s) => changes.push(s));
    mm.on('progress', (p) => progress.push(p));
  });

  after(async () => {
    await mm?.dispose();
    await user?.remove();
    if (user) assert.equal(existsSync(user.home), false, 'test user home removed');
  });

  test('list: none yet', async () => {
    assert.deepEqual(await mm.list(), []);
    assert.deepEqual(mm.statusList(), []);
  });

  test('init validation fails with typed errors before running anything', async () => {
    const host = mm.hostLimits;
    const cases = [
      { name: 'bad name!', why: /characters/ },
      { name: 'x'.repeat(31), why: /longer than 30/ },
      { name: NAME, cpus: host.cpus + 1, why: /CPUs must be between 1 and/ },
      { name: NAME, memoryMiB: 256, why: /Memory must be between 512/ },
      { name: NAME, memoryMiB: host.memoryMiB + 1024, why: /Memory must be between/ },
      { name: NAME, diskGiB: 4, why: /Disk size must be between 5 and 2048/ },
      { name: NAME, provider: 'hyperv', why: /not available on this OS/ },
    ];
    for (const { why, ...opts } of cases) {
      await assert.rejects(mm.init(opts), (e: unknown) => isEngineError(e) && e.kind === 'invalid-argument' && why.test(e.engineMessage ?? '') && e.hint.length > 0);
    }
    assert.deepEqual(await mm.list(), [], 'nothing was created');
  });

  test(
    'init with a local qcow2 image, then list + inspect agree',
    { skip: noQemu ? 'qemu-system is not installed (podman machine init needs it on Linux): apt-get install qemu-system-x86' : false },
    async () => {
      const t0 = Date.now();
      const m = await mm.init({ name: NAME, cpus: 1, memoryMiB: 1024, diskGiB: 10, image, timezone: 'Etc/UTC' });
      assert.ok(m, 'machine exists after init');
      assert.equal(m.name, NAME);
      assert.equal(m.provider, 'qemu');
      assert.equal(m.state, 'stopped');
      assert.equal(m.cpus, 1);
      assert.equal(m.memoryBytes, 1 * GiB);
      assert.equal(m.diskBytes, 10 * GiB);
      assert.equal(m.isDefault, true);
      assert.equal(m.rootful, false, 'read from the machine config (4.3 inspect has no Rootful)');
      assert.equal(m.lastUp, undefined, 'never up');
      assert.ok(m.created && m.created >= t0 - 5000 && m.created <= Date.now() + 5000, `created ${m.created}`);
      assert.equal(m.socketPath, path.join(user.home, '.local/share/containers/podman/machine', NAME, 'podman.sock'));
      assert.equal(m.address, `unix://${m.socketPath}`);
      assert.equal(m.imagePath?.endsWith('disk.qcow2'), true);
      assert.ok(
        changes.some((c) => c.name === NAME && c.operation === 'init'),
        'init showed as the operation',
      );
      assert.ok(
        progress.some((p) => p.name === NAME && p.operation === 'init' && /init complete|resized/i.test(p.line)),
        'init output streamed as progress',
      );
      assert.equal(mm.status(NAME)?.state, 'stopped');
      assert.equal(mm.status(NAME)?.operation, undefined);

      // The committed fixtures are this podman's real output: same fields as now.
      const liveList = JSON.parse((await user.run('podman', ['machine', 'list', '--format', 'json'])).stdout) as Record<string, unknown>[];
      const liveInspect = JSON.parse((await user.run('podman', ['machine', 'inspect', NAME])).stdout) as Record<string, unknown>[];
      const fixtureList = JSON.parse(readFileSync(path.join(FIXTURES, 'list.json'), 'utf8')) as Record<string, unknown>[];
      const fixtureInspect = JSON.parse(readFileSync(path.join(FIXTURES, 'inspect.json'), 'utf8')) as Record<string, unknown>[];
      assert.deepEqual(Object.keys(liveList[0]!).sort(), Object.keys(fixtureList[0]!).sort());
      assert.deepEqual(Object.keys(liveInspect[0]!).sort(), Object.keys(fixtureInspect[0]!).sort());
    },
  );

  test('one operation at a time: a second one gets MachineBusyError', { skip: noQemu ? 'needs the machine from init' : false }, async () => {
    const first = mm.set(NAME, { cpus: 2 });
    await assert.rejects(mm.stop(NAME), (e: unknown) => e instanceof MachineBusyError && e.kind === 'conflict' && e.busyWith === 'set' && /busy/.test(e.engineMessage ?? ''));
    const m = await first;
    assert.equal(m?.cpus, 2);
  });

  test('set: memory and disk, units converted', { skip: noQemu ? 'needs the machine from init' : false }, async () => {
    const m = await mm.set(NAME, { memoryMiB: 1536, diskGiB: 12 });
    assert.equal(m?.memoryBytes, 1536 * 1024 * 1024);
    assert.equal(m?.diskBytes, 12 * GiB);
    await assert.rejects(mm.set(NAME, { diskGiB: 11 }), (e: unknown) => isEngineError(e) && e.kind === 'invalid-argument' && /only grow/.test(e.engineMessage ?? ''));
  });

  test('make default', { skip: noQemu ? 'needs the machine from init' : false }, async () => {
    const m = await mm.makeDefault(NAME);
    assert.equal(m?.isDefault, true);
    const conns = JSON.parse((await user.run('podman', ['system', 'connection', 'list', '--format', 'json'])).stdout) as { Name: string; Default: boolean }[];
    assert.equal(conns.find((c) => c.Default)?.Name, NAME);
  });

  test('start fails here: state error with the last output lines and a hint, in bounded time', { skip: noQemu ? 'needs the machine from init' : false }, async () => {
    const available: string[] = [];
    mm.on('engine-available', (e) => available.push(e.name));
    const t0 = Date.now();
    const seen: string[] = [];
    const onChange = (s: MachineStatus): void => {
      if (s.name === NAME) seen.push(s.state);
    };
    mm.on('change', onChange);
    let err: unknown;
    try {
      await mm.start(NAME);
    } catch (e) {
      err = e;
    }
    mm.off('change', onChange);
    const took = Date.now() - t0;
    assert.ok(took < 120_000, `took ${took} ms`);
    assert.ok(isEngineError(err), `start rejected with an EngineError: ${String(err)}`);
    assert.ok(err.kind === 'engine' || err.kind === 'timeout', err.kind);
    assert.equal(err.operation, `Start machine ${NAME}`);
    const st = mm.status(NAME)!;
    assert.equal(st.state, 'error');
    assert.equal(st.operation, undefined);
    assert.equal(st.error?.kind, err.kind);
    assert.ok(st.lastOutput.length > 0 && st.lastOutput.length <= 20, `last output: ${st.lastOutput.join(' | ')}`);
    assert.ok(
      st.lastOutput.some((l) => /Starting machine/.test(l)),
      'kept the command output',
    );
    assert.ok(seen.includes('starting') && seen.at(-1) === 'error', `states: ${seen.join(' → ')}`);
    assert.ok(err.hint.length > 20, err.hint);
    if (/gvproxy/.test(st.lastOutput.join('\n'))) {
      assert.match(err.engineMessage ?? '', /gvproxy/);
      assert.match(err.hint, /gvproxy/);
    }
    assert.deepEqual(available, [], 'no engine announced for a machine that never ran');
    // A refresh keeps the error visible while the machine stays stopped.
    await mm.list();
    assert.equal(mm.status(NAME)?.state, 'error');
  });

  describe('a stuck init (image download that never answers)', () => {
    let server: http.Server;
    let url: string;
    const requests: string[] = [];
    before(async () => {
      server = http.createServer((req) => {
        requests.push(req.url ?? '');
        // Never answer: the download hangs.
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/image.qcow2`;
    });
    after(async () => {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    });

    test('cancel kills the command; the half-made machine is not left busy', async () => {
      const t0 = Date.now();
      const p = mm.init({ name: 'berth-stuck', image: url, timezone: 'Etc/UTC' });
      // Wait until podman is really downloading.
      while (!requests.length && Date.now() - t0 < 30_000) await new Promise((r) => setTimeout(r, 100));
      assert.ok(requests.length > 0, 'podman asked the server for the image');
      assert.equal(mm.status('berth-stuck')?.operation, 'init');
      assert.equal(mm.cancel('berth-stuck'), true);
      await assert.rejects(p, (e: unknown) => isEngineError(e) && e.kind === 'aborted');
      assert.ok(Date.now() - t0 < 40_000);
      assert.equal(mm.status('berth-stuck')?.operation, undefined, 'not busy any more');
      assert.equal(mm.cancel('berth-stuck'), false, 'nothing left to cancel');
      const names = (await mm.list()).map((m) => m.name);
      assert.ok(!names.includes('berth-stuck') || mm.status('berth-stuck')?.state !== 'starting');
      if (names.includes('berth-stuck')) await mm.remove('berth-stuck');
    });

    test('a timeout ends the command with a typed error', async () => {
      const quick = new MachineManager({ env: user.env, spawn: { uid: user.uid, gid: user.gid, cwd: user.home }, timeoutsMs: { init: 2500 } });
      const t0 = Date.now();
      await assert.rejects(
        quick.init({ name: 'berth-slow', image: url, timezone: 'Etc/UTC' }),
        (e: unknown) => isEngineError(e) && e.kind === 'timeout' && /no result after 3 s|no result after 2 s/.test(e.engineMessage ?? ''),
      );
      assert.ok(Date.now() - t0 < 20_000);
      if ((await quick.list()).some((m) => m.name === 'berth-slow')) await quick.remove('berth-slow');
      await quick.dispose();
    });
  });

  test('rm -f removes it and its files', { skip: noQemu ? 'needs the machine from init' : false }, async () => {
    const removed: string[] = [];
    mm.on('removed', (e) => removed.push(e.name));
    const cfg = path.join(user.home, '.config/containers/podman/machine/qemu', `${NAME}.json`);
    assert.equal(existsSync(cfg), true);
    await mm.remove(NAME);
    assert.deepEqual(removed, [NAME]);
    assert.equal(mm.status(NAME), undefined);
    assert.equal(existsSync(cfg), false);
    assert.deepEqual(
      (await mm.list()).map((m) => m.name),
      [],
    );
    await assert.rejects(mm.stop(NAME), (e: unknown) => isEngineError(e) && e.kind === 'not-found' && /does not exist/i.test(e.engineMessage ?? ''));
  });
});
