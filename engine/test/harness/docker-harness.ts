/**
 * A real, private Docker Engine for tests (Debian's docker.io, 20.10): its own
 * data root, exec root, pid file and socket (what it still writes on the host,
 * its key and runtime folders, goes at teardown when it was not there before),
 * and nothing on the host's
 * network (`--bridge none --iptables=false --ip6tables=false --ip-forward=false`,
 * so containers run with `--network none`). It starts its own containerd
 * under the exec root. The CLI used is Debian's `/usr/bin/docker` with the
 * classic builder, whatever else is on PATH. Teardown stops it and removes
 * everything it wrote.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm, rmdir } from 'node:fs/promises';
import { pingSocket, stopChild, unmountUnder } from './child-process.js';
import { writeBusyboxContext } from './podman-harness.js';

/** Directories dockerd and its containerd make on the host whatever their roots say; removed if new and empty. */
const HOST_DIRS = ['/run/docker/plugins', '/run/docker', '/run/containerd/s', '/run/containerd', '/etc/docker'];
/** dockerd 20.10 writes its identity key here (no flag moves it); removed if new. */
const KEY_FILE = '/etc/docker/key.json';

export const DOCKER_CLI = '/usr/bin/docker';
export const DOCKERD = '/usr/sbin/dockerd';
export const DOCKER_TEST_IMAGE = 'berth-test:latest';

export interface DockerHarness {
  dir: string;
  socket: string;
  url: string;
  env: NodeJS.ProcessEnv;
  /** Run Debian's docker CLI against this engine (argument array, never a shell). */
  docker(args: string[], opts?: { timeoutMs?: number }): Promise<string>;
  teardown(): Promise<void>;
}

export async function startDocker(opts: { testImage?: boolean } = {}): Promise<DockerHarness> {
  const dir = await mkdtemp(path.join(tmpdir(), 'berth-k-'));
  const dirsBefore = new Set(HOST_DIRS.filter((d) => existsSync(d)));
  const keyBefore = existsSync(KEY_FILE);
  const socket = path.join(dir, 'docker.sock');
  const log: string[] = [];
  const child: ChildProcess = spawn(
    DOCKERD,
    [
      '--data-root',
      path.join(dir, 'data'),
      '--exec-root',
      path.join(dir, 'exec'),
      '--pidfile',
      path.join(dir, 'docker.pid'),
      '-H',
      `unix://${socket}`,
      '--bridge',
      'none',
      '--iptables=false',
      '--ip6tables=false',
      '--ip-forward=false',
      '--ip-masq=false',
      '--storage-driver',
      'overlay2',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  child.stderr?.on('data', (d: Buffer) => {
    log.push(d.toString());
    if (log.length > 200) log.shift();
  });
  const env: NodeJS.ProcessEnv = { ...process.env, DOCKER_HOST: `unix://${socket}`, DOCKER_BUILDKIT: '0', DOCKER_CONFIG: path.join(dir, 'cli') };
  const docker = (args: string[], o: { timeoutMs?: number } = {}): Promise<string> =>
    new Promise((resolve, reject) => {
      execFile(DOCKER_CLI, args, { env, maxBuffer: 64 * 1024 * 1024, timeout: o.timeoutMs ?? 120_000 }, (err, stdout, stderr) => {
        if (err) reject(new Error(`docker ${args.join(' ')} failed: ${stderr || err.message}`));
        else resolve(stdout);
      });
    });
  const teardown = async (): Promise<void> => {
    if (child.exitCode === null) {
      await docker(['rm', '-f', ...(await docker(['ps', '-aq']).catch(() => '')).split('\n').filter(Boolean)]).catch(() => undefined);
      await stopChild(child, 15_000);
    }
    // dockerd leaves its overlay and exec-root mounts if it dies.
    await unmountUnder(dir);
    await rm(dir, { recursive: true, force: true }).catch(() => undefined);
    if (!keyBefore) await rm(KEY_FILE, { force: true });
    for (const d of HOST_DIRS) if (!dirsBefore.has(d) && (await readdir(d).catch(() => ['?'])).length === 0) await rmdir(d).catch(() => undefined);
  };
  const deadline = Date.now() + 30_000;
  while (!(await pingSocket(socket)).ok) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await teardown();
      throw new Error(`dockerd did not start (${child.exitCode === null ? 'no answer in 30 s' : `exit ${child.exitCode}`}):\n${log.join('').slice(-3000)}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  try {
    if (opts.testImage !== false) {
      const ctx = await writeBusyboxContext(path.join(dir, 'scratch'));
      await docker(['build', '-q', '-f', path.join(ctx, 'Containerfile'), '-t', DOCKER_TEST_IMAGE, ctx]);
    }
  } catch (e) {
    await teardown();
    throw e;
  }
  return { dir, socket, url: `unix://${socket}`, env, docker, teardown };
}
