/** Volumes over the bridge. */
import type { BridgeServices } from '../../contract/services.js';
import { inspectRemovePrune, type ClientOf } from './service-support.js';

export function volumesService(c: ClientOf): BridgeServices['volumes'] {
  return {
    ...inspectRemovePrune((engine) => c(engine).volumes),
    create: async ({ engine, ...input }) => ({ name: (await c(engine).volumes.create(input)).name }),
  };
}
