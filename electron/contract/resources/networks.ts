/** Networks: rows, create, remove, prune. */
import { z } from 'zod';
import { mutation, query } from '../call.js';
import { EngineId, EngineOnlyInput, IdInput, Labels, RemoveInput, ResourceName, type ActionResult, type RawInspect, type PruneResult } from '../common.js';

export interface NetworkRow {
  /** Which engine this row lives on (an EngineEntry id). */
  engine: string;
  id: string;
  name: string;
  driver: string;
  subnets: { subnet: string; gateway?: string | undefined }[];
  internal: boolean;
  created: number;
  labels: Record<string, string>;
}

export const NetworkCreateInput = z.strictObject({
  engine: EngineId,
  name: ResourceName,
  subnet: z
    .string()
    .max(64)
    .regex(/^\d{1,3}(\.\d{1,3}){3}\/\d{1,2}$/, 'A subnet looks like 10.89.0.0/24')
    .optional(),
  internal: z.boolean().optional(),
  labels: Labels.optional(),
});

export const networksCalls = {
  inspect: query(IdInput).returns<RawInspect>(),
  create: mutation(NetworkCreateInput).returns<{ id: string }>(),
  remove: mutation(RemoveInput).returns<ActionResult>(),
  prune: mutation(EngineOnlyInput).returns<PruneResult>(),
};
