import assert from 'node:assert/strict';
import { EngineError, type EngineErrorKind } from '../../src/errors.js';

/** Awaits `p`, which must fail with an EngineError of `kind`; returns it for further checks. */
export async function rejectsWith(p: Promise<unknown>, kind: EngineErrorKind): Promise<EngineError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof EngineError, `expected an EngineError, got ${String(e)}`);
    assert.equal(e.kind, kind, `expected kind ${kind}, got ${e.kind}: ${e.message}`);
    return e;
  }
  assert.fail(`expected an EngineError of kind ${kind}, but the call succeeded`);
}
