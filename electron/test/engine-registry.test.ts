// Several engines at once, against two real isolated Podman services: rows
// carry their engine, actions go to the engine they name, engines can be
// added, hidden and removed, and the user's list survives a restart.
import { localCall } from '../contract/call.js';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { startPodman, TEST_IMAGE, type PodmanHarness } from '../../engine/test/harness/podman-harness.js';
import type { EntityPatch, ContainerRow } from '../contract/types.js';
import { startAppCore, type AppCore } from '../main/app-core.js';

let a: PodmanHarness;
let b: PodmanHarness;
let dir: string;
let core: AppCore;

before(async () => {
  [a, b] = await Promise.all([startPodman(), startPodman()]);
  dir = await mkdtemp(path.join(tmpdir(), 'berth-settings-'));
  await a.podman(['create', '--name', 'on-a', TEST_IMAGE, 'sleep', '1000']);
  await b.podman(['create', '--name', 'on-b', TEST_IMAGE, 'sleep', '1000']);
  core = await startAppCore({ engine: a.url, settingsFile: path.join(dir, 'settings.json') });
  await core.ready;
});

after(async () => {
  await core?.shutdown();
  await Promise.all([a?.teardown(), b?.teardown()]);
  if (dir) await rm(dir, { recursive: true, force: true });
});

function rows(): Map<string, ContainerRow> {
  const out = new Map<string, ContainerRow>();
  const ac = new AbortController();
  const it = core.services.live.containers(undefined, localCall(ac.signal))[Symbol.asyncIterator]();
  // The first patch is the merged snapshot, sent synchronously on subscribe.
  void it.next().then((r) => {
    const p = r.value as EntityPatch<ContainerRow>;
    if (p.kind === 'snapshot') for (const row of p.items) out.set(`${row.engine}/${row.id}`, row);
    ac.abort();
  });
  return out;
}

async function eventually(check: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail('condition not met in time');
}

const names = async () => {
  const r = rows();
  await new Promise((res) => setImmediate(res));
  return [...r.values()].map((row) => `${row.engine === a.url ? 'a' : row.engine === b.url ? 'b' : row.engine}:${row.name}`).sort();
};

test('one engine: its rows carry its id, and it is the primary', async () => {
  assert.deepEqual(await names(), ['a:on-a']);
  const list = await core.services.engines.list(undefined, localCall());
  assert.equal(list.length, 1);
  assert.equal(list[0]!.id, a.url);
  assert.equal(list[0]!.primary, true);
  assert.equal(list[0]!.health.state, 'healthy');
});

test('adding an engine shows its rows next to the first one', async () => {
  const entry = await core.services.engines.add({ address: b.url, label: 'second' }, localCall());
  assert.equal(entry.userAdded, true);
  await eventually(async () => (await names()).join() === 'a:on-a,b:on-b');
  const saved = JSON.parse(await readFile(path.join(dir, 'settings.json'), 'utf8')) as { engines: { address: string }[] };
  assert.deepEqual(
    saved.engines.map((e) => e.address),
    [b.url],
  );
});

test('actions go to the engine they name', async () => {
  await core.services.containers.start({ id: 'on-b', engine: b.url }, localCall());
  assert.match(await b.podman(['inspect', '--format', '{{.State.Status}}', 'on-b']), /running/);
  assert.match(await a.podman(['inspect', '--format', '{{.State.Status}}', 'on-a']), /created|configured/);
  await assert.rejects(core.services.containers.start({ id: 'on-b', engine: a.url }, localCall()), /not-found|no container|no such/i, 'on-b does not exist on a');
  await assert.rejects(core.services.containers.start({ id: 'on-b', engine: 'unix:///nowhere.sock' }, localCall()), (e: { kind?: string }) => e.kind === 'not-found');
});

test('testing an address says what is there, or why not', async () => {
  const good = await core.services.engines.test({ address: b.url }, localCall());
  assert.equal(good.ok, true);
  assert.equal(good.kind, 'podman');
  const bad = await core.services.engines.test({ address: 'unix:///tmp/berth-no-such.sock' }, localCall());
  assert.equal(bad.ok, false);
  assert.equal(bad.error?.kind, 'unreachable');
});

test('hiding an engine removes its rows; showing brings them back', async () => {
  await core.services.engines.setEnabled({ id: b.url, enabled: false }, localCall());
  assert.deepEqual(await names(), ['a:on-a']);
  await core.services.engines.setEnabled({ id: b.url, enabled: true }, localCall());
  assert.deepEqual(await names(), ['a:on-a', 'b:on-b']);
});

test('found engines cannot be removed, added ones can', async () => {
  await assert.rejects(core.services.engines.remove({ id: a.url }, localCall()), (e: { kind?: string }) => e.kind === 'invalid-argument');
  await core.services.engines.remove({ id: b.url }, localCall());
  assert.deepEqual(await names(), ['a:on-a']);
  assert.equal((await core.services.engines.list(undefined, localCall())).length, 1);
});

test('an added engine that is down is listed as unreachable, and comes up when it does', async () => {
  await b.stopService();
  await core.services.engines.add({ address: b.url }, localCall());
  const entry = (await core.services.engines.list(undefined, localCall())).find((e) => e.id === b.url);
  assert.equal(entry?.health.state, 'unreachable');
  await b.startService();
  await eventually(async () => (await core.services.engines.list(undefined, localCall())).find((e) => e.id === b.url)?.health.state === 'healthy', 20_000);
  await eventually(async () => (await names()).includes('b:on-b'));
});
