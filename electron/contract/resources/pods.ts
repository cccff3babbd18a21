/** Podman pods: rows, create, group actions, remove. */
import { z } from 'zod';
import { mutation, query } from '../call.js';
import { EngineId, EngineOnlyInput, IdInput, Labels, PortSpec, Ref, RemoveInput, ResourceName, type ActionResult, type PruneResult, type RawInspect } from '../common.js';

export interface PodRow {
  /** Which engine this row lives on (an EngineEntry id). */
  engine: string;
  id: string;
  name: string;
  status: string;
  created: number;
  labels: Record<string, string>;
  containers: { id: string; name: string; state: string }[];
}

export const PodCreateInput = z.strictObject({ engine: EngineId, name: ResourceName, ports: z.array(PortSpec).max(200).optional(), labels: Labels.optional() });
export const PodAction = z.enum(['start', 'stop', 'restart', 'pause', 'unpause', 'kill']);
export const PodActionInput = z.strictObject({ engine: EngineId, id: Ref, action: PodAction });

export const podsCalls = {
  inspect: query(IdInput).returns<RawInspect>(),
  create: mutation(PodCreateInput).returns<{ id: string }>(),
  action: mutation(PodActionInput).returns<ActionResult>(),
  /** Remove every exited pod with its containers (`podman pod prune`; created, never-started pods stay). */
  prune: mutation(EngineOnlyInput).returns<PruneResult>(),
  remove: mutation(RemoveInput).returns<ActionResult>(),
};
