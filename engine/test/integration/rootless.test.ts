/**
 * Rootless is first class: a throwaway non-root user runs its own rootless
 * `podman system service` (uidmap + vfs, runc, cgroupfs, file events — this
 * machine's quirks), and Berth's engine core, running here as root, connects
 * to that user's socket: rootless reported, labelled, containers work, and
 * discovery with that user's XDG_RUNTIME_DIR / uid finds the socket first.
 */
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { mkdir, chown, readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Connection } from '../../src/connection.js';
import { discoveryCandidates } from '../../src/discovery/candidates.js';
import { discover } from '../../src/discovery/discover.js';
import { findOnPath } from '../../src/discovery/embedded-service.js';
import { pingSocket, stopChild } from '../harness/child-process.js';
import { writeBusyboxContext } from '../harness/podman-harness.js';
import { createTestUser, isRoot, pidsOfUser, type TestUser } from '../harness/test-user.js';

const IMAGE = 'localhost/berth-test:latest';
const missing = ['podman', 'newuidmap', 'newgidmap', 'useradd', 'runc'].filter((b) => !findOnPath(b, { PATH: `${process.env.PATH ?? ''}:/usr/sbin:/sbin` }));
const skip = !isRoot() ? 'needs root to create a test user' : missing.length ? `missing: ${missing.join(', ')}` : false;

async function hardLimit(label: string): Promise<number> {
  const text = await readFile('/proc/self/limits', 'utf8');
  const line = text.split('\n').find((l) => l.startsWith(label)) ?? '';
  const n = Number.parseInt(line.slice(label.length).trim().split(/\s+/)[1] ?? '', 10);
  return Number.isFinite(n) ? Math.min(n, 16_384) : 1024;
}

async function waitForSocket(socket: string, child: ChildProcess, log: string[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`rootless podman service exited (${child.exitCode}): ${log.join('')}`);
    if ((await pingSocket(socket)).ok) return;
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`rootless podman service did not answer on ${socket}: ${log.join('')}`);
}

describe('rootless Podman of a non-root user, driven by Berth', { skip, timeout: 170_000 }, () => {
  let user: TestUser;
  let service: ChildProcess | undefined;
  let socket: string;
  let conn: Connection | undefined;
  const serviceLog: string[] = [];

  before(async () => {
    user = await createTestUser();
    const nofile = await hardLimit('Max open files');
    const nproc = await hardLimit('Max processes');
    await user.writeFile(
      '.config/containers/containers.conf',
      `[containers]\ndefault_ulimits = ["nofile=${nofile}:${nofile}", "nproc=${nproc}:${nproc}"]\nlog_driver = "k8s-file"\n\n[engine]\nruntime = "runc"\ncgroup_manager = "cgroupfs"\nevents_logger = "file"\nexit_command_delay = 2\n`,
    );
    await user.writeFile('.config/containers/storage.conf', '[storage]\ndriver = "vfs"\n');
    await user.writeFile('.config/containers/registries.conf', 'unqualified-search-registries = []\n');
    // The busybox test image, built by the user into its own rootless storage.
    const ctxParent = path.join(user.home, 'build');
    await mkdir(ctxParent, { recursive: true });
    const ctx = await writeBusyboxContext(ctxParent);
    await user.own(ctxParent);
    await user.run('podman', ['build', '-q', '-t', IMAGE, ctx], { timeoutMs: 120_000 });

    const dir = path.join(user.runtimeDir, 'podman');
    await mkdir(dir, { recursive: true, mode: 0o700 });
    await chown(dir, user.uid, user.gid);
    socket = path.join(dir, 'podman.sock');
    service = user.spawn('podman', ['system', 'service', '--time=0', `unix://${socket}`], { stdio: ['ignore', 'ignore', 'pipe'] });
    service.stderr?.on('data', (d: Buffer) => {
      serviceLog.push(d.toString());
      if (serviceLog.length > 100) serviceLog.shift();
    });
    await waitForSocket(socket, service, serviceLog, 30_000);
  });

  after(async () => {
    await conn?.close();
    if (service) await stopChild(service, 5000);
    if (user) {
      await user.remove();
      assert.deepEqual(await pidsOfUser(user.uid), [], 'no process of the test user is left');
    }
  });

  test('the service runs as the user, rootless', async () => {
    const status = await readFile(`/proc/${service!.pid}/status`, 'utf8');
    assert.match(status, new RegExp(`^Uid:\\s+${user.uid}\\s`, 'm'));
  });

  test('Connection: info says rootless, the label says rootless', async () => {
    conn = await Connection.open({ address: `unix://${socket}`, source: 'rootless' });
    assert.equal(conn.info.kind, 'podman');
    assert.equal(conn.info.rootless, true);
    assert.match(conn.info.label, /^Podman 4\.\d+\.\d+ · rootless$/);
    assert.equal(conn.info.uri, `unix://${socket}`);
    const info = await conn.client.system.info();
    assert.equal(info.rootless, true);
  });

  test('containers: create, start, list, remove in the user storage', async () => {
    assert.ok(conn);
    const c = conn.client.containers;
    const name = `berth-rootless-${process.pid}`;
    const { id } = await c.create({ image: IMAGE, name, command: ['sleep', '300'] });
    await c.start(id);
    const listed = await c.list({ all: true });
    const mine = listed.find((x) => x.id === id);
    assert.ok(mine, 'listed');
    assert.equal(mine.state, 'running');
    assert.equal(mine.name, name);
    // The CLI of the same user sees it too: it really is that user's rootless storage.
    const ps = await user.run('podman', ['ps', '--format', '{{.Names}}']);
    assert.match(ps.stdout, new RegExp(name));
    await c.remove(id, { force: true });
    assert.equal(
      (await c.list({ all: true })).some((x) => x.id === id),
      false,
    );
  });

  test("discovery with the user's XDG_RUNTIME_DIR and uid finds the rootless socket first", async () => {
    const env = { XDG_RUNTIME_DIR: user.runtimeDir, HOME: user.home };
    const order = discoveryCandidates({ platform: 'linux', env, uid: user.uid }).map((c) => c.source);
    assert.ok(order.indexOf('rootless') >= 0 && order.indexOf('rootless') < order.indexOf('rootful'), order.join(' → '));
    const found = await discover({ platform: 'linux', env, uid: user.uid, embedded: false });
    assert.ok(found.ok, found.ok ? '' : found.error.message);
    assert.equal(found.source, 'rootless');
    assert.equal(found.candidate.address?.socketPath, socket);
    assert.equal((await found.client.system.info()).rootless, true);
    found.client.close();
    // Without XDG_RUNTIME_DIR the uid gives the same place (/run/user/<uid>).
    const byUid = await discover({ platform: 'linux', env: { HOME: user.home }, uid: user.uid, embedded: false });
    assert.ok(byUid.ok);
    assert.equal(byUid.source, 'rootless');
    assert.equal(byUid.candidate.address?.socketPath, socket);
    byUid.client.close();
  });
});
