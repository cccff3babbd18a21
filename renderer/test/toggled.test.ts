import assert from 'node:assert/strict';
import { test } from 'node:test';
import { toggled } from '../src/views/common/toggled.js';

test('toggled: adds a missing item and removes a present one, leaving the given set alone', () => {
  const start: ReadonlySet<string> = new Set(['a']);
  assert.deepEqual([...toggled(start, 'b')], ['a', 'b']);
  assert.deepEqual([...toggled(start, 'a')], []);
  assert.deepEqual([...start], ['a']);
});
