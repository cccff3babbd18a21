/**
 * Parsing of `podman machine list --format json` and `podman machine inspect`
 * into one normalized {@link Machine}. Pure functions, no I/O.
 *
 * The two commands disagree on names and units, and both changed between
 * Podman 4.x and 5.x:
 *
 * - `list`: `CPUs` (number), `Memory` and `DiskSize` in BYTES as decimal
 *   strings, `Created` / `LastUp` RFC 3339, `Running` / `Starting` booleans,
 *   `Default` (the machine's connection is the default one; false when the
 *   default is its `-root` connection), `VMType`, `UserModeNetworking` (5.x).
 * - `inspect`: an array; `Resources.Memory` in MiB, `Resources.DiskSize` in
 *   GiB, `State` (`running`, `stopped`, `starting`; 4.3 prints `""` for a
 *   stopped machine), `ConnectionInfo.PodmanSocket.Path` (unix) and
 *   `ConnectionInfo.PodmanPipe.Path` (Windows named pipe), `Rootful` and
 *   `UserModeNetworking` (4.5+/5.x), `ConfigPath` (4.x) or `ConfigDir` (5.x),
 *   `Image.ImagePath.Path` (4.x only). `inspect` has no VM type.
 */
import { parseSocketAddress } from '../transport/socket-address.js';

/** The hypervisor behind a machine. Other strings pass through as they come. */
export type MachineProvider = 'qemu' | 'applehv' | 'libkrun' | 'wsl' | 'hyperv' | (string & {});

/** Where a machine is in its life. `error` is Berth's own: the last operation failed. */
export type MachineState = 'stopped' | 'starting' | 'running' | 'stopping' | 'error';

/** A machine, normalized from `list` and/or `inspect`. */
export interface Machine {
  name: string;
  /** VM type (from `list`; `inspect` does not say). */
  provider: MachineProvider | undefined;
  state: MachineState;
  cpus: number | undefined;
  memoryBytes: number | undefined;
  diskBytes: number | undefined;
  /** Its connection (or its `-root` connection) is the default one. */
  isDefault: boolean;
  /** Epoch ms; undefined when never up (Podman writes the zero time, or the creation time). */
  lastUp: number | undefined;
  /** Epoch ms. */
  created: number | undefined;
  /** The API endpoint as an engine address (`unix:///…` or `npipe:////./pipe/…`), when known. */
  address: string | undefined;
  /** `ConnectionInfo.PodmanSocket.Path`. */
  socketPath: string | undefined;
  /** `ConnectionInfo.PodmanPipe.Path` (Windows). */
  pipePath: string | undefined;
  /** Undefined when Podman does not say (4.3 inspect has no `Rootful`). */
  rootful: boolean | undefined;
  userModeNetworking: boolean | undefined;
  sshPort: number | undefined;
  remoteUsername: string | undefined;
  identityPath: string | undefined;
  /** The machine's config file (4.x `ConfigPath`) or directory (5.x `ConfigDir`). */
  configPath: string | undefined;
  /** The disk image (4.x inspect only). */
  imagePath: string | undefined;
  /** Raw JSON, for details views. */
  raw: { list?: Record<string, unknown>; inspect?: Record<string, unknown> };
}

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

type Rec = Record<string, unknown>;

function isRec(v: unknown): v is Rec {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function bool(v: unknown): boolean | undefined {
  return typeof v === 'boolean' ? v : undefined;
}

/** A non-negative finite number from a number or a decimal string. */
function num(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) && v >= 0 ? v : undefined;
  if (typeof v === 'string' && /^\d+(\.\d+)?$/.test(v.trim())) return Number(v.trim());
  return undefined;
}

/** RFC 3339 to epoch ms; Go's zero time (year 1) and garbage give undefined. */
export function parseTime(v: unknown): number | undefined {
  if (typeof v !== 'string' || !v) return undefined;
  if (v.startsWith('0001-01-01')) return undefined;
  const ms = Date.parse(v);
  return Number.isFinite(ms) ? ms : undefined;
}

/** `{Path: "…"}` or a bare string (or null). */
function vmFilePath(v: unknown): string | undefined {
  if (typeof v === 'string') return v || undefined;
  if (isRec(v)) return str(v.Path);
  return undefined;
}

/** `inspect`'s `State` to ours. Podman 4.3 prints "" for a stopped machine. */
export function normalizeState(state: unknown): MachineState {
  const s = typeof state === 'string' ? state.toLowerCase() : '';
  if (s === 'running') return 'running';
  if (s === 'starting') return 'starting';
  if (s === 'stopping') return 'stopping';
  return 'stopped';
}

/** Turn a socket or pipe path into an engine address (`unix://` / `npipe://`). */
export function toEngineAddress(pathOrUri: string | undefined): string | undefined {
  if (!pathOrUri) return undefined;
  try {
    return parseSocketAddress(pathOrUri).uri;
  } catch {
    return undefined;
  }
}

function parseJsonArray(stdout: string, what: string): Rec[] {
  const text = stdout.trim();
  if (!text) return [];
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new MachineOutputError(`${what} printed something that is not JSON: ${(e as Error).message}`, text);
  }
  if (value === null) return [];
  const list = Array.isArray(value) ? value : [value];
  return list.filter(isRec);
}

/** `podman machine …` printed output Berth cannot read. */
export class MachineOutputError extends Error {
  constructor(
    message: string,
    /** The first 500 characters of the output, for the report. */
    readonly output: string,
  ) {
    super(message);
    this.name = 'MachineOutputError';
    this.output = output.slice(0, 500);
  }
}

function blank(name: string): Machine {
  return {
    name,
    provider: undefined,
    state: 'stopped',
    cpus: undefined,
    memoryBytes: undefined,
    diskBytes: undefined,
    isDefault: false,
    lastUp: undefined,
    created: undefined,
    address: undefined,
    socketPath: undefined,
    pipePath: undefined,
    rootful: undefined,
    userModeNetworking: undefined,
    sshPort: undefined,
    remoteUsername: undefined,
    identityPath: undefined,
    configPath: undefined,
    imagePath: undefined,
    raw: {},
  };
}

/** Podman writes LastUp = Created for a machine that never ran (4.x); treat that as never. */
function lastUpOf(lastUp: unknown, created: number | undefined): number | undefined {
  const t = parseTime(lastUp);
  if (t === undefined) return undefined;
  if (created !== undefined && t === created) return undefined;
  return t;
}

/** One `list --format json` entry. Memory and disk are bytes (as strings). */
export function machineFromListEntry(e: Rec): Machine {
  const m = blank(str(e.Name) ?? '');
  const created = parseTime(e.Created);
  m.provider = str(e.VMType);
  m.state = e.Running === true ? 'running' : e.Starting === true ? 'starting' : 'stopped';
  m.cpus = num(e.CPUs);
  m.memoryBytes = num(e.Memory);
  m.diskBytes = num(e.DiskSize);
  m.isDefault = e.Default === true;
  m.created = created;
  m.lastUp = m.state === 'running' ? (parseTime(e.LastUp) ?? undefined) : lastUpOf(e.LastUp, created);
  m.userModeNetworking = bool(e.UserModeNetworking);
  m.sshPort = num(e.Port);
  m.remoteUsername = str(e.RemoteUsername);
  m.identityPath = str(e.IdentityPath);
  m.raw.list = e;
  return m;
}

/** One `inspect` entry. Memory is MiB and disk GiB. */
export function machineFromInspectEntry(e: Rec): Machine {
  const m = blank(str(e.Name) ?? '');
  const res = isRec(e.Resources) ? e.Resources : {};
  const ci = isRec(e.ConnectionInfo) ? e.ConnectionInfo : {};
  const ssh = isRec(e.SSHConfig) ? e.SSHConfig : {};
  const image = isRec(e.Image) ? e.Image : {};
  const created = parseTime(e.Created);
  m.state = normalizeState(e.State);
  m.cpus = num(res.CPUs);
  const mem = num(res.Memory);
  m.memoryBytes = mem === undefined ? undefined : mem * MiB;
  const disk = num(res.DiskSize);
  m.diskBytes = disk === undefined ? undefined : disk * GiB;
  m.created = created;
  m.lastUp = m.state === 'running' ? parseTime(e.LastUp) : lastUpOf(e.LastUp, created);
  m.socketPath = vmFilePath(ci.PodmanSocket);
  m.pipePath = vmFilePath(ci.PodmanPipe);
  // A pipe is only given on Windows, where it is the way in.
  m.address = toEngineAddress(m.pipePath) ?? toEngineAddress(m.socketPath);
  m.rootful = bool(e.Rootful);
  m.userModeNetworking = bool(e.UserModeNetworking);
  m.sshPort = num(ssh.Port);
  m.remoteUsername = str(ssh.RemoteUsername);
  m.identityPath = str(ssh.IdentityPath);
  m.configPath = vmFilePath(e.ConfigPath) ?? vmFilePath(e.ConfigDir);
  m.imagePath = vmFilePath(image.ImagePath) ?? str(e.ImagePath);
  m.raw.inspect = e;
  return m;
}

/** Parse `podman machine list --format json`. Throws MachineOutputError on non-JSON. */
export function parseMachineList(stdout: string): Machine[] {
  return parseJsonArray(stdout, 'podman machine list')
    .map(machineFromListEntry)
    .filter((m) => m.name);
}

/** Parse `podman machine inspect [names…]`. Throws MachineOutputError on non-JSON. */
export function parseMachineInspectOutput(stdout: string): Machine[] {
  return parseJsonArray(stdout, 'podman machine inspect')
    .map(machineFromInspectEntry)
    .filter((m) => m.name);
}

/**
 * Combine what `list` and `inspect` say about one machine. `list` knows the
 * VM type and the default flag; `inspect` knows the socket, rootful and the
 * finer state. Where both know a value, `inspect` wins unless it is missing.
 */
export function mergeMachine(fromList: Machine | undefined, fromInspect: Machine | undefined): Machine {
  if (!fromList && !fromInspect) throw new TypeError('mergeMachine needs at least one machine');
  if (!fromList) return fromInspect!;
  if (!fromInspect) return fromList;
  const pick = <K extends keyof Machine>(k: K): Machine[K] => (fromInspect[k] !== undefined ? fromInspect[k] : fromList[k]);
  // list's Running/Starting booleans come from the same probe as inspect's State;
  // inspect's is finer (it knows `starting` on every provider), but 4.3 prints "" for
  // stopped, so a running list entry wins over a stopped inspect.
  const state: MachineState = fromList.state === 'running' || fromList.state === 'starting' ? (fromInspect.state === 'stopped' ? fromList.state : fromInspect.state) : fromInspect.state;
  return {
    ...fromList,
    state,
    provider: fromList.provider,
    cpus: pick('cpus'),
    memoryBytes: pick('memoryBytes'),
    diskBytes: pick('diskBytes'),
    isDefault: fromList.isDefault,
    lastUp: pick('lastUp'),
    created: pick('created'),
    address: fromInspect.address,
    socketPath: fromInspect.socketPath,
    pipePath: fromInspect.pipePath,
    rootful: pick('rootful'),
    userModeNetworking: pick('userModeNetworking'),
    sshPort: pick('sshPort'),
    remoteUsername: pick('remoteUsername'),
    identityPath: pick('identityPath'),
    configPath: fromInspect.configPath,
    imagePath: fromInspect.imagePath,
    raw: { ...fromList.raw, ...fromInspect.raw },
  };
}

/** Merge whole outputs by name, in `list` order, then machines only `inspect` knows. */
export function mergeMachines(list: Machine[], inspected: Machine[]): Machine[] {
  const byName = new Map(inspected.map((m) => [m.name, m]));
  const out = list.map((l) => mergeMachine(l, byName.get(l.name)));
  const seen = new Set(list.map((m) => m.name));
  for (const m of inspected) if (!seen.has(m.name)) out.push(m);
  return out;
}

/** `podman system connection list --format json`: the default connection's name, if any. */
export function parseDefaultConnection(stdout: string): string | undefined {
  try {
    const v: unknown = JSON.parse(stdout);
    if (!Array.isArray(v)) return undefined;
    for (const c of v) if (isRec(c) && c.Default === true && typeof c.Name === 'string') return c.Name;
  } catch {
    // Not JSON (very old podman): no default known.
  }
  return undefined;
}

/** `podman --version` → [major, minor, patch] ("podman version 4.3.1", "podman.exe version 5.2.0-dev"). */
export function parsePodmanVersion(stdout: string): [number, number, number] | undefined {
  const m = /version\s+v?(\d+)\.(\d+)(?:\.(\d+))?/i.exec(stdout);
  if (!m) return undefined;
  return [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)];
}
