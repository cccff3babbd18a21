/**
 * PodsApi against a real, isolated Podman 4.3: create with ports and labels,
 * list with containers, the whole lifecycle (checked through the API and the
 * CLI), typed errors, prune, and the Docker-flavoured refusal.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { EngineClient } from '../../src/client.js';
import type { PodSummary } from '../../src/api/pods.js';
import { rejectsWith } from '../harness/engine-error.js';
import { TEST_IMAGE, type PodmanHarness } from '../harness/podman-harness.js';
import { podmanSuite } from '../harness/podman-suite.js';

let h: PodmanHarness;
let client: EngineClient;
let docker: EngineClient;

/** A host port unlikely to clash with other test runs on this machine. */
const hostPort = 40_000 + Math.floor(Math.random() * 9_000);

async function find(name: string): Promise<PodSummary | undefined> {
  return (await client.pods.list()).find((p) => p.name === name);
}

async function cliStatus(name: string): Promise<string> {
  return (await h.podman(['pod', 'inspect', '--format', '{{.State}}', name])).trim();
}

describe('pods (Podman)', () => {
  podmanSuite((s) => ({ h, libpod: client, docker } = s));

  it('creates a pod with ports and labels; the list shows it with its containers', async () => {
    const labels = { app: 'web', note: '$(touch /tmp/berth-pwned); `id` | rm -rf / && echo "x"' };
    const before = Date.now();
    const { id } = await client.pods.create({ name: 'web-pod', ports: [{ hostPort, containerPort: 80 }], labels });
    assert.match(id, /^[0-9a-f]{64}$/);
    // busybox sleep as PID 1 ignores SIGTERM: a short stop timeout keeps restart quick.
    await h.podman(['create', '--pod', 'web-pod', '--name', 'web-pod-app', '--stop-timeout', '1', TEST_IMAGE, 'sleep', '1000']);

    const pod = await find('web-pod');
    assert.ok(pod, 'the pod is listed');
    assert.equal(pod.id, id);
    assert.equal(pod.state, 'created');
    assert.equal(pod.status, 'Created');
    assert.deepEqual(pod.labels, labels, 'labels with shell metacharacters come back as data');
    assert.ok(pod.created >= before - 5_000 && pod.created <= Date.now() + 5_000, `created ${pod.created} is an epoch-ms time of now`);
    assert.match(pod.infraId, /^[0-9a-f]{64}$/);
    assert.equal(pod.containers.length, 2);
    const infra = pod.containers.find((c) => c.infra);
    const app = pod.containers.find((c) => c.name === 'web-pod-app');
    assert.equal(infra?.id, pod.infraId);
    assert.ok(app, 'the added container is listed in the pod');
    assert.equal(app.infra, false);
    assert.equal(app.state, 'created');

    const raw = await client.pods.inspect('web-pod');
    assert.equal(raw.Id, id);
    const bindings = (raw.InfraConfig as { PortBindings?: Record<string, { HostPort: string }[]> }).PortBindings;
    assert.equal(bindings?.['80/tcp']?.[0]?.HostPort, String(hostPort));
    assert.equal((await h.podman(['pod', 'inspect', '--format', '{{.Labels.note}}', 'web-pod'])).trim(), labels.note);
  });

  it('starts, pauses, resumes, stops, restarts and kills, as the list and the CLI both see', async () => {
    assert.deepEqual(await client.pods.start('web-pod'), { id: (await find('web-pod'))!.id, changed: true });
    let pod = await find('web-pod');
    assert.equal(pod?.state, 'running');
    assert.ok(
      pod?.containers.every((c) => c.state === 'running'),
      JSON.stringify(pod?.containers),
    );
    assert.equal(await cliStatus('web-pod'), 'Running');
    assert.equal((await client.pods.start('web-pod')).changed, false, 'starting a running pod changes nothing (304)');

    await client.pods.pause('web-pod');
    assert.equal((await find('web-pod'))?.state, 'paused');
    assert.equal(await cliStatus('web-pod'), 'Paused');

    await client.pods.unpause('web-pod');
    assert.equal((await find('web-pod'))?.state, 'running');

    await client.pods.stop('web-pod', { timeout: 0 });
    pod = await find('web-pod');
    assert.equal(pod?.state, 'exited');
    assert.ok(
      pod?.containers.every((c) => c.state === 'exited'),
      JSON.stringify(pod?.containers),
    );
    assert.equal(await cliStatus('web-pod'), 'Exited');

    await client.pods.restart('web-pod');
    assert.equal((await find('web-pod'))?.state, 'running');
    assert.equal(await cliStatus('web-pod'), 'Running');

    await client.pods.kill('web-pod', 'SIGKILL');
    pod = await find('web-pod');
    // Right after a kill libpod may still show "stopped" until its cleanup marks the containers exited.
    assert.ok(
      pod?.containers.every((c) => c.state === 'exited' || c.state === 'stopped'),
      JSON.stringify(pod?.containers),
    );
    assert.match(await cliStatus('web-pod'), /^(Exited|Stopped)$/);
  });

  it('refuses to remove a running pod without force, with a typed error; force removes it', async () => {
    await client.pods.start('web-pod');
    const err = await rejectsWith(client.pods.remove('web-pod'), 'container-running');
    assert.equal(err.operation, 'Remove pod web-pod');
    assert.match(err.engineMessage ?? '', /running/);
    assert.match(err.hint, /pod/i);
    assert.equal((await find('web-pod'))?.state, 'running', 'the pod is still there');

    await client.pods.remove('web-pod', { force: true, timeout: 0 });
    assert.equal(await find('web-pod'), undefined);
    await assert.rejects(h.podman(['pod', 'exists', 'web-pod']));
    await assert.rejects(h.podman(['container', 'exists', 'web-pod-app']), 'its containers are gone too');
  });

  it('reports an unknown pod as not-found', async () => {
    await rejectsWith(client.pods.inspect('no-such-pod'), 'not-found');
    await rejectsWith(client.pods.start('no-such-pod'), 'not-found');
    await rejectsWith(client.pods.stop('no-such-pod'), 'not-found');
    await rejectsWith(client.pods.remove('no-such-pod', { force: true }), 'not-found');
    // A path-like name is one encoded segment, not a path.
    await rejectsWith(client.pods.inspect('../../containers/json'), 'not-found');
  });

  it('surfaces the per-container errors of a pod action', async () => {
    await client.pods.create({ name: 'broken-pod' });
    await h.podman(['create', '--pod', 'broken-pod', '--name', 'broken-app', TEST_IMAGE, '/does-not-exist']);
    const err = await rejectsWith(client.pods.start('broken-pod'), 'conflict');
    assert.equal(err.operation, 'Start pod broken-pod');
    assert.match(err.engineMessage ?? '', /does-not-exist/);
    await client.pods.remove('broken-pod', { force: true, timeout: 0 });
  });

  it('treats names with shell metacharacters as data: the engine refuses them, nothing runs', async () => {
    const marker = path.join(h.dir, 'pwned');
    const err = await rejectsWith(client.pods.create({ name: `x;$(touch ${marker})` }), 'invalid-argument');
    assert.match(err.engineMessage ?? '', /names must match/);
    assert.equal(existsSync(marker), false);
  });

  it('kill with a signal the engine does not know → invalid-argument', async () => {
    await client.pods.create({ name: 'sig-pod' });
    await client.pods.start('sig-pod');
    const err = await rejectsWith(client.pods.kill('sig-pod', 'SIGNOPE'), 'invalid-argument');
    assert.match(err.engineMessage ?? '', /signal/i);
    await client.pods.stop('sig-pod', { timeout: 0 });
  });

  it('prunes pods with nothing running', async () => {
    await client.pods.create({ name: 'keep-pod' });
    await client.pods.start('keep-pod');
    const stopped = (await find('sig-pod'))!;
    const result = await client.pods.prune();
    assert.ok(result.removed.includes(stopped.id), `prune removed the stopped pod: ${JSON.stringify(result)}`);
    assert.deepEqual(result.errors, []);
    const names = (await client.pods.list()).map((p) => p.name);
    assert.ok(!names.includes('sig-pod'));
    assert.ok(names.includes('keep-pod'), 'a running pod stays');
  });

  it('list filters by label', async () => {
    await client.pods.create({ name: 'labelled-pod', labels: { tier: 'db' } });
    const rows = await client.pods.list({ filters: { label: ['tier=db'] } });
    assert.deepEqual(
      rows.map((p) => p.name),
      ['labelled-pod'],
    );
  });

  it('refuses pods on a Docker engine', async () => {
    const err = await rejectsWith(docker.pods.list(), 'unsupported');
    assert.equal(err.operation, 'List pods');
  });
});
