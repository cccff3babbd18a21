/**
 * Wire types of the bridge: what crosses from the main side to the renderer.
 * Plain data only (JSON-safe, no classes). Each resource's types live with
 * its calls in resources/; this is their one import point.
 */
export type { EntityKind } from './entity.js';
export type { ActionResult, BridgeErrorData, EngineKind, EntityPatch, JsonObject, JsonValue, PortMapping, PruneResult, RawInspect } from './common.js';
export type * from './registry.js';
