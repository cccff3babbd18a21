/** An error event inside a stream (logs, terminal, pull/push/build) in the shape ErrorMessage shows. */
import type { BridgeErrorData } from '../../../electron/contract/index.js';
import type { DescribedError } from './ErrorMessage';

/** The engine's own words when it gave any, else the bridge's message. */
export function describeStreamError(e: BridgeErrorData): DescribedError {
  return { title: `${e.operation} failed`, detail: e.engineMessage ?? e.message, hint: e.hint };
}
