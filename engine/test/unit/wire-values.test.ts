// The loose values of engine replies, with the encodings Podman 4.3 and Docker 20.10 really send.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { epochMs, errText, readPruneReports } from '../../src/api/wire-values.js';

const T = Date.parse('2026-12-03T08:00:00Z');

test('epochMs reads RFC 3339, epoch seconds and epoch ms alike', () => {
  assert.equal(epochMs('2026-12-03T08:00:00Z'), T);
  assert.equal(epochMs('2026-12-03T09:00:00.000000000+01:00'), T, 'libpod writes nanoseconds and an offset');
  assert.equal(epochMs(T / 1000), T, 'list endpoints send seconds');
  assert.equal(epochMs(T), T, 'some replies are already ms');
});

test('epochMs reads "never" and garbage as 0', () => {
  assert.equal(epochMs('0001-01-01T00:00:00Z'), 0, "Go's zero time (a container that never started)");
  assert.equal(epochMs(-62135596800), 0, "Go's zero time as epoch seconds");
  for (const x of [0, '', 'soon', null, undefined, {}, Number.NaN]) assert.equal(epochMs(x), 0, String(x));
});

test('errText gives the engine words, or the fallback when there are none', () => {
  assert.equal(errText('container abc: no such container', 'x'), 'container abc: no such container');
  assert.equal(errText({ message: 'boom' }, 'x'), 'boom');
  assert.equal(errText({ cause: 'why' }, 'x'), 'why');
  assert.equal(errText({ code: 7 }, 'x'), '{"code":7}');
  assert.equal(errText({}, 'no details'), 'no details', 'Podman 4.3 sends {} for some errors');
  assert.equal(errText(undefined, 'no details'), 'no details');
});

test('readPruneReports splits removed from failed and adds up the bytes', () => {
  const r = readPruneReports([
    { Id: 'v1', Size: 100 },
    { Id: 'v2', Size: 50, Err: 'volume is being used' },
    { Name: 'net1', Error: null },
    { Id: 'v3', Size: 7, Err: {} },
  ]);
  assert.deepEqual(r.removed, ['v1', 'net1']);
  assert.equal(r.reclaimed, 100, 'bytes of what was really removed only');
  assert.deepEqual(r.errors, [
    { name: 'v2', message: 'volume is being used' },
    { name: 'v3', message: 'the engine gave no details' },
  ]);
  assert.deepEqual(readPruneReports(null), { removed: [], reclaimed: 0, errors: [] }, 'libpod answers null when there is nothing to prune');
});
