/** A failure as wire data for the renderer: the engine's typed error as it is, anything else as a generic one. */
import { EngineError } from '../../../engine/src/index.js';
import type { BridgeErrorData } from '../../contract/types.js';

export function errorData(e: unknown): BridgeErrorData {
  if (e instanceof EngineError) {
    const j = e.toJSON();
    return {
      kind: e.kind,
      operation: e.operation,
      status: e.status,
      message: e.message,
      engineMessage: e.engineMessage,
      engineCause: e.engineCause,
      hint: String(j.hint),
    };
  }
  return { kind: 'engine', operation: 'The operation', message: e instanceof Error ? e.message : String(e), hint: 'Try again.' };
}
