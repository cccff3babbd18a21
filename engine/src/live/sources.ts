/** The live store's sources for one engine: how to list each kind and read a few rows again. */
import type { ContainerState, ContainerSummary } from '../api/containers.js';
import type { EngineEvent } from '../api/events.js';
import type { ImageSummary } from '../api/images.js';
import type { NetworkSummary } from '../api/networks.js';
import type { PodSummary } from '../api/pods.js';
import type { VolumeSummary } from '../api/volumes.js';
import type { EngineClient } from '../client.js';
import type { EntitySource, Sources } from './live-store.js';
import { entityKey } from './entity-key.js';

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

/** The engine's model type of each live kind's items (what the live store holds and the hub carries). */
export interface EntityItems {
  containers: ContainerSummary;
  images: ImageSummary;
  pods: PodSummary;
  volumes: VolumeSummary;
  networks: NetworkSummary;
}

export function engineSources(client: EngineClient): Sources {
  const containers: EntitySource<ContainerSummary> = {
    key: (c) => entityKey('containers', c),
    listAll: () => client.containers.list({ all: true }),
    listByKeys: (ids) => client.containers.list({ all: true, filters: { id: ids } }),
    applyEvent: containerAfterEvent,
  };
  const images: EntitySource<ImageSummary> = { key: (i) => entityKey('images', i), listAll: () => client.images.list() };
  const volumes: EntitySource<VolumeSummary> = { key: (v) => entityKey('volumes', v), listAll: () => client.volumes.list() };
  const networks: EntitySource<NetworkSummary> = { key: (n) => entityKey('networks', n), listAll: () => client.networks.list() };
  const sources: Sources = { containers, images, volumes, networks };
  if (client.caps.pods) {
    const pods: EntitySource<PodSummary> = { key: (p) => entityKey('pods', p), listAll: () => client.pods.list() };
    sources.pods = pods;
  }
  return sources;
}
