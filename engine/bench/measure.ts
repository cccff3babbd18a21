/**
 * Timing helpers: wall time and client CPU for work done in this process
 * (`process.cpuUsage()` deltas) and for child processes (the kernel's
 * `cutime`/`cstime` of this process, which grow by a child's CPU when the
 * child is reaped), plus the CPU of another process (the engine service)
 * read from /proc.
 */
import { execFile, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { promisify } from 'node:util';

const run = promisify(execFile);

let ticksPerSecond = 100;

/** Read the kernel's clock tick (for /proc times); call once before measuring. */
export async function initClock(): Promise<void> {
  try {
    const { stdout } = await run('getconf', ['CLK_TCK']);
    const n = Number.parseInt(stdout.trim(), 10);
    if (n > 0) ticksPerSecond = n;
  } catch {
    // keep 100, the value on every Linux we know of
  }
}

/** Fields of /proc/<pid>/stat after the command name (which may contain spaces). */
function statFields(pid: number | 'self'): string[] | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return text.slice(text.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

/** CPU ms (user + system) of a live process, or undefined when it cannot be read. */
export function processCpuMs(pid: number): number | undefined {
  const f = statFields(pid);
  if (!f) return undefined;
  // utime and stime are fields 14 and 15 of stat; f[0] is field 3.
  return ((Number(f[11]) + Number(f[12])) * 1000) / ticksPerSecond;
}

/** CPU ms of this process's reaped children (cutime + cstime). */
function reapedChildrenCpuMs(): number {
  const f = statFields('self');
  if (!f) return Number.NaN;
  return ((Number(f[13]) + Number(f[14])) * 1000) / ticksPerSecond;
}

/** The pid of our child `podman … system service … <socket>` (the harness's engine), if found. */
export function findServicePid(socket: string): number | undefined {
  const self = process.pid;
  let entries: string[];
  try {
    entries = readFileSync('/proc/self/task/' + self + '/children', 'utf8')
      .trim()
      .split(/\s+/);
  } catch {
    entries = [];
  }
  if (entries.length === 0 || entries[0] === '') {
    // No /proc/<pid>/task/<tid>/children here: scan for processes whose parent is us.
    try {
      entries = readdirSync('/proc').filter((d) => /^\d+$/.test(d) && Number(statFields(Number(d))?.[1]) === self);
    } catch {
      entries = [];
    }
  }
  for (const e of entries) {
    const pid = Number(e);
    if (!pid) continue;
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      if (cmd.includes('service') && cmd.some((a) => a.endsWith(socket))) return pid;
    } catch {
      // gone
    }
  }
  return undefined;
}

export interface Sample<T = unknown> {
  wallMs: number;
  /** Client CPU ms (this process, or the child process); NaN when unknown. */
  cpuMs: number;
  /** CPU ms the engine service spent meanwhile; NaN when unknown. */
  serverCpuMs: number;
  result: T;
}

/** Time an async function in this process. */
export async function timeInProcess<T>(fn: () => Promise<T>, servicePid?: number): Promise<Sample<T>> {
  const s0 = servicePid ? processCpuMs(servicePid) : undefined;
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const result = await fn();
  const wallMs = performance.now() - t0;
  const c = process.cpuUsage(c0);
  const s1 = servicePid ? processCpuMs(servicePid) : undefined;
  return { wallMs, cpuMs: (c.user + c.system) / 1000, serverCpuMs: s0 !== undefined && s1 !== undefined ? s1 - s0 : Number.NaN, result };
}

export interface ChildResult {
  code: number | null;
  /** What the child wrote to stdout, when `captureStdout` (small outputs only). */
  stdout: string;
  stderr: string;
}

/**
 * Run a program (argument array, no shell) and time it from spawn to exit.
 * stdout goes to /dev/null unless `captureStdout`; stderr is kept (first 64 KiB) for errors.
 */
export async function timeChild(file: string, args: string[], opts: { env?: NodeJS.ProcessEnv; captureStdout?: boolean; servicePid?: number } = {}): Promise<Sample<ChildResult>> {
  const devnull = await open('/dev/null', 'w');
  try {
    const s0 = opts.servicePid ? processCpuMs(opts.servicePid) : undefined;
    const k0 = reapedChildrenCpuMs();
    const t0 = performance.now();
    const result = await new Promise<ChildResult>((resolve, reject) => {
      const child = spawn(file, args, { env: opts.env, stdio: ['ignore', opts.captureStdout ? 'pipe' : devnull.fd, 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout?.setEncoding('utf8').on('data', (d: string) => {
        if (stdout.length < 1 << 20) stdout += d;
      });
      child.stderr?.setEncoding('utf8').on('data', (d: string) => {
        if (stderr.length < 1 << 16) stderr += d;
      });
      child.once('error', reject);
      child.once('close', (code) => resolve({ code, stdout, stderr }));
    });
    const wallMs = performance.now() - t0;
    const k1 = reapedChildrenCpuMs();
    const s1 = opts.servicePid ? processCpuMs(opts.servicePid) : undefined;
    if (result.code !== 0) throw new Error(`${file} ${args.join(' ')} exited with ${result.code}: ${result.stderr.slice(0, 2000)}`);
    return { wallMs, cpuMs: k1 - k0, serverCpuMs: s0 !== undefined && s1 !== undefined ? s1 - s0 : Number.NaN, result };
  } finally {
    await devnull.close();
  }
}

export function median(xs: number[]): number {
  const v = xs.filter((x) => !Number.isNaN(x)).sort((a, b) => a - b);
  if (v.length === 0) return Number.NaN;
  const m = v.length >> 1;
  return v.length % 2 ? v[m]! : (v[m - 1]! + v[m]!) / 2;
}

/** Run `fn` on items with at most `limit` in flight. */
export async function pool<T>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      await fn(items[i]!, i);
    }
  });
  await Promise.all(workers);
}
