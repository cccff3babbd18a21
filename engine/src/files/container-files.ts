/**
 * A container's files through the engine's archive endpoints, the same on
 * Podman (libpod) and Docker: `HEAD` stats a path (following symlinks inside
 * the container), `GET` streams a tar of a path, `PUT` extracts a tar into a
 * folder. They work on running and stopped containers alike, and the engine
 * resolves every path inside the container's root, so nothing here can
 * reach the host. Deleting has no archive endpoint: it runs `rm` in the
 * container (argv, never a shell), so it needs a running container.
 *
 * Listing a folder reads the tar of its whole subtree (headers only; bodies
 * are drained, never kept): memory stays bounded by the entries returned.
 */
import type { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import tar from 'tar-stream';
import { EngineError } from '../errors.js';
import type { FileEntry, FileKind, FileListing, FilePreview, FileStat } from '../models/files.js';
import { seg, type ApiContext } from '../api/context.js';
import type { ExecApi } from '../api/exec.js';
import { FirstFileOfTar, singleFileTar } from './single-file-tar.js';
import { baseName, containerPathProblem, entryNameProblem, joinPath, normalizeContainerPath, relativePathProblem } from './paths.js';

/** Entries a listing returns at most (a folder with more says so). */
export const LIST_LIMIT = 10_000;
/** Bytes a text preview reads at most. */
export const PREVIEW_BYTES = 512 * 1024;

// Go's os.FileMode type bits, as the engine's stat header carries them.
const GO_DIR = 1 << 31;
const GO_DEVICE = 1 << 26;
const GO_PIPE = 1 << 25;
const GO_SOCKET = 1 << 24;
const GO_SETUID = 1 << 23;
const GO_SETGID = 1 << 22;
const GO_STICKY = 1 << 20;

interface RawStat {
  name?: string;
  size?: number;
  mode?: number;
  mtime?: string;
  isDir?: boolean;
  linkTarget?: string;
}

/** The stat header (`X-Docker-Container-Path-Stat`: base64 JSON) as a FileStat. */
export function statFromHeader(path: string, header: string | undefined): FileStat | undefined {
  if (!header) return undefined;
  let raw: RawStat;
  try {
    raw = JSON.parse(Buffer.from(header, 'base64').toString('utf8')) as RawStat;
  } catch {
    return undefined;
  }
  const mode = Number(raw.mode ?? 0) >>> 0;
  // Podman sends isDir; Docker's PathStat has only the mode's type bits.
  const isDir = raw.isDir ?? (mode & GO_DIR) !== 0;
  const kind: FileKind = isDir ? 'directory' : mode & (GO_DEVICE | GO_PIPE | GO_SOCKET) ? 'other' : 'file';
  const perm = (mode & 0o777) | (mode & GO_SETUID ? 0o4000 : 0) | (mode & GO_SETGID ? 0o2000 : 0) | (mode & GO_STICKY ? 0o1000 : 0);
  const mtime = Date.parse(raw.mtime ?? '');
  return {
    path,
    name: String(raw.name ?? baseName(path)),
    kind,
    size: Number(raw.size ?? 0),
    mode: perm,
    mtime: Number.isFinite(mtime) ? mtime : 0,
    // The engine reports where the path leads; a symlink's own stat has GO_SYMLINK set.
    resolved: raw.linkTarget && raw.linkTarget.startsWith('/') ? normalizeContainerPath(raw.linkTarget) : path,
  };
}

function kindOf(type: string | null | undefined): FileKind {
  switch (type) {
    case 'file':
    case 'contiguous-file':
    case 'link':
      return 'file';
    case 'directory':
      return 'directory';
    case 'symlink':
      return 'symlink';
    default:
      return 'other';
  }
}

function byName(a: FileEntry, b: FileEntry): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

function badPath(operation: string, problem: string): EngineError {
  return new EngineError({ kind: 'invalid-argument', operation, engineMessage: problem, hint: 'Use an absolute path inside the container, like /etc or /var/log.' });
}

/** The path checked and normalized, or a clear error. */
function checked(path: string, operation: string): string {
  const problem = containerPathProblem(path);
  if (problem) throw badPath(operation, problem);
  return normalizeContainerPath(path);
}

/** Why writing failed, in the user's words: a read-only filesystem or permissions are the usual causes. */
function writeError(e: unknown, operation: string, dir: string): unknown {
  if (!(e instanceof EngineError)) return e;
  const m = `${e.engineMessage ?? ''} ${e.engineCause ?? ''}`.toLowerCase();
  if (m.includes('read-only file system')) {
    return new EngineError({
      kind: 'read-only',
      operation,
      status: e.status,
      engineMessage: e.engineMessage,
      hint: `${dir} is on a read-only filesystem (the container runs with --read-only, or the mount is read-only). Write into a writable folder, such as /tmp or a volume.`,
    });
  }
  if (m.includes('permission denied') || m.includes('operation not permitted')) {
    return new EngineError({ kind: 'permission-denied', operation, status: e.status, engineMessage: e.engineMessage, hint: `The engine may not write to ${dir}. Check the folder's owner and mode.` });
  }
  if (m.includes('not a directory')) {
    return new EngineError({ kind: 'invalid-argument', operation, status: e.status, engineMessage: e.engineMessage, hint: `${dir} is a file, not a folder: choose a folder to write into.` });
  }
  return e;
}

export interface UploadSource {
  /** Bytes of the file; exactly `size` of them. */
  stream: Readable;
  size: number;
  /** Permission bits (default 0o644). */
  mode?: number;
  /** Epoch ms (default now). */
  mtime?: number;
}

export class ContainerFilesApi {
  constructor(
    private readonly ctx: ApiContext,
    private readonly exec: ExecApi,
  ) {}

  private archive(id: string): string {
    const p = `/containers/${seg(id)}/archive`;
    return this.ctx.isPodman ? this.ctx.libpod(p) : this.ctx.compat(p);
  }

  /** What `path` is (following symlinks inside the container). */
  async stat(id: string, path: string, signal?: AbortSignal): Promise<FileStat> {
    const operation = `Read ${path} in container ${id}`;
    const p = checked(path, operation);
    const res = await this.ctx.transport.raw({ method: 'HEAD', path: this.archive(id), query: { path: p }, operation, signal });
    res.resume();
    const status = res.statusCode ?? 0;
    const stat = statFromHeader(p, res.headers['x-docker-container-path-stat'] as string | undefined);
    if (status === 200 && stat) return stat;
    if (status === 404 && stat) {
      throw new EngineError({
        kind: 'not-found',
        operation,
        status,
        engineMessage: `${p} is a symlink to ${stat.resolved}, which does not exist`,
        hint: 'The link points nowhere; open its folder instead.',
      });
    }
    if (status === 404) {
      // Without a stat header the container itself may be the missing thing: ask the engine which.
      await this.ctx.transport.call({ path: this.ctx.isPodman ? this.ctx.libpod(`/containers/${seg(id)}/json`) : this.ctx.compat(`/containers/${seg(id)}/json`), operation });
      throw new EngineError({ kind: 'not-found', operation, status, engineMessage: `no such file or folder: ${p}`, hint: 'It may have been removed. Go up a folder and refresh.' });
    }
    throw new EngineError({ kind: 'engine', operation, status, engineMessage: `the engine answered HTTP ${status} without a file status` });
  }

  /**
   * A tar of `path` (a folder's whole subtree, or one file) straight from the
   * engine. `contentsOnly`: a folder's entries relative to it (`a.txt`, not
   * `data/a.txt`), as the engine does for a path ending in `/.`.
   */
  async tar(id: string, path: string, signal?: AbortSignal, opts: { contentsOnly?: boolean } = {}): Promise<IncomingMessage> {
    const operation = `Download ${path} from container ${id}`;
    const p = checked(path, operation);
    const query = opts.contentsOnly ? (p === '/' ? '/.' : `${p}/.`) : p;
    return this.ctx.transport.request({ path: this.archive(id), query: { path: query }, operation, signal, timeoutMs: 0 });
  }

  /** The entries of a folder (symlinks to folders are followed inside the container). */
  async list(id: string, path: string, opts: { signal?: AbortSignal | undefined; limit?: number } = {}): Promise<FileListing> {
    const operation = `List ${path} in container ${id}`;
    const stat = await this.stat(id, path, opts.signal);
    if (stat.kind !== 'directory') throw new EngineError({ kind: 'invalid-argument', operation, engineMessage: `${stat.resolved} is not a folder`, hint: 'Open its folder instead, or download it.' });
    const dir = stat.resolved;
    const limit = opts.limit ?? LIST_LIMIT;
    // Podman's archive gives every entry the caller's uid/gid (it chowns what it sends); Docker's keeps them.
    const trustOwners = !this.ctx.isPodman;
    const res = await this.tar(id, dir, opts.signal);
    const entries: FileEntry[] = [];
    let total = 0;
    let prefix: string | undefined;
    // Hard links carry no size: the size of the file they name, when it came earlier in this tar.
    const sizes = new Map<string, number>();
    const extract = tar.extract();
    extract.on('entry', (h, body, next) => {
      const name = h.name.replace(/\/+$/, '') || '/';
      if (prefix === undefined) {
        prefix = name === '/' ? '/' : `${name}/`;
      } else if (name.startsWith(prefix)) {
        const rest = name.slice(prefix.length);
        if (h.type === 'file' && sizes.size < 100_000) sizes.set(name, h.size ?? 0);
        if (rest && !rest.includes('/')) {
          total++;
          const kind = kindOf(h.type);
          entries.push({
            name: rest,
            kind,
            size: h.type === 'link' ? (sizes.get(h.linkname ?? '') ?? 0) : kind === 'file' ? (h.size ?? 0) : 0,
            mode: (h.mode ?? 0) & 0o7777,
            ...(trustOwners ? { uid: h.uid ?? 0, gid: h.gid ?? 0 } : {}),
            mtime: h.mtime ? h.mtime.getTime() : 0,
            ...(kind === 'symlink' ? { linkTarget: h.linkname ?? '' } : {}),
          });
          // Keep the first `limit` by name: sort and cut whenever the buffer doubles, so memory stays bounded.
          if (entries.length >= limit * 2) entries.sort(byName).splice(limit);
        }
      }
      body.on('end', next);
      body.resume();
    });
    await pipeline(res, extract).catch((e: unknown) => {
      throw e instanceof EngineError ? e : new EngineError({ kind: 'stream-interrupted', operation, engineMessage: `the folder's archive could not be read: ${(e as Error).message}`, cause: e });
    });
    entries.sort(byName);
    const shown = entries.slice(0, limit);
    if (!trustOwners) await this.fillOwners(id, dir, shown, opts.signal);
    return { path: dir, entries: shown, truncated: total > limit, total };
  }

  /**
   * Owners from `stat` in a running container (one line per argument, in
   * argument order; the link itself for symlinks). Best effort: a stopped
   * container, an image without `stat` or any failed name leaves them unknown.
   */
  private async fillOwners(id: string, dir: string, entries: FileEntry[], signal?: AbortSignal): Promise<void> {
    for (let i = 0; i < entries.length; i += 400) {
      const batch = entries.slice(i, i + 400);
      const r = await this.exec.runCollect(id, ['stat', '-c', '%u:%g', '--', ...batch.map((e) => joinPath(dir, e.name))], { user: '0', signal, maxBytes: 64 * 1024 }).catch(() => undefined);
      const lines = r?.exitCode === 0 ? r.stdout.split('\n').filter(Boolean) : [];
      if (lines.length !== batch.length) return;
      batch.forEach((e, j) => {
        const [u, g] = lines[j]!.split(':').map(Number);
        if (Number.isInteger(u) && Number.isInteger(g)) Object.assign(e, { uid: u, gid: g });
      });
    }
  }

  /** The first bytes of a file as text (or marked binary), for the viewer. */
  async preview(id: string, path: string, opts: { signal?: AbortSignal | undefined; maxBytes?: number } = {}): Promise<FilePreview> {
    const max = opts.maxBytes ?? PREVIEW_BYTES;
    const { stat, stream } = await this.fileStream(id, path, opts.signal);
    const parts: Buffer[] = [];
    let got = 0;
    for await (const chunk of stream) {
      const b = chunk as Buffer;
      parts.push(got + b.length > max ? b.subarray(0, max - got) : b);
      got += b.length;
      if (got >= max) break; // leaving the loop destroys the stream and with it the engine request
    }
    const head = Buffer.concat(parts);
    const truncated = stat.size > max;
    let text: string | undefined;
    if (!head.subarray(0, 8192).includes(0)) {
      try {
        // A multi-byte character cut at the preview's end is not a reason to call the file binary.
        text = new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: truncated });
      } catch {
        text = undefined;
      }
    }
    return { path: stat.resolved, size: stat.size, binary: text === undefined, truncated, ...(text !== undefined ? { text } : {}) };
  }

  /** A regular file's bytes (symlinks followed), without the tar around them. */
  async fileStream(id: string, path: string, signal?: AbortSignal): Promise<{ stat: FileStat; stream: Readable }> {
    const operation = `Read ${path} in container ${id}`;
    const stat = await this.stat(id, path, signal);
    if (stat.kind === 'directory') throw new EngineError({ kind: 'invalid-argument', operation, engineMessage: `${stat.resolved} is a folder`, hint: 'Open the folder, or download it as a tar.' });
    const res = await this.tar(id, stat.resolved, signal);
    const out = new FirstFileOfTar(operation, { highWaterMark: 256 * 1024 });
    res.on('error', (e) => out.destroy(e));
    out.on('error', () => res.destroy());
    out.on('close', () => res.destroy());
    res.pipe(out);
    return { stat, stream: out };
  }

  /** Extract a tar into the folder `dir` (which must exist: the engine would create it silently). */
  async putTar(id: string, dir: string, body: Readable | Buffer, opts: { signal?: AbortSignal | undefined; operation?: string } = {}): Promise<void> {
    const operation = opts.operation ?? `Copy files into ${dir} in container ${id}`;
    const d = checked(dir, operation);
    const stat = await this.stat(id, d, opts.signal);
    if (stat.kind !== 'directory') throw new EngineError({ kind: 'invalid-argument', operation, engineMessage: `${d} is not a folder`, hint: 'Choose a folder to put the files in.' });
    try {
      await this.ctx.transport.call({
        method: 'PUT',
        path: this.archive(id),
        query: { path: stat.resolved },
        body,
        headers: { 'Content-Type': 'application/x-tar' },
        operation,
        signal: opts.signal,
        timeoutMs: 0,
      });
    } catch (e) {
      throw writeError(e, operation, stat.resolved);
    }
  }

  /** Write one file at `dir/rel` (its missing folders are made), streaming its bytes through a one-entry tar. */
  async upload(id: string, dir: string, rel: string, source: UploadSource, signal?: AbortSignal): Promise<void> {
    const operation = `Upload ${rel} to ${dir} in container ${id}`;
    const problem = relativePathProblem(rel);
    if (problem) throw badPath(operation, problem);
    const body = singleFileTar({ name: rel, size: source.size, mode: source.mode ?? 0o644, mtime: source.mtime ?? Date.now() }, source.stream);
    await this.putTar(id, dir, body, { signal, operation });
  }

  /** Make the folder `dir/name`; an existing entry of that name is a name-in-use error, not overwritten. */
  async mkdir(id: string, dir: string, name: string, signal?: AbortSignal): Promise<string> {
    const operation = `Create folder ${name} in ${dir} in container ${id}`;
    const problem = entryNameProblem(name);
    if (problem) throw badPath(operation, problem);
    const target = joinPath(checked(dir, operation), name);
    const exists = await this.stat(id, target, signal).then(
      () => true,
      (e: unknown) => (e instanceof EngineError && e.kind === 'not-found' ? false : Promise.reject(e)),
    );
    if (exists) throw new EngineError({ kind: 'name-in-use', operation, engineMessage: `${target} already exists`, hint: 'Choose another name.' });
    const pack = tar.pack();
    pack.entry({ name, type: 'directory', mode: 0o755, mtime: new Date() });
    pack.finalize();
    await this.putTar(id, dir, Readable.from(pack), { signal, operation });
    return target;
  }

  /** Delete files and folders (recursively) with `rm -rf` in the running container. */
  async remove(id: string, paths: string[], signal?: AbortSignal): Promise<void> {
    const operation = paths.length === 1 ? `Delete ${paths[0]} in container ${id}` : `Delete ${paths.length} items in container ${id}`;
    const targets = paths.map((p) => checked(p, operation));
    if (targets.includes('/')) throw badPath(operation, 'the root folder cannot be deleted');
    let r;
    try {
      r = await this.exec.runCollect(id, ['rm', '-rf', '--', ...targets], { user: '0', signal, maxBytes: 64 * 1024 });
    } catch (e) {
      if (e instanceof EngineError && (e.kind === 'container-not-running' || e.kind === 'conflict')) {
        throw new EngineError({
          kind: 'container-not-running',
          operation,
          status: e.status,
          engineMessage: e.engineMessage,
          hint: 'The engine can add files to a stopped container but not delete them: start the container, then delete.',
        });
      }
      const m = e instanceof EngineError ? `${e.engineMessage ?? ''}`.toLowerCase() : '';
      if (m.includes('executable file not found') || m.includes('no such file or directory')) {
        throw new EngineError({
          kind: 'unsupported',
          operation,
          engineMessage: e instanceof EngineError ? e.engineMessage : undefined,
          hint: 'This image has no `rm` program, so Berth cannot delete files in it.',
        });
      }
      throw e;
    }
    if (r.exitCode !== 0) throw writeError(new EngineError({ kind: 'engine', operation, engineMessage: r.stderr.trim() || `rm exited with code ${r.exitCode}` }), operation, targets.join(', '));
  }
}
