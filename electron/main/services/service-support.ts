/** Small pieces every service slice uses. */
import type { EngineClient } from '../../../engine/src/index.js';
import type { ActionResult, JsonObject, PruneResult } from '../../contract/types.js';
import { AsyncQueue } from '../async-queue.js';

/** The client of the named engine (the primary one when none is named); throws a typed EngineError when it is not there. */
export type ClientOf = (engine?: string) => EngineClient;

export const ok = (alreadyInState = false): ActionResult => ({ ok: true, ...(alreadyInState ? { alreadyInState } : {}) });

/** Pushes from a listener as a bounded stream that ends with `signal` (optionally starting with `initial`). */
export function pushes<T>(subscribe: (push: (v: T) => void) => () => void, signal: AbortSignal, initial?: T): AsyncIterable<T> {
  const q = new AsyncQueue<T>(signal, 100);
  if (initial !== undefined) q.push(initial);
  const off = subscribe((v) => q.push(v));
  signal.addEventListener('abort', off, { once: true });
  return q;
}

/** `{ force }` only when the user said; the engine's default otherwise. */
export const forceOpt = (force: boolean | undefined): { force?: boolean } => (force === undefined ? {} : { force });

/** The remove call every resource has: the engine's remove, with force only when asked. */
export function removeBy(api: (engine?: string) => { remove(id: string, opts: { force?: boolean }): Promise<unknown> }) {
  return async ({ id, force, engine }: { id: string; force?: boolean | undefined; engine?: string | undefined }): Promise<ActionResult> => {
    await api(engine).remove(id, forceOpt(force));
    return ok();
  };
}

interface PrunableApi {
  inspect(id: string): Promise<JsonObject>;
  remove(id: string, opts: { force?: boolean }): Promise<unknown>;
  prune(): Promise<{ removed: string[]; spaceReclaimed?: number }>;
}

/** Inspect, remove and prune as volumes and networks have them: straight to the engine's API. */
export function inspectRemovePrune(api: (engine?: string) => PrunableApi) {
  return {
    inspect: ({ id, engine }: { id: string; engine?: string | undefined }) => api(engine).inspect(id),
    remove: removeBy(api),
    prune: async ({ engine }: { engine?: string | undefined }): Promise<PruneResult> => {
      const r = await api(engine).prune();
      return { removed: r.removed, reclaimed: r.spaceReclaimed ?? 0 };
    },
  };
}
