// The one conversion of failures to wire data (electron/contract/error-wire.ts), with real EngineErrors.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EngineError } from '../../engine/src/errors.js';
import { engineErrorData, errorData } from '../contract/error-wire.js';

test('an EngineError crosses with kind, operation, the engine message and a hint; never its socket or cause', () => {
  const e = new EngineError({ kind: 'not-found', operation: 'Remove container web', status: 404, engineMessage: 'no such container', socket: '/run/secret/podman.sock', cause: new Error('inner') });
  const d = errorData(e);
  assert.deepEqual(Object.keys(d).sort(), ['engineCause', 'engineMessage', 'hint', 'kind', 'message', 'operation', 'status']);
  assert.equal(d.kind, 'not-found');
  assert.equal(d.operation, 'Remove container web');
  assert.equal(d.status, 404);
  assert.equal(d.engineMessage, 'no such container');
  assert.match(d.message, /^Remove container web failed/);
  assert.ok(d.hint.length > 0);
  assert.doesNotMatch(JSON.stringify(d), /secret|inner/);
});

test('anything else is a generic entry with its message; only EngineErrors are engine data', () => {
  assert.deepEqual(errorData(new Error('boom')), { kind: 'engine', operation: 'The operation', message: 'boom', hint: 'Try again.' });
  assert.equal(errorData('text').message, 'text');
  assert.equal(engineErrorData(new Error('x')), undefined);
  assert.equal(engineErrorData({ name: 'EngineError' }), undefined, 'a look-alike without toJSON is not one');
  assert.equal(engineErrorData(null), undefined);
});
