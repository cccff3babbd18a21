/** `podman machine`: the Linux VMs that run containers on macOS and Windows. */
import { z } from 'zod';
import { mutation, query, stream } from '../call.js';

/** A `podman machine` (the Linux VM on macOS and Windows). */
export interface MachineRow {
  name: string;
  /** qemu, applehv, libkrun, wsl, hyperv. */
  provider: string;
  state: 'stopped' | 'starting' | 'running' | 'stopping' | 'error' | 'unknown';
  cpus: number;
  memoryBytes: number;
  diskBytes: number;
  isDefault: boolean;
  /** Epoch ms, when known. */
  lastUp?: number | undefined;
  /** The API socket (unix path) or pipe, when known. */
  socket?: string | undefined;
  rootful?: boolean | undefined;
  userModeNetworking?: boolean | undefined;
  /** The operation in progress (init, start, stop, rm, set), with its latest output lines. */
  busy?: { operation: string; lines: string[] } | undefined;
  /** The last failure: what failed, the command's last output lines, and what to do. */
  error?: { message: string; lines: string[]; hint: string } | undefined;
}

export interface MachinesState {
  /** False where `podman machine` does not apply (Linux runs containers natively) or podman is missing. */
  supported: boolean;
  /** Why not, in plain words. */
  reason?: string | undefined;
  /** Host limits for the create form. */
  host: { cpus: number; memoryBytes: number };
  machines: MachineRow[];
}

/** `podman machine` names: the engine's rule, short. */
export const MachineName = z
  .string()
  .min(1, 'A machine name is required')
  .max(64)
  .regex(/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/, 'A machine name starts with a letter or digit and has only letters, digits, "_", "." and "-"');
export const MachineCreateInput = z.strictObject({
  name: MachineName,
  cpus: z.number().int().min(1, 'At least 1 CPU').max(256).optional(),
  memoryMiB: z
    .number()
    .int()
    .min(512, 'At least 512 MiB of memory')
    .max(1024 * 1024)
    .optional(),
  diskGiB: z.number().int().min(5, 'At least 5 GiB of disk').max(2048, 'At most 2048 GiB of disk').optional(),
  rootful: z.boolean().optional(),
  /** A local disk image path or an http(s) URL. */
  image: z.string().max(4096).optional(),
  userModeNetworking: z.boolean().optional(),
  provider: z.enum(['qemu', 'applehv', 'libkrun', 'wsl', 'hyperv']).optional(),
  start: z.boolean().default(true),
});
export const MachineNameInput = z.strictObject({ name: MachineName });
export const MachineRemoveInput = z.strictObject({ name: MachineName, force: z.boolean().optional() });
export const MachineSetInput = z.strictObject({
  name: MachineName,
  cpus: z.number().int().min(1).max(256).optional(),
  memoryMiB: z
    .number()
    .int()
    .min(512)
    .max(1024 * 1024)
    .optional(),
  diskGiB: z.number().int().min(5).max(2048).optional(),
  rootful: z.boolean().optional(),
});

export const machinesCalls = {
  state: query().returns<MachinesState>({ immediate: true }),
  watch: stream().returns<MachinesState>({ immediate: true }),
  create: mutation(MachineCreateInput).returns<void>(),
  start: mutation(MachineNameInput).returns<void>(),
  stop: mutation(MachineNameInput).returns<void>(),
  restart: mutation(MachineNameInput).returns<void>(),
  remove: mutation(MachineRemoveInput).returns<void>(),
  set: mutation(MachineSetInput).returns<void>(),
  setDefault: mutation(MachineNameInput).returns<void>(),
  /** Stop waiting for a stuck start (or another long operation). */
  cancel: mutation(MachineNameInput).returns<void>(),
};
