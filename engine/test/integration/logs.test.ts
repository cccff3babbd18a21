// Logs against a real Podman 4.3: complete (despite podman #21914), in order,
// stdout/stderr kept apart, for exited and followed containers, with
// tail/since/until/timestamps, typed errors, and an engine that dies mid-follow.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { EngineClient } from '../../src/client.js';
import { isEngineError } from '../../src/errors.js';
import type { LogFrame, LogOptions } from '../../src/api/logs.js';
import { TEST_IMAGE, type PodmanHarness } from '../harness/podman-harness.js';
import { podmanSuite } from '../harness/podman-suite.js';

const N = 100_000;
// awk is fast in busybox; every 10th line also goes to stderr.
const PRINTER = `BEGIN { for (i = 0; i < ${N}; i++) { print "out" i; if (i % 10 == 0) print "err" i > "/dev/stderr" } }`;

let h: PodmanHarness;
let client: EngineClient;
let docker: EngineClient;

async function waitExited(name: string): Promise<void> {
  for (let i = 0; i < 300; i++) {
    const state = (await h.podman(['inspect', '--format', '{{.State.Status}}', name])).trim();
    if (state === 'exited') return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${name} did not exit`);
}

async function collect(c: EngineClient, id: string, opts: LogOptions = {}): Promise<{ out: string[]; err: string[]; times: number[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const times: number[] = [];
  for await (const b of c.logs.lineBatches(id, opts)) {
    const target = b.stream === 'stdout' ? out : err;
    for (const l of b.lines) target.push(l);
    if (b.times) for (const t of b.times) times.push(t);
  }
  return { out, err, times };
}

function assertComplete(got: { out: string[]; err: string[] }): void {
  assert.equal(got.out.length, N, `stdout lines: ${got.out.length}`);
  for (let i = 0; i < N; i++) if (got.out[i] !== `out${i}`) assert.fail(`stdout line ${i} is ${got.out[i]}`);
  assert.equal(got.err.length, N / 10, `stderr lines: ${got.err.length}`);
  for (let i = 0; i < N / 10; i++) if (got.err[i] !== `err${i * 10}`) assert.fail(`stderr line ${i} is ${got.err[i]}`);
}

podmanSuite(async (s) => {
  ({ h, libpod: client, docker } = s);
  await h.podman(['run', '--name', 'exited', TEST_IMAGE, 'awk', PRINTER]);
  // stdout only: Podman counts `tail` before the stream filter, and how conmon interleaves the last
  // stdout and stderr records of 'exited' depends on scheduling, so tail checks use this one.
  await h.podman(['run', '--name', 'seqonly', TEST_IMAGE, 'seq', '1', '1000']);
});

describe('logs', () => {
  test('an exited container: complete and in order, with or without follow', async () => {
    assertComplete(await collect(client, 'exited'));
    // follow=true on an exited container is where podman #21914 loses lines.
    assertComplete(await collect(client, 'exited', { follow: true }));
  });

  test('a running container followed until it exits: complete and in order', async () => {
    await h.podman(['run', '-d', '--name', 'live', TEST_IMAGE, 'sh', '-c', `sleep 1; awk '${PRINTER}'`]);
    const got = await collect(client, 'live', { follow: true });
    assertComplete(got);
    await waitExited('live');
  });

  test('a running container followed while it writes: the follow delivers new output live', async () => {
    await h.podman(['run', '-d', '--name', 'slow', TEST_IMAGE, 'sh', '-c', 'echo first; sleep 2; echo second; echo third >&2']);
    const seen: string[] = [];
    const t0 = Date.now();
    let firstAt = 0;
    for await (const l of client.logs.lines('slow', { follow: true })) {
      if (l.line === 'first') firstAt = Date.now() - t0;
      seen.push(`${l.stream}:${l.line}`);
    }
    assert.deepEqual(seen, ['stdout:first', 'stdout:second', 'stderr:third']);
    assert.ok(firstAt < 1500, `first line arrived after ${firstAt} ms`);
  });

  test('the frame stream keeps stdout and stderr apart and honours stdout/stderr filters', async () => {
    await h.podman(['run', '--name', 'mixed', TEST_IMAGE, 'sh', '-c', 'echo o1; echo e1 >&2; echo o2; echo e2 >&2']);
    const frames: LogFrame[] = [];
    for await (const f of client.logs.stream('mixed')) frames.push(f as LogFrame);
    const text = (s: string) =>
      frames
        .filter((f) => f.stream === s)
        .map((f) => f.data.toString())
        .join('');
    assert.equal(text('stdout'), 'o1\no2\n');
    assert.equal(text('stderr'), 'e1\ne2\n');
    const onlyErr = await collect(client, 'mixed', { stdout: false });
    assert.deepEqual(onlyErr, { out: [], err: ['e1', 'e2'], times: [] });
    const onlyOut = await collect(client, 'mixed', { stderr: false });
    assert.deepEqual(onlyOut, { out: ['o1', 'o2'], err: [], times: [] });
    const last = await collect(client, 'seqonly', { tail: 20 });
    assert.equal(last.out.at(-1), '1000');
  });

  test('tail, timestamps, since and until', async () => {
    const tail = await collect(client, 'seqonly', { tail: 3, stderr: false });
    assert.deepEqual(tail.out, ['998', '999', '1000']);

    await h.podman(['run', '--name', 'timed', TEST_IMAGE, 'sh', '-c', 'echo one; sleep 2.2; echo two; sleep 2.2; echo three']);
    const all = await collect(client, 'timed', { timestamps: true });
    assert.deepEqual(all.out, ['one', 'two', 'three']);
    assert.equal(all.times.length, 3);
    for (const t of all.times) assert.ok(Number.isFinite(t) && Math.abs(Date.now() - t) < 120_000, `timestamp ${t}`);
    assert.ok(all.times[1]! - all.times[0]! >= 1000, 'timestamps follow the output');
    // since is exclusive on the engine side; the second line's second start is a safe bound.
    const since = await collect(client, 'timed', { since: all.times[1]! - 1 });
    assert.deepEqual(since.out, ['two', 'three']);
    const until = await collect(client, 'timed', { until: all.times[1]! - 1 });
    assert.deepEqual(until.out, ['one']);
    const frames: LogFrame[] = [];
    for await (const f of client.logs.stream('timed', { timestamps: true })) frames.push(f as LogFrame);
    assert.deepEqual(
      frames.map((f) => f.data.toString()),
      ['one\n', 'two\n', 'three\n'],
    );
    assert.ok(frames.every((f) => typeof f.time === 'number' && Number.isFinite(f.time)));
  });

  test('TTY containers: libpod framing and the Docker API raw stream both give the lines', async () => {
    await h.podman(['run', '-t', '--name', 'tty', TEST_IMAGE, 'sh', '-c', 'echo tty-out; echo tty-err >&2']);
    const pod = await collect(client, 'tty');
    assert.deepEqual(pod.out, ['tty-out', 'tty-err']);
    const dock = await collect(docker, 'tty', { timestamps: true });
    assert.deepEqual(dock.out, ['tty-out', 'tty-err']);
    assert.ok(dock.times.every((t) => Number.isFinite(t)));
  });

  test('the Docker-compatible API: exited and followed containers are complete too', async () => {
    assertComplete(await collect(docker, 'exited', { follow: true }));
    await h.podman(['run', '-d', '--name', 'live-d', TEST_IMAGE, 'sh', '-c', `sleep 1; awk '${PRINTER}'`]);
    assertComplete(await collect(docker, 'live-d', { follow: true }));
  });

  test('backpressure: a paused consumer does not make the client buffer the log', async () => {
    const s = client.logs.stream('exited');
    let n = 0;
    for await (const _ of s) {
      if (++n === 10) break;
    }
    const s2 = client.logs.stream('exited');
    await new Promise((r) => s2.once('readable', r));
    await new Promise((r) => setTimeout(r, 500));
    // Unread objects stay near the high-water mark, not the whole log.
    assert.ok(s2.readableLength < 5000, `buffered ${s2.readableLength} frames`);
    s2.destroy();
  });

  test('an unknown container is a typed not-found error', async () => {
    await assert.rejects(collect(client, 'no-such-container'), (e) => isEngineError(e) && e.kind === 'not-found');
    await assert.rejects(collect(docker, 'no-such-container'), (e) => isEngineError(e) && e.kind === 'not-found');
  });

  test('aborting a follow ends the stream', async () => {
    await h.podman(['run', '-d', '--name', 'forever', TEST_IMAGE, 'sh', '-c', 'while true; do echo tick; sleep 0.2; done']);
    const ac = new AbortController();
    let n = 0;
    const t0 = Date.now();
    for await (const _ of client.logs.lines('forever', { follow: true, signal: ac.signal })) {
      if (++n === 3) ac.abort();
    }
    assert.ok(n >= 3);
    assert.ok(Date.now() - t0 < 10_000);
    await h.podman(['rm', '-f', '-t', '0', 'forever']);
  });

  test('a slow writer: each line arrives soon after it is written, and the follow ends soon after the exit', async () => {
    await h.podman(['run', '-d', '--name', 'drip', TEST_IMAGE, 'sh', '-c', 'for i in 1 2 3 4 5 6; do echo d$i; sleep 0.6; done; echo e >&2; sleep 0.3']);
    const arrivals: number[] = [];
    const seen: string[] = [];
    for await (const l of client.logs.lines('drip', { follow: true })) {
      arrivals.push(Date.now());
      seen.push(`${l.stream}:${l.line}`);
    }
    const ended = Date.now();
    assert.deepEqual(seen, ['stdout:d1', 'stdout:d2', 'stdout:d3', 'stdout:d4', 'stdout:d5', 'stdout:d6', 'stderr:e']);
    // Written 0.6 s apart: arrivals follow the writer (the engine's follow polls every 250 ms), not a multi-second pause.
    for (let i = 2; i < 6; i++) assert.ok(arrivals[i]! - arrivals[i - 1]! < 1300, `line ${i + 1} came ${arrivals[i]! - arrivals[i - 1]!} ms after the previous`);
    assert.ok(ended - arrivals[6]! < 2500, `the follow ended ${ended - arrivals[6]!} ms after the last line`);
  });

  test('a numbered writer at full speed for 60 s, followed from the start: every number exactly once, in order, none missing', { timeout: 180_000 }, async () => {
    // stdout numbers as fast as busybox sh writes them, with a long stderr line after each: reads race the writer all the time.
    const script =
      'i=0; end=$(( $(date +%s) + 60 )); while [ $(date +%s) -lt $end ]; do i=$((i+1)); echo "n-$i"; echo "e-$i-0123456789abcdef0123456789abcdef0123456789abcdef" >&2; done; echo "DONE-$i"';
    await h.podman(['run', '-d', '--name', 'numbered', TEST_IMAGE, 'sh', '-c', script]);
    let expected = 1;
    const problems: string[] = [];
    let errExpected = 1;
    let done = '';
    for await (const b of client.logs.lineBatches('numbered', { follow: true })) {
      for (const line of b.lines) {
        const n = /^n-(\d+)$/.exec(line);
        const e = /^e-(\d+)-/.exec(line);
        if (n) {
          if (Number(n[1]) !== expected && problems.length < 10) problems.push(`stdout: expected n-${expected}, got ${line}`);
          expected = Number(n[1]) + 1;
        } else if (e) {
          if (Number(e[1]) !== errExpected && problems.length < 10) problems.push(`stderr: expected e-${errExpected}, got ${line.slice(0, 20)}`);
          errExpected = Number(e[1]) + 1;
        } else if (line.startsWith('DONE-')) done = line;
        else if (problems.length < 10) problems.push(`unexpected line ${JSON.stringify(line.slice(0, 40))}`);
      }
    }
    assert.deepEqual(problems, []);
    const last = Number(done.slice('DONE-'.length));
    assert.ok(last > 10_000, `the writer wrote ${last} numbers`);
    assert.equal(expected - 1, last, 'every stdout number up to the last one');
    assert.equal(errExpected - 1, last, 'every stderr number too');
    console.log(`# numbered follow: ${last} stdout + ${last} stderr lines in 60 s, 0 lost, 0 repeated`);
  });

  test('aborting follows in the middle of reads: no unhandled errors, later reads on the same client intact', async () => {
    await h.podman(['run', '-d', '--name', 'ticker', TEST_IMAGE, 'sh', '-c', 'while true; do echo tick; sleep 0.05; done']);
    const stray: unknown[] = [];
    const onStray = (e: unknown) => stray.push(e);
    process.on('uncaughtException', onStray);
    try {
      for (let r = 0; r < 8; r++) {
        const ac = new AbortController();
        let n = 0;
        for await (const _ of client.logs.lines('ticker', { follow: true, signal: ac.signal })) if (++n === 2 + (r % 3)) ac.abort();
        const tail = await collect(client, 'seqonly', { tail: 3, stderr: false });
        assert.deepEqual(tail.out, ['998', '999', '1000']);
      }
      await new Promise((r) => setTimeout(r, 300));
    } finally {
      process.off('uncaughtException', onStray);
    }
    assert.deepEqual(stray, []);
    await h.podman(['rm', '-f', '-t', '0', 'ticker']);
  });

  test('the engine dies mid-follow: the stream fails with stream-interrupted, no hang', async () => {
    await h.podman(['run', '-d', '--name', 'yes', TEST_IMAGE, 'sh', '-c', 'while true; do echo y; sleep 0.05; done']);
    let lines = 0;
    let stopped: Promise<void> | undefined;
    const failure = (async () => {
      for await (const _ of client.logs.lines('yes', { follow: true })) {
        if (++lines === 20) stopped = h.stopService();
      }
    })();
    await assert.rejects(failure, (e) => isEngineError(e) && e.kind === 'stream-interrupted');
    assert.ok(lines >= 20);
    // Wait for the old service to be gone (it removes its socket last) before starting a new one.
    await stopped;
    await h.startService();
    await h.podman(['rm', '-f', '-t', '0', 'yes']);
  });
});
