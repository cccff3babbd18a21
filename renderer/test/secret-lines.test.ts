import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseSecrets } from '../src/views/containers/secret-lines.js';

test('secret lines: a name is a file in /run/secrets, name:/path a file there, VAR=name a variable', () => {
  assert.deepEqual(parseSecrets('db\n api:/etc/key \n\nTOKEN=api-token').value, [
    { as: 'file', name: 'db' },
    { as: 'file', name: 'api', target: '/etc/key' },
    { as: 'env', target: 'TOKEN', name: 'api-token' },
  ]);
});

test('secret lines: a line that starts with = or : says which line and what to write', () => {
  const r = parseSecrets('ok\n=x\n:y');
  assert.deepEqual(r.value, [{ as: 'file', name: 'ok' }]);
  assert.deepEqual(r.errors, ['Line 2: write name, name:/path or VARIABLE=name', 'Line 3: write name, name:/path or VARIABLE=name']);
});
