// The Docker-compatible branch of ContainersApi, driven for real against
// Podman's Docker API (`connectEngine({ flavor: 'docker' })`), with the CLI
// and the libpod client as independent witnesses.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { EngineClient } from '../../src/client.js';
import { entrypointOf } from '../../src/api/containers.js';
import { TEST_IMAGE, type PodmanHarness } from '../harness/podman-harness.js';
import { podmanSuite } from '../harness/podman-suite.js';
import { rejectsWith } from '../harness/engine-error.js';
import { freePort } from '../harness/free-port.js';

let h: PodmanHarness;
let docker: EngineClient;
let podman: EngineClient;

const POLITE = ['sh', '-c', 'trap "exit 0" TERM; trap "exit 42" USR1; while :; do sleep 0.1; done'];

async function cliState(name: string): Promise<string> {
  return (await h.podman(['inspect', '--type', 'container', '--format', '{{.State.Status}}', name])).trim();
}

podmanSuite((s) => {
  ({ h, libpod: podman, docker } = s);
  assert.equal(docker.caps.flavor, 'docker');
});

describe('Docker-compatible API', () => {
  test('create with ports, env, labels, binds, named volume, restart policy; inspect; list normalized', async () => {
    const port = await freePort();
    const src = await h.scratch('dbind');
    const { id } = await docker.containers.create({
      image: TEST_IMAGE,
      name: 'dweb',
      command: POLITE,
      env: { GREETING: 'hi there', TRICKY: '$(touch /tmp/nope); `id`' },
      labels: { app: 'dweb', 'com.docker.compose.project': 'dproj' },
      ports: [{ hostIp: '127.0.0.1', hostPort: port, containerPort: 80 }],
      mounts: [
        { type: 'bind', source: src, target: '/b', readOnly: true },
        { type: 'volume', source: 'dvol', target: '/data' },
      ],
      restartPolicy: 'on-failure',
      restartRetries: 2,
      tty: true,
      stdin: true,
      workdir: '/',
      memoryLimit: 64 * 1024 * 1024,
    });
    assert.match(id, /^[0-9a-f]{64}$/);

    const ins = await docker.containers.inspect('dweb');
    assert.equal(ins.Id, id);
    assert.equal(ins.Name, '/dweb', 'Docker inspect keeps its leading slash (raw JSON)');
    assert.deepEqual(entrypointOf(ins), []);
    assert.ok(ins.Config?.Env?.includes('GREETING=hi there'));
    assert.ok(ins.Config?.Env?.includes('TRICKY=$(touch /tmp/nope); `id`'));
    assert.equal(ins.Config?.Labels?.app, 'dweb');
    assert.equal((ins.Config as any).Tty, true);
    assert.equal((ins.Config as any).OpenStdin, true);
    const hc = ins.HostConfig as any;
    assert.deepEqual(hc.RestartPolicy, { Name: 'on-failure', MaximumRetryCount: 2 });
    assert.deepEqual(hc.PortBindings['80/tcp'], [{ HostIp: '127.0.0.1', HostPort: String(port) }]);
    assert.equal(hc.Memory, 64 * 1024 * 1024);
    // The CLI agrees on mounts.
    const cli = JSON.parse(await h.podman(['inspect', 'dweb']))[0];
    const mounts = cli.Mounts as { Type: string; Name?: string; Source: string; Destination: string; RW: boolean }[];
    assert.deepEqual(
      mounts.filter((m) => m.Destination === '/b').map((m) => [m.Type, m.Source, m.RW]),
      [['bind', src, false]],
    );
    assert.deepEqual(
      mounts.filter((m) => m.Destination === '/data').map((m) => [m.Type, m.Name]),
      [['volume', 'dvol']],
    );

    assert.deepEqual(await docker.containers.start(id), { alreadyInState: false });
    assert.deepEqual(await docker.containers.start(id), { alreadyInState: true });
    const rows = await docker.containers.list({ filters: { label: { app: 'dweb' } } });
    assert.equal(rows.length, 1);
    const row = rows[0]!;
    assert.equal(row.id, id);
    assert.equal(row.name, 'dweb');
    assert.equal(row.state, 'running');
    assert.match(row.status, /^Up/);
    assert.equal(row.composeProject, 'dproj');
    assert.equal(row.pod, undefined);
    assert.deepEqual(row.ports, [{ hostIp: '127.0.0.1', hostPort: port, containerPort: 80, protocol: 'tcp' }]);
    assert.ok(row.created > Date.now() - 120_000);
    // The same container through libpod normalizes to the same essentials.
    const viaLibpod = (await podman.containers.list({ filters: { id } }))[0]!;
    for (const k of ['id', 'name', 'image', 'imageId', 'state', 'composeProject'] as const) assert.equal(row[k], viaLibpod[k], k);
    assert.deepEqual(row.ports, viaLibpod.ports);

    const e = await rejectsWith(docker.containers.remove(id), 'container-running');
    assert.match(e.engineMessage ?? '', /running/);
    assert.deepEqual(await docker.containers.stop(id, { timeout: 5 }), { alreadyInState: false });
    assert.equal(await cliState('dweb'), 'exited');
    assert.deepEqual(await docker.containers.stop(id), { alreadyInState: true });
    const stopped = (await docker.containers.list({ filters: { status: 'exited', label: 'app=dweb' } }))[0];
    assert.equal(stopped?.exitCode, 0);
    await docker.containers.remove(id);
    await rejectsWith(docker.containers.inspect(id), 'not-found');
    const vols = (await h.podman(['volume', 'ls', '--format', '{{.Name}}'])).split('\n');
    assert.ok(vols.includes('dvol'), 'named volume kept');
  });

  test('kill, wait, pause, top, rename, restart', async () => {
    const { id } = await docker.containers.create({ image: TEST_IMAGE, name: 'dlife', command: POLITE });
    await docker.containers.start(id);
    assert.deepEqual(await docker.containers.pause(id), { alreadyInState: false });
    assert.equal((await docker.containers.list({ filters: { id } }))[0]?.state, 'paused');
    assert.deepEqual(await docker.containers.unpause(id), { alreadyInState: false });
    const top = await docker.containers.top(id);
    assert.ok(top.titles.length > 0 && top.processes.length > 0);
    await docker.containers.rename(id, 'dlife2');
    assert.equal((await docker.containers.inspect('dlife2')).Id, id);
    await docker.containers.restart(id, { timeout: 2 });
    assert.equal(await cliState(id), 'running');
    const waiting = docker.containers.wait(id);
    await docker.containers.kill(id, 'SIGUSR1');
    assert.equal(await waiting, 42);
    await rejectsWith(docker.containers.wait(id, { condition: 'paused' }), 'unsupported');
    await docker.containers.remove(id, { force: true });
  });

  test('errors: not found, name in use, pods unsupported, bad names refused', async () => {
    await rejectsWith(docker.containers.inspect('nope-nope'), 'not-found');
    await rejectsWith(docker.containers.start('nope-nope'), 'not-found');
    await rejectsWith(docker.containers.remove('nope-nope'), 'not-found');
    const { id } = await docker.containers.create({ image: TEST_IMAGE, name: 'dtaken' });
    await rejectsWith(docker.containers.create({ image: TEST_IMAGE, name: 'dtaken' }), 'name-in-use');
    await rejectsWith(docker.containers.create({ image: TEST_IMAGE, pod: 'any' }), 'unsupported');
    await rejectsWith(docker.containers.list({ filters: { pod: 'any' } }), 'unsupported');
    await rejectsWith(docker.containers.create({ image: TEST_IMAGE, name: '; rm -rf /' }), 'invalid-argument');
    await docker.containers.remove(id, { force: true });
  });

  test('remove with volumes takes the anonymous volume only when asked', async () => {
    const vols = async () => (await h.podman(['volume', 'ls', '--format', '{{.Name}}'])).split('\n').filter(Boolean);
    const anonOf = async (id: string) => (JSON.parse(await h.podman(['inspect', id]))[0].Mounts as { Destination: string; Name: string }[]).find((m) => m.Destination === '/anon')!.Name;
    const { id: a } = await docker.containers.create({ image: TEST_IMAGE, mounts: [{ type: 'volume', target: '/anon' }] });
    const va = await anonOf(a);
    await docker.containers.remove(a);
    assert.ok((await vols()).includes(va), 'kept without volumes: true');
    const { id: b } = await docker.containers.create({ image: TEST_IMAGE, mounts: [{ type: 'volume', target: '/anon' }] });
    const vb = await anonOf(b);
    await docker.containers.remove(b, { volumes: true });
    assert.ok(!(await vols()).includes(vb), 'removed with volumes: true');
  });

  test('prune removes stopped containers only', async () => {
    const { id: live } = await docker.containers.create({ image: TEST_IMAGE, command: POLITE });
    await docker.containers.start(live);
    const { id: dead } = await docker.containers.create({ image: TEST_IMAGE, command: ['true'] });
    await docker.containers.start(dead);
    await docker.containers.wait(dead);
    const res = await docker.containers.prune();
    await rejectsWith(docker.containers.inspect(dead), 'not-found');
    assert.equal(await cliState(live), 'running');
    assert.ok(!res.removed.includes(live));
    assert.ok(res.removed.includes(dead), JSON.stringify(res));
    assert.ok(res.reclaimed >= 0);
    await docker.containers.remove(live, { force: true });
  });
});
