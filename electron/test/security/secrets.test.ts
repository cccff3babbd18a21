// Registry passwords never leak. A real local registry with htpasswd auth; a
// canary password that is wrong and one that is right, used in pushes and
// pulls through the real bridge. Neither may appear in: what the app core
// logs, anything printed to stdout/stderr in this process, any frame the
// bridge sends to the client (errors included), the JSON of an inspect of the
// image, a container made from it or the engine's info, nor in a thrown
// engine error's JSON, stack, inspect() or cause. Base64 forms count too.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { inspect } from 'node:util';
import { startPodman, TEST_IMAGE, type PodmanHarness } from '../../../engine/test/harness/podman-harness.js';
import { startRegistry, type RegistryHarness } from '../../../engine/test/harness/registry-harness.js';
import { encodeRegistryAuth } from '../../../engine/src/api/images.js';
import { connectEngine } from '../../../engine/src/client.js';
import { startBridgeRig, type BridgeClient, type BridgeRig } from './support/bridge-rig.js';

const GOOD = `canary-good-${randomBytes(9).toString('hex')}`;
const BAD = `canary-bad-${randomBytes(9).toString('hex')}`;
const USER = 'berth';

let reg: RegistryHarness;
let h: PodmanHarness;
let rig: BridgeRig;
let c: BridgeClient;
const printed: string[] = [];
const restore: (() => void)[] = [];

/** Every form a password could leak in. */
function forms(secret: string): string[] {
  const out = [secret, Buffer.from(secret).toString('base64'), Buffer.from(secret).toString('base64url')];
  for (const addr of [reg.address, `http://${reg.address}`, undefined]) {
    out.push(encodeRegistryAuth({ username: USER, password: secret, ...(addr ? { serverAddress: addr } : {}) }, reg.address));
  }
  // Base64 of the password at any alignment inside a longer blob: the 3-byte-aligned middle part.
  for (let shift = 0; shift < 3; shift++)
    out.push(
      Buffer.from(`${'x'.repeat(shift)}${secret}`)
        .toString('base64')
        .slice(4, -4),
    );
  return out;
}

function assertClean(where: string, text: string): void {
  for (const secret of [GOOD, BAD]) {
    for (const f of forms(secret)) assert.equal(text.includes(f), false, `${where} contains the password (as ${f === secret ? 'text' : 'base64'})`);
  }
}

before(async () => {
  // Capture everything this process prints from here on (the app core runs in it).
  for (const stream of [process.stdout, process.stderr]) {
    const write = stream.write.bind(stream);
    stream.write = ((chunk: unknown, ...rest: unknown[]) => {
      printed.push(String(chunk));
      return (write as (...a: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof stream.write;
    restore.push(() => (stream.write = write));
  }
  reg = await startRegistry({ auth: { username: USER, password: GOOD } });
  h = await startPodman({ insecureRegistries: [reg.address] });
  rig = await startBridgeRig(h.url);
  c = await rig.connect();
});

after(async () => {
  for (const r of restore) r();
  await rig?.stop();
  await h?.teardown();
  await reg?.teardown();
});

const finished = (d: unknown[]) => d.some((e) => ['done', 'error'].includes((e as { kind: string }).kind));
const outcome = (d: unknown[]) => d.find((e) => ['done', 'error'].includes((e as { kind: string }).kind)) as { kind: string; error?: { kind: string; message: string; hint: string } } | undefined;

test('a wrong password: push and pull fail with a clear "unauthorized" error that does not carry it', async () => {
  const dest = `${reg.address}/berth/secret:1`;
  const push = await c.subscribe('images.push', { reference: TEST_IMAGE, destination: dest, tlsVerify: false, auth: { username: USER, password: BAD, serverAddress: reg.address } }, finished, 60_000);
  const pe = outcome(push.data);
  assert.equal(pe?.kind, 'error', JSON.stringify(push));
  assert.equal(pe?.error?.kind, 'unauthorized', JSON.stringify(pe));
  const pull = await c.subscribe('images.pull', { reference: dest, tlsVerify: false, auth: { username: USER, password: BAD } }, finished, 60_000);
  const le = outcome(pull.data);
  assert.equal(le?.kind, 'error');
  assert.ok(['unauthorized', 'image-unknown'].includes(le!.error!.kind), JSON.stringify(le));
  // A login-style check of the credentials, if the contract offers one, is covered by the same frame grep below.
});

test('the right password: push and pull succeed; the image, a container from it and the engine info hold no password', async () => {
  const dest = `${reg.address}/berth/secret:1`;
  const push = await c.subscribe('images.push', { reference: TEST_IMAGE, destination: dest, tlsVerify: false, auth: { username: USER, password: GOOD, serverAddress: reg.address } }, finished, 60_000);
  assert.equal(outcome(push.data)?.kind, 'done', JSON.stringify(push).slice(0, 500));
  await h.podman(['rmi', '-f', dest]).catch(() => undefined);
  const pull = await c.subscribe('images.pull', { reference: dest, tlsVerify: false, auth: { username: USER, password: GOOD } }, finished, 60_000);
  assert.equal(outcome(pull.data)?.kind, 'done', JSON.stringify(pull).slice(0, 500));
  const created = await c.call('mutation', 'containers.create', { image: dest, name: 'from-private', command: ['true'], start: false });
  assert.ok(created.result, JSON.stringify(created.error));
  const views = [
    ['images.inspect', await c.call('query', 'images.inspect', { id: dest })],
    ['images.history', await c.call('query', 'images.history', { id: dest })],
    ['containers.inspect', await c.call('query', 'containers.inspect', { id: 'from-private' })],
    ['system.info', await c.call('query', 'system.info', {})],
  ] as const;
  for (const [name, r] of views) {
    assert.ok(r.result, `${name}: ${JSON.stringify(r.error)}`);
    assertClean(`the JSON of ${name}`, JSON.stringify(r));
  }
  const live = await c.subscribe('live.images', undefined, (d) => d.length >= 1, 10_000);
  assertClean('the live image list', JSON.stringify(live));
  // Berth never stores credentials: the engine's auth file is as the harness wrote it.
  assertClean("the engine's auth file", readFileSync(h.env.REGISTRY_AUTH_FILE!, 'utf8'));
  assertClean('podman inspect', await h.podman(['image', 'inspect', dest]));
});

test('a thrown engine error (wrong password) carries no password in its JSON, stack, inspect() or cause', async () => {
  const client = await connectEngine({ address: h.url });
  try {
    const errors: unknown[] = [];
    for (const run of [
      async () => {
        const task = client.images.pull(`${reg.address}/berth/secret:1`, { tlsVerify: false, credentials: { username: USER, password: BAD, serverAddress: reg.address } });
        for await (const _ of task) void _;
        await task.result();
      },
      async () => {
        const task = client.images.push(TEST_IMAGE, { tlsVerify: false, destination: `${reg.address}/berth/other:1`, credentials: { username: USER, password: BAD, serverAddress: reg.address } });
        for await (const _ of task) void _;
        await task.result();
      },
      async () => {
        const task = client.images.pull(`${reg.address}/berth/does-not-exist:1`, { tlsVerify: false, credentials: { username: USER, password: GOOD, serverAddress: reg.address } });
        for await (const _ of task) void _;
        await task.result();
      },
    ]) {
      try {
        await run();
        assert.fail('expected a failure');
      } catch (e) {
        errors.push(e);
      }
    }
    for (const e of errors) {
      const err = e as Error & { cause?: unknown; kind?: string };
      assert.equal(err.name, 'EngineError', String(e));
      assertClean('the error JSON', JSON.stringify(err));
      assertClean('the error stack', String(err.stack));
      assertClean('util.inspect of the error', inspect(err, { depth: 20, showHidden: true }));
      assertClean('the error cause', inspect(err.cause, { depth: 20, showHidden: true }));
      assertClean('the error message', err.message);
    }
  } finally {
    client.close();
  }
});

test('nothing the app printed, logged or sent over the bridge holds a password', () => {
  // The check can fail: it sees the password as text and inside an X-Registry-Auth header.
  assert.throws(() => assertClean('control', `x ${GOOD} y`));
  assert.throws(() => assertClean('control', `X-Registry-Auth: ${encodeRegistryAuth({ username: USER, password: BAD }, reg.address)}`));
  assert.throws(() => assertClean('control', Buffer.from(`{"password":"${GOOD}"}`).toString('base64')));
  assert.ok(c.frames.length > 5, 'frames were captured');
  assertClean('a bridge frame to the client', c.frames.join('\n'));
  assertClean('the app core log', rig.logs.join('\n'));
  assertClean("this process's stdout/stderr", printed.join(''));
  // The registry did see the attempts (so the checks above looked at real traffic).
  assert.match(reg.log(), /401|unauthorized|authentication/i);
  console.log(`secrets: ${c.frames.length} bridge frames, ${rig.logs.length} log lines, ${printed.length} printed chunks checked; no password in text or base64 form`);
});
