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
  const tickets = new DownloadTickets<({ op: 'download' } & FileDownloadSpec) | ({ op: 'upload' } & FileUploadSpec)>();

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

  async function upload(spec: FileUploadSpec, body: Readable, signal: AbortSignal): Promise<TransferReply> {
    const operation = `Upload ${spec.name} to ${spec.dir}`;
    const dir = await mkdtemp(path.join(tmpdir(), 'berth-upload-'));
    try {
      const spool = path.join(dir, 'data');
      const count = counter(spec.size);
      try {
        await pipeline(body, count, createWriteStream(spool, { mode: 0o600, highWaterMark: 1024 * 1024 }), { signal });
      } catch (e) {
        throw new EngineError({
          kind: 'aborted',
          operation,
          engineMessage: `the upload did not arrive whole (${count.bytes} of ${spec.size} bytes): ${(e as Error).message}`,
          hint: 'Nothing was written to the container. Upload the file again.',
        });
      }
      if (count.bytes !== spec.size) {
        throw new EngineError({
          kind: 'aborted',
          operation,
          engineMessage: `the upload ended early (${count.bytes} of ${spec.size} bytes)`,
          hint: 'Nothing was written to the container. Upload the file again.',
        });
      }
      await client(spec.engine).files.upload(
        spec.id,
        spec.dir,
        spec.name,
        { stream: createReadStream(spool, { highWaterMark: 1024 * 1024 }), size: spec.size, ...(spec.mode !== undefined ? { mode: spec.mode } : {}) },
        signal,
      );
      return { status: 204, headers: { 'Cache-Control': 'no-store' } };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  return {
    downloadLink: (spec) => `${FILES_PATH}?ticket=${tickets.issue({ op: 'download', ...spec })}`,
    uploadLink: (spec) => `${FILES_PATH}?ticket=${tickets.issue({ op: 'upload', ...spec })}`,
    async handle(req) {
      const spec = tickets.redeem(req.ticket);
      if (!spec) return gone();
      try {
        if (spec.op === 'download') {
          if (req.method !== 'GET' && req.method !== 'HEAD')
            return errorReply(new EngineError({ kind: 'invalid-argument', operation: 'Download a file', engineMessage: `a download link takes GET, not ${req.method}` }));
          return await download(spec, req.method, req.signal);
        }
        if (req.method !== 'PUT' || !req.body)
          return errorReply(new EngineError({ kind: 'invalid-argument', operation: 'Upload a file', engineMessage: `an upload link takes PUT with the file as its body, not ${req.method}` }));
        return await upload(spec, req.body, req.signal);
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
