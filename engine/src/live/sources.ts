/** The live store's sources for one engine: how to list each kind and read a few rows again. */
import type { ContainerState, ContainerSummary } from '../api/containers.js';
import { HELPER_LABEL } from '../files/volume-files.js';
import type { EngineEvent } from '../api/events.js';
import type { EngineClient } from '../client.js';
import type { EntitySource, Sources } from './live-store.js';
import { ENTITY_KINDS, entityKey, type EntityKind } from './entity-key.js';

/** What a container event says about its state, before the engine is asked again. */
const STATE_FROM_ACTION: Record<string, ContainerState> = {
  start: 'running',
  restart: 'running',
  unpause: 'running',
  pause: 'paused',
  die: 'exited',
  stop: 'exited',
  kill: 'exited',
};

export function containerAfterEvent(c: ContainerSummary, ev: EngineEvent): ContainerSummary | undefined {
  const state = STATE_FROM_ACTION[ev.action];
  if (ev.action === 'rename' && ev.name && ev.name !== c.name) return { ...c, name: ev.name, names: [ev.name] };
  if (!state || state === c.state) return undefined;
  // `kill` does not always stop a container (e.g. SIGHUP); only `die` is certain.
  if (ev.action === 'kill') return undefined;
  return { ...c, state, ...(ev.action === 'die' && ev.exitCode !== undefined ? { exitCode: ev.exitCode } : {}) };
}

/**
 * The engine's model type of each live kind's items (what the live store
 * holds and the hub carries): what that kind's API lists. A kind of
 * ENTITY_KINDS whose API has no `list()` is a type error here.
 */
export type EntityItems = { [K in EntityKind]: Awaited<ReturnType<EngineClient[K]['list']>>[number] };

type Lister = { list(): Promise<{ id?: string; name?: string }[]> };

/**
 * Every kind is listed by its API and keyed by entityKey; containers add
 * their id-filtered re-read and the state an event implies at once. Pods
 * only where the engine has them.
 */
export function engineSources(client: EngineClient): Sources {
  const sources: Sources = {};
  for (const kind of ENTITY_KINDS) {
    const api: Lister = client[kind];
    sources[kind] = { key: (x: { id?: string; name?: string }) => entityKey(kind, x), listAll: () => api.list() };
  }
  // Berth's own volume helpers (created, never run, gone in a moment) are not the user's containers: not listed, not counted.
  const users = (list: ContainerSummary[]) => list.filter((c) => !c.labels[HELPER_LABEL]);
  const containers: EntitySource<ContainerSummary> = {
    key: (c) => entityKey('containers', c),
    listAll: () => client.containers.list({ all: true }).then(users),
    listByKeys: (ids) => client.containers.list({ all: true, filters: { id: ids } }).then(users),
    applyEvent: containerAfterEvent,
  };
  sources.containers = containers;
  if (!client.caps.pods) delete sources.pods;
  return sources;
}
