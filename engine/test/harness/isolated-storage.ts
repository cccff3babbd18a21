/**
 * Isolated Podman storage without a service: the same containers.conf as the
 * main harness (file locks, own network/volume/events paths, runc, cgroupfs),
 * plus the global args and env a podman process needs to use it. Tests that
 * start their own `podman system service` (the embedded default) use this so
 * they never touch the user's storage.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { unmountUnder } from './child-process.js';
import { containersConf, isolateNetwork } from './podman-harness.js';

const run = promisify(execFile);

export interface IsolatedStorage {
  dir: string;
  /** `--root`, `--runroot`, `--tmpdir`, `--storage-driver`. */
  globalArgs: string[];
  /** process.env plus CONTAINERS_CONF and TMPDIR; CONTAINER_HOST/DOCKER_HOST removed. */
  env: NodeJS.ProcessEnv;
  cleanup(): Promise<void>;
}

export async function isolatedStorage(): Promise<IsolatedStorage> {
  const dir = await mkdtemp(path.join(tmpdir(), 'berth-s-'));
  for (const sub of ['root', 'run', 'tmp', 'volumes', 'networks']) await mkdir(path.join(dir, sub), { recursive: true });
  await writeFile(path.join(dir, 'containers.conf'), await containersConf(dir));
  const network = await isolateNetwork(dir);
  const env: NodeJS.ProcessEnv = { ...process.env, CONTAINERS_CONF: path.join(dir, 'containers.conf'), TMPDIR: path.join(dir, 'tmp') };
  delete env.CONTAINER_HOST;
  delete env.DOCKER_HOST;
  const globalArgs = ['--root', path.join(dir, 'root'), '--runroot', path.join(dir, 'run'), '--tmpdir', path.join(dir, 'tmp'), '--storage-driver', 'overlay'];
  return {
    dir,
    globalArgs,
    env,
    cleanup: async () => {
      const networks = await network.networks();
      await run('podman', [...globalArgs, 'system', 'reset', '--force'], { env }).catch(() => undefined);
      await network.release(networks);
      await unmountUnder(dir);
      await rm(dir, { recursive: true, force: true }).catch(() => undefined);
    },
  };
}
