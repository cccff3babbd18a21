/**
 * The embedded default: on Linux with `podman` installed and no engine socket
 * answering, Berth runs its own `podman system service --time=0 unix://…` on
 * a socket in a private directory (0700), waits until it answers, and stops
 * it when Berth is done (SIGTERM, then SIGKILL after a timeout; a synchronous
 * SIGTERM also goes out if the Node process exits without stopping it).
 *
 * The service runs in Berth's process group, so a terminal's Ctrl-C reaches
 * it too. Containers it started keep running after it stops (conmon owns
 * them), as with any Podman service.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants as fsConstants, rmSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { EngineError } from '../errors.js';
import { HttpTransport } from '../transport/http-transport.js';

export interface EmbeddedServiceOptions {
  /** The podman executable (default: `podman` from PATH). */
  podman?: string;
  /** Global options placed before `system service` (e.g. `--root`, `--runroot`, `--tmpdir`). */
  globalArgs?: readonly string[];
  /** Environment for the service (default: this process's). CONTAINER_HOST / CONTAINER_CONNECTION are removed so podman runs locally. */
  env?: NodeJS.ProcessEnv;
  /** Where the private directory is made. Default `$XDG_RUNTIME_DIR/berth`, else the OS temp dir. */
  parentDir?: string;
  /** How long to wait for the service to answer. Default 30 s. */
  startTimeoutMs?: number;
  /** How long SIGTERM gets before SIGKILL. Default 5 s. */
  stopTimeoutMs?: number;
}

const START_OP = "Start Berth's own Podman service";

/** Find an executable on PATH (no shell, no `which`). */
export function findOnPath(name: string, env: Readonly<Record<string, string | undefined>> = process.env, platform: NodeJS.Platform = process.platform): string | undefined {
  if (name.includes('/') || (platform === 'win32' && name.includes('\\'))) return isExecutable(name) ? name : undefined;
  const sep = platform === 'win32' ? ';' : ':';
  const exts = platform === 'win32' ? (env.PATHEXT ?? '.EXE;.CMD;.BAT').split(';') : [''];
  for (const dir of (env.PATH ?? env.Path ?? '').split(sep)) {
    if (!dir) continue;
    for (const ext of exts) {
      const candidate = path.join(dir, name + ext);
      if (isExecutable(candidate)) return candidate;
    }
  }
  return undefined;
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, fsConstants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** A running `podman system service` that Berth started and owns. */
export class EmbeddedService {
  private exited = false;
  private readonly exitHook: () => void;
  private stopping: Promise<void> | undefined;

  private constructor(
    private readonly child: ChildProcess,
    /** The private directory holding the socket (removed on stop). */
    readonly dir: string,
    /** Path of the service's unix socket. */
    readonly socketPath: string,
    private readonly stderrTail: string[],
    private readonly stopTimeoutMs: number,
  ) {
    child.once('exit', () => {
      this.exited = true;
    });
    // Last resort if Berth exits without calling stop(): only synchronous work is possible here.
    this.exitHook = () => {
      if (!this.exited) child.kill('SIGTERM');
      rmSync(this.dir, { recursive: true, force: true });
    };
    process.once('exit', this.exitHook);
  }

  /** `unix://…` address of the service. */
  get uri(): string {
    return `unix://${this.socketPath}`;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get running(): boolean {
    return !this.exited;
  }

  /** The service's last stderr lines (for error reports). */
  get log(): string {
    return this.stderrTail.join('');
  }

  /** Start the service and resolve once it answers `/_ping`. */
  static async start(opts: EmbeddedServiceOptions = {}): Promise<EmbeddedService> {
    const env: NodeJS.ProcessEnv = { ...(opts.env ?? process.env) };
    // With these set podman acts as a remote client and has no `system service`.
    delete env.CONTAINER_HOST;
    delete env.CONTAINER_CONNECTION;
    const parent = opts.parentDir ?? (process.env.XDG_RUNTIME_DIR ? path.join(process.env.XDG_RUNTIME_DIR, 'berth') : tmpdir());
    await mkdir(parent, { recursive: true, mode: 0o700 });
    // mkdtemp makes the directory 0700: only this user can reach the socket.
    const dir = await mkdtemp(path.join(parent, parent === tmpdir() ? 'berth-svc-' : 'svc-'));
    const socketPath = path.join(dir, 'podman.sock');
    const args = [...(opts.globalArgs ?? []), 'system', 'service', '--time=0', `unix://${socketPath}`];
    const stderrTail: string[] = [];
    const child = spawn(opts.podman ?? 'podman', args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    child.stderr?.on('data', (d: Buffer) => {
      stderrTail.push(d.toString());
      if (stderrTail.length > 50) stderrTail.shift();
    });
    const service = new EmbeddedService(child, dir, socketPath, stderrTail, opts.stopTimeoutMs ?? 5000);
    try {
      await service.waitUntilAnswering(opts.startTimeoutMs ?? 30_000);
    } catch (e) {
      await service.stop();
      throw e;
    }
    return service;
  }

  private async waitUntilAnswering(timeoutMs: number): Promise<void> {
    const spawnError = new Promise<never>((_, reject) => {
      this.child.once('error', (err: NodeJS.ErrnoException) => {
        reject(
          new EngineError({
            kind: 'unreachable',
            operation: START_OP,
            engineMessage: err.code === 'ENOENT' ? 'podman is not installed (not found on PATH)' : err.message,
            hint: 'Install Podman, or connect Berth to an engine in Settings.',
            cause: err,
          }),
        );
      });
    });
    spawnError.catch(() => undefined);
    const transport = new HttpTransport({ address: { socketPath: this.socketPath, uri: this.uri, kind: 'unix' } });
    const deadline = Date.now() + timeoutMs;
    let last = '';
    try {
      while (Date.now() < deadline) {
        if (this.exited || this.child.exitCode !== null) {
          throw new EngineError({
            kind: 'engine',
            operation: START_OP,
            engineMessage: `podman system service exited (code ${this.child.exitCode ?? this.child.signalCode}): ${this.log.trim().slice(-800) || 'no output'}`,
            hint: 'Check that Podman works on this machine (`podman info`).',
          });
        }
        const ok = await Promise.race([
          transport.text({ path: '/_ping', operation: START_OP, timeoutMs: 1000 }).then(
            (t) => t.trim() === 'OK',
            (e: unknown) => {
              last = e instanceof Error ? e.message : String(e);
              return false;
            },
          ),
          spawnError,
        ]);
        if (ok) return;
        await Promise.race([new Promise((r) => setTimeout(r, 100)), spawnError]);
      }
    } finally {
      transport.close();
    }
    throw new EngineError({
      kind: 'timeout',
      operation: START_OP,
      socket: this.socketPath,
      engineMessage: `the service did not answer on ${this.socketPath} within ${Math.round(timeoutMs / 1000)} s (${last}) ${this.log.trim().slice(-400)}`,
    });
  }

  /** SIGTERM, SIGKILL after the timeout, then remove the socket and the private directory. Idempotent. */
  stop(): Promise<void> {
    this.stopping ??= this.doStop();
    return this.stopping;
  }

  private async doStop(): Promise<void> {
    process.removeListener('exit', this.exitHook);
    if (!this.exited && this.child.exitCode === null && this.child.signalCode === null && this.child.pid !== undefined) {
      await new Promise<void>((resolve) => {
        const kill = setTimeout(() => this.child.kill('SIGKILL'), this.stopTimeoutMs);
        this.child.once('exit', () => {
          clearTimeout(kill);
          resolve();
        });
        this.child.kill('SIGTERM');
      });
    }
    this.exited = true;
    await rm(this.dir, { recursive: true, force: true });
  }
}
