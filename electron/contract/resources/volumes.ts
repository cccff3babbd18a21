/** Volumes: rows (keyed by name), create, remove, prune; their files (browse, export, import, clone) through a helper container. */
import { z } from 'zod';
import { mutation, query, stream } from '../call.js';
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

export const VolumeNameInput = z.strictObject({ engine: EngineId, name: Text(256).min(1, 'A volume name is required') });
export const VolumeImportInput = z.strictObject({
  engine: EngineId,
  name: Text(256).min(1, 'A volume name is required'),
  size: z
    .number()
    .int('A size is a whole number of bytes')
    .min(0)
    .max(64 * 1024 ** 3, 'Archives larger than 64 GiB cannot be imported'),
});
export const VolumeCloneInput = z.strictObject({ engine: EngineId, name: Text(256).min(1, 'A volume name is required'), target: ResourceName });

/** A browse session: the helper container whose /volume is the volume (its Files use the files calls); it goes when the subscription ends. */
export type VolumeBrowseEvent = { kind: 'ready'; helper: string; root: string };

export const volumesCalls = {
  inspect: query(IdInput).returns<RawInspect>(),
  create: mutation(VolumeCreateInput).returns<{ name: string }>(),
  remove: mutation(RemoveInput).returns<ActionResult>(),
  prune: mutation(EngineOnlyInput).returns<PruneResult>(),
  browse: stream(VolumeNameInput).returns<VolumeBrowseEvent>(),
  /** A one-time link (a minute) to the volume's contents as a tar. */
  exportLink: mutation(VolumeNameInput).returns<{ url: string }>(),
  /** A one-time link (a minute) to PUT a tar to; it is extracted into the volume. */
  importLink: mutation(VolumeImportInput).returns<{ url: string }>(),
  clone: mutation(VolumeCloneInput).returns<ActionResult>(),
};
