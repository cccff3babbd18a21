/**
 * A project's group actions through the engine's API, by label: what works
 * whatever made the project and whether its files still exist. Start goes
 * in creation order (compose created dependencies first), stop in reverse.
 */
import type { EngineClient } from '../client.js';
import type { ContainerSummary } from '../api/containers.js';
import { COMPOSE_LABEL, PODMAN_COMPOSE_PROJECT, projectOf } from './projects.js';

export type ProjectAction = 'start' | 'stop' | 'restart' | 'pause' | 'unpause' | 'remove';

export interface ProjectActionResult {
  done: string[];
  /** Per container that failed: its name and what the engine said. */
  failed: { name: string; error: unknown }[];
}

/** A project's containers (both labels: podman-compose's and Docker Compose's), oldest first. */
export async function projectContainers(client: EngineClient, project: string, signal?: AbortSignal): Promise<ContainerSummary[]> {
  const [a, b] = await Promise.all([
    client.containers.list({ all: true, filters: { label: [`${COMPOSE_LABEL.project}=${project}`] }, signal }),
    client.containers.list({ all: true, filters: { label: [`${PODMAN_COMPOSE_PROJECT}=${project}`] }, signal }),
  ]);
  const seen = new Map<string, ContainerSummary>();
  for (const c of [...a, ...b]) if (projectOf(c.labels) === project) seen.set(c.id, c);
  return [...seen.values()].sort((x, y) => x.created - y.created || x.name.localeCompare(y.name));
}

async function each(list: readonly ContainerSummary[], run: (c: ContainerSummary) => Promise<unknown>): Promise<ProjectActionResult> {
  const out: ProjectActionResult = { done: [], failed: [] };
  for (const c of list) {
    try {
      await run(c);
      out.done.push(c.name);
    } catch (error) {
      out.failed.push({ name: c.name, error });
    }
  }
  return out;
}

export async function projectAction(client: EngineClient, project: string, action: ProjectAction): Promise<ProjectActionResult> {
  const all = await projectContainers(client, project);
  const reversed = [...all].reverse();
  switch (action) {
    case 'start':
      return each(
        all.filter((c) => c.state !== 'running'),
        (c) => (c.state === 'paused' ? client.containers.unpause(c.id) : client.containers.start(c.id)),
      );
    case 'stop':
      return each(
        reversed.filter((c) => c.state === 'running' || c.state === 'paused'),
        (c) => client.containers.stop(c.id),
      );
    case 'restart':
      return each(all, (c) => client.containers.restart(c.id));
    case 'pause':
      return each(
        all.filter((c) => c.state === 'running'),
        (c) => client.containers.pause(c.id),
      );
    case 'unpause':
      return each(
        all.filter((c) => c.state === 'paused'),
        (c) => client.containers.unpause(c.id),
      );
    case 'remove':
      return each(reversed, (c) => client.containers.remove(c.id, { force: true, volumes: true }));
  }
}

/** What a project has on the engine: containers, and the networks and volumes labelled with it. */
export interface ProjectResources {
  containers: string[];
  networks: string[];
  volumes: string[];
}

export async function projectResources(client: EngineClient, project: string): Promise<ProjectResources> {
  const label = { label: [`${COMPOSE_LABEL.project}=${project}`] };
  const [containers, networks, volumes] = await Promise.all([projectContainers(client, project), client.networks.list({ filters: label }), client.volumes.list({ filters: label })]);
  return { containers: containers.map((c) => c.name), networks: networks.map((n) => n.name), volumes: volumes.map((v) => v.name) };
}

/** Down without the provider (its files are gone): containers, then the project's networks, then (when asked) its volumes. */
export async function downByApi(client: EngineClient, project: string, opts: { volumes: boolean }): Promise<ProjectActionResult> {
  const result = await projectAction(client, project, 'remove');
  const { networks, volumes } = await projectResources(client, project);
  for (const n of networks) {
    try {
      await client.networks.remove(n);
      result.done.push(n);
    } catch (error) {
      result.failed.push({ name: n, error });
    }
  }
  if (opts.volumes) {
    for (const v of volumes) {
      try {
        await client.volumes.remove(v);
        result.done.push(v);
      } catch (error) {
        result.failed.push({ name: v, error });
      }
    }
  }
  return result;
}
