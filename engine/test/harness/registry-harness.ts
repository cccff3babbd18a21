/**
 * A local OCI registry for tests: Debian's `docker-registry` (CNCF
 * distribution 2.8) on 127.0.0.1 with a free port, its own config, storage in
 * a temp dir and, optionally, htpasswd (bcrypt) authentication. Start it
 * before the Podman harness and pass `address` to
 * `startPodman({ insecureRegistries: [address] })`, since it speaks plain HTTP.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import bcrypt from 'bcryptjs';
import { stopChild } from './child-process.js';
import { freePort } from './free-port.js';

export const REGISTRY_BINARY = '/usr/bin/docker-registry';

export interface RegistryOptions {
  /** Require these credentials (htpasswd, bcrypt). Without it the registry is open. */
  auth?: { username: string; password: string };
}

export interface RegistryHarness {
  /** `127.0.0.1:PORT`: the registry part of image references. */
  address: string;
  port: number;
  dir: string;
  /** Log lines the registry wrote (stderr), for diagnosing a failing test. */
  log(): string;
  teardown(): Promise<void>;
}

/** `/v2/` answers 200 (open) or 401 (auth) once the registry is up. */
async function waitForRegistry(port: number, child: ChildProcess, timeoutMs: number, log: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`docker-registry exited with code ${child.exitCode}\n${log()}`);
    const status = await new Promise<number>((resolve) => {
      const req = http.get({ host: '127.0.0.1', port, path: '/v2/', timeout: 1000 }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', () => resolve(0));
      req.on('timeout', () => req.destroy());
    });
    if (status === 200 || status === 401) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`docker-registry did not answer on 127.0.0.1:${port} within ${timeoutMs} ms\n${log()}`);
}

export async function startRegistry(opts: RegistryOptions = {}): Promise<RegistryHarness> {
  const dir = await mkdtemp(path.join(tmpdir(), 'berth-reg-'));
  const lines: string[] = [];
  const log = () => lines.join('');
  let lastError: unknown;
  // The free port can be taken between probing and binding: retry a few times.
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const authBlock = opts.auth ? `auth:\n  htpasswd:\n    realm: berth-test\n    path: ${path.join(dir, 'htpasswd')}\n` : '';
    if (opts.auth) {
      const hash = bcrypt.hashSync(opts.auth.password, 5);
      await writeFile(path.join(dir, 'htpasswd'), `${opts.auth.username}:${hash}\n`);
    }
    const config = `version: 0.1
log:
  level: warn
  accesslog:
    disabled: true
storage:
  filesystem:
    rootdirectory: ${path.join(dir, 'data')}
  delete:
    enabled: true
http:
  addr: 127.0.0.1:${port}
${authBlock}`;
    const configFile = path.join(dir, 'config.yml');
    await writeFile(configFile, config);
    const child = spawn(REGISTRY_BINARY, ['serve', configFile], { stdio: ['ignore', 'ignore', 'pipe'] });
    child.stderr?.on('data', (d: Buffer) => {
      lines.push(d.toString());
      if (lines.length > 200) lines.shift();
    });
    try {
      await waitForRegistry(port, child, 15_000, log);
    } catch (e) {
      lastError = e;
      child.kill('SIGKILL');
      continue;
    }
    const teardown = async (): Promise<void> => {
      await stopChild(child, 3000);
      await rm(dir, { recursive: true, force: true }).catch(() => undefined);
    };
    return { address: `127.0.0.1:${port}`, port, dir, log, teardown };
  }
  await rm(dir, { recursive: true, force: true }).catch(() => undefined);
  throw lastError instanceof Error ? lastError : new Error('docker-registry did not start');
}
