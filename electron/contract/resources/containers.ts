/** Containers: rows, details, create and actions, logs and stats. */
import { z } from 'zod';
import { mutation, query, stream } from '../call.js';
import type { ContainerDetails, HealthStatus } from '../../../engine/src/models/containers.js';
export type { HealthDetails, HealthStatus } from '../../../engine/src/models/containers.js';
import type { StatsSample as EngineStatsSample } from '../../../engine/src/models/stats.js';
import {
  EngineId,
  EngineOnlyInput,
  IdInput,
  ImageRef,
  Labels,
  PortSpec,
  Ref,
  Refs,
  RemoveInput,
  ResourceName,
  Text,
  type ActionResult,
  type BridgeErrorData,
  type RawInspect,
  type PortMapping,
  type PruneResult,
} from '../common.js';

export interface ContainerRow {
  /** Which engine this row lives on (an EngineEntry id). */
  engine: string;
  id: string;
  name: string;
  image: string;
  command?: string | undefined;
  state: string;
  status: string;
  created: number;
  ports: PortMapping[];
  labels: Record<string, string>;
  pod?: { id: string; name: string } | undefined;
  composeProject?: string | undefined;
  startedAt?: number | undefined;
  isInfra?: boolean | undefined;
  exitCode?: number | undefined;
  /** The health check's last verdict (containers with a check only). */
  health?: HealthStatus | undefined;
}

/** A container's details beyond its row: the engine's model, typed for both engines. */
export type ContainerDetailsWire = ContainerDetails;

/** Consecutive complete lines of one stream: one object per batch, not per line. */
export interface LogBatch {
  stream: 'stdout' | 'stderr';
  /** Lines without their newline. */
  lines: string[];
  /** Epoch ms per line, parallel to `lines` (only when timestamps were asked for). */
  times?: number[] | undefined;
  /** Combined logs only: whose lines these are (an index into the call's `ids`). */
  member?: number | undefined;
}

/**
 * A log subscription yields batches gathered over about one frame (~16 ms or
 * 64 KiB), then `end` when the container stops (after the complete log).
 */
export type LogEvent = { kind: 'chunk'; batches: LogBatch[] } | { kind: 'end'; reason: 'exited' | 'complete' } | { kind: 'error'; error: BridgeErrorData };

/** What a stats sample carries over the bridge: the engine's sample without what the row already has. */
export type StatsSample = Omit<EngineStatsSample, 'name' | 'memPercent'>;

export interface BulkResult {
  results: { id: string; ok: boolean; error?: BridgeErrorData | undefined }[];
}

export interface TopResult {
  titles: string[];
  processes: string[][];
}

export const MountSpec = z.strictObject({
  /** A host path (bind) or a volume name. */
  source: Text(4096).min(1, 'A mount needs a source'),
  target: Text(4096).regex(/^\//, 'A mount target is an absolute path in the container'),
  type: z.enum(['bind', 'volume']),
  readOnly: z.boolean().optional(),
});

export const SecretUse = z.discriminatedUnion('as', [
  z.strictObject({ name: ResourceName, as: z.literal('file'), target: Text(4096).min(1).optional() }),
  z.strictObject({
    name: ResourceName,
    as: z.literal('env'),
    target: z
      .string()
      .min(1)
      .max(256)
      .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'A variable name has letters, digits and "_", and does not start with a digit'),
  }),
]);

const EnvKey = z
  .string()
  .min(1, 'An environment variable needs a name')
  .max(256)
  .regex(/^[^=\0]+$/, 'A variable name cannot contain "="');
export const Env = z.record(EnvKey, Text(65536)).refine((r) => Object.keys(r).length <= 500, 'Too many variables');

const HealthDuration = (what: string) =>
  z
    .number()
    .int(`The ${what} is a whole number of milliseconds`)
    .min(1, `The ${what} must be at least 1 ms`)
    .max(24 * 3600 * 1000, `The ${what} is at most a day`)
    .optional();
/** A health check: a command for the container's shell, with the engine's timings (ms). */
export const Healthcheck = z.strictObject({
  command: z.string().trim().min(1, 'A health check needs a command').max(4096, 'That command is too long'),
  intervalMs: HealthDuration('interval'),
  timeoutMs: HealthDuration('timeout'),
  startPeriodMs: HealthDuration('start period'),
  retries: z.number().int('Retries are a whole number').min(1, 'Retries are at least 1').max(1000, 'At most 1,000 retries').optional(),
});

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
  memoryLimit: z
    .number()
    .int()
    .positive()
    .max(2 ** 50)
    .optional(),
  /** Podman secrets, as a file (default /run/secrets/<name>) or as an environment variable. */
  secrets: z.array(SecretUse).max(100).optional(),
  healthcheck: Healthcheck.optional(),
  start: z.boolean().default(true),
});
export type CreateContainerInputT = z.infer<typeof CreateContainerInput>;

export const ContainerAction = z.enum(['start', 'stop', 'restart', 'pause', 'unpause', 'kill', 'remove']);
export const StopInput = z.strictObject({ engine: EngineId, id: Ref, timeout: z.number().int().min(0).max(3600).optional() });
export const KillInput = z.strictObject({
  engine: EngineId,
  id: Ref,
  signal: z
    .string()
    .regex(/^(SIG)?[A-Z0-9+-]{1,16}$/, 'Not a signal name')
    .optional(),
});
export const RenameInput = z.strictObject({ engine: EngineId, id: Ref, name: ResourceName });
export const BulkInput = z.strictObject({ engine: EngineId, ids: Refs, action: ContainerAction, force: z.boolean().optional() });
export const LogsInput = z.strictObject({
  engine: EngineId,
  id: Ref,
  follow: z.boolean().default(true),
  tail: z.number().int().min(0).max(10_000_000).optional(),
  timestamps: z.boolean().default(false),
  since: z.string().max(64).optional(),
});
/** Combined logs of several containers (a compose project, a pod): lines of all of them in time order. */
export const GroupLogsInput = z.strictObject({
  engine: EngineId,
  ids: z.array(Ref).min(1, 'Choose at least one container').max(64, 'At most 64 containers in one combined log'),
  follow: z.boolean().default(true),
  /** Last N lines of each member. */
  tail: z.number().int().min(0).max(1_000_000).optional(),
});
/** Combined logs: batches carry `member`; a member whose container stopped (or whose stream failed) is announced, the others go on. */
export type GroupLogEvent = LogEvent | { kind: 'member-ended'; member: number; error?: BridgeErrorData | undefined };
export const GroupLogDownloadInput = z.strictObject({ engine: EngineId, ids: z.array(Ref).min(1).max(64), names: z.array(Text(256)).max(64), timestamps: z.boolean().optional() });
export const LogDownloadInput = z.strictObject({ engine: EngineId, id: Ref, timestamps: z.boolean().optional() });
export const StatsInput = z.strictObject({ engine: EngineId, ids: z.array(Ref).max(200).optional() });

export const containersCalls = {
  inspect: query(IdInput).returns<RawInspect>(),
  /** The details page's typed model (command with Podman 4's string entrypoint handled, mounts, times). */
  details: query(IdInput).returns<ContainerDetailsWire>(),
  create: mutation(CreateContainerInput).returns<{ id: string; warnings: string[] }>(),
  start: mutation(IdInput).returns<ActionResult>(),
  stop: mutation(StopInput).returns<ActionResult>(),
  restart: mutation(IdInput).returns<ActionResult>(),
  pause: mutation(IdInput).returns<ActionResult>(),
  unpause: mutation(IdInput).returns<ActionResult>(),
  kill: mutation(KillInput).returns<ActionResult>(),
  remove: mutation(RemoveInput).returns<ActionResult>(),
  rename: mutation(RenameInput).returns<ActionResult>(),
  bulk: mutation(BulkInput).returns<BulkResult>(),
  top: query(IdInput).returns<TopResult>(),
  /** Run the health check now (Podman); the row follows from the engine's health_status event. */
  healthcheck: mutation(IdInput).returns<{ status?: HealthStatus | undefined; failingStreak: number }>(),
  prune: mutation(EngineOnlyInput).returns<PruneResult>(),
  logs: stream(LogsInput).returns<LogEvent>(),
  /** A one-time link (a minute, once) that downloads the complete log: no cookie or token in it. */
  logDownload: mutation(LogDownloadInput).returns<{ url: string }>(),
  groupLogs: stream(GroupLogsInput).returns<GroupLogEvent>(),
  /** The combined log as a file (each line prefixed with its member's name), through a one-time link. */
  groupLogDownload: mutation(GroupLogDownloadInput).returns<{ url: string }>(),
  stats: stream(StatsInput).returns<StatsSample[]>(),
};
