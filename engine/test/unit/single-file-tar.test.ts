// The transfer hot paths' tar code against tar-stream (a well-kept tar library) as the yardstick:
// a one-entry tar it reads back byte for byte, and a file taken out of tars with PAX and GNU long
// names, at arbitrary chunk boundaries; truncated archives and non-files fail clearly.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { test } from 'node:test';
import tar from 'tar-stream';
import { EngineError } from '../../src/errors.js';
import { FirstFileOfTar, singleFileTar } from '../../src/files/single-file-tar.js';

async function collect(s: NodeJS.ReadableStream): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of s) parts.push(c as Buffer);
  return Buffer.concat(parts);
}

async function packed(entries: { header: Partial<tar.Header> & { name: string }; body?: Buffer }[]): Promise<Buffer> {
  const p = tar.pack();
  for (const e of entries) p.entry(e.header as tar.Header, e.body ?? Buffer.alloc(0));
  p.finalize();
  return collect(Readable.from(p));
}

/** Feed `data` in random-sized chunks (1 byte to 3 KiB). */
function chunked(data: Buffer, seed: number): Readable {
  let x = seed;
  const parts: Buffer[] = [];
  for (let i = 0; i < data.length;) {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    const n = 1 + (x % 3072);
    parts.push(data.subarray(i, i + n));
    i += n;
  }
  return Readable.from(parts);
}

test('singleFileTar: tar-stream reads back the name, mode, mtime and every byte (long unicode names via PAX)', async () => {
  for (const [name, size] of [
    ['a.txt', 0],
    ['b.bin', 511],
    ['c.bin', 512],
    [`${'ü'.repeat(120)}/deep/file-名.bin`, 70_001],
  ] as const) {
    const body = randomBytes(size);
    const tarBytes = await collect(singleFileTar({ name, size, mode: 0o640, mtime: 1_700_000_000_000 }, Readable.from([body])));
    assert.equal(tarBytes.length % 512, 0);
    const ex = tar.extract();
    const seen: { name: string; mode?: number; mtime?: number; body: Buffer }[] = [];
    ex.on('entry', (h, s, next) => void collect(s as unknown as NodeJS.ReadableStream).then((b) => (seen.push({ name: h.name, mode: h.mode, mtime: h.mtime?.getTime(), body: b }), next())));
    await new Promise<void>((resolve, reject) => (ex.on('finish', resolve), ex.on('error', reject), ex.end(tarBytes)));
    assert.equal(seen.length, 1);
    assert.equal(seen[0]!.name, name);
    assert.equal(seen[0]!.mode, 0o640);
    assert.equal(seen[0]!.mtime, 1_700_000_000_000);
    assert.ok(seen[0]!.body.equals(body), `${name}: bytes`);
  }
});

test('singleFileTar: a body shorter or longer than announced fails instead of writing a wrong archive', async () => {
  await assert.rejects(collect(singleFileTar({ name: 'x', size: 10, mode: 0o644, mtime: 0 }, Readable.from([Buffer.alloc(5)]))), /changed while it was sent/);
  await assert.rejects(collect(singleFileTar({ name: 'x', size: 3, mode: 0o644, mtime: 0 }, Readable.from([Buffer.alloc(5)]))), /grew while it was sent/);
});

test('FirstFileOfTar: the first file of tars with PAX and GNU long names, at any chunk boundary', async () => {
  const body = randomBytes(100_003);
  const cases = [
    await packed([
      { header: { name: 'plain.bin', size: body.length }, body },
      { header: { name: 'after', size: 3 }, body: Buffer.from('xyz') },
    ]),
    await packed([{ header: { name: `${'long-'.repeat(60)}name.bin`, size: body.length }, body }]),
    await packed([{ header: { name: 'pax-名前.bin', size: body.length, pax: { comment: 'x'.repeat(700) } }, body }]),
  ];
  for (const [i, t] of cases.entries()) {
    for (const seed of [1, 7, 42]) {
      const out = new FirstFileOfTar('Read');
      const got = await collect(chunked(t, seed).pipe(out));
      assert.ok(got.equals(body), `case ${i}, seed ${seed}: ${got.length} bytes`);
      assert.equal(out.fileSize, body.length);
    }
  }
  const empty = await packed([{ header: { name: 'empty', size: 0 } }]);
  assert.equal((await collect(Readable.from([empty]).pipe(new FirstFileOfTar('Read')))).length, 0);
});

test('FirstFileOfTar: a folder, a symlink or a truncated archive fails with a typed error', async () => {
  const fails = async (t: Buffer, kind: string) => {
    const e = await collect(Readable.from([t]).pipe(new FirstFileOfTar('Read /x'))).then(
      () => assert.fail('no error'),
      (err: unknown) => err,
    );
    assert.ok(e instanceof EngineError, String(e));
    assert.equal(e.kind, kind, e.message);
  };
  await fails(await packed([{ header: { name: 'dir', type: 'directory' } }]), 'invalid-argument');
  await fails(await packed([{ header: { name: 'l', type: 'symlink', linkname: 'x' } }]), 'invalid-argument');
  const whole = await packed([{ header: { name: 'f', size: 5000 }, body: randomBytes(5000) }]);
  await fails(whole.subarray(0, 2000), 'stream-interrupted');
  await fails(whole.subarray(0, 300), 'stream-interrupted');
});
