/**
 * Podman secrets: values a container gets as a file or an environment
 * variable without them being in its image or its inspect output. A value
 * crosses the bridge once, in `create`, and never comes back.
 */
import { z } from 'zod';
import type { SecretDetails, SecretSummary } from '../../../engine/src/models/secrets.js';
import { mutation, query } from '../call.js';
import { EngineId, IdInput, Labels, Ref, ResourceName, type ActionResult } from '../common.js';

/** A secret's row: the engine's summary and which engine it lives on (an EngineEntry id). */
export type SecretRow = SecretSummary & { engine: string };

/** Inspect without the value: the summary and the driver's options. */
export type SecretDetailsWire = SecretDetails;

/** 512 KiB: Podman's own limit for a secret's data. */
export const SECRET_MAX_BYTES = 512 * 1024;

export const SecretCreateInput = z.strictObject({
  engine: EngineId,
  name: ResourceName.min(1, 'A secret needs a name'),
  value: z.string().min(1, 'The secret is empty').max(SECRET_MAX_BYTES, 'A secret holds at most 512 KiB'),
  labels: Labels.optional(),
});
export const SecretRemoveInput = z.strictObject({ engine: EngineId, id: Ref });

export const secretsCalls = {
  inspect: query(IdInput).returns<SecretDetailsWire>(),
  create: mutation(SecretCreateInput).returns<{ id: string }>(),
  remove: mutation(SecretRemoveInput).returns<ActionResult>(),
};
