/**
 * The one place a failure becomes wire data for the renderer. The engine's
 * EngineError is recognised by shape (its `toJSON()` with name
 * `EngineError`), so the contract needs no engine runtime; the engine's
 * socket path and raw causes never cross. Anything else gets a generic entry.
 */
import type { BridgeErrorData } from './types.js';

/** The wire form of an engine error, or undefined when `e` is not one. */
export function engineErrorData(e: unknown): BridgeErrorData | undefined {
  if (!e || typeof e !== 'object') return undefined;
  const c = e as { name?: unknown; toJSON?: () => Record<string, unknown> };
  if (c.name !== 'EngineError' || typeof c.toJSON !== 'function') return undefined;
  const j = c.toJSON();
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

/** Any failure as wire data: an engine error as it is, anything else with its message and a next step. */
export function errorData(e: unknown): BridgeErrorData {
  return engineErrorData(e) ?? { kind: 'engine', operation: 'The operation', message: e instanceof Error ? e.message : String(e), hint: 'Try again.' };
}
