// The live store's logic with in-memory sources (pure logic: no engine).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { EngineEvent } from '../../src/api/events.js';
import { LiveStore, type Patch } from '../../src/live/live-store.js';
import { containerAfterEvent } from '../../src/live/sources.js';
import type { ContainerSummary } from '../../src/api/containers.js';

type Row = { id: string; state: string; n: number };
const tick = () => new Promise((r) => setImmediate(r));
const ev = (type: string, action: string, id: string, extra: Partial<EngineEvent> = {}): EngineEvent => ({ type, action, id, attributes: {}, time: Date.now(), ...extra }) as EngineEvent;

function setup(initial: Row[]) {
  const db = new Map(initial.map((r) => [r.id, r]));
  const calls = { all: 0, byKeys: [] as string[][] };
  const store = new LiveStore({
    sources: {
      containers: {
        key: (r: Row) => r.id,
        listAll: async () => {
          calls.all++;
          return [...db.values()];
        },
        listByKeys: async (keys: string[]) => {
          calls.byKeys.push(keys);
          return keys.map((k) => db.get(k)).filter((r): r is Row => !!r);
        },
        applyEvent: (r: Row, e: EngineEvent) => (e.action === 'start' ? { ...r, state: 'running' } : undefined),
      },
    },
  });
  const patches: Patch<Row>[] = [];
  store.subscribe<Row>('containers', (p) => patches.push(p));
  return { db, calls, store, patches };
}

test('a subscriber gets the snapshot, then patches', async () => {
  const { store, patches } = setup([{ id: 'a', state: 'exited', n: 0 }]);
  await store.resync();
  assert.equal(patches[0]!.kind, 'snapshot');
  assert.equal((patches[0] as { items: Row[] }).items.length, 1);
  const late: Patch<Row>[] = [];
  store.subscribe<Row>('containers', (p) => late.push(p));
  assert.equal(late[0]!.kind, 'snapshot', 'a late subscriber gets the current snapshot at once');
});

test('an event changes the row at once, then a coalesced re-read confirms it', async () => {
  const { db, calls, store, patches } = setup([
    { id: 'a', state: 'exited', n: 0 },
    { id: 'b', state: 'exited', n: 0 },
  ]);
  await store.resync();
  patches.length = 0;
  db.set('a', { id: 'a', state: 'running', n: 1 });
  db.set('b', { id: 'b', state: 'running', n: 1 });
  store.handleEvent(ev('container', 'start', 'a'));
  store.handleEvent(ev('container', 'start', 'b'));
  // Synchronously: both rows already say running, from the event alone.
  assert.deepEqual(patches.map((p) => (p.kind === 'upsert' ? p.items.map((i) => `${i.id}:${i.state}`) : [])).flat(), ['a:running', 'b:running']);
  await tick();
  await tick();
  assert.deepEqual(calls.byKeys, [['a', 'b']], 'one re-read for both events');
  assert.equal(store.get<Row>('containers', 'a')!.n, 1);
});

test('remove events drop the row; a re-read that finds nothing drops it too', async () => {
  const { db, store, patches } = setup([
    { id: 'a', state: 'exited', n: 0 },
    { id: 'b', state: 'exited', n: 0 },
  ]);
  await store.resync();
  patches.length = 0;
  store.handleEvent(ev('container', 'remove', 'a'));
  assert.deepEqual(patches.at(-1), { kind: 'remove', keys: ['a'] });
  db.delete('b');
  store.handleEvent(ev('container', 'die', 'b'));
  await tick();
  await tick();
  assert.deepEqual(patches.at(-1), { kind: 'remove', keys: ['b'] });
  assert.equal(store.items('containers').length, 0);
});

test('events that say nothing about rows are ignored', async () => {
  const { calls, store } = setup([{ id: 'a', state: 'running', n: 0 }]);
  await store.resync();
  store.handleEvent(ev('container', 'exec_died', 'a'));
  store.handleEvent(ev('container', 'health_status', 'a'));
  await tick();
  assert.equal(calls.byKeys.length, 0);
});

test('container state from events', () => {
  const c = { id: 'x', name: 'web', names: ['web'], state: 'running' } as ContainerSummary;
  assert.equal(containerAfterEvent(c, ev('container', 'die', 'x', { exitCode: 3 }))?.state, 'exited');
  assert.equal(containerAfterEvent(c, ev('container', 'die', 'x', { exitCode: 3 }))?.exitCode, 3);
  assert.equal(containerAfterEvent(c, ev('container', 'pause', 'x'))?.state, 'paused');
  assert.equal(containerAfterEvent(c, ev('container', 'start', 'x')), undefined, 'no change, no new object');
  assert.equal(containerAfterEvent(c, ev('container', 'kill', 'x')), undefined, 'kill alone proves nothing');
  assert.equal(containerAfterEvent(c, ev('container', 'rename', 'x', { name: 'api' }))?.name, 'api');
});

test('a re-read that was on its way when a remove event arrived does not bring the row back', async () => {
  // The engine answers the re-read before the container is removed; the answer arrives after the remove event.
  const db = new Map<string, Row>([['a', { id: 'a', state: 'exited', n: 0 }]]);
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  let gated = false;
  const store = new LiveStore({
    sources: {
      containers: {
        key: (r: Row) => r.id,
        listAll: async () => [...db.values()],
        listByKeys: async (keys: string[]) => {
          const answer = keys.map((k) => db.get(k)).filter((r): r is Row => !!r);
          if (!gated) {
            gated = true;
            await gate;
          }
          return answer;
        },
      },
    },
  });
  await store.resync();
  db.set('b', { id: 'b', state: 'created', n: 0 });
  store.handleEvent(ev('container', 'create', 'b'));
  await tick();
  // The re-read of b is under way (and saw b). Now b is removed.
  db.delete('b');
  store.handleEvent(ev('container', 'remove', 'b'));
  release();
  for (let i = 0; i < 5; i++) await tick();
  assert.deepEqual(
    store.items<Row>('containers').map((r) => r.id),
    ['a'],
  );
});

test('a cleanup event re-reads the row (Podman lists "stopped" until its cleanup, "exited" after)', async () => {
  const { db, calls, store } = setup([{ id: 'a', state: 'stopped', n: 0 }]);
  await store.resync();
  db.set('a', { id: 'a', state: 'exited', n: 1 });
  store.handleEvent(ev('container', 'cleanup', 'a'));
  await tick();
  await tick();
  assert.deepEqual(calls.byKeys, [['a']]);
  assert.equal(store.get<Row>('containers', 'a')?.state, 'exited');
});
