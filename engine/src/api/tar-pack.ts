/**
 * A small streaming tar packer for build contexts: walks a folder lazily and
 * yields ustar blocks (with PAX records for long names, long link targets and
 * big files), one file at a time, so a large context never sits in memory.
 * Regular files, folders and symlinks are packed; sockets, FIFOs and devices
 * are skipped. Owners are written as 0:0 (a build context should not carry the
 * host's uids), modes and mtimes are kept.
 */
import { createReadStream } from 'node:fs';
import { lstat, readdir, readlink } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';

const BLOCK = 512;
const MAX_OCTAL_SIZE = 0o77777777777; // 11 octal digits: 8 GiB - 1

export interface TarEntryHeader {
  /** Path inside the archive, `/`-separated, no leading `./`; folders end without a slash (we add it). */
  name: string;
  type: 'file' | 'directory' | 'symlink' | 'pax';
  mode: number;
  size: number;
  mtime: number;
  linkname?: string;
}

function writeString(buf: Buffer, offset: number, length: number, value: string): void {
  buf.write(value, offset, Math.min(length, Buffer.byteLength(value)), 'utf8');
}

function writeOctal(buf: Buffer, offset: number, length: number, value: number): void {
  // length-1 digits plus a NUL terminator.
  const text = Math.max(0, Math.floor(value))
    .toString(8)
    .padStart(length - 1, '0');
  buf.write(text.slice(-(length - 1)), offset, length - 1, 'ascii');
  buf[offset + length - 1] = 0;
}

/** A PAX record: "<len> <key>=<value>\n", where len counts the whole record including itself. */
export function paxRecord(key: string, value: string): string {
  const body = ` ${key}=${value}\n`;
  const bodyLen = Buffer.byteLength(body);
  const digits = String(bodyLen).length;
  let len = bodyLen + digits;
  if (String(len).length > digits) len += 1;
  return `${len}${body}`;
}

function isAscii(s: string): boolean {
  return /^[\x20-\x7e]*$/.test(s);
}

/** One 512-byte ustar header block. Names that do not fit must go in a PAX record first. */
export function encodeHeader(h: TarEntryHeader): Buffer {
  const buf = Buffer.alloc(BLOCK, 0);
  const name = h.type === 'directory' ? `${h.name}/` : h.name;
  writeString(buf, 0, 100, name);
  writeOctal(buf, 100, 8, h.mode & 0o7777);
  writeOctal(buf, 108, 8, 0);
  writeOctal(buf, 116, 8, 0);
  writeOctal(buf, 124, 12, Math.min(h.size, MAX_OCTAL_SIZE));
  writeOctal(buf, 136, 12, h.mtime);
  buf.fill(0x20, 148, 156); // checksum field counts as spaces
  const flag = { file: '0', directory: '5', symlink: '2', pax: 'x' }[h.type];
  buf.write(flag, 156, 1, 'ascii');
  if (h.linkname) writeString(buf, 157, 100, h.linkname);
  buf.write('ustar\0', 257, 6, 'ascii');
  buf.write('00', 263, 2, 'ascii');
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += buf[i]!;
  writeOctal(buf, 148, 7, sum);
  buf[155] = 0x20;
  return buf;
}

/** Header blocks for one entry: a PAX header first when the name, link or size do not fit ustar. */
export function headerBlocks(h: TarEntryHeader): Buffer[] {
  const fullName = h.type === 'directory' ? `${h.name}/` : h.name;
  let records = '';
  if (Buffer.byteLength(fullName) > 99 || !isAscii(fullName)) records += paxRecord('path', fullName);
  if (h.linkname && (Buffer.byteLength(h.linkname) > 99 || !isAscii(h.linkname))) records += paxRecord('linkpath', h.linkname);
  if (h.size > MAX_OCTAL_SIZE) records += paxRecord('size', String(h.size));
  const blocks: Buffer[] = [];
  if (records) {
    const data = Buffer.from(records, 'utf8');
    blocks.push(encodeHeader({ name: 'PaxHeader', type: 'pax', mode: 0o644, size: data.length, mtime: h.mtime }));
    blocks.push(data, padding(data.length));
    // The ustar fields then carry a truncated ASCII stand-in; readers use the PAX values.
    blocks.push(encodeHeader({ ...h, name: asciiStandIn(h.name), linkname: h.linkname === undefined ? undefined : asciiStandIn(h.linkname) }));
  } else {
    blocks.push(encodeHeader(h));
  }
  return blocks.filter((b) => b.length > 0);
}

function asciiStandIn(s: string): string {
  return s.replace(/[^\x20-\x7e]/g, '_').slice(-98);
}

function padding(size: number): Buffer {
  const rest = size % BLOCK;
  return Buffer.alloc(rest === 0 ? 0 : BLOCK - rest, 0);
}

/**
 * Which entries to leave out (a build context's ignore file). `excluded` says
 * whether a path (relative, `/`-separated) is left out; `mayReinclude` whether
 * something under an excluded folder could still be included (a `!` rule), in
 * which case the walk looks inside it and writes the folder only if a child is
 * written.
 */
export interface PackFilter {
  excluded(relPath: string): boolean;
  mayReinclude(relDir: string): boolean;
}

interface PendingDir {
  name: string;
  mode: number;
  mtime: number;
}

async function* walk(root: string, rel: string, filter: PackFilter | undefined, pending: PendingDir[]): AsyncGenerator<Buffer> {
  const dir = path.join(root, rel);
  const names = (await readdir(dir)).sort();
  for (const name of names) {
    const relPath = rel ? `${rel}/${name}` : name;
    const full = path.join(root, relPath);
    const st = await lstat(full);
    const mtime = Math.floor(st.mtimeMs / 1000);
    const out = filter?.excluded(relPath) ?? false;
    if (st.isDirectory()) {
      if (out && !filter!.mayReinclude(relPath)) continue;
      const here = { name: relPath, mode: st.mode, mtime };
      if (out) {
        // Written only if something inside is (with the excluded parents it needs, first).
        pending.push(here);
        yield* walk(root, relPath, filter, pending);
        if (pending.at(-1) === here) pending.pop();
        continue;
      }
      yield* flushPending(pending);
      yield* headerBlocks({ name: relPath, type: 'directory', mode: st.mode, size: 0, mtime });
      yield* walk(root, relPath, filter, pending);
      continue;
    }
    if (out) continue;
    yield* flushPending(pending);
    if (st.isSymbolicLink()) {
      yield* headerBlocks({ name: relPath, type: 'symlink', mode: st.mode, size: 0, mtime, linkname: await readlink(full) });
    } else if (st.isFile()) {
      yield* headerBlocks({ name: relPath, type: 'file', mode: st.mode, size: st.size, mtime });
      let written = 0;
      if (st.size > 0) {
        // `end` is inclusive: a file that grows while we pack it is cut at the size in its header.
        for await (const chunk of createReadStream(full, { end: st.size - 1, highWaterMark: 64 * 1024 })) {
          const buf = chunk as Buffer;
          written += buf.length;
          yield buf;
        }
      }
      if (written < st.size) {
        // The file shrank while we packed it: keep the archive well-formed.
        yield Buffer.alloc(st.size - written, 0);
      }
      yield padding(st.size);
    }
    // Sockets, FIFOs and devices have no place in a build context.
  }
}

/** Headers of excluded parent folders, once something inside them is written (emptied: each is written once). */
function* flushPending(pending: PendingDir[]): Generator<Buffer> {
  for (const d of pending.splice(0)) yield* headerBlocks({ name: d.name, type: 'directory', mode: d.mode, size: 0, mtime: d.mtime });
}

async function* packBlocks(root: string, filter: PackFilter | undefined): AsyncGenerator<Buffer> {
  for await (const block of walk(root, '', filter, [])) if (block.length > 0) yield block;
  yield Buffer.alloc(BLOCK * 2, 0);
}

/** A readable tar stream of everything under `root` (paths relative to it), less what `filter` excludes. Pulls files as the consumer reads. */
export function packDirectory(root: string, filter?: PackFilter): Readable {
  return Readable.from(packBlocks(root, filter), { objectMode: false, highWaterMark: 64 * 1024 });
}
