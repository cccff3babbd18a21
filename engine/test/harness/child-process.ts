/**
 * Process plumbing the harnesses share: stopping a service they spawned,
 * asking a unix socket for `/_ping`, and unmounting what a storage driver
 * left under a test folder.
 */
import { execFile, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import http from 'node:http';

/** SIGTERM, then SIGKILL if it has not exited within `graceMs`; resolves once it has exited. */
export async function stopChild(child: ChildProcess, graceMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  await new Promise<void>((resolve) => {
    const t = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(t);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** `GET /_ping` on a unix socket: ok on 200, else why not (the socket error, if there was one). */
export function pingSocket(socketPath: string): Promise<{ ok: boolean; error?: string }> {
  return new Promise((resolve) => {
    const req = http.get({ socketPath, path: '/_ping', timeout: 1000 }, (res) => {
      res.resume();
      resolve({ ok: res.statusCode === 200 });
    });
    req.on('error', (e) => resolve({ ok: false, error: e.message }));
  });
}

/** Storage drivers (and dockerd's exec root) leave mounts behind if a test dies: unmount anything under dir, deepest first. */
export async function unmountUnder(dir: string): Promise<void> {
  const mounts = await readFile('/proc/self/mounts', 'utf8').catch(() => '');
  const targets = mounts
    .split('\n')
    .map((l) => l.split(' ')[1] ?? '')
    .filter((m) => m.startsWith(dir + '/'))
    .sort((a, b) => b.length - a.length);
  for (const t of targets) await new Promise((r) => execFile('umount', ['-l', t], () => r(undefined)));
}
