// Combined logs: lines of several members in time order, complete, with bounded queues.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { mergeLogs, type MergeEvent } from '../../src/api/log-merge.js';
import type { LogLineBatch } from '../../src/api/log-types.js';

async function* batches(list: { at?: number; batch: LogLineBatch }[]): AsyncGenerator<LogLineBatch> {
  for (const { at, batch } of list) {
    if (at) await sleep(at);
    yield batch;
  }
}

async function collect(it: AsyncIterable<MergeEvent>) {
  const lines: { member: number; line: string; time: number; stderr: boolean }[] = [];
  const ended: MergeEvent[] = [];
  for await (const ev of it) {
    if (ev.kind === 'lines') for (let i = 0; i < ev.lines.length; i++) lines.push({ member: ev.member[i]!, line: ev.lines[i]!, time: ev.time[i]!, stderr: ev.stderr[i]! });
    else ended.push(ev);
  }
  return { lines, ended };
}

const b = (stream: 'stdout' | 'stderr', lines: string[], times: number[]): LogLineBatch => ({ stream, lines, times });

test('histories of several members come out in time order, ties in arrival order, every line once', async () => {
  const a = batches([{ batch: b('stdout', ['a1', 'a3', 'a5'], [1000, 3000, 5000]) }]);
  const c = batches([{ at: 20, batch: b('stdout', ['c2', 'c3'], [2000, 3000]) }, { batch: b('stderr', ['c6'], [6000]) }]);
  const { lines, ended } = await collect(
    mergeLogs(
      [
        { name: 'a', batches: a },
        { name: 'c', batches: c },
      ],
      { settleMs: 50, lagMs: 50 },
    ),
  );
  assert.deepEqual(
    lines.map((l) => l.line),
    ['a1', 'c2', 'a3', 'c3', 'a5', 'c6'],
  );
  assert.deepEqual(
    lines.map((l) => l.member),
    [0, 1, 0, 1, 0, 1],
  );
  assert.equal(lines.at(-1)!.stderr, true);
  assert.deepEqual(ended.map((e) => e.kind === 'ended' && e.member).sort(), [0, 1]);
});

test('a member that has not caught up holds older lines of the others back (no line out of order)', async () => {
  // b sends nothing for 80 ms, then a line older than all of a's: it must still come first.
  const a = batches([{ batch: b('stdout', ['a-late'], [9000]) }]);
  const late = batches([{ at: 80, batch: b('stdout', ['b-early'], [1000]) }]);
  const { lines } = await collect(
    mergeLogs(
      [
        { name: 'a', batches: a },
        { name: 'b', batches: late },
      ],
      { settleMs: 200, lagMs: 200 },
    ),
  );
  assert.deepEqual(
    lines.map((l) => l.line),
    ['b-early', 'a-late'],
  );
});

test('a member whose stream fails ends with its error; the others go on to the end', async () => {
  async function* failing(): AsyncGenerator<LogLineBatch> {
    yield b('stdout', ['f1'], [1000]);
    throw new Error('socket closed');
  }
  const ok = batches([{ batch: b('stdout', ['o1', 'o2'], [500, 2000]) }]);
  const { lines, ended } = await collect(
    mergeLogs(
      [
        { name: 'f', batches: failing() },
        { name: 'o', batches: ok },
      ],
      { settleMs: 20, lagMs: 20 },
    ),
  );
  assert.deepEqual(
    lines.map((l) => l.line),
    ['o1', 'f1', 'o2'],
  );
  const failed = ended.find((e) => e.kind === 'ended' && e.member === 0);
  assert.ok(failed && failed.kind === 'ended' && failed.error instanceof Error && failed.error.message === 'socket closed');
});

test('100,000 lines from each of 10 members: complete and ordered through 5,000-line queues', async () => {
  const N = 100_000;
  const members = Array.from({ length: 10 }, (_, m) => ({
    name: `s${m}`,
    batches: (async function* () {
      for (let i = 0; i < N; i += 1000) {
        const lines: string[] = [];
        const times: number[] = [];
        for (let k = i; k < i + 1000; k++) {
          lines.push(`s${m} ${k}`);
          times.push(k * 10 + m); // interleaved: member m's k-th line sits between the others'
        }
        yield b('stdout', lines, times);
      }
    })(),
  }));
  let count = 0;
  let last = -1;
  const next = new Array<number>(10).fill(0);
  for await (const ev of mergeLogs(members, { settleMs: 20, lagMs: 20, maxQueuedLines: 5000 })) {
    if (ev.kind !== 'lines') continue;
    for (let i = 0; i < ev.lines.length; i++) {
      assert.ok(ev.time[i]! >= last, 'time order');
      last = ev.time[i]!;
      const m: number = ev.member[i]!;
      assert.equal(ev.lines[i], `s${m} ${next[m]}`, 'each member complete and in its own order');
      next[m]!++;
      count++;
    }
  }
  assert.equal(count, 10 * N);
});

test('aborting ends the merge and returns every member stream', async () => {
  const returned: number[] = [];
  const endless = (m: number) =>
    (async function* () {
      try {
        for (let i = 0; ; i++) {
          await sleep(5);
          yield b('stdout', [`${m}:${i}`], [Date.now()]);
        }
      } finally {
        returned.push(m);
      }
    })();
  const ac = new AbortController();
  let seen = 0;
  const done = (async () => {
    for await (const ev of mergeLogs(
      [
        { name: 'x', batches: endless(0) },
        { name: 'y', batches: endless(1) },
      ],
      { signal: ac.signal, settleMs: 10, lagMs: 10 },
    )) {
      if (ev.kind === 'lines') seen += ev.lines.length;
    }
  })();
  await sleep(150);
  ac.abort();
  await done;
  assert.ok(seen > 0, 'lines flowed while following');
  assert.deepEqual(returned.sort(), [0, 1]);
});
