import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { LogBatch, LogEvent } from '../contract/types.js';
import { batchLogs } from '../main/services/log-batcher.js';

async function* source(batches: LogBatch[], delayMs = 0): AsyncGenerator<LogBatch> {
  for (const b of batches) {
    if (delayMs) await new Promise((r) => setTimeout(r, delayMs));
    yield b;
  }
}

async function collect(it: AsyncIterable<LogEvent>): Promise<LogEvent[]> {
  const out: LogEvent[] = [];
  for await (const e of it) out.push(e);
  return out;
}

test('many small batches become few messages, in order, nothing lost', async () => {
  const input: LogBatch[] = [];
  for (let i = 0; i < 1000; i++) input.push({ stream: i % 10 === 0 ? 'stderr' : 'stdout', lines: [`line ${i}`] });
  const out = await collect(batchLogs(source(input)));
  assert.ok(out.length < 50, `${out.length} messages`);
  const lines = out.flatMap((e) => (e.kind === 'chunk' ? e.batches.flatMap((b) => b.lines) : []));
  assert.equal(lines.length, 1000);
  assert.equal(lines[999], 'line 999');
  const stderr = out.flatMap((e) => (e.kind === 'chunk' ? e.batches.filter((b) => b.stream === 'stderr').flatMap((b) => b.lines) : []));
  assert.equal(stderr.length, 100, 'streams stay apart');
});

test('a message leaves after ~16 ms even when the source is slow', async () => {
  const start = performance.now();
  const it = batchLogs(
    source(
      [
        { stream: 'stdout', lines: ['a'] },
        { stream: 'stdout', lines: ['b'] },
      ],
      200,
    ),
    { maxDelayMs: 16 },
  );
  const first = await it.next();
  assert.equal(first.done, false);
  const elapsed = performance.now() - start;
  assert.ok(elapsed < 400, `first message after ${elapsed} ms`);
  await it.return(undefined);
});

test('a large batch is split by size', async () => {
  const big = Array.from({ length: 10_000 }, (_, i) => `${'x'.repeat(50)}${i}`);
  const out = await collect(
    batchLogs(
      source([
        { stream: 'stdout', lines: big.slice(0, 5000) },
        { stream: 'stdout', lines: big.slice(5000) },
      ]),
      { maxBytes: 64 * 1024 },
    ),
  );
  assert.ok(out.length >= 2);
  assert.equal(out.flatMap((e) => (e.kind === 'chunk' ? e.batches.flatMap((b) => b.lines) : [])).length, 10_000);
});
