/**
 * The kinds of live entities and how each is keyed on one engine: one rule
 * for the engine's live store, the main side's patches and the renderer's
 * stores (which reach it through the bridge contract). Pure: no Node imports.
 */
export const ENTITY_KINDS = ['containers', 'images', 'pods', 'volumes', 'networks', 'secrets'] as const;
export type EntityKind = (typeof ENTITY_KINDS)[number];

/**
 * Volumes have no id, only a name. A network's id can be missing (a Docker
 * API network list entry without `Id`): then its name keys it. Everything
 * else by id.
 */
export function entityKey(kind: EntityKind, item: { id?: string | undefined; name?: string | undefined }): string {
  if (kind === 'volumes') return item.name ?? '';
  if (kind === 'networks') return item.id || item.name || '';
  return item.id ?? '';
}
