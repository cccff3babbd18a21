/** Volumes over the bridge. */
import type { BridgeServices } from '../../contract/services.js';
import { removeBy, type ClientOf } from './service-support.js';

export function volumesService(c: ClientOf): BridgeServices['volumes'] {
  return {
    inspect: ({ id, engine }) => c(engine).volumes.inspect(id),
    create: async ({ engine, ...input }) => ({ name: (await c(engine).volumes.create(input)).name }),
    remove: removeBy((engine) => c(engine).volumes),
    prune: async ({ engine }) => {
      const r = await c(engine).volumes.prune();
      return { removed: r.removed, reclaimed: r.spaceReclaimed };
    },
  };
}
