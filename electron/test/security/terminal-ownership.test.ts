// A terminal session belongs to the bridge connection that opened it: another
// connection (another tab, another browser) cannot type into it, read it,
// resize or close it — to it the session does not exist — and the session
// ends when its connection closes, or when nobody subscribes to it in time.
// Real serve + bridge on an isolated Podman; the shell's process in the
// container is the witness (podman top).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { connectEngine, type EngineClient } from '../../../engine/src/client.js';
import { startPodman, TEST_IMAGE, type PodmanHarness } from '../../../engine/test/harness/podman-harness.js';
import { TerminalSessions } from '../../main/services/terminal-service.js';
import { startBridgeRig, type BridgeRig } from './support/bridge-rig.js';

let h: PodmanHarness;
let rig: BridgeRig;
let client: EngineClient;

before(async () => {
  h = await startPodman();
  await h.podman(['run', '-d', '--name', 'tty-owner', TEST_IMAGE, 'sleep', '3600']);
  rig = await startBridgeRig(h.url);
  client = await connectEngine({ address: h.url });
});
after(async () => {
  client?.close();
  await rig?.stop();
  await h?.teardown();
});

/** How many shells run in the container besides its own `sleep` (each terminal session is one). */
async function shells(): Promise<number> {
  const out = await h.podman(['top', 'tty-owner', 'pid', 'args']);
  return out.split('\n').filter((l) => /\bsh\b/.test(l) && !/sleep/.test(l)).length;
}

async function eventually(f: () => Promise<boolean>, what: string, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await f()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail(`${what} (after ${ms} ms)`);
}

const kindOf = (r: { error?: { data?: { engine?: { kind?: string } } } }) => r.error?.data?.engine?.kind;

test('another connection cannot type into, read, resize or close a session; it is as if it did not exist', async () => {
  const a = await rig.connect();
  const b = await rig.connect();
  const opened = await a.call('mutation', 'terminal.open', { id: 'tty-owner', cols: 80, rows: 24, shell: '/bin/sh' });
  const session = (opened.result?.data as { session: string }).session;
  assert.ok(session, JSON.stringify(opened.error));
  const ended = await b.call('mutation', 'terminal.input', { session: '00000000-0000-4000-8000-000000000000', data: 'x' });
  for (const [path, input] of [
    ['terminal.input', { session, data: 'touch /tmp/b-was-here\n' }],
    ['terminal.resize', { session, cols: 10, rows: 5 }],
  ] as const) {
    const r = await b.call('mutation', path, input);
    assert.equal(kindOf(r), 'not-found', `${path} from another connection: ${JSON.stringify(r)}`);
    assert.equal(r.error?.data?.engine?.engineMessage, ended.error?.data?.engine?.engineMessage, 'the same answer as for a session that does not exist');
  }
  const out = await b.subscribe('terminal.output', { session }, () => true, 5_000);
  assert.equal(kindOf({ error: out.error as never }), 'not-found');
  await b.call('mutation', 'terminal.close', { session });
  // The owner's session is untouched: it still types and reads.
  await a.call('mutation', 'terminal.input', { session, data: 'echo owned-$((2+3)); test -e /tmp/b-was-here && echo B-TYPED-$((1+1))\n' });
  const mine = await a.subscribe(
    'terminal.output',
    { session },
    (d) =>
      d
        .map((e) => (e as { data?: string }).data ?? '')
        .join('')
        .includes('owned-5'),
    15_000,
  );
  const text = mine.data.map((e) => (e as { data?: string }).data ?? '').join('');
  assert.match(text, /owned-5/);
  assert.doesNotMatch(text, /B-TYPED-2/);
  a.close();
  b.close();
});

test('closing the connection that opened a session ends it (its shell goes away)', async () => {
  await eventually(async () => (await shells()) === 0, 'no shells left from the first test');
  const a = await rig.connect();
  const opened = await a.call('mutation', 'terminal.open', { id: 'tty-owner', cols: 80, rows: 24, shell: '/bin/sh' });
  assert.ok(opened.result, JSON.stringify(opened.error));
  await eventually(async () => (await shells()) === 1, 'the session has its shell');
  a.close();
  await eventually(async () => (await shells()) === 0, 'the shell ended with the connection');
});

test('a session nobody subscribes to is reaped', async () => {
  await eventually(async () => (await shells()) === 0, 'no shells left');
  const sessions = new TerminalSessions(500);
  const gone = new AbortController();
  await sessions.open(client, { id: 'tty-owner', cols: 80, rows: 24, shell: '/bin/sh' }, { id: 'lonely', gone: gone.signal });
  assert.equal(sessions.size, 1);
  await eventually(async () => sessions.size === 0, 'the unclaimed session was closed', 5_000);
  await eventually(async () => (await shells()) === 0, 'and its shell ended');
});
