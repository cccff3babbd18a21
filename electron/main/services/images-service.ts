/** Images over the bridge: pull, push and build as progress streams; tags, removal, prune. */
import type { ProgressTask } from '../../../engine/src/index.js';
import type { BridgeServices } from '../../contract/services.js';
import type { ProgressEvent } from '../../contract/types.js';
import { errorData } from '../../contract/error-wire.js';
import { ok, removeBy, type ClientOf } from './service-support.js';

/** Engine progress (pull, push, build) → wire progress, ending with done or error. */
async function* progress<R>(task: ProgressTask<R>, doneId: (r: R) => string | undefined): AsyncGenerator<ProgressEvent> {
  try {
    for await (const ev of task) {
      if (ev.kind === 'layer' && ev.layerId) yield { kind: 'layer', id: ev.layerId, status: ev.message, current: ev.current, total: ev.total };
      else if (ev.kind === 'log') yield { kind: 'log', text: ev.message };
      else if (ev.kind !== 'done') yield { kind: 'status', message: ev.message };
    }
    const r = await task.result();
    yield { kind: 'done', id: doneId(r) };
  } catch (e) {
    yield { kind: 'error', error: errorData(e) };
  }
}

type Auth = { username: string; password: string; serverAddress?: string | undefined } | undefined;
const creds = (auth: Auth) => (auth ? { credentials: { username: auth.username, password: auth.password, ...(auth.serverAddress ? { serverAddress: auth.serverAddress } : {}) } } : {});

export function imagesService(c: ClientOf): BridgeServices['images'] {
  return {
    inspect: ({ id, engine }) => c(engine).images.inspect(id),
    history: ({ id, engine }) => c(engine).images.history(id),
    pull: (input, { signal }) => progress(c(input.engine).images.pull(input.reference, { signal, tlsVerify: input.tlsVerify, ...creds(input.auth) }), (r) => r.id),
    push: (input, { signal }) => progress(c(input.engine).images.push(input.reference, { signal, tlsVerify: input.tlsVerify, destination: input.destination, ...creds(input.auth) }), (r) => r.digest),
    build: (input, { signal }) => progress(c(input.engine).images.build(input.contextDir, { signal, containerfile: input.containerfile, ...(input.tag ? { tags: [input.tag] } : {}) }), (r) => r.id),
    remove: removeBy((engine) => c(engine).images),
    tag: async ({ id, target, engine }) => {
      await c(engine).images.tag(id, target);
      return ok();
    },
    untag: async ({ target, engine }) => {
      await c(engine).images.untag(target);
      return ok();
    },
    prune: ({ all, engine }) => c(engine).images.prune(all === undefined ? {} : { all }),
  };
}
