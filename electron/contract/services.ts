/**
 * What the main side must provide to serve the bridge: for each resource of
 * BRIDGE, one method per call, taking the validated input and the call's
 * context (abort signal, caller). Derived from the call tables, so a call
 * added there is a compile error here until the main side implements it.
 */
import type { ServiceOf } from './call.js';
import type { Bridge } from './registry.js';

export type { Caller, CallContext } from './call.js';

export type BridgeServices = { [R in keyof Bridge]: ServiceOf<Bridge[R]> };
