/** Volumes: rows (keyed by name), create, remove, prune. */
import { z } from 'zod';
import { mutation, query } from '../call.js';
import { EngineId, EngineOnlyInput, IdInput, Labels, RemoveInput, ResourceName, Text, type ActionResult, type RawInspect, type PruneResult } from '../common.js';

export interface VolumeRow {
  /** Which engine this row lives on (an EngineEntry id). */
  engine: string;
  name: string;
  driver: string;
  mountpoint: string;
  created: number;
  labels: Record<string, string>;
  inUse?: boolean | undefined;
}

export const VolumeCreateInput = z.strictObject({ engine: EngineId, name: ResourceName.optional(), driver: Text(64).optional(), labels: Labels.optional() });

export const volumesCalls = {
  inspect: query(IdInput).returns<RawInspect>(),
  create: mutation(VolumeCreateInput).returns<{ name: string }>(),
  remove: mutation(RemoveInput).returns<ActionResult>(),
  prune: mutation(EngineOnlyInput).returns<PruneResult>(),
};
