/**
 * Exec: run a command inside a running container, with a TTY (an
 * interactive terminal over the hijacked HTTP connection) or without one
 * (stdout/stderr demultiplexed into two streams). Commands are argv arrays,
 * passed to the engine as data; nothing here goes through a shell.
 *
 * Podman 4.3 and Docker answer `POST /exec/{id}/start` with `101 UPGRADED`
 * when asked for `Connection: Upgrade`, and with `200` followed by the same
 * hijacked stream when not asked; `hijack()` accepts both.
 */
import type { Duplex } from 'node:stream';
import { PassThrough, Readable } from 'node:stream';
import { EngineError } from '../errors.js';
import { FrameParser } from '../streams/demux.js';
import { seg, type ApiContext } from './context.js';

export interface ExecCreateOptions {
  /** argv: the first element is the program; every element is passed as data, never through a shell. */
  cmd: string[];
  tty?: boolean;
  /** `{NAME: value}` or `["NAME=value"]`. */
  env?: Record<string, string> | string[];
  workdir?: string;
  user?: string;
  privileged?: boolean;
  attachStdin?: boolean;
  /** Default true. */
  attachStdout?: boolean;
  /** Default true (ignored with a TTY, where the streams are merged). */
  attachStderr?: boolean;
}

/** Normalized exec inspect. */
export interface ExecInfo {
  id: string;
  containerId: string;
  running: boolean;
  /** Null while running (or when the engine does not know). */
  exitCode: number | null;
  pid: number;
  tty: boolean;
  raw: Record<string, unknown>;
}

/** An interactive TTY exec: raw terminal bytes both ways. */
export interface TtySession {
  readonly execId: string;
  /** Terminal output (raw bytes; a TTY merges stdout and stderr). Reading it drives the socket. */
  readonly output: Readable;
  /** Send keystrokes. Returns false when the socket buffer is full (wait for 'drain' on `output`'s socket). */
  write(data: string | Buffer): boolean;
  /** Convenience: call `cb` for each output chunk. */
  onData(cb: (data: Buffer) => void): void;
  /** Resize the terminal (columns x rows). */
  resize(cols: number, rows: number): Promise<void>;
  /**
   * Close the session from our side. Engines keep a TTY exec's process alive
   * when its attach connection goes (conmon holds the terminal), so close sends
   * the terminal's end-of-input (Ctrl-D) first: a shell at its prompt exits.
   */
  close(): void;
  /** The process's exit code, once the stream has ended (null if the engine no longer knows it). */
  readonly exit: Promise<number | null>;
}

export interface ExecRunOptions extends Omit<ExecCreateOptions, 'cmd' | 'tty' | 'attachStdin'> {
  /** Input for the process; its stdin is closed after it. */
  stdin?: string | Buffer | Readable;
  signal?: AbortSignal;
}

/** A non-TTY exec in progress. Consume both streams (or the one you attached); they share one socket. */
export interface ExecRun {
  readonly execId: string;
  readonly stdout: Readable;
  readonly stderr: Readable;
  readonly exit: Promise<number | null>;
}

export interface ExecCollected {
  stdout: string;
  stderr: string;
  exitCode: number | null;
  /** True when output beyond `maxBytes` was dropped. */
  truncated: boolean;
}

export interface TerminalOptions {
  cols?: number;
  rows?: number;
  /** A shell to use instead of probing (bash if present, else sh). */
  shell?: string;
  env?: Record<string, string> | string[];
  workdir?: string;
  user?: string;
}

interface RawExecInspect {
  ID?: string;
  ContainerID?: string;
  Running?: boolean;
  ExitCode?: number;
  Pid?: number;
  ProcessConfig?: { tty?: boolean };
}

export class ExecApi {
  constructor(private readonly ctx: ApiContext) {}

  private path(p: string): string {
    return this.ctx.isPodman ? this.ctx.libpod(p) : this.ctx.compat(p);
  }

  /** Create an exec session; returns its id. The container must be running (else `container-not-running`). */
  async create(containerId: string, opts: ExecCreateOptions): Promise<string> {
    if (!Array.isArray(opts.cmd) || opts.cmd.length === 0) {
      throw new EngineError({ kind: 'invalid-argument', operation: `Run a command in container ${containerId}`, engineMessage: 'the command is empty' });
    }
    const env = Array.isArray(opts.env) ? opts.env : opts.env ? Object.entries(opts.env).map(([k, v]) => `${k}=${v}`) : undefined;
    const body: Record<string, unknown> = {
      Cmd: opts.cmd,
      Tty: opts.tty === true,
      AttachStdin: opts.attachStdin === true,
      AttachStdout: opts.attachStdout !== false,
      AttachStderr: opts.attachStderr !== false,
    };
    if (env) body.Env = env;
    if (opts.workdir) body.WorkingDir = opts.workdir;
    if (opts.user) body.User = opts.user;
    if (opts.privileged) body.Privileged = true;
    const res = await this.ctx.transport.json<{ Id: string }>({
      method: 'POST',
      path: this.path(`/containers/${seg(containerId)}/exec`),
      body,
      operation: `Run ${opts.cmd[0]} in container ${containerId}`,
    });
    return res.Id;
  }

  async inspect(execId: string): Promise<ExecInfo> {
    const raw = await this.ctx.transport.json<RawExecInspect & Record<string, unknown>>({
      path: this.path(`/exec/${seg(execId)}/json`),
      operation: `Inspect exec session ${execId.slice(0, 12)}`,
    });
    const running = raw.Running === true;
    return {
      id: raw.ID ?? execId,
      containerId: raw.ContainerID ?? '',
      running,
      exitCode: running || typeof raw.ExitCode !== 'number' ? null : raw.ExitCode,
      pid: raw.Pid ?? 0,
      tty: raw.ProcessConfig?.tty === true,
      raw,
    };
  }

  /** Resize the TTY of a running exec session. */
  async resize(execId: string, cols: number, rows: number): Promise<void> {
    await this.ctx.transport.call({
      method: 'POST',
      path: this.path(`/exec/${seg(execId)}/resize`),
      query: { h: Math.max(1, Math.floor(rows)), w: Math.max(1, Math.floor(cols)) },
      operation: 'Resize the terminal',
    });
  }

  /** Start a TTY exec (created with `tty: true, attachStdin: true`) and attach to it. */
  async startTty(execId: string, size: { cols?: number; rows?: number } = {}): Promise<TtySession> {
    const operation = 'Open a terminal';
    const body: Record<string, unknown> = { Detach: false, Tty: true };
    if (size.rows) body.h = size.rows;
    if (size.cols) body.w = size.cols;
    const { socket, head, readable } = await this.hijack(execId, body, operation);
    const output = new PassThrough();
    if (head.length) output.write(head);
    readable.pipe(output);
    readable.on('error', (e) => output.destroy(interrupted(operation, e)));
    const exit = this.exitWhenEnded(execId, output, socket);
    // Resizes go out one at a time, so a late one never overrides a newer size.
    let resizing: Promise<void> = Promise.resolve();
    const resize = (cols: number, rows: number): Promise<void> => {
      const next = resizing.then(() => this.resize(execId, cols, rows));
      resizing = next.catch(() => undefined);
      return next;
    };
    if (size.cols && size.rows) {
      // Docker before API 1.42 ignores the size in the start body; set it again now that it runs.
      resize(size.cols, size.rows).catch(() => undefined);
    }
    return {
      execId,
      output,
      write: (data) => (socket.writable ? socket.write(data) : false),
      onData: (cb) => {
        output.on('data', cb);
      },
      resize,
      close: () => {
        if (socket.writable) socket.end('\x04');
        setTimeout(() => socket.destroy(), 1000).unref();
      },
      exit,
    };
  }

  /** Run a command without a TTY: demultiplexed stdout/stderr streams and the exit code. */
  async run(containerId: string, cmd: string[], opts: ExecRunOptions = {}): Promise<ExecRun> {
    const operation = `Run ${cmd[0] ?? ''} in container ${containerId}`;
    const execId = await this.create(containerId, { ...opts, cmd, tty: false, attachStdin: opts.stdin !== undefined });
    const { socket, head, readable } = await this.hijack(execId, { Detach: false, Tty: false }, operation, opts.signal);
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    const parser = new FrameParser();
    const feed = (chunk: Buffer): void => {
      let full = false;
      parser.push(chunk, (stream, data) => {
        const target = stream === 'stderr' ? stderr : stdout;
        if (!target.write(data)) full = true;
      });
      if (full) {
        readable.pause();
        let waiting = 0;
        const resume = () => {
          if (--waiting <= 0) readable.resume();
        };
        for (const s of [stdout, stderr]) {
          if (s.writableNeedDrain) {
            waiting++;
            s.once('drain', resume);
          }
        }
        if (waiting === 0) readable.resume();
      }
    };
    const fail = (e: Error) => {
      stdout.destroy(e);
      stderr.destroy(e);
    };
    try {
      if (head.length) feed(head);
    } catch (e) {
      fail(e as Error);
    }
    readable.on('data', (chunk: Buffer) => {
      try {
        feed(chunk);
      } catch (e) {
        fail(e as Error);
        socket.destroy();
      }
    });
    readable.once('end', () => {
      stdout.end();
      stderr.end();
    });
    readable.once('error', (e) => fail(interrupted(operation, e)));
    // stdin: write it, then half-close so the process sees EOF.
    const input = opts.stdin;
    if (input === undefined) {
      // nothing attached
    } else if (typeof input === 'string' || Buffer.isBuffer(input)) {
      socket.end(input);
    } else {
      input.pipe(socket);
    }
    const exit = this.exitWhenEnded(execId, readable, socket);
    return { execId, stdout, stderr, exit };
  }

  /** The exec's exit code, read once its output has ended or its socket closed (whichever comes first). */
  private exitWhenEnded(execId: string, output: NodeJS.ReadableStream, socket: Duplex): Promise<number | null> {
    const ended = new Promise<void>((resolve) => {
      output.once('end', resolve);
      output.once('close', resolve);
      socket.once('close', resolve);
    });
    const exit = ended.then(() => this.exitCode(execId));
    exit.catch(() => undefined);
    return exit;
  }

  /** Run a command and collect its (small) output; output past `maxBytes` per stream is dropped. */
  async runCollect(containerId: string, cmd: string[], opts: ExecRunOptions & { maxBytes?: number } = {}): Promise<ExecCollected> {
    const max = opts.maxBytes ?? 1024 * 1024;
    const r = await this.run(containerId, cmd, opts);
    let truncated = false;
    const gather = async (s: Readable): Promise<string> => {
      const parts: Buffer[] = [];
      let size = 0;
      for await (const chunk of s) {
        const b = chunk as Buffer;
        if (size < max) parts.push(size + b.length > max ? b.subarray(0, max - size) : b);
        else truncated = true;
        if (size + b.length > max) truncated = true;
        size += b.length;
      }
      return Buffer.concat(parts).toString('utf8');
    };
    const [stdout, stderr] = await Promise.all([gather(r.stdout), gather(r.stderr)]);
    return { stdout, stderr, exitCode: await r.exit, truncated };
  }

  /** An interactive shell in a running container: bash when the image has it, else sh. */
  async terminal(containerId: string, opts: TerminalOptions = {}): Promise<TtySession> {
    let shell = opts.shell;
    if (!shell) {
      const probe = await this.runCollect(containerId, ['/bin/sh', '-c', 'command -v bash'], { maxBytes: 4096 }).catch(() => undefined);
      const found = probe?.exitCode === 0 ? probe.stdout.trim() : '';
      shell = found.startsWith('/') ? found : '/bin/sh';
    }
    const execId = await this.create(containerId, {
      cmd: [shell],
      tty: true,
      attachStdin: true,
      env: opts.env ?? ['TERM=xterm-256color'],
      ...(opts.workdir ? { workdir: opts.workdir } : {}),
      ...(opts.user ? { user: opts.user } : {}),
    });
    return this.startTty(execId, { cols: opts.cols ?? 80, rows: opts.rows ?? 24 });
  }

  /** The exit code once the engine has noticed the process ended (it can lag the stream's end briefly). */
  private async exitCode(execId: string): Promise<number | null> {
    for (let i = 0; i < 40; i++) {
      const info = await this.inspect(execId);
      if (!info.running) return info.exitCode;
      await new Promise((r) => setTimeout(r, 50));
    }
    return null;
  }

  /** POST /exec/{id}/start and take over the connection (101 upgrade or 200 hijack; see transport.upgrade). */
  private hijack(execId: string, body: Record<string, unknown>, operation: string, signal?: AbortSignal): Promise<{ socket: Duplex; head: Buffer; readable: Readable }> {
    return this.ctx.transport
      .upgrade({ method: 'POST', path: this.path(`/exec/${seg(execId)}/start`), body, operation, signal })
      .then(({ socket, head, readable }) => ({ socket, head, readable: readable as Readable }));
  }
}

function interrupted(operation: string, e: unknown): EngineError {
  if (e instanceof EngineError) return e;
  return new EngineError({ kind: 'stream-interrupted', operation, engineMessage: (e as Error).message, cause: e });
}
