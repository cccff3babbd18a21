/** The podman CLI on the e2e test engine's isolated storage (argument arrays only). */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { e2eInfo } from './info.js';

export function podman(args: string[], timeoutMs = 60_000): Promise<string> {
  const info = e2eInfo();
  const dir = info.podman.dir;
  const global = ['--root', path.join(dir, 'root'), '--runroot', path.join(dir, 'run'), '--tmpdir', path.join(dir, 'tmp'), '--storage-driver', 'overlay'];
  return new Promise((resolve, reject) => {
    execFile('podman', [...global, ...args], { env: { ...process.env, ...info.podman.env }, timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`podman ${args.join(' ')}: ${stderr || err.message}`));
      else resolve(stdout);
    });
  });
}

export const TEST_IMAGE = 'localhost/berth-test:latest';

/** Names of all containers, as `podman ps -a` shows them. */
export async function containerNames(): Promise<string[]> {
  const out = await podman(['ps', '-a', '--format', '{{.Names}}']);
  return out.split('\n').filter(Boolean).sort();
}
