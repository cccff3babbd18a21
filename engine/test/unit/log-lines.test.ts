// The log decoder and line assembler (pure parts of engine/src/api/logs.ts):
// any chunking, timestamps split across chunks, partial lines kept per
// stream, multi-byte characters split between entries, CRLF from TTYs.
// Also the Docker stats CPU formula.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LineAssembler, LogDecoder, type LogLineBatch } from '../../src/api/logs.js';
import { dockerCpuPercent, fromDocker } from '../../src/api/stats.js';
import { frame } from './mux-frame.js';

const TS1 = '2026-01-02T03:04:05Z';
const TS2 = '2026-01-02T03:04:06Z';
const euro = Buffer.from('€');
// Entries as Podman sends them: a stdout line split in three partial entries
// (one cut inside the 3-byte "€"), interleaved with stderr, a CRLF TTY line.
const entries: [number, string, Buffer | string][] = [
  [1, TS1, 'first\n'],
  [1, TS1, Buffer.concat([Buffer.from('par'), euro.subarray(0, 1)])],
  [2, TS1, 'err-a\n'],
  [1, TS2, Buffer.concat([euro.subarray(1), Buffer.from('tial')])],
  [2, TS2, 'err-b\n'],
  [1, TS2, '-done\n'],
  [1, TS2, 'tty\r\n'],
  [2, TS2, 'no newline at end'],
];

function body(withTs: boolean): Buffer {
  return Buffer.concat(entries.map(([t, ts, p]) => frame(t, withTs ? Buffer.concat([Buffer.from(`${ts} `), Buffer.from(p)]) : p)));
}

function run(chunks: Buffer[], withTs: boolean): { out: string[]; err: string[]; outTimes: number[]; batches: LogLineBatch[] } {
  const dec = new LogDecoder(true, withTs);
  const asm = new LineAssembler(withTs);
  const batches: LogLineBatch[] = [];
  for (const c of chunks) {
    dec.push(c, asm);
    batches.push(...asm.take());
  }
  assert.ok(dec.idle);
  batches.push(...asm.end());
  const out: string[] = [];
  const err: string[] = [];
  const outTimes: number[] = [];
  for (const b of batches) {
    (b.stream === 'stdout' ? out : err).push(...b.lines);
    if (b.stream === 'stdout' && b.times) outTimes.push(...b.times);
  }
  return { out, err, outTimes, batches };
}

function chunked(buf: Buffer, size: number): Buffer[] {
  const out: Buffer[] = [];
  for (let i = 0; i < buf.length; i += size) out.push(buf.subarray(i, i + size));
  return out;
}

test('lines per stream, partial lines joined across interleaved entries, CR stripped', () => {
  const got = run([body(false)], false);
  assert.deepEqual(got.out, ['first', 'par€tial-done', 'tty']);
  assert.deepEqual(got.err, ['err-a', 'err-b', 'no newline at end']);
  assert.equal(got.batches[0]!.times, undefined);
});

test('same lines for 1-byte chunks and every chunk size up to 40, with and without timestamps', () => {
  for (const withTs of [false, true]) {
    const whole = run([body(withTs)], withTs);
    for (let size = 1; size <= 40; size++) {
      const got = run(chunked(body(withTs), size), withTs);
      assert.deepEqual([got.out, got.err, got.outTimes], [whole.out, whole.err, whole.outTimes], `size ${size} ts ${withTs}`);
    }
  }
});

test('timestamps are split off each entry and parsed; a line keeps the time of its first entry', () => {
  const got = run(chunked(body(true), 3), true);
  assert.deepEqual(got.out, ['first', 'par€tial-done', 'tty']);
  assert.deepEqual(got.outTimes, [Date.parse(TS1), Date.parse(TS1), Date.parse(TS2)]);
});

test('an entry handler can drop entries (used to skip replayed ones)', () => {
  const dec = new LogDecoder(true, true);
  const asm = new LineAssembler(false);
  let n = 0;
  const skipFirstTwo = { entry: (s: 'stdout' | 'stderr', ts: string | undefined) => (++n > 2 ? asm.entry(s, ts) : false), data: asm.data.bind(asm) };
  for (const c of chunked(body(true), 5)) dec.push(c, skipFirstTwo);
  const batches = asm.end();
  const out = batches.filter((b) => b.stream === 'stdout').flatMap((b) => b.lines);
  const err = batches.filter((b) => b.stream === 'stderr').flatMap((b) => b.lines);
  assert.deepEqual(err, ['err-a', 'err-b', 'no newline at end']);
  // The dropped entry held "par" and the first byte of "€": the rest decodes as replacement characters.
  assert.deepEqual(out, ['\uFFFD\uFFFDtial-done', 'tty']);
});

test('raw (Docker TTY) streams: all stdout, line timestamps optional', () => {
  const dec = new LogDecoder(false, false);
  const asm = new LineAssembler(true, 1024, true);
  for (const c of chunked(Buffer.from(`${TS1} a\r\n${TS2} b\r\n`), 4)) dec.push(c, asm);
  const [b] = asm.end();
  assert.deepEqual(b, { stream: 'stdout', lines: ['a', 'b'], times: [Date.parse(TS1), Date.parse(TS2)] });
});

test('a line growing past maxLineBytes across entries is delivered in pieces (bounded memory)', () => {
  const dec = new LogDecoder(true, false);
  const asm = new LineAssembler(false, 10);
  for (let i = 0; i < 5; i++) dec.push(frame(1, 'x'.repeat(6)), asm);
  dec.push(frame(1, 'y\n'), asm);
  const lines = asm.end().flatMap((b) => b.lines);
  assert.equal(lines.join(''), 'x'.repeat(30) + 'y');
  assert.deepEqual(
    lines.map((l) => l.length),
    [12, 12, 7],
  );
});

test('Docker stats: CPU% from the cpu/precpu deltas, memory without page cache', () => {
  const s = {
    read: '2026-01-02T03:04:05.5Z',
    cpu_stats: { cpu_usage: { total_usage: 3_000_000_000 }, system_cpu_usage: 20_000_000_000, online_cpus: 2 },
    precpu_stats: { cpu_usage: { total_usage: 2_000_000_000 }, system_cpu_usage: 18_000_000_000 },
    memory_stats: { usage: 1000, limit: 4000, stats: { inactive_file: 200 } },
    networks: { eth0: { rx_bytes: 5, tx_bytes: 7 }, eth1: { rx_bytes: 1, tx_bytes: 1 } },
    blkio_stats: {
      io_service_bytes_recursive: [
        { op: 'Read', value: 10 },
        { op: 'Write', value: 20 },
        { op: 'read', value: 1 },
      ],
    },
    pids_stats: { current: 3 },
    name: '/web',
    id: 'abc',
  };
  assert.equal(dockerCpuPercent(s), 100);
  assert.deepEqual(fromDocker(s, 'x'), {
    id: 'abc',
    name: 'web',
    cpuPercent: 100,
    memUsage: 800,
    memLimit: 4000,
    memPercent: 20,
    netRx: 6,
    netTx: 8,
    blockRead: 11,
    blockWrite: 20,
    pids: 3,
    time: Date.parse('2026-01-02T03:04:05.5Z'),
  });
  assert.equal(dockerCpuPercent({}), 0);
});

test("a bad frame header is the demuxer's FrameError (the one decoder), which the log reader reports as an interrupted stream", async () => {
  const { FrameError } = await import('../../src/streams/demux.js');
  const dec = new LogDecoder(true, true);
  const asm = new LineAssembler(false);
  assert.throws(() => dec.push(Buffer.from([9, 0, 0, 0, 0, 0, 0, 2, 0x41, 0x0a]), asm), FrameError);
});
