// NDJSON and line splitting across arbitrary chunk boundaries, including
// multi-byte UTF-8 characters split between chunks.
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { test } from 'node:test';
import { LineSplitter, NdjsonError, NdjsonParser } from '../../src/streams/ndjson.js';

const text = 'plain\nünïcödé\n€ and 😀 emoji\n\nlast without newline';
const bytes = Buffer.from(text);

function splitLines(chunks: Buffer[]): string[] {
  const s = new LineSplitter();
  const out: string[] = [];
  for (const c of chunks) out.push(...s.push(c));
  out.push(...s.end());
  return out;
}

test('LineSplitter: one chunk', () => {
  assert.deepEqual(splitLines([bytes]), ['plain', 'ünïcödé', '€ and 😀 emoji', '', 'last without newline']);
});

test('LineSplitter: 1-byte chunks split every multi-byte character', () => {
  const chunks = [...bytes].map((b) => Buffer.from([b]));
  assert.deepEqual(splitLines(chunks), splitLines([bytes]));
});

test('LineSplitter: every two-way split point', () => {
  const whole = splitLines([bytes]);
  for (let cut = 1; cut < bytes.length; cut++) {
    assert.deepEqual(splitLines([bytes.subarray(0, cut), bytes.subarray(cut)]), whole, `cut at ${cut}`);
  }
});

test('LineSplitter: a 4-byte emoji split 1/3 and 2/2', () => {
  const e = Buffer.from('😀\n');
  assert.deepEqual(splitLines([e.subarray(0, 1), e.subarray(1)]), ['😀']);
  assert.deepEqual(splitLines([e.subarray(0, 2), e.subarray(2)]), ['😀']);
});

async function parse(chunks: Buffer[]): Promise<unknown[]> {
  const out: unknown[] = [];
  for await (const v of Readable.from(chunks).pipe(new NdjsonParser())) out.push(v);
  return out;
}

const values = [{ status: 'Pulling', id: 'é€😀' }, { n: 1 }, [1, 2], 'str', { nested: { a: null } }];
const ndjson = Buffer.from(values.map((v) => JSON.stringify(v)).join('\n') + '\n\n');

test('NdjsonParser: whole, 1-byte and irregular chunks give the same values; blank lines skipped', async () => {
  assert.deepEqual(await parse([ndjson]), values);
  assert.deepEqual(await parse([...ndjson].map((b) => Buffer.from([b]))), values);
  for (const size of [2, 3, 7, 13]) {
    const chunks: Buffer[] = [];
    for (let i = 0; i < ndjson.length; i += size) chunks.push(ndjson.subarray(i, i + size));
    assert.deepEqual(await parse(chunks), values, `size ${size}`);
  }
});

test('NdjsonParser: a last line without newline is parsed at the end', async () => {
  assert.deepEqual(await parse([Buffer.from('{"a":1}\n{"b":'), Buffer.from('2}')]), [{ a: 1 }, { b: 2 }]);
});

test('NdjsonParser: a line that is not JSON is an error, not dropped', async () => {
  await assert.rejects(parse([Buffer.from('{"a":1}\nnot json\n')]), NdjsonError);
});
