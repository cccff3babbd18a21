// Per-connection limits of the bridge, on the real serve + tRPC handler: a
// connection may hold at most MAX_SUBSCRIPTIONS subscriptions open; the next
// one gets an error reply of its own (the connection stays up and answers),
// and stopping one frees its place. Each subscription costs engine streams,
// so a renderer that opens them in a loop must not grow the main side.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startPodman, type PodmanHarness } from '../../../engine/test/harness/podman-harness.js';
import { MAX_SUBSCRIPTIONS } from '../../main/bridge-server.js';
import { startBridgeRig, type BridgeRig } from './support/bridge-rig.js';

let h: PodmanHarness;
let rig: BridgeRig;

before(async () => {
  h = await startPodman({ testImage: false });
  rig = await startBridgeRig(h.url);
});
after(async () => {
  await rig?.stop();
  await h?.teardown();
});

test(`a connection holds at most ${MAX_SUBSCRIPTIONS} subscriptions; the next is refused, stopping one frees a place`, { timeout: 60_000 }, async () => {
  const c = await rig.connect();
  const ids: number[] = [];
  for (let i = 0; i < MAX_SUBSCRIPTIONS; i++) {
    const id = c.id();
    ids.push(id);
    c.sendRaw(JSON.stringify({ id, method: 'subscription', params: { path: 'engines.watch', input: undefined } }));
  }
  // Each opened: its first data arrives.
  const last = ids.at(-1)!;
  assert.notEqual(await c.next((m) => m.id === last && m.result?.type === 'data'), 'timeout');
  const over = c.id();
  const refused = c.next((m) => m.id === over);
  c.sendRaw(JSON.stringify({ id: over, method: 'subscription', params: { path: 'engines.watch', input: undefined } }));
  const r = await refused;
  assert.ok(r !== 'closed' && r !== 'timeout' && r.error, `refused with an error: ${JSON.stringify(r)}`);
  assert.match(r.error.message, /Too many open subscriptions/);
  // The connection is still up.
  const q = await c.call('query', 'engines.list');
  assert.ok(Array.isArray(q.result?.data), JSON.stringify(q.error));
  // Stop one; a new subscription gets its place.
  c.sendRaw(JSON.stringify({ id: ids[0], method: 'subscription.stop' }));
  await c.next((m) => m.id === ids[0] && m.result?.type === 'stopped');
  const again = c.id();
  const ok = c.next((m) => m.id === again);
  c.sendRaw(JSON.stringify({ id: again, method: 'subscription', params: { path: 'engines.watch', input: undefined } }));
  const r2 = await ok;
  assert.ok(r2 !== 'closed' && r2 !== 'timeout' && !r2.error, JSON.stringify(r2));
  c.close();
});
