/**
 * A throwaway non-root user for tests that need one (`podman machine` refuses
 * root; rootless Podman is the point of others). Needs root to create it.
 *
 *   const u = await createTestUser();
 *   await u.run('podman', ['info']);     // as that user, HOME and XDG_RUNTIME_DIR set
 *   await u.remove();                    // its processes (by pid), home, runtime dir, subuid/subgid lines
 *
 * Everything is execFile/spawn with argument arrays; commands run as the user
 * through spawn's uid/gid (libuv drops root's supplementary groups).
 */
import { execFile, spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chown, mkdir, readdir, readFile, rm, writeFile, appendFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface TestUser {
  name: string;
  uid: number;
  gid: number;
  home: string;
  /** `/run/user/<uid>` (0700, owned by the user). */
  runtimeDir: string;
  /** A clean environment for the user (HOME, USER, LOGNAME, PATH, XDG_RUNTIME_DIR, LANG). */
  env: NodeJS.ProcessEnv;
  /** spawn options that run a process as the user from its home. */
  spawnOptions(extra?: SpawnOptions): SpawnOptions;
  /** Run a command as the user; rejects with stderr on a non-zero exit. */
  run(cmd: string, args: string[], opts?: { timeoutMs?: number; env?: NodeJS.ProcessEnv; cwd?: string }): Promise<{ stdout: string; stderr: string }>;
  /** Start a long-running process as the user. */
  spawn(cmd: string, args: string[], extra?: SpawnOptions): ChildProcess;
  /** Write a file (and its parent directories) owned by the user. */
  writeFile(rel: string, content: string): Promise<string>;
  /** chown -R a path to the user. */
  own(p: string): Promise<void>;
  /** Kill the user's processes (by pid), delete the user, its home, runtime dir and subordinate id ranges. */
  remove(): Promise<void>;
}

export function isRoot(): boolean {
  return process.getuid?.() === 0;
}

/** Pids of processes whose real uid is `uid` (read from /proc). */
export async function pidsOfUser(uid: number): Promise<number[]> {
  const out: number[] = [];
  for (const entry of await readdir('/proc').catch(() => [] as string[])) {
    if (!/^\d+$/.test(entry)) continue;
    const status = await readFile(`/proc/${entry}/status`, 'utf8').catch(() => '');
    const m = /^Uid:\s+(\d+)/m.exec(status);
    if (m && Number(m[1]) === uid) out.push(Number(entry));
  }
  return out;
}

async function ensureSubIds(file: string, name: string): Promise<void> {
  const text = await readFile(file, 'utf8').catch(() => '');
  if (text.split('\n').some((l) => l.startsWith(`${name}:`))) return;
  // Next free range after every existing one.
  let next = 100_000;
  for (const line of text.split('\n')) {
    const [, start, count] = line.split(':');
    const end = Number(start) + Number(count);
    if (Number.isFinite(end) && end > next) next = end;
  }
  await appendFile(file, `${text && !text.endsWith('\n') ? '\n' : ''}${name}:${next}:65536\n`);
}

async function dropSubIds(file: string, name: string): Promise<void> {
  const text = await readFile(file, 'utf8').catch(() => undefined);
  if (text === undefined) return;
  const kept = text.split('\n').filter((l) => !l.startsWith(`${name}:`));
  await writeFile(file, kept.join('\n'));
}

/** Create `berthtest-<random>` with a home, subuid/subgid ranges and a runtime dir. */
export async function createTestUser(prefix = 'berthtest'): Promise<TestUser> {
  if (!isRoot()) throw new Error('createTestUser needs root (it runs useradd)');
  const name = `${prefix}-${randomBytes(3).toString('hex')}`;
  await run('useradd', ['--create-home', '--shell', '/bin/sh', '--user-group', name]);
  try {
    const uid = Number((await run('id', ['-u', name])).stdout.trim());
    const gid = Number((await run('id', ['-g', name])).stdout.trim());
    const home = (await run('getent', ['passwd', name])).stdout.split(':')[5] ?? `/home/${name}`;
    await ensureSubIds('/etc/subuid', name);
    await ensureSubIds('/etc/subgid', name);
    const runtimeDir = `/run/user/${uid}`;
    await mkdir(runtimeDir, { recursive: true, mode: 0o700 });
    await chown(runtimeDir, uid, gid);
    const env: NodeJS.ProcessEnv = {
      HOME: home,
      USER: name,
      LOGNAME: name,
      PATH: '/usr/local/bin:/usr/bin:/bin:/usr/local/sbin:/usr/sbin:/sbin',
      XDG_RUNTIME_DIR: runtimeDir,
      LANG: 'C.UTF-8',
      TMPDIR: '/tmp',
    };
    const spawnOptions = (extra: SpawnOptions = {}): SpawnOptions => ({ uid, gid, cwd: home, env, ...extra });
    const user: TestUser = {
      name,
      uid,
      gid,
      home,
      runtimeDir,
      env,
      spawnOptions,
      run: (cmd, args, opts = {}) =>
        new Promise((resolve, reject) => {
          execFile(cmd, args, { uid, gid, cwd: opts.cwd ?? home, env: { ...env, ...(opts.env ?? {}) }, timeout: opts.timeoutMs ?? 120_000, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
            if (err) reject(new Error(`${cmd} ${args.join(' ')} (as ${name}) failed: ${stderr || err.message}`, { cause: err }));
            else resolve({ stdout, stderr });
          });
        }),
      spawn: (cmd, args, extra = {}) => spawn(cmd, args, spawnOptions(extra)),
      writeFile: async (rel, content) => {
        const file = path.join(home, rel);
        let dir = path.dirname(file);
        const toOwn: string[] = [];
        while (dir.startsWith(home) && dir !== home) {
          toOwn.unshift(dir);
          dir = path.dirname(dir);
        }
        await mkdir(path.dirname(file), { recursive: true });
        await writeFile(file, content);
        for (const d of [...toOwn, file]) await chown(d, uid, gid);
        return file;
      },
      own: async (p) => {
        await run('chown', ['-R', `${uid}:${gid}`, p]);
      },
      remove: async () => {
        // The user's processes (podman pause process, conmon, services, exit commands that
        // conmon starts late): by pid, TERM first, then KILL until none is left.
        for (let round = 0; round < 40; round++) {
          const pids = await pidsOfUser(uid);
          if (!pids.length) break;
          for (const pid of pids) {
            try {
              process.kill(pid, round === 0 ? 'SIGTERM' : 'SIGKILL');
            } catch {
              // Gone already.
            }
          }
          await new Promise((r) => setTimeout(r, round === 0 ? 1000 : 250));
        }
        await unmountUnder(home);
        await unmountUnder(runtimeDir);
        await run('userdel', ['--remove', name]).catch(() => undefined);
        await rm(home, { recursive: true, force: true }).catch(() => undefined);
        await rm(runtimeDir, { recursive: true, force: true }).catch(() => undefined);
        await dropSubIds('/etc/subuid', name);
        await dropSubIds('/etc/subgid', name);
      },
    };
    return user;
  } catch (e) {
    await run('userdel', ['--remove', name]).catch(() => undefined);
    throw e;
  }
}

async function unmountUnder(dir: string): Promise<void> {
  const mounts = await readFile('/proc/self/mounts', 'utf8').catch(() => '');
  const targets = mounts
    .split('\n')
    .map((l) => l.split(' ')[1] ?? '')
    .filter((m) => m === dir || m.startsWith(dir + '/'))
    .sort((a, b) => b.length - a.length);
  for (const t of targets) await run('umount', ['-l', t]).catch(() => undefined);
}
