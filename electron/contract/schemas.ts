/**
 * Runtime schemas for every input that crosses the bridge. The renderer is
 * untrusted: nothing reaches a service that did not pass these. Strings are
 * bounded; objects are strict (unknown keys are refused, which also stops
 * `__proto__` and friends).
 */
import { z } from 'zod';
import { ENTITY_KINDS } from './entity.js';

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
const Text = (max: number) => z.string().max(max);

export const PortSpec = z.strictObject({
  hostIp: Text(64).optional(),
  hostPort: Port,
  containerPort: Port,
  protocol: z.enum(['tcp', 'udp']).default('tcp'),
});

export const MountSpec = z.strictObject({
  /** A host path (bind) or a volume name. */
  source: Text(4096).min(1, 'A mount needs a source'),
  target: Text(4096).regex(/^\//, 'A mount target is an absolute path in the container'),
  type: z.enum(['bind', 'volume']),
  readOnly: z.boolean().optional(),
});

const EnvKey = z.string().min(1, 'An environment variable needs a name').max(256).regex(/^[^=\0]+$/, 'A variable name cannot contain "="');
export const Env = z.record(EnvKey, Text(65536)).refine((r) => Object.keys(r).length <= 500, 'Too many variables');
export const Labels = z.record(z.string().min(1).max(256), Text(4096)).refine((r) => Object.keys(r).length <= 500, 'Too many labels');

export const CreateContainerInput = z.strictObject({
  engine: EngineId,
  image: ImageRef,
  name: ResourceName.optional(),
  command: z.array(Text(65536)).max(1000).optional(),
  entrypoint: z.array(Text(65536)).max(100).optional(),
  env: Env.optional(),
  ports: z.array(PortSpec).max(200).optional(),
  mounts: z.array(MountSpec).max(100).optional(),
  restartPolicy: z.enum(['no', 'always', 'on-failure', 'unless-stopped']).optional(),
  pod: Ref.optional(),
  labels: Labels.optional(),
  tty: z.boolean().optional(),
  stdin: z.boolean().optional(),
  workdir: Text(4096).optional(),
  user: Text(256).optional(),
  memoryLimit: z.number().int().positive().max(2 ** 50).optional(),
  start: z.boolean().default(true),
});

export const ContainerAction = z.enum(['start', 'stop', 'restart', 'pause', 'unpause', 'kill', 'remove']);

export const StopInput = z.strictObject({
  engine: EngineId, id: Ref, timeout: z.number().int().min(0).max(3600).optional() });
export const KillInput = z.strictObject({
  engine: EngineId, id: Ref, signal: z.string().regex(/^(SIG)?[A-Z0-9+-]{1,16}$/, 'Not a signal name').optional() });
export const RemoveInput = z.strictObject({
  engine: EngineId, id: Ref, force: z.boolean().optional(), volumes: z.boolean().optional() });
export const RenameInput = z.strictObject({
  engine: EngineId, id: Ref, name: ResourceName });
export const BulkInput = z.strictObject({
  engine: EngineId, ids: Refs, action: ContainerAction, force: z.boolean().optional() });

export const LogsInput = z.strictObject({
  engine: EngineId,
  id: Ref,
  follow: z.boolean().default(true),
  tail: z.number().int().min(0).max(10_000_000).optional(),
  timestamps: z.boolean().default(false),
  since: z.string().max(64).optional(),
});

export const LogDownloadInput = z.strictObject({ engine: EngineId, id: Ref, timestamps: z.boolean().optional() });

export const TerminalOpenInput = z.strictObject({
  engine: EngineId,
  id: Ref,
  cols: z.number().int().min(1).max(1000),
  rows: z.number().int().min(1).max(1000),
  /** A shell to run instead of probing (bash, else sh): an absolute path inside the container. */
  shell: Text(256).regex(/^\/[^\0\s]*$/, 'The shell is an absolute path in the container, like /bin/bash').optional(),
});
export const SessionId = z.string().regex(/^[a-zA-Z0-9-]{8,64}$/, 'Not a terminal session id');
export const TerminalInput = z.strictObject({ session: SessionId, data: z.string().max(64 * 1024) });
export const TerminalResize = z.strictObject({
  session: SessionId,
  cols: z.number().int().min(1).max(1000),
  rows: z.number().int().min(1).max(1000),
});

export const RegistryAuth = z.strictObject({
  username: Text(256).min(1),
  password: Text(4096).min(1),
  serverAddress: Text(512).optional(),
});

export const PullInput = z.strictObject({
  engine: EngineId, reference: ImageRef, tlsVerify: z.boolean().default(true), auth: RegistryAuth.optional() });
export const PushInput = z.strictObject({
  engine: EngineId, reference: ImageRef, destination: ImageRef.optional(), tlsVerify: z.boolean().default(true), auth: RegistryAuth.optional() });
export const BuildInput = z.strictObject({
  engine: EngineId,
  contextDir: Text(4096).regex(/^\//, 'The build folder must be an absolute path'),
  containerfile: Text(4096).optional(),
  tag: ImageRef.optional(),
});
export const TagInput = z.strictObject({
  engine: EngineId, id: Ref, target: ImageRef });
export const ImageRemoveInput = z.strictObject({
  engine: EngineId, id: Ref, force: z.boolean().optional() });
export const PruneInput = z.strictObject({ engine: EngineId, all: z.boolean().optional() }).default({});

export const PodCreateInput = z.strictObject({
  engine: EngineId,
  name: ResourceName,
  ports: z.array(PortSpec).max(200).optional(),
  labels: Labels.optional(),
});
export const PodAction = z.enum(['start', 'stop', 'restart', 'pause', 'unpause', 'kill']);
export const PodActionInput = z.strictObject({
  engine: EngineId, id: Ref, action: PodAction });

export const VolumeCreateInput = z.strictObject({
  engine: EngineId, name: ResourceName.optional(), driver: Text(64).optional(), labels: Labels.optional() });
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
export const KubeGenerateInput = z.strictObject({
  engine: EngineId, names: Refs });
export const KubePlayInput = z.strictObject({
  engine: EngineId, yaml: z.string().min(1, 'The YAML is empty').max(1024 * 1024, 'That YAML is larger than 1 MiB') });

export const EntityKindInput = z.enum(ENTITY_KINDS);
/** Without a kind: a full resync (new snapshots). With one: re-read that kind, send the differences. */
export const EngineOnlyInput = z.strictObject({ engine: EngineId }).default({});
export const EngineAddress = z
  .string()
  .trim()
  .min(1, 'An address is required')
  .max(1024)
  .regex(/^(unix:\/\/\/|npipe:\/\/|\/)/, 'Use unix:///path/to/podman.sock, npipe:////./pipe/name, or an absolute socket path');
export const EngineAddInput = z.strictObject({ address: EngineAddress, label: z.string().trim().max(128).optional() });
export const EngineTestInput = z.strictObject({ address: EngineAddress });
export const EngineIdInput = z.strictObject({ id: z.string().min(1).max(1024) });
export const EngineEnabledInput = z.strictObject({ id: z.string().min(1).max(1024), enabled: z.boolean() });
export const ResyncInput = z.strictObject({ kind: EntityKindInput.optional() }).optional();
export const IdInput = z.strictObject({
  engine: EngineId, id: Ref });
export const StatsInput = z.strictObject({
  engine: EngineId, ids: z.array(Ref).max(200).optional() });

export type CreateContainerInputT = z.infer<typeof CreateContainerInput>;

/** `podman machine` names: the engine's rule, short. */
export const MachineName = z.string().min(1, 'A machine name is required').max(64).regex(/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/, 'A machine name starts with a letter or digit and has only letters, digits, "_", "." and "-"');
export const MachineCreateInput = z.strictObject({
  name: MachineName,
  cpus: z.number().int().min(1, 'At least 1 CPU').max(256).optional(),
  memoryMiB: z.number().int().min(512, 'At least 512 MiB of memory').max(1024 * 1024).optional(),
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
  memoryMiB: z.number().int().min(512).max(1024 * 1024).optional(),
  diskGiB: z.number().int().min(5).max(2048).optional(),
  rootful: z.boolean().optional(),
});
