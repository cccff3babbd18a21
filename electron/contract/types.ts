/**
 * Wire types of the bridge: what crosses from the main side to the renderer.
 * Plain data only (JSON-safe, no classes). The engine's normalized types are
 * structurally compatible with these; the compiler checks that where the main
 * side implements BridgeServices.
 */
import type { EntityKind } from './entity.js';

export type EngineKind = 'podman' | 'docker';

export interface ConnectionInfo {
  id: string;
  label: string;
  kind: EngineKind;
  version: string;
  apiVersion: string;
  rootless: boolean;
  socket: string;
  source: string;
  embedded: boolean;
}

export type HealthState = 'connecting' | 'healthy' | 'unreachable';

/** One engine Berth knows: found by discovery, added by the user, or a running machine. */
export interface EngineEntry {
  id: string;
  label: string;
  /** unix:///… or npipe:////./pipe/… */
  address: string;
  /** How it was found: explicit, env, rootless, rootful, machine, docker, embedded, or user. */
  source: string;
  kind?: EngineKind | undefined;
  version?: string | undefined;
  rootless?: boolean | undefined;
  /** Berth's own `podman system service`. */
  embedded: boolean;
  /** Added by the user in Settings (only these can be removed). */
  userAdded: boolean;
  /** Shown in the lists. */
  enabled: boolean;
  /** The engine actions go to when none is named. */
  primary: boolean;
  health: ConnectionHealth;
}

/** One step of setting up the machine Berth runs on: words, and a command to copy. */
export interface SetupStepWire {
  text: string;
  command?: string | undefined;
}

/**
 * The machine Berth runs on (in `serve`, not the browser's): what it needs
 * before containers run, and whether Berth can start its own Podman service.
 */
export interface HostSetupInfo {
  os: 'debian' | 'fedora' | 'arch' | 'linux' | 'mac' | 'windows' | 'other';
  osName: string;
  root: boolean;
  systemd: boolean;
  podmanPath?: string | undefined;
  install: SetupStepWire[];
  start: SetupStepWire[];
  /** Podman is installed and Berth may run its own `podman system service` here. */
  embeddedPossible: boolean;
  embeddedRunning: boolean;
  /** Why Berth's own service did not start the last time it tried. */
  embeddedError?: BridgeErrorData | undefined;
}

export interface EngineTestResult {
  ok: boolean;
  kind?: EngineKind | undefined;
  version?: string | undefined;
  rootless?: boolean | undefined;
  error?: BridgeErrorData | undefined;
}

export interface ConnectionHealth {
  state: HealthState;
  since: number;
  /** Plain words on why the engine is unreachable and what Berth is doing. */
  message?: string | undefined;
  error?: BridgeErrorData | undefined;
}

/** What an engine failure looks like on the wire (EngineError.toJSON()). */
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
}

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

export interface PodRow {
  /** Which engine this row lives on (an EngineEntry id). */
  engine: string;
  id: string;
  name: string;
  status: string;
  created: number;
  labels: Record<string, string>;
  containers: { id: string; name: string; state: string }[];
}

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

export type { EntityKind };

export interface EntityRows {
  containers: ContainerRow;
  images: ImageRow;
  pods: PodRow;
  volumes: VolumeRow;
  networks: NetworkRow;
}

/**
 * Live lists cross the bridge as patches: one snapshot, then upserts and
 * removals by key (id, or name for volumes). A new snapshot follows a resync.
 */
export type EntityPatch<T> =
  | { kind: 'snapshot'; items: T[] }
  | { kind: 'upsert'; items: T[] }
  | { kind: 'remove'; keys: string[] };

export interface DiskUsageRow {
  kind: 'images' | 'containers' | 'volumes';
  total: number;
  active: number;
  size: number;
  reclaimable: number;
}

/** Consecutive complete lines of one stream: one object per batch, not per line. */
export interface LogBatch {
  stream: 'stdout' | 'stderr';
  /** Lines without their newline. */
  lines: string[];
  /** Epoch ms per line, parallel to `lines` (only when timestamps were asked for). */
  times?: number[] | undefined;
}

/**
 * A log subscription yields batches gathered over about one frame (~16 ms or
 * 64 KiB), then `end` when the container stops (after the complete log).
 */
export type LogEvent =
  | { kind: 'chunk'; batches: LogBatch[] }
  | { kind: 'end'; reason: 'exited' | 'complete' }
  | { kind: 'error'; error: BridgeErrorData };

export interface StatsSample {
  id: string;
  cpuPercent: number;
  memUsage: number;
  memLimit: number;
  netRx: number;
  netTx: number;
  blockRead: number;
  blockWrite: number;
  pids: number;
  time: number;
}

export type TerminalEvent =
  | { kind: 'data'; data: string }
  | { kind: 'exit'; code: number | null; containerRunning: boolean }
  | { kind: 'error'; error: BridgeErrorData };

export type ProgressEvent =
  | { kind: 'status'; message: string }
  | { kind: 'layer'; id: string; status: string; current?: number | undefined; total?: number | undefined }
  | { kind: 'log'; text: string }
  | { kind: 'done'; id?: string | undefined; message?: string | undefined }
  | { kind: 'error'; error: BridgeErrorData };

export interface ActionResult {
  ok: boolean;
  /** Set when the target was already in the requested state (e.g. stop on a stopped container). */
  alreadyInState?: boolean | undefined;
}

export interface BulkResult {
  results: { id: string; ok: boolean; error?: BridgeErrorData | undefined }[];
}

export interface PruneResult {
  removed: string[];
  reclaimed: number;
}

export interface TopResult {
  titles: string[];
  processes: string[][];
}

/** Commands the main side sends the UI (application menu, tray). */
export type AppCommand =
  | { kind: 'navigate'; route: string }
  | { kind: 'refresh' }
  | { kind: 'search' };

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

/** The tray's state and menu as data: the desktop tray draws it natively, serve mode in its header. */
export type TrayIconState = 'running' | 'starting' | 'stopped' | 'error';

/** What a click asks for; the wiring carries it out. */
export type TrayAction =
  | { kind: 'open' }
  | { kind: 'hide' }
  | { kind: 'quit' }
  | { kind: 'navigate'; route: string }
  | { kind: 'container'; operation: 'stop' | 'restart' | 'logs'; engine: string; id: string }
  | { kind: 'target'; operation: 'start' | 'stop'; target: 'engine' | 'machine'; id: string }
  | { kind: 'toggle-close-to-tray'; value: boolean };

export interface TrayMenuItem {
  label?: string;
  type?: 'normal' | 'separator' | 'checkbox';
  checked?: boolean;
  enabled?: boolean;
  action?: TrayAction;
  submenu?: TrayMenuItem[];
}

export interface TrayView {
  icon: TrayIconState;
  tooltip: string;
  items: TrayMenuItem[];
}

/** A container's details beyond its row (the engine's ContainerDetails), typed for both engines. */
export interface ContainerDetailsWire {
  id: string;
  entrypoint: string[];
  cmd: string[];
  command: string[];
  mounts: { type: string; source: string; destination: string; name?: string | undefined; readOnly: boolean }[];
  startedAt?: number | undefined;
  finishedAt?: number | undefined;
}
