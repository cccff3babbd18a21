/** Engine summaries → wire rows. Explicit, so the wire carries only what the UI uses. */
import type { ContainerSummary, ImageSummary, NetworkSummary, PodSummary, VolumeSummary } from '../../../engine/src/index.js';
import type { ContainerRow, ImageRow, NetworkRow, PodRow, VolumeRow } from '../../contract/types.js';

export function containerRow(c: ContainerSummary, engine: string): ContainerRow {
  return {
    engine,
    id: c.id,
    name: c.name,
    image: c.image,
    command: c.command,
    state: c.state,
    status: c.status,
    created: c.created,
    startedAt: c.startedAt,
    ports: c.ports,
    labels: c.labels,
    pod: c.pod,
    composeProject: c.composeProject,
    isInfra: c.isInfra,
    exitCode: c.exitCode,
    ...(c.health ? { health: c.health } : {}),
  };
}

export function imageRow(i: ImageSummary, engine: string): ImageRow {
  return { engine, id: i.id, repoTags: i.repoTags, size: i.size, created: i.created, containers: i.containers, inUse: i.inUse, dangling: i.dangling };
}

export function podRow(p: PodSummary, engine: string): PodRow {
  return {
    engine,
    id: p.id,
    name: p.name,
    status: p.status,
    created: p.created,
    labels: p.labels,
    containers: p.containers.filter((c) => !c.infra).map((c) => ({ id: c.id, name: c.name, state: c.state })),
  };
}

export function volumeRow(v: VolumeSummary, engine: string): VolumeRow {
  return { engine, name: v.name, driver: v.driver, mountpoint: v.mountpoint, created: v.created, labels: v.labels, inUse: v.inUse };
}

export function networkRow(n: NetworkSummary, engine: string): NetworkRow {
  return { engine, id: n.id, name: n.name, driver: n.driver, subnets: n.subnets, internal: n.internal, created: n.created, labels: n.labels };
}
