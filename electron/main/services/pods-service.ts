/** Pods over the bridge (Podman only: the engine refuses them on Docker with a typed error). */
import type { BridgeServices } from '../../contract/services.js';
import { EngineError } from '../../../engine/src/index.js';
import { ok, removeBy, type ClientOf } from './service-support.js';

export function podsService(c: ClientOf): BridgeServices['pods'] {
  return {
    prune: async ({ engine }) => {
      const r = await c(engine).pods.prune();
      if (r.errors.length && !r.removed.length) {
        throw new EngineError({ kind: 'engine', operation: 'Remove stopped pods', engineMessage: r.errors.map((e) => `${e.id}: ${e.message}`).join('; ') });
      }
      return { removed: r.removed, reclaimed: 0 };
    },
    inspect: ({ id, engine }) => c(engine).pods.inspect(id),
    create: ({ name, ports, labels, engine }) => c(engine).pods.create({ name, ...(ports ? { ports } : {}), ...(labels ? { labels } : {}) }),
    action: async ({ id, action, engine }) => {
      const pods = c(engine).pods;
      const r = await (action === 'stop' ? pods.stop(id) : action === 'kill' ? pods.kill(id) : pods[action](id));
      return ok(!r.changed);
    },
    remove: removeBy((engine) => c(engine).pods),
  };
}
