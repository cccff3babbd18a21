// Exec against a real Podman 4.3: TTY sessions (echo, resize), non-TTY runs
// with demultiplexed output and exit codes, stdin, argv passed as data, and
// typed errors, on libpod and on the Docker-compatible API.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, test } from 'node:test';
import type { EngineClient } from '../../src/client.js';
import { isEngineError } from '../../src/errors.js';
import type { TtySession } from '../../src/api/exec.js';
import { TEST_IMAGE, type PodmanHarness } from '../harness/podman-harness.js';
import { podmanSuite } from '../harness/podman-suite.js';

let h: PodmanHarness;
let client: EngineClient;
let docker: EngineClient;

/** Resolve with everything the terminal printed once `re` matches it. */
function waitFor(session: TtySession, re: RegExp, timeoutMs = 30_000): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${re}; got ${JSON.stringify(text.slice(-500))}`)), timeoutMs);
    const onData = (d: Buffer) => {
      text += d.toString();
      if (re.test(text)) {
        clearTimeout(timer);
        session.output.off('data', onData);
        resolve(text);
      }
    };
    session.output.on('data', onData);
  });
}

podmanSuite(async (s) => {
  ({ h, libpod: client, docker } = s);
  await h.podman(['run', '-d', '--name', 'box', TEST_IMAGE, 'sleep', '1000']);
  await h.podman(['create', '--name', 'stopped', TEST_IMAGE, 'sleep', '1000']);
});

describe('exec', () => {
  for (const flavor of ['libpod', 'docker'] as const) {
    test(`${flavor}: a TTY exec echoes what is typed, follows a resize, and reports its exit code`, async () => {
      const c = flavor === 'libpod' ? client : docker;
      const execId = await c.exec.create('box', { cmd: ['/bin/sh'], tty: true, attachStdin: true });
      const s = await c.exec.startTty(execId, { cols: 80, rows: 24 });
      const marker = `hello-${randomUUID().slice(0, 8)}`;
      // The shell computes the marker's second half, so the match is the command's output, not the echo of our typing.
      const typed = waitFor(s, new RegExp(`${marker}-42`));
      s.write(`echo ${marker}-$((40+2))\n`);
      await typed;
      await s.resize(120, 40);
      const size = waitFor(s, /\b40 120\b/);
      s.write('stty size\n');
      await size;
      s.write('exit 7\n');
      assert.equal(await s.exit, 7);
    });

    test(`${flavor}: a non-TTY run keeps stdout and stderr apart and gives the exit code`, async () => {
      const c = flavor === 'libpod' ? client : docker;
      const r = await c.exec.runCollect('box', ['sh', '-c', 'echo a; echo b >&2; echo c; exit 3']);
      assert.deepEqual(r, { stdout: 'a\nc\n', stderr: 'b\n', exitCode: 3, truncated: false });
    });
  }

  test('run() streams large output with backpressure and a zero exit code', async () => {
    const r = await client.exec.run('box', ['seq', '1', '200000']);
    let lines = 0;
    let last = '';
    let rest = '';
    const errs: Buffer[] = [];
    r.stderr.on('data', (d: Buffer) => errs.push(d));
    for await (const chunk of r.stdout) {
      const text = rest + (chunk as Buffer).toString();
      const parts = text.split('\n');
      rest = parts.pop() ?? '';
      lines += parts.length;
      if (parts.length) last = parts.at(-1)!;
      // A slow consumer: the engine must wait, nothing is lost.
      if (lines % 50_000 < 200) await new Promise((res) => setTimeout(res, 20));
    }
    assert.equal(lines, 200_000);
    assert.equal(last, '200000');
    assert.equal(Buffer.concat(errs).length, 0);
    assert.equal(await r.exit, 0);
  });

  test('stdin is passed to the process and closed', async () => {
    const r = await client.exec.runCollect('box', ['sh', '-c', 'wc -l; cat >&2'], { stdin: 'one\ntwo\nthree\n' });
    assert.equal(r.stdout.trim(), '3');
    assert.equal(r.exitCode, 0);
  });

  test('arguments with shell metacharacters are data, not code', async () => {
    const nasty = ['$(touch /tmp/pwned)', '`id`', 'a;b', "it's", '"q"', '*', '&&', '| cat', '\n'];
    const r = await client.exec.runCollect('box', ['printf', '%s|', ...nasty]);
    assert.equal(r.stdout, nasty.map((a) => `${a}|`).join(''));
    const check = await client.exec.runCollect('box', ['test', '-e', '/tmp/pwned']);
    assert.equal(check.exitCode, 1);
    const env = await client.exec.runCollect('box', ['sh', '-c', 'printf %s "$X"'], { env: { X: '$(id) ; `id`' } });
    assert.equal(env.stdout, '$(id) ; `id`');
  });

  test('runCollect caps the output it keeps', async () => {
    const r = await client.exec.runCollect('box', ['seq', '1', '100000'], { maxBytes: 1000 });
    assert.equal(r.stdout.length, 1000);
    assert.equal(r.truncated, true);
    assert.equal(r.exitCode, 0);
  });

  test('inspect reports the session', async () => {
    const execId = await client.exec.create('box', { cmd: ['true'] });
    const info = await client.exec.inspect(execId);
    assert.equal(info.id, execId);
    assert.equal(info.running, false);
    assert.match(info.containerId, /^[0-9a-f]{64}$/);
  });

  test('exec in a stopped container is a typed container-not-running error; unknown ones are not-found', async () => {
    await assert.rejects(client.exec.runCollect('stopped', ['true']), (e) => isEngineError(e) && e.kind === 'container-not-running');
    await assert.rejects(docker.exec.runCollect('stopped', ['true']), (e) => isEngineError(e) && e.kind === 'container-not-running');
    await assert.rejects(client.exec.runCollect('nope', ['true']), (e) => isEngineError(e) && e.kind === 'not-found');
    await assert.rejects(client.exec.inspect('0123456789ab'), (e) => isEngineError(e) && e.kind === 'not-found');
  });

  test('terminal() picks sh when the image has no bash, and bash when it has one', async () => {
    const s = await client.exec.terminal('box', { cols: 100, rows: 30 });
    const out = waitFor(s, /sh-ok-7/);
    s.write('echo "$0" sh-ok-$((3+4))\n');
    assert.match(await out, /\/bin\/sh sh-ok-7/);
    s.write('exit\n');
    assert.equal(await s.exit, 0);
    // An image with bash: busybox has no bash applet, so a wrapper that marks itself stands in for it.
    await h.podman(['exec', 'box', 'sh', '-c', 'printf "#!/bin/sh\\nexport VIA=bash-wrapper\\nexec /bin/sh \\"\\$@\\"\\n" > /bin/bash && chmod +x /bin/bash']);
    const b = await client.exec.terminal('box');
    const out2 = waitFor(b, /bash-ok-9/);
    b.write('echo "$VIA" bash-ok-$((4+5))\n');
    assert.match(await out2, /bash-wrapper bash-ok-9/);
    b.close();
    await b.exit;
    await h.podman(['exec', 'box', 'rm', '/bin/bash']);
  });
});
