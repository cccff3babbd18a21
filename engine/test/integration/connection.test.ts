// A Connection against the real harness Podman: it says what it is, goes
// unreachable when the service dies and healthy when it is back, does not poll
// while healthy, and close() stops everything it owns.
import assert from 'node:assert/strict';
import { stat } from 'node:fs/promises';
import { after, before, test } from 'node:test';
import { Connection, type ConnectionHealth, type HealthState } from '../../src/connection.js';
import { discover } from '../../src/discovery/discover.js';
import type { EngineEvent } from '../../src/api/events.js';
import { isolatedStorage, type IsolatedStorage } from '../harness/isolated-storage.js';
import { startPodman, type PodmanHarness } from '../harness/podman-harness.js';

let h: PodmanHarness;
let storage: IsolatedStorage;

before(async () => {
  [h, storage] = await Promise.all([startPodman({ testImage: false }), isolatedStorage()]);
});

after(async () => {
  await h?.teardown();
  await storage?.cleanup();
});

function waitForHealth(conn: Connection, state: HealthState, timeoutMs: number): Promise<ConnectionHealth> {
  if (conn.health.state === state) return Promise.resolve(conn.health);
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => {
      conn.off('health', on);
      reject(new Error(`not ${state} within ${timeoutMs} ms (is ${conn.health.state}: ${conn.health.lastError?.message ?? ''})`));
    }, timeoutMs);
    const on = (hl: ConnectionHealth) => {
      if (hl.state !== state) return;
      clearTimeout(t);
      conn.off('health', on);
      resolve(hl);
    };
    conn.on('health', on);
  });
}

test('healthy → service stopped → unreachable within ~2 s → service back → healthy, events flow again', async () => {
  const conn = await Connection.open({ address: h.url, source: 'explicit' });
  try {
    assert.equal(conn.health.state, 'healthy');
    assert.equal(conn.info.kind, 'podman');
    assert.match(conn.info.version, /^\d+\.\d+\.\d+/);
    assert.ok(conn.info.apiVersion);
    assert.equal(conn.info.uri, h.url);
    assert.equal(conn.info.id, h.url);
    assert.equal(conn.info.source, 'explicit');
    assert.equal(conn.info.embedded, false);
    assert.equal(conn.info.rootless, process.getuid?.() !== 0);
    assert.equal(conn.info.label, `Podman ${conn.info.version} · ${conn.info.rootless ? 'rootless' : 'rootful'}`);

    // No polling while healthy: the transport sees no requests for a second.
    let calls = 0;
    const transport = conn.client.transport;
    const origRaw = transport.raw.bind(transport);
    transport.raw = (o) => {
      calls += 1;
      return origRaw(o);
    };
    await new Promise((r) => setTimeout(r, 1000));
    assert.equal(calls, 0, 'no requests while healthy');

    const t0 = Date.now();
    const down = waitForHealth(conn, 'unreachable', 3000);
    await h.stopService();
    const hl = await down;
    const downMs = Date.now() - t0;
    console.log(`# unreachable ${downMs} ms after stopService() began: ${hl.lastError?.message}`);
    assert.ok(downMs < 3000);
    assert.ok(hl.lastError);
    assert.equal(hl.lastError.socket, h.socket);

    // While unreachable the pinger runs (and keeps the error current).
    await new Promise((r) => setTimeout(r, 700));
    assert.ok(calls >= 2, `pings/reconnects while unreachable: ${calls}`);
    assert.equal(conn.health.state, 'unreachable');
    assert.equal(conn.health.since, hl.since, 'since marks the start of the outage');

    const t1 = Date.now();
    const up = waitForHealth(conn, 'healthy', 10_000);
    const resumed = new Promise((r) => conn.once('resumed', r));
    await h.startService();
    await up;
    await resumed;
    console.log(`# healthy ${Date.now() - t1} ms after startService() began`);

    const got: EngineEvent[] = [];
    const off = conn.onEvent((e) => got.push(e));
    await h.podman(['volume', 'create', 'conn-v']);
    const deadline = Date.now() + 5000;
    while (!got.some((e) => e.type === 'volume' && e.name === 'conn-v') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    off();
    assert.ok(
      got.some((e) => e.type === 'volume' && e.action === 'create' && e.id === 'conn-v'),
      'events flow after recovery',
    );
    await h.podman(['volume', 'rm', 'conn-v']);
  } finally {
    await conn.close();
  }
  assert.equal(conn.events.state, 'closed');
  assert.equal(conn.closed, true);
});

test('a connection to an embedded service says so and stops the service on close()', async () => {
  const r = await discover({
    env: { PATH: process.env.PATH },
    platform: 'linux',
    uid: 0,
    sources: ['embedded'],
    embedded: { globalArgs: storage.globalArgs, env: storage.env },
  });
  assert.equal(r.ok, true, r.ok ? '' : r.error.message);
  if (!r.ok) return;
  const svc = r.embedded!;
  const conn = await Connection.fromDiscovery(r);
  assert.equal(conn.health.state, 'healthy');
  assert.equal(conn.info.source, 'embedded');
  assert.equal(conn.info.embedded, true);
  assert.equal(conn.info.id, 'embedded');
  assert.match(conn.info.label, /^Podman \S+ · Berth's own service$/);
  assert.equal(svc.running, true);
  await conn.close();
  assert.equal(svc.running, false);
  await assert.rejects(stat(svc.socketPath), { code: 'ENOENT' });
});

test('open() on a missing socket rejects with an unreachable error naming the path', async () => {
  const missing = `${h.dir}/missing.sock`;
  await assert.rejects(Connection.open({ address: missing }), (e: Error & { kind?: string }) => e.kind === 'unreachable' && e.message.includes(missing));
});
