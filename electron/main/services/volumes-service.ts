/** Volumes over the bridge; their bytes travel through one-time HTTP links (file-transfers.ts). */
import type { BridgeServices } from '../../contract/services.js';
import type { VolumeBrowseEvent } from '../../contract/types.js';
import type { FileTransfers } from '../file-transfers.js';
import { inspectRemovePrune, ok, type ClientOf } from './service-support.js';

export function volumesService(c: ClientOf, links: Pick<FileTransfers, 'volumeExportLink' | 'volumeImportLink'>): BridgeServices['volumes'] {
  return {
    ...inspectRemovePrune((engine) => c(engine).volumes),
    create: async ({ engine, ...input }) => ({ name: (await c(engine).volumes.create(input)).name }),
    browse: ({ engine, name }, { signal }) => browse(c, engine, name, signal),
    exportLink: async ({ engine, name }) => {
      await c(engine).volumes.inspect(name);
      return { url: links.volumeExportLink({ engine, name }) };
    },
    importLink: async ({ engine, name, size }) => {
      await c(engine).volumes.inspect(name);
      return { url: links.volumeImportLink({ engine, name, size }) };
    },
    clone: async ({ engine, name, target }, { signal }) => {
      await c(engine).volumeFiles.clone(name, target, signal);
      return ok();
    },
  };
}

/** The helper lives as long as the subscription: made writable (uploads, new folders), removed when the UI lets go. */
async function* browse(c: ClientOf, engine: string | undefined, name: string, signal: AbortSignal): AsyncGenerator<VolumeBrowseEvent> {
  const helper = await c(engine).volumeFiles.helper(name, { writable: true, purpose: 'browse' });
  try {
    yield { kind: 'ready', helper: helper.id, root: '/volume' };
    if (!signal.aborted) await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
  } finally {
    await helper.remove();
  }
}
