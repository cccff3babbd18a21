/**
 * What every resource's calls share: the schemas of ids, names and engine
 * selection, and the wire shapes of results and failures. The renderer is
 * untrusted: strings are bounded, objects strict (unknown keys, `__proto__`
 * and friends are refused).
 */
import { z } from 'zod';
import type { JsonObject } from '../../engine/src/models/json.js';

const MAX_ID = 256;
/** Which engine a call goes to (an EngineEntry id); the primary engine when absent. */
export const EngineId = z.string().min(1).max(1024).optional();
/** A container/pod/image id or name as the engine accepts it. */
export const Ref = z.string().min(1, 'A name or id is required').max(MAX_ID, 'That name or id is too long');
export const Refs = z.array(Ref).min(1).max(1000);
/** Names users type: the engine's own rule ([a-zA-Z0-9][a-zA-Z0-9_.-]*). */
export const ResourceName = z
  .string()
  .max(253, 'That name is too long')
  .regex(/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/, 'A name starts with a letter or digit and has only letters, digits, "_", "." and "-"');
/** An image reference: [registry[:port]/]path[:tag][@digest], lower-case path. */
export const ImageRef = z
  .string()
  .min(1, 'An image name is required')
  .max(512, 'That image name is too long')
  .regex(
    /^(?:[a-zA-Z0-9.-]+(?::[0-9]+)?\/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*(?::[\w][\w.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$/,
    'That is not a valid image name; use lower case, like "docker.io/library/nginx:latest"',
  );
export const Port = z.number().int('A port is a whole number').min(1, 'Ports go from 1 to 65535').max(65535, 'Ports go from 1 to 65535');
export const Text = (max: number) => z.string().max(max);

export const PortSpec = z.strictObject({
  hostIp: Text(64).optional(),
  hostPort: Port,
  containerPort: Port,
  protocol: z.enum(['tcp', 'udp']).default('tcp'),
});
export const Labels = z.record(z.string().min(1).max(256), Text(4096)).refine((r) => Object.keys(r).length <= 500, 'Too many labels');

export const IdInput = z.strictObject({ engine: EngineId, id: Ref });
export const EngineOnlyInput = z.strictObject({ engine: EngineId }).default({});
export const RemoveInput = z.strictObject({ engine: EngineId, id: Ref, force: z.boolean().optional(), volumes: z.boolean().optional() });

export type EngineKind = 'podman' | 'docker';

/** What a failure looks like on the wire (error-wire.ts makes it). */
export interface BridgeErrorData {
  kind: string;
  operation: string;
  status?: number | undefined;
  message: string;
  engineMessage?: string | undefined;
  engineCause?: string | undefined;
  hint: string;
}

export interface PortMapping {
  hostIp: string;
  hostPort: number;
  containerPort: number;
  protocol: string;
}

export interface ActionResult {
  ok: boolean;
  /** Set when the target was already in the requested state (e.g. stop on a stopped container). */
  alreadyInState?: boolean | undefined;
}

export interface PruneResult {
  removed: string[];
  reclaimed: number;
}

/**
 * Live lists cross the bridge as patches: one snapshot, then upserts and
 * removals by key (entityKey). A new snapshot follows a resync.
 */
export type EntityPatch<T> = { kind: 'snapshot'; items: T[] } | { kind: 'upsert'; items: T[] } | { kind: 'remove'; keys: string[] };

/** An engine's own inspect document, for the Inspect tree: JSON-safe, shown as it is, never interpreted (typed models are separate calls). */
export type RawInspect = JsonObject;

export type { JsonObject, JsonValue } from '../../engine/src/models/json.js';
