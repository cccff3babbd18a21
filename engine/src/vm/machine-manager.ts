/**
 * The VM manager: drives `podman machine` (macOS and Windows need a Linux VM
 * for containers; Linux can use it too) and keeps a small state machine per
 * machine:
 *
 *     stopped ──start──▶ starting ──ok──▶ running ──stop──▶ stopping ──ok──▶ stopped
 *                            └──fail/cancel/timeout──▶ error (last output lines + hint)
 *
 * - Every command is `execFile`-style: an argument array, never a shell.
 * - One operation at a time per machine; a second one gets {@link MachineBusyError}.
 * - Long operations stream their output lines as `progress` events; the last
 *   {@link MachineManagerOptions.tailLines} lines are kept for the error report.
 * - Every operation has a timeout; a start (or any operation) can be cancelled,
 *   which kills the child's whole process tree.
 * - A running machine's API socket (or Windows pipe) is announced as
 *   `engine-available` {name, address}; when it stops or goes away, `engine-gone`.
 *
 * Provider choice: `CONTAINERS_MACHINE_PROVIDER` (honoured by Podman 4.x and
 * 5.x alike) is set for every command when a provider is given, so `list`,
 * `inspect` and the lifecycle commands all talk to the same provider.
 */
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import { createInterface } from 'node:readline';
import { EngineError, type EngineErrorKind } from '../errors.js';
import { mergeMachines, parseDefaultConnection, parseMachineInspectOutput, parseMachineList, parsePodmanVersion, MachineOutputError, type Machine, type MachineState } from './machine-parse.js';
import { validateInit, validateMachineName, validateSet, type HostLimits, type MachineInitOptions, type MachineSetOptions } from './machine-validate.js';

export type MachineOperation = 'list' | 'inspect' | 'init' | 'start' | 'stop' | 'restart' | 'remove' | 'set' | 'make-default';

/** What the UI shows for one machine. */
export interface MachineStatus {
  name: string;
  state: MachineState;
  /** The operation under way, if any (the machine is busy while set). */
  operation: MachineOperation | undefined;
  /** The latest known facts (undefined while a new machine is being created). */
  machine: Machine | undefined;
  /** The last output lines of the current or last operation. */
  lastOutput: string[];
  /** Why the state is `error`. */
  error: EngineError | undefined;
  /** A remark such as "Start was cancelled". */
  note: string | undefined;
  /** When this state began (epoch ms). */
  since: number;
}

export interface MachineProgress {
  name: string;
  operation: MachineOperation;
  line: string;
  stream: 'stdout' | 'stderr';
}

export interface MachineEngineInfo {
  name: string;
  /** `unix:///…` or `npipe:////./pipe/…`, ready for `Connection.open({address})`. */
  address: string;
  rootful: boolean | undefined;
}

export interface MachineManagerEvents {
  change: [MachineStatus];
  progress: [MachineProgress];
  'engine-available': [MachineEngineInfo];
  'engine-gone': [{ name: string; address: string }];
  removed: [{ name: string }];
}

export interface MachineManagerOptions {
  /** The podman executable. Default `podman` (found on PATH). */
  podman?: string;
  /** Environment for every command. Default: this process's. CONTAINER_HOST / CONTAINER_CONNECTION are removed. */
  env?: NodeJS.ProcessEnv;
  /** Provider for every command (sets CONTAINERS_MACHINE_PROVIDER). Default: Podman's own choice. */
  provider?: string;
  /** Default process.platform (for validation and process-tree killing). */
  platform?: NodeJS.Platform;
  /** This computer's limits for validation. Default: os.cpus() and os.totalmem(). */
  host?: Partial<Pick<HostLimits, 'cpus' | 'memoryMiB'>>;
  /** Per-operation timeouts (ms). */
  timeoutsMs?: Partial<Record<MachineOperation, number>>;
  /** Run commands as another user (tests) or from another directory. */
  spawn?: { uid?: number; gid?: number; cwd?: string };
  /** How many output lines to keep for reports. Default 20. */
  tailLines?: number;
}

const DEFAULT_TIMEOUTS: Record<MachineOperation, number> = {
  list: 30_000,
  inspect: 30_000,
  init: 20 * 60_000, // downloads a VM image
  start: 10 * 60_000,
  stop: 3 * 60_000,
  restart: 13 * 60_000,
  remove: 3 * 60_000,
  set: 3 * 60_000,
  'make-default': 30_000,
};

const VERBS: Record<MachineOperation, string> = {
  list: 'List machines',
  inspect: 'Inspect machine',
  init: 'Create machine',
  start: 'Start machine',
  stop: 'Stop machine',
  restart: 'Restart machine',
  remove: 'Remove machine',
  set: 'Change machine',
  'make-default': 'Make default machine',
};

/** Another operation is under way on that machine. */
export class MachineBusyError extends EngineError {
  constructor(
    readonly machineName: string,
    readonly busyWith: MachineOperation,
    wanted: MachineOperation,
  ) {
    super({
      kind: 'conflict',
      operation: `${VERBS[wanted]} ${machineName}`,
      engineMessage: `machine ${machineName} is busy (${busyWith} in progress)`,
      hint: busyWith === 'start' ? 'Wait for the start to finish, or cancel it.' : `Wait for the ${busyWith} to finish, then try again.`,
    });
    this.name = 'MachineBusyError';
  }
}

interface Job {
  operation: MachineOperation;
  child: ChildProcess | undefined;
  cancelled: boolean;
  cancel(): void;
}

interface RunResult {
  stdout: string;
  tail: string[];
}

/** The hint for a failed `podman machine` command, from its output. */
export function machineHint(output: string, platform: NodeJS.Platform, operation: MachineOperation): string {
  const o = output.toLowerCase();
  if (/could not find \\?"?gvproxy/.test(o)) {
    return 'Podman cannot find gvproxy, its VM network helper. Install it (Debian/Ubuntu: gvproxy or golang-github-containers-gvisor-tap-vsock; Fedora: gvisor-tap-vsock; macOS/Windows: reinstall Podman), or set helper_binaries_dir in containers.conf.';
  }
  if (/qemu-system-[a-z0-9_]+["']?:? executable file not found|qemu-system.*not found/.test(o)) {
    return 'QEMU is not installed. Install it (Debian/Ubuntu: qemu-system-x86 or qemu-system-arm; Fedora: qemu-kvm), then try again.';
  }
  if (/vfkit|krunkit/.test(o) && /not found|could not find/.test(o)) return 'Podman cannot find its VM helper (vfkit/krunkit). Reinstall Podman for macOS.';
  if (/hyper-v|hyperv/.test(o) && /(admin|privilege|access is denied|elevat)/.test(o)) {
    return 'Hyper-V machines need an administrator: run Berth as administrator, or use the wsl provider.';
  }
  if (/wsl/.test(o) && /(not installed|not enabled|wsl --install|0x8007019e|kernel)/.test(o)) {
    return 'WSL 2 is not ready. In an administrator terminal run `wsl --install`, restart Windows, then try again.';
  }
  if (/timedatectl/.test(o)) return 'Podman could not read the time zone (no systemd here). Set a time zone for the machine (for example Etc/UTC).';
  if (/unknown flag/.test(o)) return 'This Podman version does not support that option. Update Podman, or leave the option out.';
  if (/already running|already started/.test(o)) return 'Another machine is running; this Podman runs one at a time. Stop it first.';
  if (/vm does not exist|no such vm|does not exist/.test(o)) return 'The machine is gone. Refresh the list.';
  if (/already exists/.test(o)) return 'Choose another name, or remove the existing machine first.';
  if (/cannot be run as root|refuses to run as root|as root/.test(o)) return 'Run Berth as a normal user: podman machine refuses root.';
  if (/not enough (memory|space)|no space left/.test(o)) return 'The host is short of memory or disk. Free some, or give the machine less.';
  if (/kvm/.test(o) && /(permission|denied|not available)/.test(o)) return 'KVM is not available to this user. Add the user to the kvm group, or enable virtualization in the firmware.';
  if (operation === 'start') {
    return `Read the output above. \`podman machine start --log-level=debug\` shows more${platform === 'darwin' || platform === 'win32' ? '; restarting the computer helps when a VM is stuck' : ''}.`;
  }
  return 'Read the output above for the reason.';
}

function kindFor(output: string, fallback: EngineErrorKind): EngineErrorKind {
  const o = output.toLowerCase();
  if (/vm does not exist|no such vm/.test(o)) return 'not-found';
  if (/already exists/.test(o)) return 'name-in-use';
  if (/unknown flag|not supported/.test(o)) return 'unsupported';
  if (/invalid|must be/.test(o)) return 'invalid-argument';
  return fallback;
}

/** The last `Error: …` line, else the last line. */
function mainMessage(tail: string[], fallback: string): string {
  for (let i = tail.length - 1; i >= 0; i--) {
    const line = tail[i]!.trim();
    const m = /^(?:Error|level=error msg=|time="[^"]*" level=(?:error|fatal) msg=)[:\s]*(.*)$/.exec(line);
    if (m && m[1]) return m[1].replace(/^"|"$/g, '');
  }
  const last = [...tail].reverse().find((l) => l.trim());
  return last?.trim() ?? fallback;
}

/** Manages the machines of one provider (see module doc). */
export class MachineManager extends EventEmitter<MachineManagerEvents> {
  private readonly podman: string;
  private readonly env: NodeJS.ProcessEnv;
  private readonly platform: NodeJS.Platform;
  private readonly host: HostLimits;
  private readonly timeouts: Record<MachineOperation, number>;
  private readonly spawnOpts: { uid?: number; gid?: number; cwd?: string };
  private readonly tailLines: number;
  private readonly statuses = new Map<string, MachineStatus>();
  private readonly jobs = new Map<string, Job>();
  /** Machines announced as engine-available, with their address. */
  private readonly announced = new Map<string, string>();
  private version: Promise<[number, number, number] | undefined> | undefined;
  private disposed = false;

  constructor(opts: MachineManagerOptions = {}) {
    super();
    this.podman = opts.podman ?? 'podman';
    const env: NodeJS.ProcessEnv = { ...(opts.env ?? process.env) };
    delete env.CONTAINER_HOST;
    delete env.CONTAINER_CONNECTION;
    if (opts.provider) env.CONTAINERS_MACHINE_PROVIDER = opts.provider;
    this.env = env;
    this.platform = opts.platform ?? process.platform;
    this.host = {
      cpus: opts.host?.cpus ?? os.cpus().length,
      memoryMiB: opts.host?.memoryMiB ?? Math.floor(os.totalmem() / (1024 * 1024)),
      platform: this.platform,
    };
    this.timeouts = { ...DEFAULT_TIMEOUTS, ...(opts.timeoutsMs ?? {}) };
    this.spawnOpts = opts.spawn ?? {};
    this.tailLines = opts.tailLines ?? 20;
  }

  /** The provider commands go to (undefined: Podman's default). */
  get provider(): string | undefined {
    return this.env.CONTAINERS_MACHINE_PROVIDER;
  }

  /** This computer's limits, for the create form. */
  get hostLimits(): HostLimits {
    return { ...this.host };
  }

  /** The current status of every known machine. */
  statusList(): MachineStatus[] {
    return [...this.statuses.values()].map((s) => ({ ...s, lastOutput: [...s.lastOutput] }));
  }

  status(name: string): MachineStatus | undefined {
    const s = this.statuses.get(name);
    return s ? { ...s, lastOutput: [...s.lastOutput] } : undefined;
  }

  /** `podman --version` as [major, minor, patch] (cached). */
  podmanVersion(): Promise<[number, number, number] | undefined> {
    this.version ??= this.run(['--version'], { operation: 'list', opName: 'Read the Podman version' }).then(
      (r) => parsePodmanVersion(r.stdout),
      () => undefined,
    );
    return this.version;
  }

  // ---------------------------------------------------------------- queries

  /**
   * List machines (list + inspect + default connection merged) and bring the
   * state machines up to date, announcing engines that appeared or went away.
   */
  async list(): Promise<Machine[]> {
    const op = VERBS.list;
    const listed = parseOrThrow(op, (await this.run(['machine', 'list', '--format', 'json'], { operation: 'list', opName: op })).stdout, parseMachineList);
    let inspected: Machine[] = [];
    if (listed.length) {
      const r = await this.run(['machine', 'inspect', ...listed.map((m) => m.name)], { operation: 'inspect', opName: VERBS.inspect });
      inspected = parseOrThrow(VERBS.inspect, r.stdout, parseMachineInspectOutput);
    }
    const machines = mergeMachines(listed, inspected);
    const defaultConn = await this.run(['system', 'connection', 'list', '--format', 'json'], { operation: 'list', opName: op }).then(
      (r) => parseDefaultConnection(r.stdout),
      () => undefined,
    );
    for (const m of machines) {
      if (defaultConn !== undefined && (defaultConn === m.name || defaultConn === `${m.name}-root`)) m.isDefault = true;
      if (defaultConn === `${m.name}-root` && m.rootful === undefined) m.rootful = true;
      if (m.rootful === undefined || m.userModeNetworking === undefined) await this.fillFromConfigFile(m);
    }
    this.reconcile(machines);
    return machines;
  }

  /** One machine, fresh (list + inspect), or undefined when it does not exist. */
  async get(name: string): Promise<Machine | undefined> {
    return (await this.list()).find((m) => m.name === name);
  }

  // ------------------------------------------------------------- lifecycle

  /** `podman machine init`: validated first; resolves with the new machine. */
  async init(opts: MachineInitOptions): Promise<Machine | undefined> {
    const name = opts.name ?? 'podman-machine-default';
    validateInit({ ...opts, name }, this.host);
    const version = await this.podmanVersion();
    const args = ['machine', 'init'];
    if (opts.cpus !== undefined) args.push('--cpus', String(opts.cpus));
    if (opts.memoryMiB !== undefined) args.push('--memory', String(opts.memoryMiB));
    if (opts.diskGiB !== undefined) args.push('--disk-size', String(opts.diskGiB));
    if (opts.rootful) args.push('--rootful');
    if (opts.image !== undefined) args.push(version && version[0] >= 5 ? '--image' : '--image-path', opts.image.trim());
    if (opts.userModeNetworking) args.push('--user-mode-networking');
    if (opts.timezone) args.push('--timezone', opts.timezone);
    if (opts.now) args.push('--now');
    args.push(name);
    const env = opts.provider ? { CONTAINERS_MACHINE_PROVIDER: opts.provider } : undefined;
    await this.operate(name, 'init', async (job) => {
      await this.run(args, { operation: 'init', opName: `${VERBS.init} ${name}`, name, job, stream: true, env });
    });
    return this.get(name);
  }

  /** Start a machine; resolves once `podman machine start` says it is up. */
  async start(name: string): Promise<Machine | undefined> {
    validateMachineName(name, `${VERBS.start} ${name}`);
    await this.operate(name, 'start', (job) => this.doStart(name, job));
    return this.current(name);
  }

  /** Stop a machine. */
  async stop(name: string): Promise<Machine | undefined> {
    validateMachineName(name, `${VERBS.stop} ${name}`);
    await this.operate(name, 'stop', (job) => this.doStop(name, job));
    return this.current(name);
  }

  /** Stop (if running) and start again, as one operation. */
  async restart(name: string): Promise<Machine | undefined> {
    validateMachineName(name, `${VERBS.restart} ${name}`);
    await this.operate(name, 'restart', async (job) => {
      const st = this.statuses.get(name);
      if (st?.machine?.state !== 'stopped') await this.doStop(name, job);
      await this.doStart(name, job);
    });
    return this.current(name);
  }

  /**
   * Remove a machine with force (`podman machine rm -f`): it is stopped first
   * if running, and its containers, images and volumes go with its disk.
   */
  async remove(name: string): Promise<void> {
    validateMachineName(name, `${VERBS.remove} ${name}`);
    await this.operate(name, 'remove', async (job) => {
      await this.run(['machine', 'rm', '-f', name], { operation: 'remove', opName: `${VERBS.remove} ${name}`, name, job, stream: true });
    });
    this.forget(name);
  }

  /** `podman machine set` (CPUs, memory MiB, disk GiB, rootful, user-mode networking). */
  async set(name: string, opts: MachineSetOptions): Promise<Machine | undefined> {
    const known = this.statuses.get(name)?.machine;
    validateSet(name, opts, this.host, known?.diskBytes !== undefined ? Math.round(known.diskBytes / 1024 ** 3) : undefined);
    const args = ['machine', 'set'];
    if (opts.cpus !== undefined) args.push('--cpus', String(opts.cpus));
    if (opts.memoryMiB !== undefined) args.push('--memory', String(opts.memoryMiB));
    if (opts.diskGiB !== undefined) args.push('--disk-size', String(opts.diskGiB));
    if (opts.rootful !== undefined) args.push(`--rootful=${opts.rootful}`);
    if (opts.userModeNetworking !== undefined) args.push(`--user-mode-networking=${opts.userModeNetworking}`);
    args.push(name);
    await this.operate(name, 'set', async (job) => {
      await this.run(args, { operation: 'set', opName: `${VERBS.set} ${name}`, name, job, stream: true });
    });
    return this.get(name);
  }

  /**
   * Make this machine the default: `podman system connection default <name>`
   * (Podman 4.x and 5.x), or `<name>-root` for a rootful machine, which is the
   * connection Podman itself makes default for rootful machines.
   */
  async makeDefault(name: string, opts: { rootful?: boolean } = {}): Promise<Machine | undefined> {
    validateMachineName(name, `${VERBS['make-default']} ${name}`);
    const rootful = opts.rootful ?? this.statuses.get(name)?.machine?.rootful ?? false;
    const connection = rootful ? `${name}-root` : name;
    await this.operate(name, 'make-default', async (job) => {
      await this.run(['system', 'connection', 'default', connection], { operation: 'make-default', opName: `${VERBS['make-default']} ${name}`, name, job });
    });
    return this.get(name);
  }

  /**
   * Cancel the operation under way on a machine (typically a stuck start):
   * its process tree is killed; the machine's state is then read again and
   * the status carries a note. Returns false when nothing was running.
   */
  cancel(name: string): boolean {
    const job = this.jobs.get(name);
    if (!job) return false;
    job.cancel();
    return true;
  }

  /** Cancel everything and forget the listeners (engine-gone is emitted for announced engines). */
  async dispose(): Promise<void> {
    this.disposed = true;
    for (const job of this.jobs.values()) job.cancel();
    for (const [name, address] of this.announced) this.emit('engine-gone', { name, address });
    this.announced.clear();
    this.removeAllListeners();
  }

  // --------------------------------------------------------------- internal

  private current(name: string): Machine | undefined {
    return this.statuses.get(name)?.machine;
  }

  private async doStart(name: string, job: Job): Promise<void> {
    this.setStatus(name, { state: 'starting', error: undefined, note: undefined });
    await this.run(['machine', 'start', name], { operation: job.operation, opName: `${VERBS.start} ${name}`, name, job, stream: true });
    await this.refreshQuietly();
    const st = this.statuses.get(name);
    if (st && st.machine?.state !== 'running') {
      // podman said it started, but the machine is not running (yet): report what we see.
      this.setStatus(name, { state: st.machine?.state ?? 'stopped', note: 'podman machine start finished, but the machine is not running' });
    }
  }

  private async doStop(name: string, job: Job): Promise<void> {
    this.setStatus(name, { state: 'stopping', error: undefined, note: undefined });
    await this.run(['machine', 'stop', name], { operation: job.operation, opName: `${VERBS.stop} ${name}`, name, job, stream: true });
    const st = this.statuses.get(name);
    if (st?.machine) st.machine = { ...st.machine, state: 'stopped' };
    this.setStatus(name, { state: 'stopped' });
    this.goneIfAnnounced(name);
  }

  /** Run one operation on a machine: busy check, state bookkeeping, error state. */
  private async operate(name: string, operation: MachineOperation, body: (job: Job) => Promise<void>): Promise<void> {
    if (this.disposed) throw new EngineError({ kind: 'aborted', operation: `${VERBS[operation]} ${name}`, engineMessage: 'the machine manager was shut down' });
    const busy = this.jobs.get(name);
    if (busy) throw new MachineBusyError(name, busy.operation, operation);
    const job: Job = {
      operation,
      child: undefined,
      cancelled: false,
      cancel: () => {
        job.cancelled = true;
        if (job.child) this.killTree(job.child);
      },
    };
    this.jobs.set(name, job);
    const existed = this.statuses.has(name);
    this.setStatus(name, { operation, lastOutput: [], note: undefined, ...(existed ? {} : { state: 'stopped' as MachineState }) });
    try {
      await body(job);
      this.jobs.delete(name);
      this.setStatus(name, { operation: undefined, error: undefined });
    } catch (e) {
      this.jobs.delete(name);
      const err = e instanceof EngineError ? e : new EngineError({ kind: 'engine', operation: `${VERBS[operation]} ${name}`, engineMessage: e instanceof Error ? e.message : String(e), cause: e });
      await this.refreshQuietly();
      const st = this.statuses.get(name);
      const exists = st?.machine !== undefined;
      if (!exists && operation === 'init') {
        this.forget(name);
      } else if (job.cancelled) {
        const actual = st?.machine?.state ?? 'stopped';
        const note = `${VERBS[operation]} was cancelled${actual === 'stopped' ? '' : `; the machine is ${actual}`}`;
        this.setStatus(name, { operation: undefined, state: actual === 'running' || actual === 'stopped' ? actual : 'error', error: err, note });
      } else {
        this.setStatus(name, { operation: undefined, state: 'error', error: err });
      }
      throw err;
    }
  }

  private setStatus(name: string, patch: Partial<Omit<MachineStatus, 'name' | 'since'>>): void {
    const prev = this.statuses.get(name);
    const next: MachineStatus = {
      name,
      state: prev?.state ?? 'stopped',
      operation: prev?.operation,
      machine: prev?.machine,
      lastOutput: prev?.lastOutput ?? [],
      error: prev?.error,
      note: prev?.note,
      since: prev?.since ?? Date.now(),
      ...patch,
    };
    if (!prev || prev.state !== next.state) next.since = Date.now();
    this.statuses.set(name, next);
    this.emit('change', { ...next, lastOutput: [...next.lastOutput] });
  }

  /** Take fresh facts from list(): machines idle get their real state; engines come and go. */
  private reconcile(machines: Machine[]): void {
    const names = new Set(machines.map((m) => m.name));
    for (const m of machines) {
      const prev = this.statuses.get(m.name);
      const busy = this.jobs.has(m.name);
      let state: MachineState = prev?.state ?? m.state;
      if (!busy) {
        // An error stays until the machine is seen running or a new operation starts.
        state = prev?.state === 'error' && m.state !== 'running' ? 'error' : m.state;
      }
      const changed = !prev || prev.state !== state || JSON.stringify(prev.machine) !== JSON.stringify(m);
      if (changed) this.setStatus(m.name, { machine: m, state, ...(state !== 'error' ? { error: undefined } : {}) });
      if (m.state === 'running' && m.address) {
        if (this.announced.get(m.name) !== m.address) {
          this.goneIfAnnounced(m.name);
          this.announced.set(m.name, m.address);
          this.emit('engine-available', { name: m.name, address: m.address, rootful: m.rootful });
        }
      } else {
        this.goneIfAnnounced(m.name);
      }
    }
    for (const name of [...this.statuses.keys()]) {
      if (!names.has(name) && !this.jobs.has(name)) this.forget(name);
    }
  }

  private goneIfAnnounced(name: string): void {
    const address = this.announced.get(name);
    if (address === undefined) return;
    this.announced.delete(name);
    this.emit('engine-gone', { name, address });
  }

  private forget(name: string): void {
    this.goneIfAnnounced(name);
    if (this.statuses.delete(name)) this.emit('removed', { name });
  }

  private async refreshQuietly(): Promise<void> {
    await this.list().catch(() => undefined);
  }

  /** Podman 4.3's inspect has no Rootful; its machine config file does. */
  private async fillFromConfigFile(m: Machine): Promise<void> {
    if (!m.configPath || !m.configPath.endsWith('.json')) return;
    try {
      const cfg = JSON.parse(await readFile(m.configPath, 'utf8')) as Record<string, unknown>;
      if (m.rootful === undefined && typeof cfg.Rootful === 'boolean') m.rootful = cfg.Rootful;
      if (m.userModeNetworking === undefined && typeof cfg.UserModeNetworking === 'boolean') m.userModeNetworking = cfg.UserModeNetworking;
    } catch {
      // Unreadable: leave unknown.
    }
  }

  /**
   * Run podman with an argument array. Streams lines as progress (when a
   * machine name is given), keeps the tail, enforces the timeout, and turns
   * a failure into an EngineError with the tail and a hint.
   */
  private run(args: string[], o: { operation: MachineOperation; opName: string; name?: string; job?: Job; stream?: boolean; env?: Record<string, string> | undefined }): Promise<RunResult> {
    return new Promise<RunResult>((resolve, reject) => {
      const tail: string[] = [];
      let stdout = '';
      let stdoutBytes = 0;
      const MAX_STDOUT = 16 * 1024 * 1024;
      const env = o.env ? { ...this.env, ...o.env } : this.env;
      let child: ChildProcess;
      try {
        child = spawn(this.podman, args, {
          env,
          stdio: ['ignore', 'pipe', 'pipe'],
          windowsHide: true,
          // Its own process group, so cancel/timeout can kill qemu/gvproxy children too.
          detached: this.platform !== 'win32',
          ...(this.spawnOpts.uid !== undefined ? { uid: this.spawnOpts.uid } : {}),
          ...(this.spawnOpts.gid !== undefined ? { gid: this.spawnOpts.gid } : {}),
          ...(this.spawnOpts.cwd !== undefined ? { cwd: this.spawnOpts.cwd } : {}),
        });
      } catch (e) {
        reject(new EngineError({ kind: 'unreachable', operation: o.opName, engineMessage: (e as Error).message, hint: 'Install Podman and make sure it is on PATH.', cause: e }));
        return;
      }
      if (o.job) o.job.child = child;
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        this.killTree(child);
      }, this.timeouts[o.operation]);

      const onLine = (stream: 'stdout' | 'stderr') => (line: string) => {
        const clean = line.replace(/\r$/, '').replace(/\x1b\[[0-9;?]*[A-Za-z]/g, ''); // eslint-disable-line no-control-regex
        if (!clean.trim()) return;
        tail.push(clean);
        if (tail.length > this.tailLines) tail.shift();
        if (o.name !== undefined && o.stream) {
          const st = this.statuses.get(o.name);
          if (st) st.lastOutput = [...tail];
          this.emit('progress', { name: o.name, operation: o.job?.operation ?? o.operation, line: clean, stream });
        }
      };
      child.stdout!.setEncoding('utf8');
      child.stdout!.on('data', (d: string) => {
        if (stdoutBytes < MAX_STDOUT) {
          stdout += d;
          stdoutBytes += d.length;
        }
      });
      const outLines = createInterface({ input: child.stdout!, crlfDelay: Infinity });
      const errLines = createInterface({ input: child.stderr!, crlfDelay: Infinity });
      outLines.on('line', onLine('stdout'));
      errLines.on('line', onLine('stderr'));
      const closed = Promise.all([new Promise((r) => outLines.once('close', r)), new Promise((r) => errLines.once('close', r))]);

      let spawnError: NodeJS.ErrnoException | undefined;
      child.once('error', (e: NodeJS.ErrnoException) => {
        spawnError = e;
      });
      child.once('close', (code, signal) => {
        clearTimeout(timer);
        if (o.job && o.job.child === child) o.job.child = undefined;
        void closed.then(() => {
          if (o.name !== undefined && o.stream) {
            const st = this.statuses.get(o.name);
            if (st) st.lastOutput = [...tail];
          }
          if (spawnError) {
            reject(
              new EngineError({
                kind: 'unreachable',
                operation: o.opName,
                engineMessage: spawnError.code === 'ENOENT' ? `${this.podman} is not installed (not found on PATH)` : spawnError.message,
                hint: 'Install Podman (it brings `podman machine`), then try again.',
                cause: spawnError,
              }),
            );
            return;
          }
          if (code === 0 && !timedOut && !o.job?.cancelled) {
            resolve({ stdout, tail });
            return;
          }
          const text = tail.join('\n');
          const seconds = Math.round(this.timeouts[o.operation] / 1000);
          if (o.job?.cancelled) {
            reject(
              new EngineError({
                kind: 'aborted',
                operation: o.opName,
                engineMessage: `cancelled${tail.length ? `; last output: ${tail[tail.length - 1]}` : ''}`,
                hint: 'The command was stopped. Start again when ready.',
              }),
            );
          } else if (timedOut) {
            reject(
              new EngineError({
                kind: 'timeout',
                operation: o.opName,
                engineMessage: `no result after ${seconds} s${tail.length ? `; last output: ${tail[tail.length - 1]}` : ''}`,
                hint: machineHint(text, this.platform, o.operation),
              }),
            );
          } else {
            const fallback = `podman ${args.slice(0, 2).join(' ')} exited with ${code !== null ? `code ${code}` : `signal ${signal}`}`;
            reject(
              new EngineError({
                kind: kindFor(text, 'engine'),
                operation: o.opName,
                engineMessage: mainMessage(tail, fallback),
                hint: machineHint(text, this.platform, o.operation),
              }),
            );
          }
        });
      });
    });
  }

  /** Kill a child and everything it started (process group on POSIX, taskkill /T on Windows). */
  private killTree(child: ChildProcess): void {
    const pid = child.pid;
    if (pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
    if (this.platform === 'win32') {
      execFile('taskkill', ['/pid', String(pid), '/T', '/F'], { windowsHide: true }, () => undefined);
      return;
    }
    const signalGroup = (sig: NodeJS.Signals) => {
      try {
        process.kill(-pid, sig);
      } catch {
        try {
          child.kill(sig);
        } catch {
          // Already gone.
        }
      }
    };
    signalGroup('SIGTERM');
    const t = setTimeout(() => signalGroup('SIGKILL'), 3000);
    t.unref();
    child.once('close', () => clearTimeout(t));
  }
}

function parseOrThrow<T>(operation: string, stdout: string, parse: (s: string) => T): T {
  try {
    return parse(stdout);
  } catch (e) {
    if (e instanceof MachineOutputError) {
      throw new EngineError({ kind: 'engine', operation, engineMessage: `${e.message} (${e.output.slice(0, 200)})`, hint: 'Update Podman; Berth reads the JSON of Podman 4 and 5.', cause: e });
    }
    throw e;
  }
}
