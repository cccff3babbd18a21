/**
 * The one place a failure becomes wire data for the renderer. Every failure
 * goes through the engine's `toEngineError()` (a pure module: kinds, hints and
 * classification tables, no Node imports), so socket errors, aborts, timeouts
 * and broken stream frames reach the UI with a kind, a message and a next
 * step. An EngineError is also recognised by shape (its `toJSON()` with name
 * `EngineError`), in case it comes from another copy of the engine module.
 * The engine's socket path and raw causes never cross.
 */
import { toEngineError } from '../../engine/src/errors.js';
import type { BridgeErrorData } from './types.js';

function fromJSON(j: Record<string, unknown>): BridgeErrorData {
  return {
    kind: String(j.kind),
    operation: String(j.operation),
    status: typeof j.status === 'number' ? j.status : undefined,
    message: String(j.message),
    engineMessage: typeof j.engineMessage === 'string' ? j.engineMessage : undefined,
    engineCause: typeof j.engineCause === 'string' ? j.engineCause : undefined,
    hint: String(j.hint),
  };
}

function engineShaped(e: unknown): e is { toJSON(): Record<string, unknown> } {
  if (!e || typeof e !== 'object') return false;
  const c = e as { name?: unknown; toJSON?: unknown };
  return c.name === 'EngineError' && typeof c.toJSON === 'function';
}

/**
 * Wire data for an engine failure: an EngineError, or a failure the engine
 * recognises (socket error, abort, timeout, stream framing). Undefined for
 * anything else, so the router keeps its own shape for validation and other errors.
 */
export function engineErrorData(e: unknown): BridgeErrorData | undefined {
  if (engineShaped(e)) return fromJSON(e.toJSON());
  const converted = toEngineError(e);
  return converted.kind === 'engine' ? undefined : fromJSON(converted.toJSON());
}

/** Any failure as wire data, with what failed, the message and a next step. */
export function errorData(e: unknown): BridgeErrorData {
  return engineShaped(e) ? fromJSON(e.toJSON()) : fromJSON(toEngineError(e).toJSON());
}
