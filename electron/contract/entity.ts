/**
 * The live entity kinds and their row-key rule, from the engine's model (a
 * pure module: no Node), so the renderer's stores key rows exactly as the
 * engine's live store keys its patches.
 */
export { ENTITY_KINDS, entityKey, type EntityKind } from '../../engine/src/live/entity-key.js';
