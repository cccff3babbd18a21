// The multiplexed-stream parser must give the same frames whatever the chunk
// boundaries: 1-byte chunks, headers split across chunks, many frames per chunk.
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { test } from 'node:test';
import { Demuxer, FrameError, FrameParser, type Frame } from '../../src/streams/demux.js';
import { frame } from './mux-frame.js';

const input = Buffer.concat([frame(1, 'hello\n'), frame(2, 'oops\n'), frame(1, ''), frame(1, 'é€😀 multi-byte\n'), frame(2, Buffer.alloc(70_000, 0x61)), frame(1, 'end\n')]);

/** Concatenate payload per stream, in order: frames may arrive in pieces. */
function collect(chunks: Buffer[]): { stdout: Buffer; stderr: Buffer; order: string[] } {
  const p = new FrameParser();
  const out: Record<string, Buffer[]> = { stdout: [], stderr: [], stdin: [] };
  const order: string[] = [];
  for (const c of chunks) {
    p.push(c, (s, d) => {
      out[s]!.push(Buffer.from(d));
      if (order.at(-1) !== s) order.push(s);
    });
  }
  assert.ok(p.idle);
  return { stdout: Buffer.concat(out.stdout!), stderr: Buffer.concat(out.stderr!), order };
}

function split(buf: Buffer, sizes: (i: number) => number): Buffer[] {
  const out: Buffer[] = [];
  let off = 0;
  for (let i = 0; off < buf.length; i++) {
    const n = Math.max(1, sizes(i));
    out.push(buf.subarray(off, off + n));
    off += n;
  }
  return out;
}

const expected = collect([input]);

test('whole input in one chunk', () => {
  assert.equal(expected.stdout.toString(), 'hello\né€😀 multi-byte\nend\n');
  assert.equal(expected.stderr.length, 5 + 70_000);
  assert.deepEqual(expected.order, ['stdout', 'stderr', 'stdout', 'stderr', 'stdout']);
});

test('1-byte chunks give the same frames', () => {
  assert.deepEqual(collect(split(input, () => 1)), expected);
});

test('every split point of the first frames, including inside headers', () => {
  const head = input.subarray(0, 60);
  for (let cut = 1; cut < head.length; cut++) {
    const got = collect([input.subarray(0, cut), input.subarray(cut)]);
    assert.deepEqual(got, expected, `cut at ${cut}`);
  }
});

test('irregular chunk sizes (a fixed pseudo-random sequence)', () => {
  let seed = 7;
  const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % 23;
  for (let round = 0; round < 20; round++) assert.deepEqual(collect(split(input, rnd)), expected);
});

test('a header split 3/5 across chunks', () => {
  const f = frame(2, 'split-header');
  const got = collect([f.subarray(0, 3), f.subarray(3, 8), f.subarray(8)]);
  assert.equal(got.stderr.toString(), 'split-header');
});

test('an unknown stream type byte is an error', () => {
  const p = new FrameParser();
  assert.throws(() => p.push(frame(7, 'x'), () => undefined), FrameError);
});

test('Demuxer (Transform) yields {stream, data} and fails on a truncated frame', async () => {
  const frames: Frame[] = [];
  for await (const f of Readable.from(split(input, () => 5)).pipe(new Demuxer())) frames.push(f as Frame);
  const stdout = Buffer.concat(frames.filter((f) => f.stream === 'stdout').map((f) => f.data));
  assert.equal(stdout.toString(), expected.stdout.toString());
  await assert.rejects(async () => {
    for await (const _ of Readable.from([input.subarray(0, 10)]).pipe(new Demuxer())) {
      // drain
    }
  }, FrameError);
});
