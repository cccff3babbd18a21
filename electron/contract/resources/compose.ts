/**
 * Compose projects: the provider Berth drives, up and down as streams of the
 * provider's own output, group actions by label, a folder browser for the
 * machine Berth runs on (in `serve` the browser may be elsewhere), and the
 * combined logs of a project or a pod (`containers.groupLogs`).
 */
import { z } from 'zod';
import type { ComposeOutputLine, ComposeProviderId, ComposeProviderStatus, ComposeRunResult } from '../../../engine/src/models/compose.js';
import { mutation, query, stream } from '../call.js';
import { EngineId, Text, type BridgeErrorData } from '../common.js';

export type { ComposeOutputLine, ComposeProviderId, ComposeProviderStatus, ComposeRunResult };
export type { ComposeProject, ComposeService } from '../../../engine/src/models/compose.js';
/** The engine's own grouping rule, so the renderer's project rows are the projects the engine acts on. */
export { composeProjects, projectOf } from '../../../engine/src/compose/projects.js';

export const COMPOSE_PROVIDER_IDS = ['docker-compose-v2', 'docker-compose', 'podman-compose-plugin', 'podman-compose'] as const satisfies readonly ComposeProviderId[];
const ProviderId = z.enum(COMPOSE_PROVIDER_IDS);
const HostPath = Text(4096).regex(/^(\/|[A-Za-z]:[\\/])/, 'Give the full path on the machine Berth runs on (it starts with / or a drive letter)');
/** Compose's rule for project names. */
export const ProjectName = z
  .string()
  .max(63, 'That project name is too long')
  .regex(/^[a-z0-9][a-z0-9_-]*$/, 'A project name has lowercase letters, digits, "-" and "_", and starts with a letter or digit');
const Profile = z
  .string()
  .max(64)
  .regex(/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/, 'A profile name has letters, digits, "_", "." and "-"');

export const ComposeTargetInput = z.strictObject({
  engine: EngineId,
  files: z.array(HostPath).min(1, 'Choose a compose file').max(8, 'At most 8 compose files'),
  projectName: ProjectName.optional(),
  profiles: z.array(Profile).max(32).optional(),
  envFile: HostPath.optional(),
  /** A provider the user chose in Settings; the first one found otherwise. */
  provider: ProviderId.optional(),
});
/** `provider`: the preference from Settings; `chosen` is then that one when it can drive this engine. */
export const ComposeProvidersInput = z.strictObject({ engine: EngineId, provider: ProviderId.optional() }).default({});
export const ComposeDownInput = z.strictObject({ engine: EngineId, project: ProjectName, volumes: z.boolean().default(false), provider: ProviderId.optional() });
export const COMPOSE_ACTIONS = ['start', 'stop', 'restart', 'pause', 'unpause', 'remove'] as const;
export const ComposeActionInput = z.strictObject({ engine: EngineId, project: ProjectName, action: z.enum(COMPOSE_ACTIONS) });
export const BrowseInput = z.strictObject({ dir: HostPath.optional() }).default({});

export interface ComposeProvidersWire {
  providers: ComposeProviderStatus[];
  /** What Berth uses for this engine (the preference when it is available, else the first found). */
  chosen?: ComposeProviderStatus | undefined;
  /** How to install one on the machine Berth runs on, when none is available. */
  advice?: string | undefined;
}

/** What a compose file set would do: read and checked on the machine Berth runs on. */
export interface ComposePlanWire {
  dir: string;
  files: string[];
  projectName: string;
  services: { name: string; profiles: string[]; dependsOn: string[] }[];
  /** Every profile the files define. */
  profiles: string[];
  /** Services `up` starts with the profiles asked for. */
  active: string[];
}

/** What a project still has on the engine (after a failed or cancelled up). */
export interface ProjectResourcesWire {
  containers: string[];
  networks: string[];
  volumes: string[];
}

export type ComposeRunEventWire =
  | { kind: 'started'; provider: string; version?: string | undefined; argv: string[]; via: 'provider' | 'api' }
  | { kind: 'lines'; lines: ComposeOutputLine[] }
  | { kind: 'done'; result: ComposeRunResult; left?: ProjectResourcesWire | undefined }
  | { kind: 'error'; error: BridgeErrorData };

export interface ComposeActionWire {
  done: string[];
  failed: { name: string; error: BridgeErrorData }[];
}

export interface BrowseWire {
  dir: string;
  parent?: string | undefined;
  entries: { name: string; path: string; kind: 'dir' | 'file' }[];
  /** More entries than shown. */
  truncated: boolean;
}

export const composeCalls = {
  providers: query(ComposeProvidersInput).returns<ComposeProvidersWire>(),
  plan: query(ComposeTargetInput).returns<ComposePlanWire>(),
  up: stream(ComposeTargetInput).returns<ComposeRunEventWire>(),
  down: stream(ComposeDownInput).returns<ComposeRunEventWire>(),
  action: mutation(ComposeActionInput).returns<ComposeActionWire>(),
  browse: query(BrowseInput).returns<BrowseWire>(),
};
