// containers.details(): one typed model for the details page, from Podman 4.3's libpod inspect
// (Entrypoint as one string) and from the Docker-compatible API (an array), checked against the CLI.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { EngineClient } from '../../src/client.js';
import { containerDetailsOf } from '../../src/api/containers.js';
import { TEST_IMAGE, type PodmanHarness } from '../harness/podman-harness.js';
import { podmanSuite } from '../harness/podman-suite.js';

let h: PodmanHarness;
let libpod: EngineClient;
let docker: EngineClient;

podmanSuite((s) => ({ h, libpod, docker } = s));

test('entrypoint, cmd, mounts and start time, the same through libpod and the Docker API', async () => {
  const src = await h.scratch('details-bind');
  await h.podman(['volume', 'create', 'details-vol']);
  await h.podman(['run', '-d', '--name', 'details', '--entrypoint', '["/bin/sh","-c"]', '-v', `${src}:/data:ro`, '-v', 'details-vol:/cache', TEST_IMAGE, 'sleep 300']);
  const cliEntrypoint = (await h.podman(['inspect', '--format', '{{json .Config.Entrypoint}}', 'details'])).trim();
  for (const [name, client] of [
    ['libpod', libpod],
    ['docker', docker],
  ] as const) {
    const d = await client.containers.details('details');
    assert.deepEqual(d.entrypoint, ['/bin/sh', '-c'], `${name} entrypoint (CLI says ${cliEntrypoint})`);
    assert.deepEqual(d.cmd, ['sleep 300'], name);
    assert.deepEqual(d.command, ['/bin/sh', '-c', 'sleep 300'], name);
    const bind = d.mounts.find((m) => m.destination === '/data');
    assert.deepEqual(bind && { type: bind.type, source: bind.source, readOnly: bind.readOnly }, { type: 'bind', source: src, readOnly: true }, name);
    const vol = d.mounts.find((m) => m.destination === '/cache');
    assert.equal(vol?.type, 'volume', name);
    assert.equal(vol?.name, 'details-vol', name);
    assert.equal(vol?.readOnly, false, name);
    assert.ok(d.startedAt && Math.abs(Date.now() - d.startedAt) < 600_000, `${name} startedAt ${d.startedAt}`);
    assert.equal(d.finishedAt, undefined, `${name}: still running`);
  }
});

test('the pure mapping: Podman 4 string entrypoint, Docker arrays, Go zero times, missing fields', () => {
  const podman4 = containerDetailsOf({ Id: 'a', Name: 'x', Config: { Entrypoint: '/bin/sh -c', Cmd: ['echo hi'] }, State: { StartedAt: '0001-01-01T00:00:00Z' } });
  assert.deepEqual(podman4.command, ['/bin/sh', '-c', 'echo hi']);
  assert.equal(podman4.startedAt, undefined);
  const dockerShape = containerDetailsOf({ Id: 'b', Name: 'y', Config: { Entrypoint: ['/entry.sh'], Cmd: null }, Mounts: [{ Type: 'bind', Source: '/s', Destination: '/d', RW: true }] });
  assert.deepEqual(dockerShape.command, ['/entry.sh']);
  assert.deepEqual(dockerShape.mounts, [{ type: 'bind', source: '/s', destination: '/d', readOnly: false }]);
  assert.deepEqual(containerDetailsOf({ Id: 'c', Name: 'z' }).command, []);
});
