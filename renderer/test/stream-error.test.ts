import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { BridgeErrorData } from '../../electron/contract/index.js';
import { describeStreamError } from '../src/components/stream-error.js';

const base: BridgeErrorData = { kind: 'not-found', operation: 'Read the logs of web', status: 404, message: 'container web not found', hint: 'It may have been removed.' };

test("a stream's error says what failed, the engine's own words and the hint", () => {
  assert.deepEqual(describeStreamError({ ...base, engineMessage: 'no container with name or ID "web" found' }), {
    title: 'Read the logs of web failed',
    detail: 'no container with name or ID "web" found',
    hint: 'It may have been removed.',
  });
});

test("without the engine's words the bridge's message is the detail", () => {
  assert.equal(describeStreamError(base).detail, 'container web not found');
});
