/**
 * Downloads and uploads of a container's files as plain HTTP, the same for
 * serve's server and Electron's berth:// protocol: a large file streams
 * instead of crossing the bridge as messages, with the browser's own download
 * and upload machinery (progress, cancel). The renderer asks over the
 * authenticated bridge for a one-time ticket (download-tickets.ts) that names
 * one file for one minute; the URL carries nothing else to trust.
 *
 * An upload is spooled to a private temporary file on the host and checked
 * against the size it announced before the engine sees a byte: an upload cut
 * off half-way (tab closed, network gone) leaves the container as it was,
 * never a truncated file over a good one.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { baseName, EngineError, type EngineClient } from '../../engine/src/index.js';
import { errorData } from '../contract/error-wire.js';
import { DownloadTickets } from './download-tickets.js';

export const FILES_PATH = '/api/files';

export interface FileDownloadSpec {
  engine?: string | undefined;
  id: string;
  path: string;
}

export interface FileUploadSpec {
  engine?: string | undefined;
  id: string;
  dir: string;
  /** Relative to `dir` (checked by the contract and again by the engine). */
  name: string;
  size: number;
  mode?: number | undefined;
}

export interface VolumeExportSpec {
  engine?: string | undefined;
  name: string;
}

export interface VolumeImportSpec {
  engine?: string | undefined;
  name: string;
  size: number;
}

/** A transport-neutral HTTP answer: serve writes it to its response, Electron makes a web Response of it. */
export interface TransferReply {
  status: number;
  headers: Record<string, string>;
  body?: Readable | string | undefined;
}

export interface TransferRequest {
  method: string;
  ticket: string;
  /** The request body (uploads). */
  body?: Readable | undefined;
  signal: AbortSignal;
}

export interface FileTransfers {
  downloadLink(spec: FileDownloadSpec): string;
  uploadLink(spec: FileUploadSpec): string;
  /** A volume's contents as a tar (through a helper container). */
  volumeExportLink(spec: VolumeExportSpec): string;
  /** A tar PUT here is extracted into the volume (spooled and size-checked first, like an upload). */
  volumeImportLink(spec: VolumeImportSpec): string;
  handle(req: TransferRequest): Promise<TransferReply>;
}

/** `attachment` with an ASCII fallback and the exact UTF-8 name (RFC 6266 / 5987); no quote, slash or control character survives. */
export function attachment(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\/%;]/g, '_').trim() || 'download';
  // eslint-disable-next-line no-control-regex
  const exact = name.replace(/[\x00-\x1f\x7f/\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(exact)}`;
}

function errorReply(e: unknown, fixedStatus?: number): TransferReply {
  const data = errorData(e);
  const byKind = data.kind === 'not-found' ? 404 : data.kind === 'invalid-argument' ? 400 : data.kind === 'read-only' || data.kind === 'permission-denied' ? 403 : 502;
  const status = fixedStatus ?? byKind;
  return { status, headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' }, body: JSON.stringify({ error: data }) };
}

const gone = (): TransferReply =>
  errorReply(new EngineError({ kind: 'invalid-argument', operation: 'Transfer a file', engineMessage: 'this link was used or has expired', hint: 'Start the download or upload again.' }), 410);

/** Counts bytes through; fails as soon as more than `max` arrive. */
function counter(max: number): Transform & { bytes: number } {
  const t = new Transform({
    transform(chunk: Buffer, _enc, done) {
      t.bytes += chunk.length;
      if (t.bytes > max) done(new Error(`more than the announced ${max} bytes arrived`));
      else done(null, chunk);
    },
  }) as Transform & { bytes: number };
  t.bytes = 0;
  return t;
}

export function fileTransfers(client: (engine?: string) => EngineClient): FileTransfers {
  type Spec = ({ op: 'download' } & FileDownloadSpec) | ({ op: 'upload' } & FileUploadSpec) | ({ op: 'volume-export' } & VolumeExportSpec) | ({ op: 'volume-import' } & VolumeImportSpec);
  const tickets = new DownloadTickets<Spec>();

  async function download(spec: FileDownloadSpec, method: string, signal: AbortSignal): Promise<TransferReply> {
    const files = client(spec.engine).files;
    const stat = await files.stat(spec.id, spec.path, signal);
    const name = baseName(stat.resolved) === '/' ? 'root' : baseName(stat.resolved);
    if (stat.kind === 'directory') {
      const headers = { 'Content-Type': 'application/x-tar', 'Content-Disposition': attachment(`${name}.tar`), 'Cache-Control': 'no-store' };
      if (method === 'HEAD') return { status: 200, headers };
      return { status: 200, headers, body: await files.tar(spec.id, stat.resolved, signal) };
    }
    const headers = { 'Content-Type': 'application/octet-stream', 'Content-Length': String(stat.size), 'Content-Disposition': attachment(name), 'Cache-Control': 'no-store' };
    if (method === 'HEAD') return { status: 200, headers };
    const { stream } = await files.fileStream(spec.id, stat.resolved, signal);
    return { status: 200, headers, body: stream };
  }

  /** The request body in a private temporary file, exactly `size` bytes, or an error that says nothing was written; then `use` it. */
  async function spooled(body: Readable, size: number, operation: string, signal: AbortSignal, use: (file: string) => Promise<void>): Promise<void> {
    const dir = await mkdtemp(path.join(tmpdir(), 'berth-upload-'));
    try {
      const spool = path.join(dir, 'data');
      const count = counter(size);
      try {
        await pipeline(body, count, createWriteStream(spool, { mode: 0o600, highWaterMark: 1024 * 1024 }), { signal });
      } catch (e) {
        throw new EngineError({
          kind: 'aborted',
          operation,
          engineMessage: `the upload did not arrive whole (${count.bytes} of ${size} bytes): ${(e as Error).message}`,
          hint: 'Nothing was written. Send the file again.',
        });
      }
      if (count.bytes !== size) {
        throw new EngineError({ kind: 'aborted', operation, engineMessage: `the upload ended early (${count.bytes} of ${size} bytes)`, hint: 'Nothing was written. Send the file again.' });
      }
      await use(spool);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  async function upload(spec: FileUploadSpec, body: Readable, signal: AbortSignal): Promise<TransferReply> {
    await spooled(body, spec.size, `Upload ${spec.name} to ${spec.dir}`, signal, (spool) =>
      client(spec.engine).files.upload(
        spec.id,
        spec.dir,
        spec.name,
        { stream: createReadStream(spool, { highWaterMark: 1024 * 1024 }), size: spec.size, ...(spec.mode !== undefined ? { mode: spec.mode } : {}) },
        signal,
      ),
    );
    return { status: 204, headers: { 'Cache-Control': 'no-store' } };
  }

  async function volumeImport(spec: VolumeImportSpec, body: Readable, signal: AbortSignal): Promise<TransferReply> {
    await spooled(body, spec.size, `Import a tar into volume ${spec.name}`, signal, (spool) =>
      client(spec.engine).volumeFiles.importTar(spec.name, createReadStream(spool, { highWaterMark: 1024 * 1024 }), signal),
    );
    return { status: 204, headers: { 'Cache-Control': 'no-store' } };
  }

  async function volumeExport(spec: VolumeExportSpec, method: string, signal: AbortSignal): Promise<TransferReply> {
    const headers = { 'Content-Type': 'application/x-tar', 'Content-Disposition': attachment(`${spec.name}.tar`), 'Cache-Control': 'no-store' };
    if (method === 'HEAD') return { status: 200, headers };
    return { status: 200, headers, body: await client(spec.engine).volumeFiles.exportTar(spec.name, signal) };
  }

  return {
    downloadLink: (spec) => `${FILES_PATH}?ticket=${tickets.issue({ op: 'download', ...spec })}`,
    uploadLink: (spec) => `${FILES_PATH}?ticket=${tickets.issue({ op: 'upload', ...spec })}`,
    volumeExportLink: (spec) => `${FILES_PATH}?ticket=${tickets.issue({ op: 'volume-export', ...spec })}`,
    volumeImportLink: (spec) => `${FILES_PATH}?ticket=${tickets.issue({ op: 'volume-import', ...spec })}`,
    async handle(req) {
      const spec = tickets.redeem(req.ticket);
      if (!spec) return gone();
      try {
        const reading = spec.op === 'download' || spec.op === 'volume-export';
        if (reading && req.method !== 'GET' && req.method !== 'HEAD')
          return errorReply(new EngineError({ kind: 'invalid-argument', operation: 'Download a file', engineMessage: `a download link takes GET, not ${req.method}` }));
        if (!reading && (req.method !== 'PUT' || !req.body))
          return errorReply(new EngineError({ kind: 'invalid-argument', operation: 'Upload a file', engineMessage: `an upload link takes PUT with the file as its body, not ${req.method}` }));
        switch (spec.op) {
          case 'download':
            return await download(spec, req.method, req.signal);
          case 'volume-export':
            return await volumeExport(spec, req.method, req.signal);
          case 'upload':
            return await upload(spec, req.body!, req.signal);
          case 'volume-import':
            return await volumeImport(spec, req.body!, req.signal);
        }
      } catch (e) {
        return errorReply(e);
      }
    },
  };
}

/** A web Response of a reply (Electron's protocol handler). */
export function webResponse(reply: TransferReply, extraHeaders: Record<string, string> = {}): Response {
  const body = reply.body === undefined ? null : typeof reply.body === 'string' ? reply.body : (Readable.toWeb(reply.body) as ReadableStream);
  return new Response(body, { status: reply.status, headers: { ...reply.headers, ...extraHeaders } });
}
