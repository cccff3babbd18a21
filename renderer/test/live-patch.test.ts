// The renderer's live-store patching (renderer/src/stores/live-patch.ts) keys rows by the
// engine's own rule (entityKey), so a remove the engine's live store sends always finds its row.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { entityKey, type EntityRows } from '../../electron/contract/index.js';
import { applyPatch, keyOf, type LiveState } from '../src/stores/live-patch.js';

const empty = <T>(): LiveState<T> => ({ items: new Map(), list: [], ready: false, error: undefined });
const apply = <T extends EntityRows['networks']>(state: LiveState<T>, patch: Parameters<typeof applyPatch<'networks'>>[2]) =>
  ({ ...state, ...applyPatch('networks', state as never, patch) }) as LiveState<T>;

function network(id: string, name: string): EntityRows['networks'] {
  return { engine: 'e1', id, name } as EntityRows['networks'];
}

test('a network without an id is keyed by its name, as the engine keys its remove', () => {
  let s = apply(empty<EntityRows['networks']>(), { kind: 'snapshot', items: [network('', 'legacy'), network('abc', 'podman')] });
  assert.equal(s.items.size, 2);
  // The engine's live store removes by its key: `engine/` + entityKey.
  s = apply(s, { kind: 'remove', keys: [`e1/${entityKey('networks', { id: '', name: 'legacy' })}`] });
  assert.deepEqual([...s.items.keys()], ['e1/abc']);
});

test('volumes by name, everything else by id, all under their engine', () => {
  assert.equal(keyOf('volumes', { engine: 'e', name: 'data' } as EntityRows['volumes']), 'e/data');
  assert.equal(keyOf('containers', { engine: 'e', id: 'c1', name: 'web' } as EntityRows['containers']), 'e/c1');
  assert.equal(keyOf('networks', network('n1', 'net')), 'e1/n1');
});

test('a snapshot keeps the identity of unchanged items; upsert replaces, remove deletes', () => {
  const a = network('a', 'a');
  let s = apply(empty<EntityRows['networks']>(), { kind: 'snapshot', items: [a] });
  const again = apply(s, { kind: 'snapshot', items: [network('a', 'a')] });
  assert.equal(again.items.get('e1/a'), a, 'same content: same object');
  s = apply(s, { kind: 'upsert', items: [network('a', 'renamed')] });
  assert.equal(s.items.get('e1/a')?.name, 'renamed');
  s = apply(s, { kind: 'remove', keys: ['e1/a'] });
  assert.equal(s.items.size, 0);
  assert.equal(s.list.length, 0);
});
