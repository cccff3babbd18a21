/**
 * Containers: list, inspect, create, lifecycle (start, stop, restart, pause,
 * unpause, kill), remove, rename, top, wait, prune.
 *
 * Podman is driven through libpod; a Docker engine (or Podman driven as one)
 * through the Docker-compatible API. Both list shapes are normalized into one
 * `ContainerSummary` by the pure `normalizeContainer()`.
 *
 * Lifecycle calls that find the container already in the wanted state (libpod
 * and Docker answer `304 Not Modified`, or say "already paused") succeed with
 * `alreadyInState: true` instead of failing: a user who clicks Stop on a
 * stopped container wants it stopped, and it is.
 */
import { EngineError } from '../errors.js';
import type { Query } from '../transport/http-transport.js';
import type { JsonObject } from '../models/json.js';
import { seg, type ApiContext } from './context.js';
import { epochMs } from './wire-values.js';
import { projectOf } from '../compose/projects.js';
import type { ContainerDetails, HealthDetails, HealthStatus, MountDetail } from '../models/containers.js';

// ---------------------------------------------------------------------------
// Public types

/**
 * Container state, lower case as the engines report it. Podman adds
 * `configured`, `stopped`, `stopping` and `unknown`; Docker adds `restarting`.
 */
export type ContainerState = 'configured' | 'created' | 'running' | 'paused' | 'stopping' | 'stopped' | 'exited' | 'restarting' | 'removing' | 'dead' | 'unknown';

/** A published port. `hostIp` is `0.0.0.0` when the port is published on every address. */
export interface ContainerPort {
  hostIp: string;
  hostPort: number;
  containerPort: number;
  protocol: string;
}

/** One container as list rows need it, the same for Podman and Docker. */
export interface ContainerSummary {
  id: string;
  /** First name, without Docker's leading '/'. */
  name: string;
  names: string[];
  /** Image reference the container was created from. */
  image: string;
  /** Image id, bare hex (Docker's `sha256:` prefix removed). */
  imageId: string;
  /** Command line for display (arguments joined by spaces). */
  command: string;
  state: ContainerState;
  /** Human status ("Up 5 minutes", "Exited (3) 2 hours ago"); computed when the engine leaves it empty (libpod 4.x). */
  status: string;
  /** Creation time, epoch milliseconds. */
  created: number;
  /** Last start, epoch milliseconds (libpod only). */
  startedAt?: number | undefined;
  /** Last exit, epoch milliseconds (libpod only). */
  exitedAt?: number | undefined;
  /** Exit code of the last run, when the container has exited. */
  exitCode?: number | undefined;
  /** Published ports only; libpod port ranges are expanded into one entry per port. */
  ports: ContainerPort[];
  labels: Record<string, string>;
  /** The pod the container belongs to (Podman only). */
  pod?: { id: string; name: string } | undefined;
  /** Compose project from `io.podman.compose.project` or `com.docker.compose.project`. */
  composeProject?: string | undefined;
  /** True for a pod's infra (pause) container. */
  isInfra: boolean;
  /** The health check's last verdict, for containers that have one (from libpod's Status field, or Docker's "(healthy)" suffix). */
  health?: HealthStatus | undefined;
}

/** List filters; each is sent as the engine's JSON `filters` query parameter. */
export interface ContainerFilters {
  status?: ContainerState | ContainerState[];
  /** `"key"` or `"key=value"` strings, or an object of key → value (all must match). */
  label?: string | string[] | Record<string, string>;
  name?: string | string[];
  id?: string | string[];
  /** Pod name or id (Podman only). */
  pod?: string | string[];
  /** Image the container was created from. */
  ancestor?: string | string[];
}

export interface ListContainersOptions {
  /** Include containers that are not running (default true: a UI shows everything). */
  all?: boolean;
  filters?: ContainerFilters;
  signal?: AbortSignal;
}

/** A port to publish. `hostPort` omitted lets the engine choose a free port. */
export interface PortSpec {
  containerPort: number;
  hostPort?: number | undefined;
  /** Host address to bind; every address when omitted. */
  hostIp?: string | undefined;
  protocol?: 'tcp' | 'udp' | 'sctp' | undefined;
}

/**
 * A mount. `bind`: `source` is an absolute host path. `volume`: `source` is a
 * volume name (created if missing); omit it for an anonymous volume.
 */
export interface MountSpec {
  type: 'bind' | 'volume';
  source?: string | undefined;
  /** Absolute path in the container. */
  target: string;
  readOnly?: boolean | undefined;
}

export type RestartPolicy = 'no' | 'always' | 'on-failure' | 'unless-stopped';

/** What a new container looks like. Every string here is data, passed to the engine verbatim. */
export interface CreateContainerSpec {
  image: string;
  name?: string | undefined;
  /** Command (arguments to the entrypoint); the image's CMD when omitted. */
  command?: string[] | undefined;
  entrypoint?: string[] | undefined;
  env?: Record<string, string> | undefined;
  ports?: PortSpec[] | undefined;
  mounts?: MountSpec[] | undefined;
  restartPolicy?: RestartPolicy | undefined;
  /** Retries for `on-failure`. */
  restartRetries?: number | undefined;
  /** Pod name or id to join (Podman only). */
  pod?: string | undefined;
  labels?: Record<string, string> | undefined;
  /** Allocate a terminal. */
  tty?: boolean | undefined;
  /** Keep stdin open. */
  stdin?: boolean | undefined;
  /** Working directory; created in the container if it does not exist (like `podman run --workdir`). */
  workdir?: string | undefined;
  /** `user`, `uid`, `user:group` or `uid:gid`. */
  user?: string | undefined;
  /** Memory limit in bytes. */
  memoryLimit?: number | undefined;
  /** Podman secrets: as a file (at `target`, default /run/secrets/<name>) or as the environment variable `target`. */
  secrets?: SecretUse[] | undefined;
  /** A health check: `command` runs in the container's shell (CMD-SHELL); durations in ms. */
  healthcheck?: HealthcheckSpec | undefined;
}

export interface HealthcheckSpec {
  command: string;
  intervalMs?: number | undefined;
  timeoutMs?: number | undefined;
  startPeriodMs?: number | undefined;
  retries?: number | undefined;
}

/** The engines' health config (the same keys in libpod's healthconfig and Docker's Healthcheck; nanoseconds). */
function healthConfig(h: HealthcheckSpec): Record<string, unknown> {
  const ns = (ms: number | undefined) => (ms === undefined ? undefined : ms * 1e6);
  const out: Record<string, unknown> = { Test: ['CMD-SHELL', h.command] };
  if (h.intervalMs !== undefined) out.Interval = ns(h.intervalMs);
  if (h.timeoutMs !== undefined) out.Timeout = ns(h.timeoutMs);
  if (h.startPeriodMs !== undefined) out.StartPeriod = ns(h.startPeriodMs);
  if (h.retries !== undefined) out.Retries = h.retries;
  return out;
}

export type SecretUse = { name: string; as: 'file'; target?: string | undefined } | { name: string; as: 'env'; target: string };

export interface CreateResult {
  id: string;
  warnings: string[];
}

/** Outcome of a lifecycle call. */
export interface ActionResult {
  /** True when the container already was in the wanted state and nothing was done. */
  alreadyInState: boolean;
}

export interface RemoveOptions {
  /** Stop (kill) a running container first. */
  force?: boolean;
  /** Also remove the container's anonymous volumes. Named volumes are never removed. */
  volumes?: boolean;
  /** Seconds to wait for a graceful stop when forcing; default 0 (kill at once, like `docker rm -f`). Podman only. */
  timeout?: number;
}

export interface TopResult {
  titles: string[];
  processes: string[][];
}

/**
 * What `wait()` waits for. Podman accepts all of these; on Docker `stopped`
 * and `exited` become `not-running`, and the others are refused.
 */
export type WaitCondition = 'stopped' | 'exited' | 'running' | 'paused' | 'created' | 'configured';

export interface PruneResult {
  /** Ids of the removed containers. */
  removed: string[];
  /** Bytes freed. */
  reclaimed: number;
}

/**
 * Raw inspect JSON, loosely typed: libpod and Docker differ in many details
 * (see `entrypointOf`). Only fields both have are named.
 */
export interface ContainerInspect {
  Id: string;
  Name: string;
  Created?: string;
  State?: { Status?: string; Running?: boolean; Paused?: boolean; ExitCode?: number; Pid?: number; StartedAt?: string; FinishedAt?: string; [k: string]: unknown };
  Config?: { Entrypoint?: string | string[] | null; Cmd?: string[] | null; Env?: string[] | null; Labels?: Record<string, string> | null; [k: string]: unknown };
  HostConfig?: Record<string, unknown>;
  Mounts?: Record<string, unknown>[];
  [k: string]: unknown;
}

/** What the details page shows beyond the list row, the same for Podman 4, 5 and Docker. */
export type { ContainerDetails, MountDetail };

// ---------------------------------------------------------------------------
// Pure helpers

/** Podman's and Docker's rule for container names. */
export const CONTAINER_NAME_RE = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;

/**
 * The entrypoint of an inspected container as an argument array. Podman 4.x
 * reports `Config.Entrypoint` as one string (the arguments joined by spaces,
 * so arguments with spaces cannot be told apart; we split on spaces), Podman
 * 5.x and Docker as an array (`ctx.caps.entrypointIsArray`). The shape is
 * detected from the value itself, so this is safe for either.
 */
export function entrypointOf(inspect: { Config?: { Entrypoint?: unknown } | undefined }): string[] {
  const ep = inspect.Config?.Entrypoint;
  if (Array.isArray(ep)) return ep.map(String);
  if (typeof ep === 'string') return ep === '' ? [] : ep.split(' ').filter((s) => s !== '');
  return [];
}

/** The details model of an inspected container (pure; both engines' inspect shapes). */
export function containerDetailsOf(inspect: ContainerInspect): ContainerDetails {
  const entrypoint = entrypointOf(inspect);
  const cmd = Array.isArray(inspect.Config?.Cmd) ? inspect.Config.Cmd.map(String) : [];
  const mounts = (inspect.Mounts ?? []).map((m) => ({
    type: String(m.Type ?? ''),
    source: String(m.Source ?? ''),
    destination: String(m.Destination ?? ''),
    ...(typeof m.Name === 'string' && m.Name ? { name: m.Name } : {}),
    readOnly: m.RW === false,
  }));
  return {
    id: String(inspect.Id ?? ''),
    entrypoint,
    cmd,
    command: [...entrypoint, ...cmd],
    mounts,
    startedAt: toEpochMs(inspect.State?.StartedAt),
    finishedAt: toEpochMs(inspect.State?.FinishedAt),
    health: healthDetailsOf(inspect),
  };
}

/** Docker-style human duration ("Less than a second", "5 minutes", "About an hour"). */
export function humanDuration(ms: number): string {
  const s = Math.floor(ms / 1000);
  if (s < 1) return 'Less than a second';
  if (s === 1) return '1 second';
  if (s < 60) return `${s} seconds`;
  const m = Math.floor(s / 60);
  if (m === 1) return 'About a minute';
  if (m < 60) return `${m} minutes`;
  const h = Math.round(s / 3600);
  if (h === 1) return 'About an hour';
  if (h < 48) return `${h} hours`;
  if (h < 24 * 7 * 2) return `${Math.floor(h / 24)} days`;
  if (h < 24 * 30 * 2) return `${Math.floor(h / 24 / 7)} weeks`;
  if (h < 24 * 365 * 2) return `${Math.floor(h / 24 / 30)} months`;
  return `${Math.floor(h / 24 / 365)} years`;
}

/** Epoch ms, or undefined for "never" (Go's zero time, 0). */
function toEpochMs(v: unknown): number | undefined {
  return epochMs(v) || undefined;
}

function stripSha(id: unknown): string {
  const s = typeof id === 'string' ? id : '';
  return s.startsWith('sha256:') ? s.slice(7) : s;
}

const STATES: ReadonlySet<string> = new Set(['configured', 'created', 'running', 'paused', 'stopping', 'stopped', 'exited', 'restarting', 'removing', 'dead', 'unknown']);

function stateOf(v: unknown): ContainerState {
  const s = typeof v === 'string' ? v.toLowerCase() : '';
  return (STATES.has(s) ? s : 'unknown') as ContainerState;
}

function statusText(state: ContainerState, now: number, startedAt?: number, exitedAt?: number, exitCode?: number): string {
  switch (state) {
    case 'running':
      return startedAt ? `Up ${humanDuration(now - startedAt)}` : 'Up';
    case 'paused':
      return startedAt ? `Up ${humanDuration(now - startedAt)} (Paused)` : 'Paused';
    case 'exited':
    case 'stopped':
      return `Exited (${exitCode ?? 0})${exitedAt ? ` ${humanDuration(now - exitedAt)} ago` : ''}`;
    default:
      return state.charAt(0).toUpperCase() + state.slice(1);
  }
}

function num(v: unknown): number {
  const n = typeof v === 'number' ? v : Number(v);
  return Number.isFinite(n) ? n : 0;
}

function portsOf(raw: unknown): ContainerPort[] {
  if (!Array.isArray(raw)) return [];
  const out: ContainerPort[] = [];
  for (const p of raw as Record<string, unknown>[]) {
    if (!p || typeof p !== 'object') continue;
    if ('container_port' in p || 'host_port' in p) {
      // libpod: {host_ip, container_port, host_port, range, protocol}
      const range = Math.max(1, num(p.range));
      const hostPort = num(p.host_port);
      const containerPort = num(p.container_port);
      const hostIp = typeof p.host_ip === 'string' && p.host_ip ? p.host_ip : '0.0.0.0';
      const protocol = typeof p.protocol === 'string' && p.protocol ? p.protocol : 'tcp';
      for (const proto of protocol.split(',')) {
        for (let i = 0; i < range; i++) out.push({ hostIp, hostPort: hostPort + i, containerPort: containerPort + i, protocol: proto });
      }
    } else {
      // Docker: {IP, PrivatePort, PublicPort, Type}; exposed-only ports have no PublicPort.
      const hostPort = num(p.PublicPort);
      if (!hostPort) continue;
      const hostIp = typeof p.IP === 'string' && p.IP ? p.IP : '0.0.0.0';
      out.push({ hostIp, hostPort, containerPort: num(p.PrivatePort), protocol: typeof p.Type === 'string' && p.Type ? p.Type : 'tcp' });
    }
  }
  // Docker lists a wildcard binding twice (0.0.0.0 and ::); keep one.
  return out.filter((p) => p.hostIp !== '::' || !out.some((q) => q.hostIp === '0.0.0.0' && q.hostPort === p.hostPort && q.containerPort === p.containerPort && q.protocol === p.protocol));
}

/**
 * Normalize one entry of `GET /libpod/containers/json` or of Docker's
 * `GET /containers/json` into a `ContainerSummary`. Pure: `now` (epoch ms)
 * only feeds the status text when the engine sends none.
 */
export function normalizeContainer(raw: Record<string, unknown>, now: number = Date.now()): ContainerSummary {
  const names = (Array.isArray(raw.Names) ? (raw.Names as unknown[]) : []).map((n) => String(n).replace(/^\//, ''));
  const labels: Record<string, string> = raw.Labels && typeof raw.Labels === 'object' ? { ...(raw.Labels as Record<string, string>) } : {};
  const state = stateOf(raw.State);
  const isLibpod = 'IsInfra' in raw || 'PodName' in raw || 'ExitedAt' in raw;
  const startedAt = toEpochMs(raw.StartedAt);
  const exitedAt = toEpochMs(raw.ExitedAt);
  const rawStatus = typeof raw.Status === 'string' ? raw.Status : '';
  const health = healthOf(rawStatus, isLibpod);
  // libpod's Status holds only the health verdict (or nothing): the human text is ours to make.
  const engineStatus = isLibpod && health ? '' : rawStatus;
  let exitCode: number | undefined;
  const ended = state === 'exited' || state === 'stopped' || state === 'dead';
  if (isLibpod) {
    if (ended || raw.Exited === true) exitCode = num(raw.ExitCode);
  } else {
    const m = /^Exited \((-?\d+)\)/.exec(engineStatus);
    if (m) exitCode = Number(m[1]);
    else if (ended) exitCode = 0;
  }
  const command = Array.isArray(raw.Command) ? (raw.Command as unknown[]).map(String).join(' ') : typeof raw.Command === 'string' ? raw.Command : '';
  const podId = typeof raw.Pod === 'string' ? raw.Pod : '';
  return {
    id: String(raw.Id ?? ''),
    name: names[0] ?? '',
    names,
    image: typeof raw.Image === 'string' ? raw.Image : '',
    imageId: stripSha(raw.ImageID),
    command,
    state,
    status: engineStatus || statusText(state, now, startedAt, exitedAt, exitCode) + (isLibpod && health ? ` (${health})` : ''),
    created: toEpochMs(raw.Created) ?? 0,
    startedAt,
    exitedAt,
    exitCode,
    ports: portsOf(raw.Ports),
    labels,
    pod: podId ? { id: podId, name: typeof raw.PodName === 'string' ? raw.PodName : '' } : undefined,
    composeProject: projectOf(labels),
    isInfra: raw.IsInfra === true,
    ...(health ? { health } : {}),
  };
}

/** libpod: Status is "healthy" | "unhealthy" | "starting" | ""; Docker: "Up 3 minutes (healthy)" or "(health: starting)". */
export function healthOf(status: string, isLibpod: boolean): HealthStatus | undefined {
  if (isLibpod) return status === 'healthy' || status === 'unhealthy' || status === 'starting' ? status : undefined;
  const m = /\((healthy|unhealthy|health: starting)\)/.exec(status);
  return m ? (m[1] === 'health: starting' ? 'starting' : (m[1] as HealthStatus)) : undefined;
}

const nsToMs = (v: unknown): number | undefined => (typeof v === 'number' && v > 0 ? Math.round(v / 1e6) : undefined);

/** The health check of an inspect (config and last results), the same keys on libpod and Docker. */
export function healthDetailsOf(inspect: ContainerInspect): HealthDetails | undefined {
  const cfg = inspect.Config?.Healthcheck as { Test?: string[] | null; Interval?: number; Timeout?: number; StartPeriod?: number; Retries?: number } | undefined;
  const test = Array.isArray(cfg?.Test) ? cfg.Test.map(String) : [];
  if (!test.length || test[0] === 'NONE') return undefined;
  const state = (inspect.State?.Health ?? inspect.State?.Healthcheck) as
    { Status?: string; FailingStreak?: number; Log?: { Start?: string; End?: string; ExitCode?: number; Output?: string }[] | null } | undefined;
  const st = state?.Status;
  return {
    test,
    intervalMs: nsToMs(cfg?.Interval),
    timeoutMs: nsToMs(cfg?.Timeout),
    startPeriodMs: nsToMs(cfg?.StartPeriod),
    retries: typeof cfg?.Retries === 'number' && cfg.Retries > 0 ? cfg.Retries : undefined,
    status: st === 'healthy' || st === 'unhealthy' || st === 'starting' ? st : undefined,
    failingStreak: Number(state?.FailingStreak ?? 0),
    log: (state?.Log ?? []).map((l) => ({ start: toEpochMs(l.Start) ?? 0, end: toEpochMs(l.End) ?? 0, exitCode: Number(l.ExitCode ?? 0), output: String(l.Output ?? '') })),
  };
}

function list(v: string | string[] | undefined): string[] | undefined {
  if (v === undefined) return undefined;
  return Array.isArray(v) ? v : [v];
}

/** The JSON `filters` query value for list calls (undefined when there are none). */
export function encodeFilters(f: ContainerFilters | undefined): string | undefined {
  if (!f) return undefined;
  const out: Record<string, string[]> = {};
  const put = (k: string, v: string[] | undefined) => {
    if (v && v.length) out[k] = v;
  };
  put('status', list(f.status));
  if (f.label !== undefined) {
    put('label', typeof f.label === 'string' || Array.isArray(f.label) ? list(f.label) : Object.entries(f.label).map(([k, v]) => `${k}=${v}`));
  }
  put('name', list(f.name));
  put('id', list(f.id));
  put('pod', list(f.pod));
  put('ancestor', list(f.ancestor));
  return Object.keys(out).length ? JSON.stringify(out) : undefined;
}

function invalid(operation: string, message: string): EngineError {
  return new EngineError({ kind: 'invalid-argument', operation, engineMessage: message });
}

function isPort(n: unknown): n is number {
  return typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= 65535;
}

/** Check a spec before anything reaches the engine; throws EngineError 'invalid-argument'. */
export function validateCreateSpec(spec: CreateContainerSpec, operation = 'Create container'): void {
  if (typeof spec.image !== 'string' || spec.image.trim() === '') throw invalid(operation, 'an image is required');
  if (spec.name !== undefined && !CONTAINER_NAME_RE.test(spec.name)) {
    throw invalid(operation, `the name ${JSON.stringify(spec.name)} is not allowed: names start with a letter or digit and contain only letters, digits, "_", "." and "-"`);
  }
  for (const p of spec.ports ?? []) {
    if (!isPort(p.containerPort)) throw invalid(operation, `container port ${String(p.containerPort)} is outside 1-65535`);
    if (p.hostPort !== undefined && !isPort(p.hostPort)) throw invalid(operation, `host port ${String(p.hostPort)} is outside 1-65535`);
    if (p.protocol !== undefined && !['tcp', 'udp', 'sctp'].includes(p.protocol)) throw invalid(operation, `unknown protocol ${JSON.stringify(p.protocol)}`);
  }
  for (const key of Object.keys(spec.env ?? {})) {
    if (key === '' || key.includes('=') || key.includes('\0')) throw invalid(operation, `environment variable name ${JSON.stringify(key)} is not allowed (empty, or contains "=")`);
  }
  for (const [k, v] of Object.entries(spec.env ?? {})) {
    if (typeof v !== 'string' || v.includes('\0')) throw invalid(operation, `environment variable ${k} must be a string without NUL bytes`);
  }
  for (const key of Object.keys(spec.labels ?? {})) {
    if (key === '' || key.includes('\0')) throw invalid(operation, 'a label needs a name');
  }
  for (const m of spec.mounts ?? []) {
    if (typeof m.target !== 'string' || !m.target.startsWith('/')) throw invalid(operation, `mount target ${JSON.stringify(m.target)} must be an absolute path`);
    if (m.type === 'bind') {
      if (!m.source || !m.source.startsWith('/')) throw invalid(operation, `bind mount source ${JSON.stringify(m.source ?? '')} must be an absolute host path`);
    } else if (m.type === 'volume') {
      if (m.source !== undefined && m.source !== '' && !CONTAINER_NAME_RE.test(m.source)) throw invalid(operation, `volume name ${JSON.stringify(m.source)} is not allowed`);
    } else {
      throw invalid(operation, `unknown mount type ${JSON.stringify((m as { type: unknown }).type)}`);
    }
    if (m.target.includes(':') || (m.source ?? '').includes(':')) throw invalid(operation, 'mount paths cannot contain ":"');
  }
  if (spec.restartPolicy !== undefined && !['no', 'always', 'on-failure', 'unless-stopped'].includes(spec.restartPolicy)) {
    throw invalid(operation, `unknown restart policy ${JSON.stringify(spec.restartPolicy)}`);
  }
  if (spec.restartRetries !== undefined) {
    if (!Number.isInteger(spec.restartRetries) || spec.restartRetries < 0) throw invalid(operation, 'restart retries must be a whole number ≥ 0');
    if (spec.restartPolicy !== 'on-failure') throw invalid(operation, 'restart retries only apply to the on-failure restart policy');
  }
  if (spec.memoryLimit !== undefined && (!Number.isInteger(spec.memoryLimit) || spec.memoryLimit <= 0)) {
    throw invalid(operation, 'the memory limit must be a positive number of bytes');
  }
  if (spec.healthcheck) {
    const hc = spec.healthcheck;
    if (!hc.command.trim()) throw invalid(operation, 'a health check needs a command');
    for (const [k, v] of [
      ['interval', hc.intervalMs],
      ['timeout', hc.timeoutMs],
      ['start period', hc.startPeriodMs],
    ] as const) {
      // Docker refuses durations under 1 ms (and 0 means "inherit"), so a set one is at least a millisecond.
      if (v !== undefined && (!Number.isInteger(v) || v < 1)) throw invalid(operation, `the health check ${k} must be a whole number of milliseconds ≥ 1`);
    }
    if (hc.retries !== undefined && (!Number.isInteger(hc.retries) || hc.retries < 1)) throw invalid(operation, 'health check retries must be a whole number ≥ 1');
  }
}

/** Options that pass as they are: the spec's field, its key in libpod's SpecGenerator, its key in Docker's create body. */
const PLAIN_OPTIONS = [
  ['command', 'command', 'Cmd'],
  ['entrypoint', 'entrypoint', 'Entrypoint'],
  ['labels', 'labels', 'Labels'],
  ['tty', 'terminal', 'Tty'],
  ['stdin', 'stdin', 'OpenStdin'],
  ['workdir', 'work_dir', 'WorkingDir'],
  ['user', 'user', 'User'],
] as const satisfies readonly (readonly [keyof CreateContainerSpec, string, string])[];

/** libpod SpecGenerator body for `POST /libpod/containers/create`. */
export function toLibpodSpec(spec: CreateContainerSpec): Record<string, unknown> {
  const body: Record<string, unknown> = { image: spec.image };
  if (spec.name !== undefined) body.name = spec.name;
  for (const [field, key] of PLAIN_OPTIONS) if (spec[field] !== undefined) body[key] = spec[field];
  if (spec.env !== undefined) body.env = spec.env;
  if (spec.ports?.length) {
    body.portmappings = spec.ports.map((p) => ({
      host_ip: p.hostIp ?? '',
      host_port: p.hostPort ?? 0,
      container_port: p.containerPort,
      protocol: p.protocol ?? 'tcp',
    }));
  }
  const binds = (spec.mounts ?? []).filter((m) => m.type === 'bind');
  const vols = (spec.mounts ?? []).filter((m) => m.type === 'volume');
  if (binds.length) {
    body.mounts = binds.map((m) => ({ type: 'bind', source: m.source, destination: m.target, options: m.readOnly ? ['rbind', 'ro'] : ['rbind'] }));
  }
  if (vols.length) body.volumes = vols.map((m) => ({ Name: m.source ?? '', Dest: m.target, Options: m.readOnly ? ['ro'] : [] }));
  if (spec.restartPolicy !== undefined) body.restart_policy = spec.restartPolicy;
  if (spec.restartRetries !== undefined) body.restart_tries = spec.restartRetries;
  if (spec.pod !== undefined) body.pod = spec.pod;
  if (spec.workdir !== undefined) body.create_working_dir = true; // as `podman run --workdir` does
  if (spec.memoryLimit !== undefined) body.resource_limits = { memory: { limit: spec.memoryLimit } };
  const files = (spec.secrets ?? []).filter((x) => x.as === 'file');
  const envs = (spec.secrets ?? []).filter((x) => x.as === 'env');
  // SpecGenerator's Secret has no JSON tags: its keys are the Go field names.
  if (files.length) body.secrets = files.map((x) => ({ Source: x.name, Target: x.target ?? '' }));
  if (envs.length) body.secret_env = Object.fromEntries(envs.map((x) => [x.target, x.name]));
  if (spec.healthcheck) body.healthconfig = healthConfig(spec.healthcheck);
  return body;
}

/** Docker body for `POST /containers/create?name=`. */
export function toDockerSpec(spec: CreateContainerSpec): Record<string, unknown> {
  const body: Record<string, unknown> = { Image: spec.image };
  const host: Record<string, unknown> = {};
  for (const [field, , key] of PLAIN_OPTIONS) if (spec[field] !== undefined) body[key] = spec[field];
  if (spec.env !== undefined) body.Env = Object.entries(spec.env).map(([k, v]) => `${k}=${v}`);
  if (spec.ports?.length) {
    const exposed: Record<string, object> = {};
    const bindings: Record<string, { HostIp: string; HostPort: string }[]> = {};
    for (const p of spec.ports) {
      const key = `${p.containerPort}/${p.protocol ?? 'tcp'}`;
      exposed[key] = {};
      (bindings[key] ??= []).push({ HostIp: p.hostIp ?? '', HostPort: p.hostPort === undefined ? '' : String(p.hostPort) });
    }
    body.ExposedPorts = exposed;
    host.PortBindings = bindings;
  }
  const binds: string[] = [];
  const anonymous: Record<string, object> = {};
  for (const m of spec.mounts ?? []) {
    if (m.type === 'volume' && !m.source) anonymous[m.target] = {};
    else binds.push(`${m.source}:${m.target}${m.readOnly ? ':ro' : ''}`);
  }
  if (binds.length) host.Binds = binds;
  if (Object.keys(anonymous).length) body.Volumes = anonymous;
  if (spec.restartPolicy !== undefined) host.RestartPolicy = { Name: spec.restartPolicy, MaximumRetryCount: spec.restartRetries ?? 0 };
  if (spec.memoryLimit !== undefined) host.Memory = spec.memoryLimit;
  if (spec.healthcheck) body.Healthcheck = healthConfig(spec.healthcheck);
  if (Object.keys(host).length) body.HostConfig = host;
  return body;
}

/** "web" stays "web"; a 64-hex id is shortened to 12 for messages. */
function label(idOrName: string): string {
  return /^[0-9a-f]{64}$/.test(idOrName) ? idOrName.slice(0, 12) : idOrName;
}

// ---------------------------------------------------------------------------

export class ContainersApi {
  constructor(private readonly ctx: ApiContext) {}

  private path(p: string): string {
    return this.ctx.isPodman ? this.ctx.libpod(p) : this.ctx.compat(p);
  }

  /** List containers, normalized. Infra containers of pods are included, flagged `isInfra`. */
  async list(opts: ListContainersOptions = {}): Promise<ContainerSummary[]> {
    if (opts.filters?.pod !== undefined) this.ctx.requirePodman('Filter containers by pod');
    const query: Query = { all: opts.all ?? true, filters: encodeFilters(opts.filters) };
    const raw = await this.ctx.transport.json<Record<string, unknown>[] | null>({
      path: this.path('/containers/json'),
      query,
      operation: 'List containers',
      signal: opts.signal,
    });
    const now = Date.now();
    return (raw ?? []).map((r) => normalizeContainer(r, now));
  }

  /** The engine's inspect JSON, as it is. Use `entrypointOf()` for the entrypoint. */
  async inspect(id: string, signal?: AbortSignal): Promise<ContainerInspect> {
    return (await this.inspectRaw(id, signal)) as ContainerInspect;
  }

  /** The engine's inspect document as it is (for an Inspect tree). */
  async inspectRaw(id: string, signal?: AbortSignal): Promise<JsonObject> {
    return this.ctx.transport.json<JsonObject>({ path: this.path(`/containers/${seg(id)}/json`), operation: `Inspect container ${label(id)}`, signal });
  }

  /** The details page's model (typed, both engines), from one inspect. */
  async details(id: string, signal?: AbortSignal): Promise<ContainerDetails> {
    return containerDetailsOf(await this.inspect(id, signal));
  }

  /** Create (not start) a container. Bad input is refused with 'invalid-argument' before the engine is asked. */
  async create(spec: CreateContainerSpec): Promise<CreateResult> {
    const operation = spec.name ? `Create container ${spec.name}` : `Create a container from ${spec.image}`;
    validateCreateSpec(spec, operation);
    let reply: { Id?: string; Warnings?: string[] | null };
    if (this.ctx.isPodman) {
      reply = await this.ctx.transport.json({ method: 'POST', path: this.ctx.libpod('/containers/create'), body: toLibpodSpec(spec), operation });
    } else {
      // Docker keeps secrets only in swarm services, not plain containers.
      if (spec.pod !== undefined || spec.secrets?.length) this.ctx.requirePodman(operation);
      reply = await this.ctx.transport.json({
        method: 'POST',
        path: this.ctx.compat('/containers/create'),
        query: { name: spec.name },
        body: toDockerSpec(spec),
        operation,
      });
    }
    return { id: String(reply?.Id ?? ''), warnings: reply?.Warnings ?? [] };
  }

  /** Start. Starting a running container succeeds with `alreadyInState: true` (the engine answers 304). */
  async start(id: string): Promise<ActionResult> {
    const status = await this.ctx.transport.call({ method: 'POST', path: this.path(`/containers/${seg(id)}/start`), operation: `Start container ${label(id)}` });
    return { alreadyInState: status === 304 };
  }

  /**
   * Stop, waiting `timeout` seconds (engine default 10) before killing.
   * Stopping a container that is not running is not an error: it succeeds with
   * `alreadyInState: true`, so a user clicking Stop twice sees no scary error.
   * A paused container is unpaused first on Podman (libpod 4.x refuses to stop a paused one).
   */
  async stop(id: string, opts: { timeout?: number } = {}): Promise<ActionResult> {
    const operation = `Stop container ${label(id)}`;
    if (opts.timeout !== undefined && (!Number.isInteger(opts.timeout) || opts.timeout < 0)) throw invalid(operation, 'the stop timeout must be a whole number of seconds ≥ 0');
    const wait = opts.timeout ?? 10;
    const doStop = () =>
      this.ctx.transport.call({
        method: 'POST',
        path: this.path(`/containers/${seg(id)}/stop`),
        query: this.ctx.isPodman ? { timeout: opts.timeout } : { t: opts.timeout },
        operation,
        timeoutMs: (wait + 30) * 1000,
      });
    let status: number;
    try {
      status = await doStop();
    } catch (e) {
      // libpod 4.x refuses to stop a paused container ("running or paused, refusing to clean up").
      if (!(this.ctx.isPodman && e instanceof EngineError && /paused/i.test(e.engineMessage ?? ''))) throw e;
      const info = await this.inspect(id).catch(() => undefined);
      if (info?.State?.Paused !== true && info?.State?.Status !== 'paused') throw e;
      await this.unpause(id);
      status = await doStop();
    }
    return { alreadyInState: status === 304 };
  }

  /** Restart (starts a stopped container). `timeout`: seconds before killing the old process. */
  async restart(id: string, opts: { timeout?: number } = {}): Promise<ActionResult> {
    const wait = opts.timeout ?? 10;
    await this.ctx.transport.call({
      method: 'POST',
      path: this.path(`/containers/${seg(id)}/restart`),
      query: { t: opts.timeout },
      operation: `Restart container ${label(id)}`,
      timeoutMs: (wait + 30) * 1000,
    });
    return { alreadyInState: false };
  }

  /** Pause. Pausing a paused container succeeds with `alreadyInState: true`; a stopped one fails with 'container-not-running'. */
  async pause(id: string): Promise<ActionResult> {
    try {
      await this.ctx.transport.call({ method: 'POST', path: this.path(`/containers/${seg(id)}/pause`), operation: `Pause container ${label(id)}` });
      return { alreadyInState: false };
    } catch (e) {
      if (e instanceof EngineError && /already paused/i.test(e.engineMessage ?? '')) return { alreadyInState: true };
      throw e;
    }
  }

  /** Unpause. Unpausing a running (not paused) container succeeds with `alreadyInState: true`. */
  async unpause(id: string): Promise<ActionResult> {
    try {
      await this.ctx.transport.call({ method: 'POST', path: this.path(`/containers/${seg(id)}/unpause`), operation: `Resume container ${label(id)}` });
      return { alreadyInState: false };
    } catch (e) {
      if (e instanceof EngineError && /not paused/i.test(e.engineMessage ?? '')) {
        const info = await this.inspect(id).catch(() => undefined);
        if (info?.State?.Running === true && info.State.Paused !== true) return { alreadyInState: true };
      }
      throw e;
    }
  }

  /** Send a signal (default SIGKILL). A container that is not running gives 'container-not-running'. */
  async kill(id: string, signal = 'SIGKILL'): Promise<void> {
    const operation = `Send ${signal} to container ${label(id)}`;
    if (!/^(SIG)?[A-Z0-9+-]{1,16}$|^\d{1,2}$/.test(signal)) throw invalid(operation, `${JSON.stringify(signal)} is not a signal name`);
    await this.ctx.transport.call({ method: 'POST', path: this.path(`/containers/${seg(id)}/kill`), query: { signal }, operation });
  }

  /**
   * Remove. Without `force`, a running container gives 'container-running'.
   * Anonymous volumes go only with `volumes: true`; named volumes always stay.
   * Dependent containers are never removed along (`depend=false`).
   */
  async remove(id: string, opts: RemoveOptions = {}): Promise<void> {
    const operation = `Remove container ${label(id)}`;
    if (this.ctx.isPodman) {
      const reports = await this.ctx.transport.json<{ Id?: string; Err?: unknown }[] | null>({
        method: 'DELETE',
        path: this.ctx.libpod(`/containers/${seg(id)}`),
        query: {
          force: opts.force ?? false,
          // libpod reads `volumes` (the Docker API's `v` is ignored by libpod).
          volumes: opts.volumes ?? false,
          depend: false,
          timeout: opts.force ? (opts.timeout ?? 0) : undefined,
        },
        operation,
        timeoutMs: ((opts.timeout ?? 0) + 60) * 1000,
      });
      const failed = (reports ?? []).find((r) => r.Err && (typeof r.Err !== 'object' || Object.keys(r.Err).length));
      if (failed) {
        const message = typeof failed.Err === 'string' ? failed.Err : JSON.stringify(failed.Err);
        throw new EngineError({ kind: 'engine', operation, engineMessage: message });
      }
      return;
    }
    await this.ctx.transport.call({
      method: 'DELETE',
      path: this.ctx.compat(`/containers/${seg(id)}`),
      query: { force: opts.force ?? false, v: opts.volumes ?? false },
      operation,
      timeoutMs: 60_000,
    });
  }

  /** Rename; the new name follows the engine's rule (checked here first). */
  async rename(id: string, newName: string): Promise<void> {
    const operation = `Rename container ${label(id)} to ${newName}`;
    if (!CONTAINER_NAME_RE.test(newName)) {
      throw invalid(operation, `the name ${JSON.stringify(newName)} is not allowed: names start with a letter or digit and contain only letters, digits, "_", "." and "-"`);
    }
    await this.ctx.transport.call({ method: 'POST', path: this.path(`/containers/${seg(id)}/rename`), query: { name: newName }, operation });
  }

  /** Processes in a running container. `psArgs` as for `podman top` / `docker top`. */
  async top(id: string, psArgs?: string): Promise<TopResult> {
    const reply = await this.ctx.transport.json<{ Titles?: string[] | null; Processes?: string[][] | null }>({
      path: this.path(`/containers/${seg(id)}/top`),
      query: this.ctx.isPodman ? { ps_args: psArgs, stream: false } : { ps_args: psArgs },
      operation: `List processes of container ${label(id)}`,
    });
    return { titles: reply?.Titles ?? [], processes: reply?.Processes ?? [] };
  }

  /**
   * Run the container's health check now and return its verdict (Podman;
   * Docker has no such call). Without systemd, Podman 4.3 runs no periodic
   * timer, so this is how a check runs at all there; the engine records the
   * result (inspect's log) and announces a `health_status` event.
   */
  async runHealthcheck(id: string): Promise<{ status: HealthStatus | undefined; failingStreak: number }> {
    const operation = `Run the health check of container ${label(id)}`;
    this.ctx.requirePodman(operation);
    try {
      const r = await this.ctx.transport.json<{ Status?: string; FailingStreak?: number }>({ path: this.ctx.libpod(`/containers/${seg(id)}/healthcheck`), operation, timeoutMs: 120_000 });
      const st = r?.Status;
      return { status: st === 'healthy' || st === 'unhealthy' || st === 'starting' ? st : undefined, failingStreak: Number(r?.FailingStreak ?? 0) };
    } catch (e) {
      if (e instanceof EngineError && /has no defined healthcheck/.test(e.engineMessage ?? '')) {
        throw new EngineError({
          kind: 'invalid-argument',
          operation,
          status: e.status,
          engineMessage: e.engineMessage,
          hint: 'This container was created without a health check. Recreate it with one (Duplicate, then set the health check).',
        });
      }
      throw e;
    }
  }

  /**
   * Wait until the container reaches `condition` (default `stopped`) and
   * return its exit code. No time limit; pass a signal to give up.
   */
  async wait(id: string, opts: { condition?: WaitCondition; signal?: AbortSignal } = {}): Promise<number> {
    const operation = `Wait for container ${label(id)}`;
    const condition = opts.condition ?? 'stopped';
    if (this.ctx.isPodman) {
      const code = await this.ctx.transport.json<number | string>({
        method: 'POST',
        path: this.ctx.libpod(`/containers/${seg(id)}/wait`),
        query: { condition },
        operation,
        signal: opts.signal,
        timeoutMs: 0,
      });
      return Number(code);
    }
    if (condition !== 'stopped' && condition !== 'exited') {
      throw new EngineError({ kind: 'unsupported', operation, engineMessage: `Docker cannot wait for "${condition}"` });
    }
    const reply = await this.ctx.transport.json<{ StatusCode?: number; Error?: { Message?: string } | null }>({
      method: 'POST',
      path: this.ctx.compat(`/containers/${seg(id)}/wait`),
      query: { condition: 'not-running' },
      operation,
      signal: opts.signal,
      timeoutMs: 0,
    });
    if (reply?.Error?.Message) throw new EngineError({ kind: 'engine', operation, engineMessage: reply.Error.Message });
    return Number(reply?.StatusCode ?? 0);
  }

  /** Remove every stopped container (optionally only those with `label`s / older than `until`). */
  async prune(filters: { label?: string[]; until?: string } = {}): Promise<PruneResult> {
    const f: Record<string, string[]> = {};
    if (filters.label?.length) f.label = filters.label;
    if (filters.until) f.until = [filters.until];
    const query: Query = { filters: Object.keys(f).length ? JSON.stringify(f) : undefined };
    const operation = 'Remove stopped containers';
    if (this.ctx.isPodman) {
      const reports = await this.ctx.transport.json<{ Id: string; Size?: number; Err?: unknown }[] | null>({
        method: 'POST',
        path: this.ctx.libpod('/containers/prune'),
        query,
        operation,
        timeoutMs: 300_000,
      });
      const ok = (reports ?? []).filter((r) => !r.Err || (typeof r.Err === 'object' && !Object.keys(r.Err).length));
      return { removed: ok.map((r) => r.Id), reclaimed: ok.reduce((s, r) => s + num(r.Size), 0) };
    }
    const reply = await this.ctx.transport.json<{ ContainersDeleted?: string[] | null; SpaceReclaimed?: number }>({
      method: 'POST',
      path: this.ctx.compat('/containers/prune'),
      query,
      operation,
      timeoutMs: 300_000,
    });
    return { removed: reply?.ContainersDeleted ?? [], reclaimed: num(reply?.SpaceReclaimed) };
  }
}
