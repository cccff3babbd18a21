// The events stream against a real, isolated Podman: what the CLI does shows
// up as typed events, in order; when the service dies the stream says so,
// and when it is back it resumes (with the events from the gap).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ApiContext } from '../../src/api/context.js';
import { EventStream, type EngineEvent, type ResumedInfo } from '../../src/api/events.js';
import { connectEngine, type EngineClient } from '../../src/client.js';
import type { EngineError } from '../../src/errors.js';
import { startPodman, TEST_IMAGE, type PodmanHarness } from '../harness/podman-harness.js';

let h: PodmanHarness;
let client: EngineClient;
let stream: EventStream;
const seen: { e: EngineEvent; at: number }[] = [];

/** Wait until an event matching `pred` has been seen (searching from index `from`). */
async function waitForEvent(pred: (e: EngineEvent) => boolean, timeoutMs = 5000, s: { e: EngineEvent; at: number }[] = seen, from = 0): Promise<{ e: EngineEvent; at: number }> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const hit = s.slice(from).find((x) => pred(x.e));
    if (hit) return hit;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error(
    `no matching event within ${timeoutMs} ms; saw: ${s
      .slice(from)
      .map((x) => `${x.e.type}/${x.e.action}/${x.e.name}`)
      .join(', ')}`,
  );
}

function once<T>(emitter: EventStream, name: 'disconnected' | 'resumed', timeoutMs: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`no '${name}' within ${timeoutMs} ms`)), timeoutMs);
    emitter.once(name, (v: unknown) => {
      clearTimeout(t);
      resolve(v as T);
    });
  });
}

before(async () => {
  h = await startPodman();
  client = await connectEngine({ address: h.url });
  stream = new EventStream(new ApiContext(client.transport, client.caps));
  stream.on('event', (e) => seen.push({ e, at: Date.now() }));
  await stream.start();
  assert.equal(stream.state, 'open');
});

after(async () => {
  stream?.close();
  client?.close();
  await h?.teardown();
});

test('container create, start, stop, remove arrive in order with the right id and name', async () => {
  const from = seen.length;
  const id = (await h.podman(['create', '--name', 'ev-web', TEST_IMAGE, 'sleep', '60'])).trim();
  const createdAt = Date.now();
  await h.podman(['start', 'ev-web']);
  const startedAt = Date.now();
  await h.podman(['stop', '-t', '0', 'ev-web']);
  await h.podman(['rm', 'ev-web']);
  const removedAt = Date.now();

  const create = await waitForEvent((e) => e.id === id && e.action === 'create', 5000, seen, from);
  const start = await waitForEvent((e) => e.id === id && e.action === 'start', 5000, seen, from);
  const remove = await waitForEvent((e) => e.id === id && e.action === 'remove', 5000, seen, from);
  const mine = seen.slice(from).filter((x) => x.e.id === id);
  const actions = mine.map((x) => x.e.action);
  // Podman 4.3 reports a stop as died (normalized to die) then cleanup.
  const order = ['create', 'start', 'die', 'remove'].map((a) => actions.indexOf(a));
  assert.ok(
    order.every((i) => i >= 0),
    `actions: ${actions.join(',')}`,
  );
  assert.deepEqual(
    [...order].sort((a, b) => a - b),
    order,
    `out of order: ${actions.join(',')}`,
  );
  for (const x of mine) {
    assert.equal(x.e.type, 'container');
    assert.equal(x.e.name, 'ev-web');
    assert.equal(x.e.image, TEST_IMAGE);
    assert.ok(Math.abs(x.e.time - Date.now()) < 60_000, 'time is epoch ms');
  }
  assert.equal(mine.find((x) => x.e.action === 'die')?.e.exitCode !== undefined, true);
  const fmt = (ms: number) => `${ms} ms`;
  console.log(
    `# latency, CLI command returned → event arrived (file events backend polled every 250 ms): create ${fmt(create.at - createdAt)}, start ${fmt(start.at - startedAt)}, remove ${fmt(remove.at - removedAt)}`,
  );
});

test('pod events carry the pod id and name; the infra container names its pod', async () => {
  const from = seen.length;
  const podId = (await h.podman(['pod', 'create', '--name', 'ev-pod'])).trim();
  await h.podman(['pod', 'rm', 'ev-pod']);
  const created = await waitForEvent((e) => e.type === 'pod' && e.action === 'create' && e.id === podId, 5000, seen, from);
  assert.equal(created.e.name, 'ev-pod');
  await waitForEvent((e) => e.type === 'pod' && e.action === 'remove' && e.id === podId, 5000, seen, from);
  const infra = await waitForEvent((e) => e.type === 'container' && e.podId === podId, 5000, seen, from);
  assert.match(infra.e.name ?? '', /-infra$/);
});

test('an image tag event names the new reference', async () => {
  const from = seen.length;
  const imageId = (await h.podman(['image', 'inspect', '--format', '{{.Id}}', TEST_IMAGE])).trim();
  await h.podman(['tag', TEST_IMAGE, 'localhost/ev-tag:1']);
  const tag = await waitForEvent((e) => e.type === 'image' && e.action === 'tag', 5000, seen, from);
  assert.equal(tag.e.id, imageId);
  assert.equal(tag.e.name, 'localhost/ev-tag:1');
  await h.podman(['untag', TEST_IMAGE, 'localhost/ev-tag:1']);
});

test('the Docker-compatible /events stream gives the same normalized events', async () => {
  const docker = await connectEngine({ address: h.url, flavor: 'docker' });
  const compat = new EventStream(docker.transport, docker.caps);
  const got: { e: EngineEvent; at: number }[] = [];
  compat.on('event', (e) => got.push({ e, at: Date.now() }));
  try {
    await compat.start();
    const id = (await h.podman(['run', '-d', '--name', 'ev-compat', TEST_IMAGE, 'sh', '-c', 'exit 3'])).trim();
    const die = await waitForEvent((e) => e.name === 'ev-compat' && e.action === 'die', 5000, got);
    assert.equal(die.e.type, 'container');
    assert.equal(die.e.exitCode, 3);
    assert.equal(die.e.id, id);
    await h.podman(['rm', 'ev-compat']);
  } finally {
    compat.close();
    docker.close();
  }
});

test("engine killed → 'disconnected'; engine back → 'resumed', the gap's events replayed, new events flow", async () => {
  const disconnected = once<EngineError>(stream, 'disconnected', 5000);
  const t0 = Date.now();
  await h.stopService();
  const err = await disconnected;
  console.log(`# 'disconnected' ${Date.now() - t0} ms after stopService() began: ${err.message}`);
  assert.ok(['stream-interrupted', 'unreachable'].includes(err.kind), err.kind);
  assert.equal(err.socket, h.socket);
  assert.equal(stream.state, 'reconnecting');

  // The CLI works without the service: this happens during the gap.
  const from = seen.length;
  const gapId = (await h.podman(['create', '--name', 'ev-gap', TEST_IMAGE, 'true'])).trim();

  const resumed = once<ResumedInfo>(stream, 'resumed', 15_000);
  const t1 = Date.now();
  await h.startService();
  const info = await resumed;
  console.log(`# 'resumed' ${Date.now() - t1} ms after startService() began (down ${info.downtimeMs} ms, ${info.attempts} failed attempts)`);
  assert.equal(stream.state, 'open');

  const gap = await waitForEvent((e) => e.id === gapId && e.action === 'create', 5000, seen, from);
  assert.equal(gap.e.name, 'ev-gap');
  // The overlap the reconnect asked for is deduplicated: nothing from before the gap appears twice.
  const keys = seen.map((x) => `${x.e.timeNano}|${x.e.action}|${x.e.id}|${x.e.name}`);
  assert.equal(new Set(keys).size, keys.length, 'no duplicate events after the replay');

  const from2 = seen.length;
  await h.podman(['rm', 'ev-gap']);
  await waitForEvent((e) => e.id === gapId && e.action === 'remove', 5000, seen, from2);
});

test('the stream is also an async iterable that ends on close()', async () => {
  const s = new EventStream(new ApiContext(client.transport, client.caps));
  await s.start();
  const create = h.podman(['volume', 'create', 'ev-iter']);
  let found: EngineEvent | undefined;
  for await (const e of s) {
    if (e.type === 'volume' && e.name === 'ev-iter') {
      found = e;
      s.close();
    }
  }
  await create;
  assert.equal(found?.action, 'create');
  await h.podman(['volume', 'rm', 'ev-iter']);
});

test('close() stops the stream for good', async () => {
  const s = new EventStream(new ApiContext(client.transport, client.caps));
  const got: EngineEvent[] = [];
  s.on('event', (e) => got.push(e));
  await s.start();
  s.close();
  assert.equal(s.state, 'closed');
  await h.podman(['volume', 'create', 'ev-after-close']);
  await new Promise((r) => setTimeout(r, 600));
  assert.deepEqual(got, []);
  await h.podman(['volume', 'rm', 'ev-after-close']);
});
