/** A container's files over the bridge; the bytes themselves travel through one-time HTTP links (file-transfers.ts). */
import type { BridgeServices } from '../../contract/services.js';
import type { FileTransfers } from '../file-transfers.js';
import { ok, type ClientOf } from './service-support.js';

export function filesService(c: ClientOf, transfers: Pick<FileTransfers, 'downloadLink' | 'uploadLink'>): BridgeServices['files'] {
  return {
    list: ({ engine, id, path }, { signal }) => c(engine).files.list(id, path, { signal }),
    preview: ({ engine, id, path }, { signal }) => c(engine).files.preview(id, path, { signal }),
    mkdir: async ({ engine, id, dir, name }, { signal }) => ({ path: await c(engine).files.mkdir(id, dir, name, signal) }),
    remove: async ({ engine, id, paths }, { signal }) => {
      await c(engine).files.remove(id, paths, signal);
      return ok();
    },
    downloadLink: async ({ engine, id, path }) => {
      // The container must exist now; the path is checked when the link is opened.
      await c(engine).containers.inspect(id);
      return { url: transfers.downloadLink({ engine, id, path }) };
    },
    uploadLink: async ({ engine, id, dir, name, size, mode }) => {
      await c(engine).containers.inspect(id);
      return { url: transfers.uploadLink({ engine, id, dir, name, size, mode }) };
    },
  };
}
