/**
 * Podman secrets: values a container gets as a file or an environment
 * variable without them being in its image or its inspect output. A value
 * crosses the bridge once, in `create`, and never comes back.
 */
import { z } from 'zod';
import { mutation, query } from '../call.js';
import { EngineId, IdInput, Labels, Ref, ResourceName, type ActionResult } from '../common.js';

export interface SecretRow {
  /** Which engine this row lives on (an EngineEntry id). */
  engine: string;
  id: string;
  name: string;
  driver: string;
  created: number;
  updated: number;
  labels: Record<string, string>;
}

/** Inspect without the value: the row and the driver's options. */
export interface SecretDetailsWire extends Omit<SecretRow, 'engine'> {
  driverOptions: Record<string, string>;
}

/** 512 KiB: Podman's own limit for a secret's data. */
export const SECRET_MAX_BYTES = 512 * 1024;

export const SecretCreateInput = z.strictObject({
  engine: EngineId,
  name: ResourceName.min(1, 'A secret needs a name'),
  value: z
    .string()
    .min(1, 'The secret is empty')
    .max(SECRET_MAX_BYTES, 'A secret holds at most 512 KiB'),
  labels: Labels.optional(),
});
export const SecretRemoveInput = z.strictObject({ engine: EngineId, id: Ref });

export const secretsCalls = {
  inspect: query(IdInput).returns<SecretDetailsWire>(),
  create: mutation(SecretCreateInput).returns<{ id: string }>(),
  remove: mutation(SecretRemoveInput).returns<ActionResult>(),
};
