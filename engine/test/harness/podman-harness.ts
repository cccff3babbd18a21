/**
 * An isolated Podman for tests: its own storage (--root/--runroot/--tmpdir),
 * its own containers.conf (file locks, own network/volume/events paths, runc,
 * cgroupfs, ulimits within this host's hard limits) and its own API socket.
 * The user's Podman, its storage and its shared-memory locks are never touched.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, mkdir, rm, writeFile, symlink, copyFile, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { pingSocket, stopChild, unmountUnder } from './child-process.js';
import { guardHostState, networksIn, pickPrivateBridge, writeDefaultNetwork, type HostStateGuard, type Network } from './host-state.js';

const run = promisify(execFile);

export const TEST_IMAGE = 'localhost/berth-test:latest';

export interface PodmanHarness {
  dir: string;
  socket: string;
  /** `unix://…` address of the service. */
  url: string;
  env: NodeJS.ProcessEnv;
  /** Run the podman CLI against the same isolated storage (argument array, never a shell). */
  podman(args: string[], opts?: { input?: string; timeoutMs?: number }): Promise<string>;
  /** Stop the API service (the storage stays), e.g. to test an engine that dies. */
  stopService(): Promise<void>;
  startService(): Promise<void>;
  /** Where a test can write files (build contexts, kube YAML): a folder, with `files` (relative path → content) written into it. */
  scratch(name: string, files?: Record<string, string>): Promise<string>;
  teardown(): Promise<void>;
}

export interface HarnessOptions {
  /** Extra registries.conf entries (e.g. the local test registry, insecure). */
  insecureRegistries?: string[];
  /** Build the busybox test image (default true). */
  testImage?: boolean;
}

function hostLimit(kind: 'n' | 'u'): Promise<number> {
  // `ulimit -H` from the shell builtin would need a shell string; read /proc instead.
  return readFile('/proc/self/limits', 'utf8').then((text) => {
    const label = kind === 'n' ? 'Max open files' : 'Max processes';
    const line = text.split('\n').find((l) => l.startsWith(label)) ?? '';
    const hard = line.slice(label.length).trim().split(/\s+/)[1] ?? '';
    const n = Number.parseInt(hard, 10);
    return Number.isFinite(n) ? n : 1024;
  });
}

/** `stockNetwork`: leave [network] alone, so this Podman uses the host's own CNI config (/etc/cni/net.d, cni-podman0). */
export async function containersConf(dir: string, opts: { stockNetwork?: boolean } = {}): Promise<string> {
  const nofile = Math.min(await hostLimit('n'), 16_384);
  const nproc = Math.min(await hostLimit('u'), 16_384);
  return `# Written by Berth's test harness: everything a root Podman shares by default is private here.
[containers]
default_ulimits = ["nofile=${nofile}:${nofile}", "nproc=${nproc}:${nproc}"]
log_driver = "k8s-file"

[engine]
runtime = "runc"
lock_type = "file"
tmp_dir = "${dir}/tmp"
volume_path = "${dir}/volumes"
events_logger = "file"
events_logfile_path = "${dir}/events.log"
cgroup_manager = "cgroupfs"
exit_command_delay = 2
num_locks = 4096

${
  opts.stockNetwork
    ? ''
    : `[network]
network_config_dir = "${dir}/networks"
default_network = "podman"
default_subnet = "10.219.0.0/16"
`
}`;
}

/**
 * The storage directory's network side: the host guard taken before Podman
 * runs, and the default network on a private bridge (host-state.ts).
 * `networks()` must be read before `podman system reset` removes the configs;
 * `release()` goes after the last podman command against `dir`.
 */
export async function isolateNetwork(dir: string): Promise<{ networks(): Promise<Network[]>; release(networks: Network[]): Promise<void> }> {
  const guard: HostStateGuard = await guardHostState();
  const networksDir = path.join(dir, 'networks');
  await mkdir(networksDir, { recursive: true });
  await writeDefaultNetwork(networksDir, path.join(dir, 'cni-ipam'), await pickPrivateBridge());
  return { networks: () => networksIn(networksDir), release: (networks) => guard.release(networks) };
}

async function writeRegistriesConf(file: string, insecure: string[]): Promise<void> {
  const blocks = insecure.map((loc) => `[[registry]]\nlocation = "${loc}"\ninsecure = true\n`).join('\n');
  await writeFile(file, `unqualified-search-registries = []\nshort-name-mode = "permissive"\n\n${blocks}`);
}

/** A tiny image: Debian's static busybox and its applet symlinks, FROM scratch. */
export async function writeBusyboxContext(dir: string, extra = ''): Promise<string> {
  const ctx = path.join(dir, 'busybox-ctx');
  await mkdir(path.join(ctx, 'bin'), { recursive: true });
  await copyFile('/bin/busybox', path.join(ctx, 'bin', 'busybox'));
  const { stdout } = await run('/bin/busybox', ['--list']);
  for (const applet of stdout.split('\n').filter(Boolean)) {
    if (applet === 'busybox') continue;
    await symlink('busybox', path.join(ctx, 'bin', applet)).catch(() => undefined);
  }
  await writeFile(path.join(ctx, 'Containerfile'), `FROM scratch\nCOPY bin /bin\nENV PATH=/bin\n${extra}CMD ["/bin/sh"]\n`);
  return ctx;
}

async function waitForSocket(socket: string, timeoutMs: number, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError = '';
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`podman system service exited with code ${child.exitCode}`);
    const { ok, error } = await pingSocket(socket);
    if (ok) return;
    if (error) lastError = error;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`podman service did not answer on ${socket} within ${timeoutMs} ms (${lastError})`);
}

export async function startPodman(opts: HarnessOptions = {}): Promise<PodmanHarness> {
  // Short path: unix socket paths are limited to 108 bytes.
  const dir = await mkdtemp(path.join(tmpdir(), 'berth-t-'));
  for (const sub of ['root', 'run', 'tmp', 'volumes', 'networks', 'scratch']) await mkdir(path.join(dir, sub), { recursive: true });
  await writeFile(path.join(dir, 'containers.conf'), await containersConf(dir));
  const network = await isolateNetwork(dir);
  await writeRegistriesConf(path.join(dir, 'registries.conf'), opts.insecureRegistries ?? []);
  await writeFile(path.join(dir, 'auth.json'), '{"auths":{}}\n');
  await writeFile(path.join(dir, 'policy.json'), JSON.stringify({ default: [{ type: 'insecureAcceptAnything' }] }));
  const socket = path.join(dir, 'podman.sock');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    CONTAINERS_CONF: path.join(dir, 'containers.conf'),
    CONTAINERS_REGISTRIES_CONF: path.join(dir, 'registries.conf'),
    REGISTRY_AUTH_FILE: path.join(dir, 'auth.json'),
    TMPDIR: path.join(dir, 'tmp'),
  };
  delete env.CONTAINER_HOST;
  delete env.DOCKER_HOST;
  const globalArgs = ['--root', path.join(dir, 'root'), '--runroot', path.join(dir, 'run'), '--tmpdir', path.join(dir, 'tmp'), '--storage-driver', 'overlay'];
  let service: ChildProcess | undefined;
  const serviceLog: string[] = [];

  const podman = async (args: string[], o: { input?: string; timeoutMs?: number } = {}): Promise<string> => {
    return new Promise((resolve, reject) => {
      const child = execFile('podman', [...globalArgs, ...args], { env, maxBuffer: 256 * 1024 * 1024, timeout: o.timeoutMs ?? 120_000 }, (err, stdout, stderr) => {
        if (err) reject(new Error(`podman ${args.join(' ')} failed: ${stderr || err.message}`));
        else resolve(stdout);
      });
      if (o.input !== undefined) child.stdin?.end(o.input);
    });
  };

  const startService = async (): Promise<void> => {
    const child = spawn('podman', [...globalArgs, 'system', 'service', '--time=0', `unix://${socket}`], {
      env,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    child.stderr?.on('data', (d: Buffer) => {
      serviceLog.push(d.toString());
      if (serviceLog.length > 200) serviceLog.shift();
    });
    service = child;
    try {
      await waitForSocket(socket, 20_000, child);
    } catch (e) {
      throw new Error(`${(e as Error).message}\n${serviceLog.join('')}`, { cause: e });
    }
  };

  const stopService = async (): Promise<void> => {
    const child = service;
    service = undefined;
    if (!child || child.exitCode !== null) return;
    await stopChild(child, 5000);
    await rm(socket, { force: true });
  };

  await startService();
  if (opts.testImage !== false) {
    const ctx = await writeBusyboxContext(path.join(dir, 'scratch'));
    await podman(['build', '-q', '-t', TEST_IMAGE, ctx]);
  }

  const teardown = async (): Promise<void> => {
    await podman(['pod', 'rm', '-af', '-t', '0']).catch(() => undefined);
    await podman(['rm', '-af', '-t', '0']).catch(() => undefined);
    await stopService();
    const networks = await network.networks();
    await podman(['system', 'reset', '--force']).catch(() => undefined);
    await network.release(networks);
    await unmountUnder(dir);
    await rm(dir, { recursive: true, force: true }).catch(() => undefined);
  };

  return {
    dir,
    socket,
    url: `unix://${socket}`,
    env,
    podman,
    stopService,
    startService,
    scratch: async (name: string, files: Record<string, string> = {}) => {
      const p = path.join(dir, 'scratch', name);
      await mkdir(p, { recursive: true });
      for (const [rel, content] of Object.entries(files)) {
        await mkdir(path.dirname(path.join(p, rel)), { recursive: true });
        await writeFile(path.join(p, rel), content);
      }
      return p;
    },
    teardown,
  };
}
