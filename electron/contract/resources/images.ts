/** Images: rows, inspect and history, pull/push/build with progress, tags, prune. */
import { z } from 'zod';
import { mutation, query, stream } from '../call.js';
import type { ImageHistoryEntry } from '../../../engine/src/models/images.js';
import { EngineId, IdInput, ImageRef, Ref, Text, type ActionResult, type BridgeErrorData, type RawInspect, type PruneResult } from '../common.js';

export type { ImageHistoryEntry } from '../../../engine/src/models/images.js';

export interface ImageRow {
  /** Which engine this row lives on (an EngineEntry id). */
  engine: string;
  id: string;
  repoTags: string[];
  size: number;
  created: number;
  containers: number;
  inUse?: boolean | undefined;
  dangling?: boolean | undefined;
}

export type ProgressEvent =
  | { kind: 'status'; message: string }
  | { kind: 'layer'; id: string; status: string; current?: number | undefined; total?: number | undefined }
  | { kind: 'log'; text: string }
  | { kind: 'done'; id?: string | undefined; message?: string | undefined }
  | { kind: 'error'; error: BridgeErrorData };

export const RegistryAuth = z.strictObject({ username: Text(256).min(1), password: Text(4096).min(1), serverAddress: Text(512).optional() });
export const PullInput = z.strictObject({ engine: EngineId, reference: ImageRef, tlsVerify: z.boolean().default(true), auth: RegistryAuth.optional() });
export const PushInput = z.strictObject({ engine: EngineId, reference: ImageRef, destination: ImageRef.optional(), tlsVerify: z.boolean().default(true), auth: RegistryAuth.optional() });
export const BuildInput = z.strictObject({
  engine: EngineId,
  contextDir: Text(4096).regex(/^\//, 'The build folder must be an absolute path'),
  containerfile: Text(4096).optional(),
  tag: ImageRef.optional(),
});
export const TagInput = z.strictObject({ engine: EngineId, id: Ref, target: ImageRef });
export const ImageRemoveInput = z.strictObject({ engine: EngineId, id: Ref, force: z.boolean().optional() });
export const PruneInput = z.strictObject({ engine: EngineId, all: z.boolean().optional() }).default({});

export const imagesCalls = {
  inspect: query(IdInput).returns<RawInspect>(),
  history: query(IdInput).returns<ImageHistoryEntry[]>(),
  pull: stream(PullInput).returns<ProgressEvent>(),
  push: stream(PushInput).returns<ProgressEvent>(),
  build: stream(BuildInput).returns<ProgressEvent>(),
  remove: mutation(ImageRemoveInput).returns<ActionResult>(),
  tag: mutation(TagInput).returns<ActionResult>(),
  untag: mutation(TagInput).returns<ActionResult>(),
  prune: mutation(PruneInput).returns<PruneResult>(),
};
