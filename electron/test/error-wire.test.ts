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

test('anything else is a generic entry with its message and a next step; unknown errors are not engine data', () => {
  const boom = errorData(new Error('boom'));
  assert.equal(boom.kind, 'engine');
  assert.equal(boom.operation, 'The operation');
  assert.equal(boom.message, 'The operation failed: boom');
  assert.match(boom.hint, /Try again/);
  assert.match(errorData('text').message, /text$/);
  assert.equal(engineErrorData(new Error('x')), undefined);
  assert.equal(engineErrorData({ name: 'EngineError' }), undefined, 'a look-alike without toJSON is not one');
  assert.equal(engineErrorData(null), undefined);
});

test('socket errors, aborts, timeouts and broken frames cross as engine data with their kind and a next step, never the socket path', () => {
  const refused = errorData(Object.assign(new Error('connect ECONNREFUSED /run/secret/podman.sock'), { code: 'ECONNREFUSED' }));
  assert.equal(refused.kind, 'unreachable');
  assert.match(refused.hint, /Start the engine/);
  assert.doesNotMatch(JSON.stringify(refused), /secret/);
  assert.equal(engineErrorData(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }))?.kind, 'stream-interrupted');
  assert.equal(engineErrorData(Object.assign(new Error('denied'), { code: 'EACCES' }))?.kind, 'unreachable');
  assert.equal(engineErrorData(new DOMException('This operation was aborted', 'AbortError'))?.kind, 'aborted');
  assert.equal(engineErrorData(new DOMException('The operation timed out.', 'TimeoutError'))?.kind, 'timeout');
  const frame = engineErrorData(Object.assign(new Error('not a multiplexed stream (stream type byte 7)'), { name: 'FrameError' }));
  assert.equal(frame?.kind, 'stream-interrupted');
  assert.match(frame?.hint ?? '', /reconnects/);
  assert.doesNotMatch(JSON.stringify(frame), /stream type byte/);
});
