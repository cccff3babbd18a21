/**
 * The bridge contract, in one place: the router type, its call tables, input
 * schemas and wire types. The renderer imports types (and, for form
 * validation, the schemas) from here and nothing else of the main side.
 */
export type { AppRouter, BridgeContext } from './router.js';
export type { BridgeServices, Caller, CallContext } from './services.js';
export * from './types.js';
export * as schemas from './schemas.js';
export * from './serve-transport.js';
export { ENTITY_KINDS, entityKey } from './entity.js';
export { BRIDGE, VIEWS, viewShortcut, type ViewId } from './registry.js';
export { COMPOSE_PROVIDER_IDS, composeProjects, projectOf } from './resources/compose.js';
export { baseName, displayName, joinPath, normalizeContainerPath, parentPath } from './resources/files.js';
