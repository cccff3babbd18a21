// Stats against a real Podman 4.3, on libpod and on the Docker-compatible API:
// a busy container shows CPU and memory use; aborting ends the stream.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { EngineClient } from '../../src/client.js';
import { isEngineError } from '../../src/errors.js';
import type { StatsSample } from '../../src/api/stats.js';
import { TEST_IMAGE, type PodmanHarness } from '../harness/podman-harness.js';
import { podmanSuite } from '../harness/podman-suite.js';

let h: PodmanHarness;
let client: EngineClient;
let docker: EngineClient;
let busyId: string;

podmanSuite(async (s) => {
  ({ h, libpod: client, docker } = s);
  // A busy loop in the shell: one CPU's worth of work, some memory.
  busyId = (await h.podman(['run', '-d', '--name', 'busy', TEST_IMAGE, 'sh', '-c', 'while :; do :; done'])).trim();
  await h.podman(['run', '-d', '--name', 'idle', TEST_IMAGE, 'sleep', '1000']);
});

async function firstBusySample(c: EngineClient, ids: string[] | undefined): Promise<{ sample: StatsSample; seen: Set<string>; count: number }> {
  const ac = new AbortController();
  const seen = new Set<string>();
  let count = 0;
  const timer = setTimeout(() => ac.abort(), 20_000);
  try {
    for await (const s of c.stats.stream(ids, { interval: 1, signal: ac.signal })) {
      count++;
      seen.add(s.name);
      if (s.id === busyId && s.cpuPercent > 0 && s.memUsage > 0) {
        ac.abort();
        return { sample: s, seen, count };
      }
    }
  } finally {
    clearTimeout(timer);
  }
  throw new Error(`no busy sample within the time limit (${count} samples, saw ${[...seen].join(',')})`);
}

describe('stats', () => {
  for (const flavor of ['libpod', 'docker'] as const) {
    test(`${flavor}: a busy container shows CPU and memory use within a few samples`, async () => {
      const c = flavor === 'libpod' ? client : docker;
      const { sample } = await firstBusySample(c, ['busy']);
      assert.equal(sample.name, 'busy');
      assert.ok(sample.cpuPercent > 10 && sample.cpuPercent < 250, `cpu ${sample.cpuPercent}`);
      assert.ok(sample.memLimit >= sample.memUsage);
      assert.ok(sample.pids >= 1);
      assert.ok(Math.abs(Date.now() - sample.time) < 60_000);
    });

    test(`${flavor}: without ids every running container is sampled`, async () => {
      const c = flavor === 'libpod' ? client : docker;
      const ac = new AbortController();
      const names = new Set<string>();
      for await (const s of c.stats.stream(undefined, { interval: 1, signal: ac.signal })) {
        names.add(s.name);
        if (names.has('busy') && names.has('idle')) ac.abort();
      }
      assert.ok(names.has('busy') && names.has('idle'));
    });

    test(`${flavor}: once() gives one sample per container`, async () => {
      const c = flavor === 'libpod' ? client : docker;
      const samples = await c.stats.once(['busy', 'idle']);
      assert.deepEqual(samples.map((s) => s.name).sort(), ['busy', 'idle']);
      assert.ok(samples.every((s) => s.memUsage > 0));
    });
  }

  test('aborting closes the stream promptly, even while waiting for the next sample', async () => {
    const ac = new AbortController();
    const t0 = Date.now();
    let n = 0;
    setTimeout(() => ac.abort(), 1500);
    for await (const _ of client.stats.stream(['idle'], { interval: 10, signal: ac.signal })) n++;
    assert.ok(Date.now() - t0 < 4000, `took ${Date.now() - t0} ms`);
    assert.ok(n <= 2);
  });

  test('an unknown container is a typed error', async () => {
    await assert.rejects(client.stats.once(['no-such-ctr']), (e) => isEngineError(e) && e.kind === 'not-found');
    await assert.rejects(docker.stats.once(['no-such-ctr']), (e) => isEngineError(e) && e.kind === 'not-found');
  });
});
