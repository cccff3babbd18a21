// Containers against a real Podman 4.3 (libpod API): create round trips checked
// with our inspect and with the podman CLI, lifecycle with "already in state",
// list filters, pods and compose labels, top/wait/kill/rename/prune, and bad
// input giving typed errors without losing anything.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { describe, test } from 'node:test';
import { entrypointOf, type ContainerSummary, type CreateContainerSpec } from '../../src/api/containers.js';
import type { EngineClient } from '../../src/client.js';
import { EngineError, type EngineErrorKind } from '../../src/errors.js';
import { TEST_IMAGE, type PodmanHarness } from '../harness/podman-harness.js';
import { podmanSuite } from '../harness/podman-suite.js';
import { rejectsWith } from '../harness/engine-error.js';
import { freePort } from '../harness/free-port.js';

let h: PodmanHarness;
let client: EngineClient;

/** A shell that exits at once on SIGTERM (and with 42 on SIGUSR1): fast stops. */
const POLITE = ['sh', '-c', 'trap "exit 0" TERM; trap "exit 42" USR1; while :; do sleep 0.1; done'];

/** A typed error that also tells the user what failed and what to do. */
async function expectError(p: Promise<unknown>, kind: EngineErrorKind): Promise<EngineError> {
  const e = await rejectsWith(p, kind);
  assert.ok(e.operation.length > 0);
  assert.ok(e.hint.length > 0);
  return e;
}

async function cliInspect(name: string): Promise<any> {
  const out = JSON.parse(await h.podman(['inspect', '--type', 'container', name])) as any[];
  return out[0];
}

async function cliState(name: string): Promise<string> {
  return (await h.podman(['inspect', '--type', 'container', '--format', '{{.State.Status}}', name])).trim();
}

async function run(spec: CreateContainerSpec): Promise<string> {
  const { id } = await client.containers.create(spec);
  await client.containers.start(id);
  return id;
}

async function find(nameOrId: string): Promise<ContainerSummary | undefined> {
  const all = await client.containers.list();
  return all.find((c) => c.name === nameOrId || c.id === nameOrId);
}

podmanSuite((s) => {
  ({ h, libpod: client } = s);
  assert.equal(client.caps.flavor, 'podman');
});

describe('create round trip', () => {
  test('ports, env, labels, bind mount, named and anonymous volumes, restart policy, tty/stdin, workdir, user, memory, entrypoint', async () => {
    const port = await freePort();
    const src = await h.scratch('bind-src');
    await writeFile(path.join(src, 'hello.txt'), 'from the host\n');
    const spec: CreateContainerSpec = {
      image: TEST_IMAGE,
      name: 'full',
      entrypoint: ['/bin/sh', '-c'],
      command: ['cat /b/hello.txt; pwd; sleep 1000'],
      env: { GREETING: 'hi there', EMPTY: '' },
      ports: [
        { hostIp: '127.0.0.1', hostPort: port, containerPort: 80 },
        { containerPort: 53, hostPort: port, protocol: 'udp' },
      ],
      mounts: [
        { type: 'bind', source: src, target: '/b', readOnly: true },
        { type: 'volume', source: 'full-data', target: '/data' },
        { type: 'volume', target: '/anon' },
      ],
      restartPolicy: 'on-failure',
      restartRetries: 3,
      labels: { app: 'full', 'com.example.tier': 'web' },
      tty: true,
      stdin: true,
      workdir: '/work/dir',
      user: '0:0',
      memoryLimit: 64 * 1024 * 1024,
    };
    const { id, warnings } = await client.containers.create(spec);
    assert.match(id, /^[0-9a-f]{64}$/);
    assert.ok(Array.isArray(warnings));

    const ins = await client.containers.inspect('full');
    assert.equal(ins.Id, id);
    assert.equal(ins.Name, 'full');
    assert.deepEqual(entrypointOf(ins), ['/bin/sh', '-c']);
    const cfg = ins.Config as any;
    assert.deepEqual(cfg.Cmd, ['cat /b/hello.txt; pwd; sleep 1000']);
    assert.ok(cfg.Env.includes('GREETING=hi there'));
    assert.ok(cfg.Env.includes('EMPTY='));
    assert.equal(cfg.Labels.app, 'full');
    assert.equal(cfg.Labels['com.example.tier'], 'web');
    assert.equal(cfg.Tty, true);
    assert.equal(cfg.OpenStdin, true);
    assert.equal(cfg.WorkingDir, '/work/dir');
    assert.equal(cfg.User, '0:0');
    const hc = ins.HostConfig as any;
    assert.deepEqual(hc.RestartPolicy, { Name: 'on-failure', MaximumRetryCount: 3 });
    assert.equal(hc.Memory, 64 * 1024 * 1024);
    assert.deepEqual(hc.PortBindings['80/tcp'], [{ HostIp: '127.0.0.1', HostPort: String(port) }]);
    assert.deepEqual(hc.PortBindings['53/udp'], [{ HostIp: '', HostPort: String(port) }]);

    // The CLI sees the same container.
    const cli = await cliInspect('full');
    assert.equal(cli.Id, id);
    const mounts = cli.Mounts as { Type: string; Name?: string; Source: string; Destination: string; RW: boolean }[];
    const bind = mounts.find((m) => m.Destination === '/b');
    assert.equal(bind?.Type, 'bind');
    assert.equal(bind?.Source, src);
    assert.equal(bind?.RW, false);
    const named = mounts.find((m) => m.Destination === '/data');
    assert.equal(named?.Type, 'volume');
    assert.equal(named?.Name, 'full-data');
    const anon = mounts.find((m) => m.Destination === '/anon');
    assert.equal(anon?.Type, 'volume');
    assert.match(anon?.Name ?? '', /^[0-9a-f]{64}$/);
    assert.equal(cli.HostConfig.RestartPolicy.Name, 'on-failure');

    // And it runs as specified: the bind mount is readable, ports are published.
    await client.containers.start(id);
    const row = await find('full');
    assert.equal(row?.state, 'running');
    assert.deepEqual(
      [...(row?.ports ?? [])].sort((a, b) => a.containerPort - b.containerPort),
      [
        { hostIp: '0.0.0.0', hostPort: port, containerPort: 53, protocol: 'udp' },
        { hostIp: '127.0.0.1', hostPort: port, containerPort: 80, protocol: 'tcp' },
      ],
    );
    assert.equal(row?.labels.app, 'full');
    assert.equal(row?.command, 'cat /b/hello.txt; pwd; sleep 1000');
    assert.ok(row && row.created > Date.now() - 120_000 && row.created <= Date.now() + 5000);
    assert.ok(row?.startedAt && row.startedAt >= row.created - 1000);
    for (let i = 0; i < 50; i++) {
      if ((await h.podman(['logs', 'full'])).includes('/work/dir')) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.match(await h.podman(['logs', 'full']), /from the host\r?\n\/work\/dir/);

    // Remove without `volumes`: the anonymous volume stays; named volumes always stay.
    await client.containers.remove('full', { force: true });
    const vols = (await h.podman(['volume', 'ls', '--format', '{{.Name}}'])).split('\n');
    assert.ok(vols.includes('full-data'));
    assert.ok(vols.includes(anon!.Name!));
    await expectError(client.containers.inspect('full'), 'not-found');
  });

  test('remove with volumes: the anonymous volume goes, the named one stays', async () => {
    const { id } = await client.containers.create({
      image: TEST_IMAGE,
      name: 'vols',
      mounts: [
        { type: 'volume', source: 'keep-me', target: '/keep' },
        { type: 'volume', target: '/anon' },
      ],
    });
    const anon = ((await cliInspect(id)).Mounts as { Destination: string; Name: string }[]).find((m) => m.Destination === '/anon')!.Name;
    await client.containers.remove(id, { volumes: true });
    const vols = (await h.podman(['volume', 'ls', '--format', '{{.Name}}'])).split('\n');
    assert.ok(vols.includes('keep-me'));
    assert.ok(!vols.includes(anon), 'anonymous volume removed');
  });

  test('pod member and compose project show up normalized in the list', async () => {
    await h.podman(['pod', 'create', '--name', 'shop']);
    const { id } = await client.containers.create({
      image: TEST_IMAGE,
      name: 'shop-web',
      pod: 'shop',
      command: ['sleep', '1000'],
      labels: { 'io.podman.compose.project': 'shopproj' },
    });
    const { id: dockerish } = await client.containers.create({
      image: TEST_IMAGE,
      name: 'dc-web',
      labels: { 'com.docker.compose.project': 'dcproj' },
    });
    const podId = (await h.podman(['pod', 'inspect', '--format', '{{.ID}}', 'shop'])).trim();
    const rows = await client.containers.list({ filters: { pod: 'shop' } });
    const member = rows.find((r) => r.id === id);
    assert.deepEqual(member?.pod, { id: podId, name: 'shop' });
    assert.equal(member?.composeProject, 'shopproj');
    assert.equal(member?.isInfra, false);
    const infra = rows.find((r) => r.isInfra);
    assert.ok(infra, 'the pod infra container is listed and flagged');
    assert.deepEqual(infra.pod, { id: podId, name: 'shop' });
    assert.ok(!rows.some((r) => r.id === dockerish), 'pod filter leaves other containers out');
    const dc = await find('dc-web');
    assert.equal(dc?.composeProject, 'dcproj');
    assert.equal(dc?.pod, undefined);
    await h.podman(['pod', 'rm', '-f', '-t', '0', 'shop']);
    await client.containers.remove(dockerish);
  });
});

describe('lifecycle', () => {
  test('start / stop / restart, twice each: the second call reports alreadyInState', async () => {
    const { id } = await client.containers.create({ image: TEST_IMAGE, name: 'life', command: POLITE });
    assert.equal((await find(id))?.state, 'created');
    assert.deepEqual(await client.containers.start(id), { alreadyInState: false });
    assert.deepEqual(await client.containers.start(id), { alreadyInState: true });
    assert.equal(await cliState('life'), 'running');
    assert.deepEqual(await client.containers.stop('life'), { alreadyInState: false });
    assert.equal(await cliState('life'), 'exited');
    assert.deepEqual(await client.containers.stop('life'), { alreadyInState: true });
    const row = await find(id);
    assert.equal(row?.state, 'exited');
    assert.equal(row?.exitCode, 0);
    assert.match(row?.status ?? '', /^Exited \(0\)/);
    assert.ok(row?.exitedAt && row.exitedAt >= (row.startedAt ?? 0));
    // Restart starts a stopped container, and restarts a running one (new start time).
    await client.containers.restart(id);
    assert.equal(await cliState('life'), 'running');
    const before1 = (await client.containers.inspect(id)).State?.StartedAt;
    await new Promise((r) => setTimeout(r, 1100));
    await client.containers.restart(id, { timeout: 5 });
    assert.equal(await cliState('life'), 'running');
    assert.notEqual((await client.containers.inspect(id)).State?.StartedAt, before1);
    await client.containers.remove(id, { force: true });
  });

  test('stop honours the timeout, then kills', async () => {
    // `sleep` as PID 1 ignores SIGTERM: only the kill after the timeout ends it.
    const id = await run({ image: TEST_IMAGE, command: ['sleep', '1000'] });
    const t0 = Date.now();
    await client.containers.stop(id, { timeout: 1 });
    const took = Date.now() - t0;
    assert.ok(took >= 900 && took < 8000, `stop took ${took} ms`);
    assert.equal((await client.containers.inspect(id)).State?.ExitCode, 137);
    await client.containers.remove(id);
  });

  test('pause / unpause, and stopping a paused container', async () => {
    const id = await run({ image: TEST_IMAGE, name: 'pz', command: POLITE });
    assert.deepEqual(await client.containers.pause(id), { alreadyInState: false });
    assert.equal((await find(id))?.state, 'paused');
    assert.match((await find(id))?.status ?? '', /Paused/);
    assert.deepEqual(await client.containers.pause(id), { alreadyInState: true });
    assert.deepEqual(await client.containers.unpause(id), { alreadyInState: false });
    assert.equal((await find(id))?.state, 'running');
    assert.deepEqual(await client.containers.unpause(id), { alreadyInState: true });
    await client.containers.pause(id);
    assert.deepEqual(await client.containers.stop(id, { timeout: 2 }), { alreadyInState: false });
    assert.equal(await cliState('pz'), 'exited');
    await expectError(client.containers.pause(id), 'container-not-running');
    await expectError(client.containers.unpause(id), 'container-not-running');
    await client.containers.remove(id);
  });

  test('kill with a signal, and wait returns the exit code', async () => {
    const id = await run({ image: TEST_IMAGE, command: POLITE });
    const waiting = client.containers.wait(id);
    await client.containers.kill(id, 'SIGUSR1');
    assert.equal(await waiting, 42);
    assert.equal((await find(id))?.exitCode, 42);
    await expectError(client.containers.kill(id, 'SIGTERM'), 'container-not-running');
    await expectError(client.containers.kill(id, 'NOT A SIGNAL'), 'invalid-argument');
    // wait on an already exited container answers at once.
    assert.equal(await client.containers.wait(id, { condition: 'exited' }), 42);
    const quick = await run({ image: TEST_IMAGE, command: ['sh', '-c', 'exit 7'] });
    assert.equal(await client.containers.wait(quick), 7);
    await client.containers.remove(id);
    await client.containers.remove(quick);
  });

  test('wait can be aborted', async () => {
    const id = await run({ image: TEST_IMAGE, command: POLITE });
    const ac = new AbortController();
    const p = client.containers.wait(id, { signal: ac.signal });
    setTimeout(() => ac.abort(), 200);
    await expectError(p, 'aborted');
    assert.equal(await cliState(id), 'running');
    await client.containers.remove(id, { force: true });
  });

  test('top shows the running process', async () => {
    const id = await run({ image: TEST_IMAGE, command: ['sleep', '4242'] });
    const top = await client.containers.top(id);
    assert.ok(top.titles.includes('COMMAND'), top.titles.join(','));
    const cmdCol = top.titles.indexOf('COMMAND');
    assert.ok(
      top.processes.some((p) => p[cmdCol] === 'sleep 4242'),
      JSON.stringify(top.processes),
    );
    await client.containers.remove(id, { force: true });
    await expectError(client.containers.top(id), 'not-found');
  });

  test('rename: new name works, old name is gone; clashes and bad names are refused', async () => {
    const { id } = await client.containers.create({ image: TEST_IMAGE, name: 'before' });
    await client.containers.create({ image: TEST_IMAGE, name: 'taken' });
    await client.containers.rename('before', 'after');
    assert.equal((await client.containers.inspect('after')).Id, id);
    await expectError(client.containers.inspect('before'), 'not-found');
    assert.equal((await find(id))?.name, 'after');
    await expectError(client.containers.rename('after', 'taken'), 'name-in-use');
    await expectError(client.containers.rename('after', 'bad name; rm -rf /'), 'invalid-argument');
    assert.equal((await find(id))?.name, 'after');
    await client.containers.remove('after');
    await client.containers.remove('taken');
  });
});

describe('list', () => {
  test('filters by status, label, name, id and ancestor', async () => {
    const a = await run({ image: TEST_IMAGE, name: 'flt-run', command: POLITE, labels: { suite: 'flt', role: 'a' } });
    const { id: b } = await client.containers.create({ image: TEST_IMAGE, name: 'flt-new', labels: { suite: 'flt', role: 'b' } });
    const running = await client.containers.list({ filters: { status: 'running', label: { suite: 'flt' } } });
    assert.deepEqual(
      running.map((c) => c.id),
      [a],
    );
    const created = await client.containers.list({ filters: { status: ['created'], label: ['suite=flt'] } });
    assert.deepEqual(
      created.map((c) => c.id),
      [b],
    );
    const both = await client.containers.list({ filters: { label: 'suite=flt' } });
    assert.deepEqual(both.map((c) => c.id).sort(), [a, b].sort());
    const roleB = await client.containers.list({ filters: { label: { suite: 'flt', role: 'b' } } });
    assert.deepEqual(
      roleB.map((c) => c.id),
      [b],
    );
    assert.deepEqual(
      (await client.containers.list({ filters: { name: 'flt-new' } })).map((c) => c.id),
      [b],
    );
    assert.deepEqual(
      (await client.containers.list({ filters: { id: a } })).map((c) => c.id),
      [a],
    );
    const byImage = await client.containers.list({ filters: { ancestor: TEST_IMAGE, label: 'suite' } });
    assert.deepEqual(byImage.map((c) => c.id).sort(), [a, b].sort());
    // all: false lists running containers only.
    const live = await client.containers.list({ all: false, filters: { label: 'suite=flt' } });
    assert.deepEqual(
      live.map((c) => c.id),
      [a],
    );
    await client.containers.remove(a, { force: true });
    await client.containers.remove(b);
  });
});

describe('bad input gives a typed error and loses nothing', () => {
  test('unknown id: not-found on every operation', async () => {
    const nope = 'no-such-container-xyz';
    await expectError(client.containers.inspect(nope), 'not-found');
    await expectError(client.containers.start(nope), 'not-found');
    await expectError(client.containers.stop(nope), 'not-found');
    await expectError(client.containers.restart(nope), 'not-found');
    await expectError(client.containers.pause(nope), 'not-found');
    await expectError(client.containers.kill(nope), 'not-found');
    await expectError(client.containers.remove(nope), 'not-found');
    await expectError(client.containers.rename(nope, 'x'), 'not-found');
    await expectError(client.containers.wait(nope), 'not-found');
    const e = await expectError(client.containers.inspect(nope), 'not-found');
    assert.match(e.engineMessage ?? '', /no-such-container-xyz/);
    assert.match(e.operation, /Inspect container no-such-container-xyz/);
  });

  test('name in use (even with "port" in the name)', async () => {
    const { id } = await client.containers.create({ image: TEST_IMAGE, name: 'port-web' });
    const e = await expectError(client.containers.create({ image: TEST_IMAGE, name: 'port-web', command: ['true'] }), 'name-in-use');
    assert.match(e.engineMessage ?? '', /already in use/);
    assert.equal((await client.containers.list({ filters: { name: 'port-web' } })).length, 1);
    assert.equal((await client.containers.inspect('port-web')).Id, id);
    await client.containers.remove(id);
  });

  test('host port held by another container: port-in-use, the first keeps running', async () => {
    const port = await freePort();
    const first = await run({ image: TEST_IMAGE, name: 'holder', command: POLITE, ports: [{ hostIp: '127.0.0.1', hostPort: port, containerPort: 80 }] });
    const e = await expectError(
      (async () => {
        const { id } = await client.containers.create({ image: TEST_IMAGE, name: 'second', command: POLITE, ports: [{ hostIp: '127.0.0.1', hostPort: port, containerPort: 80 }] });
        await client.containers.start(id);
      })(),
      'port-in-use',
    );
    assert.match(e.engineMessage ?? '', /address already in use/);
    assert.match(e.operation, /Start container/);
    assert.equal(await cliState('holder'), 'running');
    assert.equal((await find(first))?.state, 'running');
    await client.containers.remove('second', { force: true });
    await client.containers.remove(first, { force: true });
  });

  test('host port held by a plain process: port-in-use', async () => {
    const srv = net.createServer();
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    const port = (srv.address() as net.AddressInfo).port;
    try {
      const { id } = await client.containers.create({ image: TEST_IMAGE, command: POLITE, ports: [{ hostIp: '127.0.0.1', hostPort: port, containerPort: 80 }] });
      await expectError(client.containers.start(id), 'port-in-use');
      assert.notEqual(await cliState(id), 'running');
      await client.containers.remove(id, { force: true });
      // Every address (0.0.0.0) clashes with 127.0.0.1 too.
      const { id: any } = await client.containers.create({ image: TEST_IMAGE, command: POLITE, ports: [{ hostPort: port, containerPort: 80 }] });
      await expectError(client.containers.start(any), 'port-in-use');
      await client.containers.remove(any, { force: true });
    } finally {
      srv.close();
    }
  });

  test('remove running without force: container-running with the engine message; force works', async () => {
    const id = await run({ image: TEST_IMAGE, name: 'busy', command: POLITE });
    const e = await expectError(client.containers.remove(id), 'container-running');
    assert.match(e.engineMessage ?? '', /running/);
    assert.equal(await cliState('busy'), 'running');
    const t0 = Date.now();
    await client.containers.remove(id, { force: true });
    assert.ok(Date.now() - t0 < 8000, 'force remove does not wait for a graceful stop');
    await expectError(client.containers.inspect(id), 'not-found');
  });

  test('invalid and unknown images; out-of-range ports; empty env names', async () => {
    const count = (await client.containers.list()).length;
    await expectError(client.containers.create({ image: 'UPPER//bad:::' }), 'invalid-argument');
    await expectError(client.containers.create({ image: 'localhost/does-not-exist:1' }), 'image-unknown');
    await expectError(client.containers.create({ image: TEST_IMAGE, ports: [{ containerPort: 80, hostPort: 65536 }] }), 'invalid-argument');
    await expectError(client.containers.create({ image: TEST_IMAGE, ports: [{ containerPort: 0 }] }), 'invalid-argument');
    await expectError(client.containers.create({ image: TEST_IMAGE, env: { '': 'x' } }), 'invalid-argument');
    await expectError(client.containers.create({ image: TEST_IMAGE, mounts: [{ type: 'bind', source: 'relative/path', target: '/x' }] }), 'invalid-argument');
    await expectError(client.containers.stop('whatever', { timeout: -1 }), 'invalid-argument');
    assert.equal((await client.containers.list()).length, count, 'nothing was created');
  });

  test('shell metacharacters: refused as names, stored verbatim as data, never executed', async () => {
    const canary = `/tmp/pwned-${process.pid}-${Date.now()}`;
    const payloads = [`$(touch ${canary})`, `; touch ${canary}; rm -rf /`, `\`touch ${canary}\``, `"quoted" 'single' \\back`, 'üñíçødé ☃ 名前', `| touch ${canary} &`];
    const count = (await client.containers.list()).length;
    for (const name of payloads) {
      const e = await expectError(client.containers.create({ image: TEST_IMAGE, name }), 'invalid-argument');
      assert.match(e.engineMessage ?? '', /not allowed/);
    }
    assert.equal((await client.containers.list()).length, count, 'no container was created');

    const env = Object.fromEntries(payloads.map((p, i) => [`P${i}`, p]));
    const labels = Object.fromEntries(payloads.map((p, i) => [`berth.test/p${i}`, p]));
    const { id } = await client.containers.create({ image: TEST_IMAGE, name: 'meta', command: ['echo', ...payloads], env, labels });
    await client.containers.start(id);
    assert.equal(await client.containers.wait(id), 0);
    const ins = await client.containers.inspect(id);
    assert.deepEqual(ins.Args, payloads);
    for (const [k, v] of Object.entries(env)) assert.ok(ins.Config?.Env?.includes(`${k}=${v}`), `${k} verbatim`);
    for (const [k, v] of Object.entries(labels)) assert.equal(ins.Config?.Labels?.[k], v);
    const cli = await cliInspect('meta');
    assert.deepEqual(cli.Config.Cmd, ['echo', ...payloads]);
    const row = (await client.containers.list({ filters: { label: `berth.test/p0=${payloads[0]}` } }))[0];
    assert.equal(row?.id, id, 'label filter with metacharacters matches verbatim');
    assert.equal((await h.podman(['logs', 'meta'])).trimEnd(), payloads.join(' '));
    assert.equal(existsSync(canary), false, 'the canary file was never created');
    await client.containers.remove(id);
  });
});

describe('prune', () => {
  test('removes stopped containers only', async () => {
    const live = await run({ image: TEST_IMAGE, name: 'keep-running', command: POLITE });
    const dead = await run({ image: TEST_IMAGE, name: 'gone', command: ['sh', '-c', 'exit 1'] });
    await client.containers.wait(dead);
    const res = await client.containers.prune();
    assert.ok(res.removed.includes(dead), 'the exited container was pruned');
    assert.ok(!res.removed.includes(live), 'the running container was kept');
    assert.ok(res.reclaimed >= 0);
    await expectError(client.containers.inspect(dead), 'not-found');
    assert.equal(await cliState('keep-running'), 'running');
    assert.deepEqual(await client.containers.prune(), { removed: [], reclaimed: 0 });
    await client.containers.remove(live, { force: true });
  });
});
