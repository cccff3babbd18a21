/** Networks over the bridge. */
import type { BridgeServices } from '../../contract/services.js';
import { removeBy, type ClientOf } from './service-support.js';

export function networksService(c: ClientOf): BridgeServices['networks'] {
  return {
    inspect: ({ id, engine }) => c(engine).networks.inspect(id),
    create: async ({ engine, ...input }) => ({ id: (await c(engine).networks.create(input)).id }),
    remove: removeBy((engine) => c(engine).networks),
    prune: async ({ engine }) => {
      const r = await c(engine).networks.prune();
      return { removed: r.removed, reclaimed: 0 };
    },
  };
}
