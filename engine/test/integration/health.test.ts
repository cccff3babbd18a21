// Health checks: the verdict on every row (healthy, unhealthy, starting), the Health details (config and the
// check's log), running a check now through the API (Podman 4.3 runs no timer without systemd), a check set at
// create time, and the same rows from a real Docker Engine, which runs its checks itself.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { connectEngine, type EngineClient } from '../../src/client.js';
import { healthOf } from '../../src/api/containers.js';
import { DOCKER_TEST_IMAGE, startDocker, type DockerHarness } from '../harness/docker-harness.js';
import { TEST_IMAGE, type PodmanHarness } from '../harness/podman-harness.js';
import { podmanSuite } from '../harness/podman-suite.js';
import { rejectsWith } from '../harness/engine-error.js';

let h: PodmanHarness;
let libpod: EngineClient;
let docker: EngineClient;

podmanSuite(async (s) => {
  ({ h, libpod, docker } = s);
  // "flag": healthy once /tmp/ok exists; "never" fails always; "late" is never checked, so it stays starting.
  const check = (name: string, cmd: string, extra: string[] = []) =>
    h.podman(['run', '-d', '--name', name, '--health-cmd', cmd, '--health-interval', '1h', '--health-retries', '1', ...extra, TEST_IMAGE, 'sh', '-c', 'mkdir -p /tmp && sleep 600']);
  await check('hc-flag', 'test -e /tmp/ok');
  await check('hc-never', 'echo failing >&2; exit 3');
  await check('hc-late', 'exit 1', ['--health-start-period', '1h']);
  await h.podman(['run', '-d', '--name', 'hc-none', TEST_IMAGE, 'sleep', '600']);
});

const rowHealth = async (c: EngineClient, name: string) => (await c.containers.list({ all: true })).find((x) => x.name === name)?.health;

test('the verdict on the rows follows checks run now, and matches `podman inspect`', async () => {
  assert.equal(await rowHealth(libpod, 'hc-flag'), 'starting', 'before any check');
  assert.equal((await libpod.containers.runHealthcheck('hc-never')).status, 'unhealthy');
  assert.equal((await libpod.containers.runHealthcheck('hc-flag')).status, 'unhealthy');
  await h.podman(['exec', 'hc-flag', 'touch', '/tmp/ok']);
  assert.equal((await libpod.containers.runHealthcheck('hc-flag')).status, 'healthy');
  assert.equal(await rowHealth(libpod, 'hc-late'), 'starting', 'never checked yet');
  for (const name of ['hc-flag', 'hc-never', 'hc-late']) {
    const cli = (await h.podman(['inspect', '--format', '{{.State.Health.Status}}', name])).trim();
    assert.equal(await rowHealth(libpod, name), cli, name);
  }
  assert.equal(await rowHealth(libpod, 'hc-none'), undefined);
  const row = (await libpod.containers.list({ all: true })).find((x) => x.name === 'hc-flag');
  assert.match(row?.status ?? '', /^Up .* \(healthy\)$/, 'the human status keeps its text and adds the verdict');
});

test('details: the check, its timings and its log with the output', async () => {
  await libpod.containers.runHealthcheck('hc-never');
  const d = await libpod.containers.details('hc-never');
  assert.deepEqual(d.health?.test, ['CMD-SHELL', 'echo failing >&2; exit 3']);
  assert.equal(d.health?.intervalMs, 3_600_000);
  assert.equal(d.health?.retries, 1);
  assert.equal(d.health?.status, 'unhealthy');
  const last = d.health?.log.at(-1);
  assert.notEqual(last?.exitCode, 0, 'a failed check (Podman records 1 whatever the code)');
  assert.match(last?.output ?? '', /failing/);
  assert.ok((last?.end ?? 0) >= (last?.start ?? 0) && (last?.start ?? 0) > Date.now() - 600_000);
  assert.equal((await libpod.containers.details('hc-none')).health, undefined);
});

test('a check set at create time (libpod body), and refusals', async () => {
  const { id } = await libpod.containers.create({
    image: TEST_IMAGE,
    name: 'hc-created',
    command: ['sleep', '600'],
    healthcheck: { command: 'true', intervalMs: 30_000, timeoutMs: 5_000, startPeriodMs: 2_000, retries: 4 },
  });
  await libpod.containers.start(id);
  const cfg = JSON.parse(await h.podman(['inspect', '--format', '{{json .Config.Healthcheck}}', 'hc-created'])) as Record<string, unknown>;
  assert.deepEqual(cfg, { Test: ['CMD-SHELL', 'true'], StartPeriod: 2e9, Interval: 30e9, Timeout: 5e9, Retries: 4 });
  assert.equal((await libpod.containers.runHealthcheck('hc-created')).status, 'healthy');
  const e = await rejectsWith(libpod.containers.runHealthcheck('hc-none'), 'invalid-argument');
  assert.match(e.hint, /without a health check/);
  await rejectsWith(libpod.containers.runHealthcheck('no-such'), 'not-found');
  await rejectsWith(docker.containers.runHealthcheck('hc-flag'), 'unsupported');
  await rejectsWith(libpod.containers.create({ image: TEST_IMAGE, healthcheck: { command: '  ' } }), 'invalid-argument');
  await rejectsWith(libpod.containers.create({ image: TEST_IMAGE, healthcheck: { command: 'true', retries: 0 } }), 'invalid-argument');
});

test('healthOf: libpod Status values and Docker status suffixes', () => {
  assert.equal(healthOf('healthy', true), 'healthy');
  assert.equal(healthOf('', true), undefined);
  assert.equal(healthOf('Up 2 minutes (healthy)', false), 'healthy');
  assert.equal(healthOf('Up 3 seconds (health: starting)', false), 'starting');
  assert.equal(healthOf('Up 9 minutes (unhealthy)', false), 'unhealthy');
  assert.equal(healthOf('Exited (0) 2 hours ago', false), undefined);
});

describe('on a real Docker Engine', () => {
  let d: DockerHarness;
  let berth: EngineClient;
  before(async () => {
    d = await startDocker();
    berth = await connectEngine({ address: d.url });
  });
  after(async () => {
    berth?.close();
    await d?.teardown();
  });

  test('Docker runs its checks: healthy and unhealthy rows and details; a check set through Berth', { timeout: 120_000 }, async () => {
    await d.docker(['run', '-d', '--network', 'none', '--name', 'ok', '--health-cmd', 'true', '--health-interval', '1s', DOCKER_TEST_IMAGE, 'sleep', '600']);
    await d.docker(['run', '-d', '--network', 'none', '--name', 'bad', '--health-cmd', 'exit 1', '--health-interval', '1s', '--health-retries', '1', DOCKER_TEST_IMAGE, 'sleep', '600']);
    const { id } = await berth.containers.create({ image: DOCKER_TEST_IMAGE, name: 'made', command: ['sleep', '600'], healthcheck: { command: 'true', intervalMs: 1000, retries: 2 } });
    await berth.containers.start(id);
    const until = async (name: string, want: string) => {
      for (let i = 0; i < 100 && (await rowHealth(berth, name)) !== want; i++) await new Promise((r) => setTimeout(r, 200));
      assert.equal(await rowHealth(berth, name), want, name);
      assert.equal((await d.docker(['inspect', '--format', '{{.State.Health.Status}}', name])).trim(), want);
    };
    await until('ok', 'healthy');
    await until('bad', 'unhealthy');
    await until('made', 'healthy');
    const det = await berth.containers.details('bad');
    assert.deepEqual(det.health?.test, ['CMD-SHELL', 'exit 1']);
    assert.equal(det.health?.log.at(-1)?.exitCode, 1);
  });
});
