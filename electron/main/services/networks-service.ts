/** Networks over the bridge. */
import type { BridgeServices } from '../../contract/services.js';
import { inspectRemovePrune, type ClientOf } from './service-support.js';

export function networksService(c: ClientOf): BridgeServices['networks'] {
  return {
    ...inspectRemovePrune((engine) => c(engine).networks),
    create: async ({ engine, ...input }) => ({ id: (await c(engine).networks.create(input)).id }),
  };
}
