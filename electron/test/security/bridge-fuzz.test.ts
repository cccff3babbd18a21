// The bridge under fuzz: more than 10,000 random and malformed messages through
// the REAL bridge server (app core on an isolated Podman, serve's HTTP server,
// tRPC's WebSocket handler) from real WebSocket clients with the session
// cookie. Wrong types, missing fields, multi-MB strings, 10,000-deep nesting,
// prototype-pollution keys, unknown and wrong-type procedures, invalid JSON,
// binary frames, broken envelopes, subscriptions with bad inputs, ids with
// `../` and NUL bytes. Every message must get an error (or close the
// connection, which is counted and reconnected), no BridgeServices method may
// be called for any of them (counted by a spy around the services the handler
// uses), Object.prototype stays clean, and a normal call still works at the end.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startPodman, TEST_IMAGE, type PodmanHarness } from '../../../engine/test/harness/podman-harness.js';
import { appRouter } from '../../contract/router.js';
import { BridgeClient, startBridgeRig, type BridgeRig, type Reply } from './support/bridge-rig.js';

let h: PodmanHarness;
let rig: BridgeRig;

before(async () => {
  h = await startPodman();
  await h.podman(['create', '--name', 'fuzz-target', '--label', 'keep=1', TEST_IMAGE, 'sleep', '600']);
  await h.podman(['volume', 'create', 'fuzz-volume']);
  rig = await startBridgeRig(h.url);
});

after(async () => {
  await rig?.stop();
  await h?.teardown();
});

// ---------- a small seeded PRNG, so a failure can be replayed ----------
const SEED = Number(process.env.BERTH_FUZZ_SEED ?? Date.now() % 2 ** 31);
let state = SEED || 1;
const rand = () => {
  state ^= state << 13;
  state ^= state >>> 17;
  state ^= state << 5;
  return ((state >>> 0) % 1_000_000) / 1_000_000;
};
const int = (n: number) => Math.floor(rand() * n);
const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!;

// ---------- the contract, as the server sees it ----------
type Proc = { _def: { type: 'query' | 'mutation' | 'subscription'; inputs: { safeParse(v: unknown): { success: boolean } }[] } };
const PROCS = (appRouter as unknown as { _def: { procedures: Record<string, Proc> } })._def.procedures;
const PATHS = Object.keys(PROCS);
const WITH_INPUT = PATHS.filter((p) => PROCS[p]!._def.inputs.length > 0);

/** Would the server run this message's resolver? (the same parsers the router uses, plus tRPC's own envelope rules) */
function wouldCallService(raw: string): boolean {
  let msg: unknown;
  try {
    msg = JSON.parse(raw);
  } catch {
    return false;
  }
  const msgs = Array.isArray(msg) ? msg : [msg];
  return msgs.some((m) => {
    if (!m || typeof m !== 'object') return false;
    const { id, method, params, jsonrpc } = m as Record<string, unknown>;
    if (id === null || id === undefined || (typeof id !== 'string' && typeof id !== 'number')) return false;
    if (jsonrpc !== undefined && jsonrpc !== '2.0') return false;
    if (!params || typeof params !== 'object') return false;
    const { path, input, lastEventId } = params as Record<string, unknown>;
    if (typeof path !== 'string' || !Object.hasOwn(PROCS, path)) return false;
    const proc = PROCS[path]!;
    if (proc._def.type !== method) return false;
    if (lastEventId !== undefined && typeof lastEventId !== 'string') return false;
    let effective = input;
    if (lastEventId !== undefined) effective = input && typeof input === 'object' && !Array.isArray(input) ? { ...(input as object), lastEventId } : (input ?? { lastEventId });
    return proc._def.inputs.every((p) => p.safeParse(effective).success);
  });
}

// ---------- hostile values ----------
const DEEP = 10_000;
const deepObject = '{"a":'.repeat(DEEP) + '1' + '}'.repeat(DEEP);
const deepArray = '['.repeat(DEEP) + ']'.repeat(DEEP);
const MB = 1024 * 1024;
const STRINGS = [
  '',
  ' ',
  '../../../etc/passwd',
  '..%2F..%2Fetc%2Fpasswd',
  'fuzz-target\0',
  '\0',
  'a\0b',
  '$(touch /tmp/berth-fuzz-canary)',
  '`id`',
  "'; DROP TABLE x; --",
  '\u202e\u0000\ud800',
  '\ud83d\ude00'.repeat(200),
  '%00',
  '__proto__',
  'constructor',
  'x'.repeat(257),
  'x'.repeat(70_000),
  'UPPER/Case:Bad',
  'a b',
  '-rf',
  'name;rm -rf /',
  'http://evil.example/',
];
const VALUES: (() => unknown)[] = [
  () => pick(STRINGS),
  () => int(2 ** 31) * (rand() < 0.5 ? -1 : 1),
  () => rand() * 1e308,
  () => -0.5,
  () => 2 ** 60,
  () => null,
  () => true,
  () => false,
  () => [],
  () => [pick(STRINGS), int(10)],
  () => ({}),
  () => ({ __proto__: null, toString: 'x' }),
  () => Array.from({ length: 1001 }, () => 'a'),
  () => ({ nested: { deeper: { deepest: [1, 2, { x: pick(STRINGS) }] } } }),
];
const KEYS = [
  'id',
  'ids',
  'engine',
  'name',
  'image',
  'command',
  'env',
  'labels',
  'ports',
  'mounts',
  'session',
  'data',
  'cols',
  'rows',
  'yaml',
  'address',
  'kind',
  'reference',
  'contextDir',
  'target',
  'action',
  'force',
  'timeout',
  'signal',
  'follow',
  'tail',
  'auth',
  'enabled',
  'memoryLimit',
  'shell',
  'since',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'valueOf',
  'hasOwnProperty',
  'id\u0000',
  '',
  'ID',
  'lastEventId',
];

/** Near-valid inputs to corrupt one field of. */
const EXAMPLES: Record<string, Record<string, unknown>> = {
  'containers.inspect': { id: 'fuzz-target' },
  'containers.start': { id: 'fuzz-target' },
  'containers.stop': { id: 'fuzz-target', timeout: 1 },
  'containers.kill': { id: 'fuzz-target', signal: 'SIGKILL' },
  'containers.remove': { id: 'fuzz-target', force: true },
  'containers.rename': { id: 'fuzz-target', name: 'renamed' },
  'containers.bulk': { ids: ['fuzz-target'], action: 'remove', force: true },
  'containers.create': { image: 'localhost/berth-test:latest', name: 'fuzzed', command: ['true'], start: false },
  'containers.logs': { id: 'fuzz-target', follow: false },
  'containers.stats': { ids: ['fuzz-target'] },
  'terminal.open': { id: 'fuzz-target', cols: 80, rows: 24 },
  'terminal.input': { session: 'abcdefgh-1234', data: 'ls\n' },
  'terminal.resize': { session: 'abcdefgh-1234', cols: 80, rows: 24 },
  'images.remove': { id: 'localhost/berth-test:latest', force: true },
  'images.pull': { reference: 'localhost/none:1', tlsVerify: false },
  'images.push': { reference: 'localhost/berth-test:latest', destination: 'localhost/x:1' },
  'images.build': { contextDir: '/tmp', tag: 'localhost/fuzz:1' },
  'images.tag': { id: 'localhost/berth-test:latest', target: 'localhost/fuzz:2' },
  'volumes.remove': { id: 'fuzz-volume', force: true },
  'volumes.create': { name: 'fuzzvol' },
  'networks.create': { name: 'fuzznet', subnet: '10.99.0.0/24' },
  'pods.create': { name: 'fuzzpod' },
  'pods.action': { id: 'fuzzpod', action: 'stop' },
  'kube.play': { yaml: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n' },
  'engines.add': { address: 'unix:///tmp/x.sock' },
  'engines.remove': { id: 'x' },
  'machines.create': { name: 'm1' },
  'live.resync': { kind: 'containers' },
};

function corruptedInput(path: string): unknown {
  const example = EXAMPLES[path];
  const r = rand();
  if (example && r < 0.45) {
    const copy: Record<string, unknown> = { ...example };
    const keys = Object.keys(copy);
    const mode = int(5);
    if (mode === 0)
      copy[pick(keys)] = pick(VALUES)(); // wrong type or value
    else if (mode === 1)
      delete copy[pick(keys)]; // missing field
    else if (mode === 2)
      copy[pick(KEYS)] = pick(VALUES)(); // unknown or swapped key
    else if (mode === 3) return JSON.parse(`{"__proto__":{"polluted":"yes"},${JSON.stringify(copy).slice(1)}`);
    else copy['constructor'] = { prototype: { polluted: 'yes' } };
    return copy;
  }
  if (r < 0.7) {
    const o: Record<string, unknown> = {};
    for (let i = 0, n = 1 + int(4); i < n; i++) o[pick(KEYS)] = pick(VALUES)();
    return o;
  }
  return pick(VALUES)();
}

/** A JSON-safe stringify that keeps own `__proto__` keys (as JSON.parse made them). */
const enc = (v: unknown) => JSON.stringify(v);

type Expect = 'error' | 'none';
interface Msg {
  data: string | Buffer;
  binary?: boolean;
  kind: string;
  expect: Expect;
}

let nextId = 1;
function message(): Msg {
  const r = rand();
  const id = nextId++;
  // 1. invalid JSON
  if (r < 0.08) {
    const bad = pick([
      '{',
      '[1,2',
      '{"id":1,"method":"query",}',
      'undefined',
      'NaN',
      "{'id':1}",
      '\u0000',
      '{"id":1,"method":"query","params":{"path":"containers.inspect","input":{"id":"x"}}',
      '\ufeff{"id":1}',
      String.fromCharCode(...Array.from({ length: 64 }, () => 1 + int(126))),
      '{"id":1e999999}',
      '["a",]',
    ]);
    return { data: bad, kind: 'invalid JSON', expect: 'error' };
  }
  // 2. binary frames
  if (r < 0.12) {
    const valid = enc({ id, method: 'query', params: { path: 'containers.inspect', input: { id: 'fuzz-target' } } });
    return { data: rand() < 0.5 ? Buffer.from(valid) : Buffer.from(Array.from({ length: 1 + int(512) }, () => int(256))), binary: true, kind: 'binary frame', expect: 'error' };
  }
  // 3. envelopes of the wrong shape
  if (r < 0.22) {
    const p = pick(WITH_INPUT);
    const good = { id, method: PROCS[p]!._def.type, params: { path: p, input: EXAMPLES[p] ?? {} } };
    const variants: unknown[] = [
      42,
      '"just a string"',
      null,
      true,
      [1, 2, 3],
      [null],
      {},
      { ...good, id: undefined },
      { ...good, id: null },
      { ...good, id: { x: 1 } },
      { ...good, id: [1] },
      { ...good, id: true },
      { ...good, jsonrpc: '1.0' },
      { ...good, jsonrpc: 2 },
      { ...good, method: pick(['QUERY', 'delete', '', 'subscription.start', 'call', null, 7]) },
      { ...good, method: undefined },
      { ...good, params: undefined },
      { ...good, params: 'params' },
      { ...good, params: [p, {}] },
      { ...good, params: { ...good.params, path: pick([7, null, ['containers', 'remove'], { p }, true]) } },
      { ...good, params: { ...good.params, path: undefined } },
      { ...good, params: { ...good.params, lastEventId: pick([1, {}, [], true]) } },
      { ...good, params: { ...good.params, lastEventId: 'evt-1' } }, // merged into a strict input: refused
    ];
    const v = pick(variants);
    const data = typeof v === 'string' ? v : enc(v);
    return { data, kind: 'bad envelope', expect: 'error' };
  }
  // 4. unknown procedures
  if (r < 0.3) {
    const path = pick([
      'containers.nope',
      '__proto__',
      'constructor',
      'containers.__proto__',
      'containers.constructor',
      'toString',
      'hasOwnProperty',
      '../containers.remove',
      'containers/remove',
      'containers..remove',
      '',
      '.',
      'containers.remove\u0000',
      'containers.remove ',
      'Containers.Remove',
      'x'.repeat(5000),
      'app',
      'containers',
      'engines.add.x',
      'containers.remove.__proto__',
    ]);
    return { data: enc({ id, method: pick(['query', 'mutation', 'subscription']), params: { path, input: { id: 'fuzz-target', force: true } } }), kind: 'unknown procedure', expect: 'error' };
  }
  // 5. the wrong procedure type (a mutation sent as a query, and so on)
  if (r < 0.38) {
    const p = pick(PATHS);
    const type = PROCS[p]!._def.type;
    const method = pick((['query', 'mutation', 'subscription'] as const).filter((t) => t !== type));
    return { data: enc({ id, method, params: { path: p, input: EXAMPLES[p] } }), kind: 'wrong procedure type', expect: 'error' };
  }
  // 6. deep nesting
  if (r < 0.385) {
    const p = pick(WITH_INPUT);
    const inner = rand() < 0.5 ? deepObject : deepArray;
    const where = int(3);
    const data =
      where === 0
        ? `{"id":${id},"method":"${PROCS[p]!._def.type}","params":{"path":"${p}","input":${inner}}}`
        : where === 1
          ? `{"id":${id},"method":"${PROCS[p]!._def.type}","params":{"path":"${p}","input":{"id":${inner}}}}`
          : inner;
    return { data, kind: 'deep nesting', expect: 'error' };
  }
  // 7. huge strings (MBs): under serve's 4 MiB frame limit they are validated; over it the socket closes
  if (r < 0.3875) {
    const p = pick(['containers.inspect', 'containers.remove', 'kube.play', 'terminal.input', 'containers.create', 'images.pull']);
    const size = rand() < 0.85 ? MB + int(2.5 * MB) : 5 * MB;
    const huge = 'A'.repeat(size);
    const input =
      p === 'kube.play'
        ? { yaml: huge }
        : p === 'terminal.input'
          ? { session: 'abcdefgh-1234', data: huge }
          : p === 'containers.create'
            ? { image: 'localhost/berth-test:latest', env: { A: huge, B: huge } }
            : p === 'images.pull'
              ? { reference: huge }
              : { id: huge };
    return { data: enc({ id, method: PROCS[p]!._def.type, params: { path: p, input } }), kind: size > 4 * MB ? 'huge frame (over the limit)' : 'huge string', expect: 'error' };
  }
  // 8. batches of bad calls (tRPC accepts an array of messages)
  if (r < 0.4) {
    const p = pick(WITH_INPUT);
    return { data: enc([{ id, method: PROCS[p]!._def.type, params: { path: p, input: 42 } }]), kind: 'batch', expect: 'error' };
  }
  // 9. stop for a subscription that does not exist: tRPC answers nothing (by design); it must not break anything
  if (r < 0.405) return { data: enc({ id: pick([id, 'nope', -1]), method: 'subscription.stop' }), kind: 'stray subscription.stop', expect: 'none' };
  // 10. the bulk: invalid inputs for real procedures (subscriptions included), with pollution keys, NUL, ../
  const p = pick(WITH_INPUT);
  const input = corruptedInput(p);
  return { data: enc({ id, method: PROCS[p]!._def.type, params: { path: p, input } }), kind: PROCS[p]!._def.type === 'subscription' ? 'subscription with bad input' : 'bad input', expect: 'error' };
}

test('10,000+ malformed messages: each refused, none reaches a service, the process stays up', { timeout: 150_000 }, async () => {
  const TOTAL = Number(process.env.BERTH_FUZZ_COUNT ?? 10_400);
  const WORKERS = 4;
  const protoBefore = Object.getOwnPropertyNames(Object.prototype).join();
  const arrayProtoBefore = Object.getOwnPropertyNames(Array.prototype).join();
  const callsBefore = rig.spy.total();
  const logsBefore = rig.logs.length;
  const psBefore = await h.podman(['ps', '-a', '--format', '{{.ID}} {{.Names}} {{.Status}}']);
  const counts = { sent: 0, errorReplies: 0, closedConnections: 0, noReplyExpected: 0, regeneratedValid: 0, validationErrors: 0, parseErrors: 0, notFound: 0 };
  const byKind = new Map<string, number>();
  const closedBy = new Map<string, number>();
  const failures: string[] = [];
  let produced = 0;
  const started = Date.now();

  const nextMessage = (): Msg | undefined => {
    if (produced >= TOTAL) return undefined;
    for (;;) {
      const m = message();
      // A random mutation can land on a valid input; those are not fuzz, skip them (and count).
      if (typeof m.data === 'string' && wouldCallService(m.data)) {
        counts.regeneratedValid++;
        continue;
      }
      produced++;
      return m;
    }
  };

  await Promise.all(
    Array.from({ length: WORKERS }, async () => {
      let client: BridgeClient = await rig.connect();
      for (let m = nextMessage(); m; m = nextMessage()) {
        if (client.closed) client = await rig.connect();
        byKind.set(m.kind, (byKind.get(m.kind) ?? 0) + 1);
        counts.sent++;
        if (m.expect === 'none') {
          client.sendRaw(m.data, m.binary);
          counts.noReplyExpected++;
          continue;
        }
        const reply = client.next(() => true, 15_000);
        client.sendRaw(m.data, m.binary);
        const r = await reply;
        if (r === 'closed') {
          counts.closedConnections++;
          closedBy.set(`${m.kind} (code ${client.closeCode})`, (closedBy.get(`${m.kind} (code ${client.closeCode})`) ?? 0) + 1);
          continue;
        }
        if (r === 'timeout') {
          failures.push(`${m.kind}: no reply to ${String(m.data).slice(0, 160)}`);
          continue;
        }
        const rep = r as Reply;
        if (!rep.error) {
          failures.push(`${m.kind}: not an error: ${JSON.stringify(rep).slice(0, 200)} for ${String(m.data).slice(0, 160)}`);
          continue;
        }
        counts.errorReplies++;
        const code = rep.error.data?.code;
        if (code === 'BAD_REQUEST') counts.validationErrors++;
        else if (code === 'PARSE_ERROR') counts.parseErrors++;
        else if (code === 'NOT_FOUND') counts.notFound++;
        assert.equal(typeof rep.error.message, 'string');
        assert.equal(JSON.stringify(rep).includes('"stack"'), false, 'no stack reaches the client');
        if (rep.error.data?.engine) failures.push(`${m.kind}: reached the engine: ${JSON.stringify(rep.error).slice(0, 200)}`);
      }
      client.close();
    }),
  );

  const elapsed = Date.now() - started;
  console.log(`bridge fuzz (seed ${SEED}): ${counts.sent} messages in ${elapsed} ms over ${WORKERS} connections`);
  console.log(
    `  ${counts.errorReplies} error replies (${counts.validationErrors} validation, ${counts.parseErrors} parse, ${counts.notFound} unknown procedure/type, ${counts.errorReplies - counts.validationErrors - counts.parseErrors - counts.notFound} other)`,
  );
  console.log(
    `  ${counts.closedConnections} closed the connection (frames over the 4 MiB limit) and were reconnected (${[...closedBy].map(([k, n]) => `${k}: ${n}`).join(', ')}); ${counts.noReplyExpected} stray subscription.stop (no reply by design)`,
  );
  console.log(`  ${counts.regeneratedValid} generated inputs happened to be valid and were replaced, not sent`);
  console.log(`  by kind: ${[...byKind].map(([k, n]) => `${k} ${n}`).join(', ')}`);
  console.log(
    `  service calls during the fuzz: ${rig.spy.total() - callsBefore}; app core log lines: ${rig.logs.length - logsBefore}${rig.logs.length > logsBefore ? ` (first: ${JSON.stringify(rig.logs[logsBefore]!.slice(0, 160))})` : ''}`,
  );

  assert.ok(counts.sent >= 10_000 || process.env.BERTH_FUZZ_COUNT, `at least 10,000 messages (${counts.sent})`);
  assert.deepEqual(failures.slice(0, 20), [], `${failures.length} messages were not refused properly`);
  assert.equal(counts.errorReplies + counts.closedConnections + counts.noReplyExpected, counts.sent, 'every message was answered with an error or closed its connection');
  assert.equal(rig.spy.total() - callsBefore, 0, `no service was called: ${JSON.stringify([...rig.spy.calls])}`);
  assert.equal(Object.getOwnPropertyNames(Object.prototype).join(), protoBefore, 'Object.prototype has no new keys');
  assert.equal(Object.getOwnPropertyNames(Array.prototype).join(), arrayProtoBefore, 'Array.prototype has no new keys');
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
  assert.equal((Object.prototype as Record<string, unknown>).polluted, undefined);

  // The process is up, the bridge works, and nothing changed in the engine.
  const c = await rig.connect();
  const ok = await c.call('query', 'containers.inspect', { id: 'fuzz-target' });
  assert.equal((ok.result?.data as { Name?: string } | undefined)?.Name, 'fuzz-target', 'a normal call still works');
  assert.equal(rig.spy.calls.get('containers.inspect'), 1, 'and the spy does count real calls');
  assert.equal(await h.podman(['ps', '-a', '--format', '{{.ID}} {{.Names}} {{.Status}}']), psBefore, 'no container changed');
  assert.match(await h.podman(['volume', 'ls', '--format', '{{.Name}}']), /fuzz-volume/);
  assert.match(await h.podman(['images', '--format', '{{.Repository}}:{{.Tag}}']), /berth-test:latest/);
  c.close();
});

test('schema-valid but hostile ids (../, NUL, encoded slashes) reach the engine only as data', async () => {
  const c = await rig.connect();
  const before = await h.podman(['ps', '-a', '--format', '{{.Names}}']);
  for (const id of [
    '../fuzz-target',
    '../../containers/fuzz-target',
    'fuzz-target/../fuzz-target',
    '..%2Ffuzz-target',
    'fuzz-target%00',
    'fuzz-target\0',
    'fuzz-target\0/../x',
    'json?all=true',
    'fuzz-target#x',
    '.',
    '..',
    '%2e%2e',
  ]) {
    for (const [method, path, input] of [
      ['mutation', 'containers.remove', { id, force: true }],
      ['mutation', 'containers.stop', { id, timeout: 0 }],
      ['mutation', 'volumes.remove', { id: id.replace('fuzz-target', 'fuzz-volume'), force: true }],
      ['query', 'containers.inspect', { id }],
    ] as const) {
      const r = await c.call(method, path, input);
      assert.ok(r.error, `${path}(${JSON.stringify(id)}) is an error, not a success: ${JSON.stringify(r).slice(0, 200)}`);
      assert.ok(
        r.error.data?.engine?.kind === 'not-found' || r.error.data?.code === 'BAD_REQUEST' || r.error.data?.engine?.kind === 'invalid-argument',
        `${path}(${JSON.stringify(id)}): ${JSON.stringify(r.error).slice(0, 300)}`,
      );
    }
  }
  assert.equal(await h.podman(['ps', '-a', '--format', '{{.Names}}']), before, 'fuzz-target is still there');
  assert.match(await h.podman(['volume', 'ls', '--format', '{{.Name}}']), /fuzz-volume/);
  c.close();
});
