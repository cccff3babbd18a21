/**
 * Images: list, inspect, history, pull, push, build, tag, untag, remove,
 * prune and search, on libpod (Podman) or the Docker-compatible API.
 *
 * Pull, push and build are long streams of NDJSON. They return a
 * {@link ProgressTask}: iterate it for typed {@link ProgressEvent}s (the engine
 * is read only as fast as you consume them), and/or call `result()` for the
 * outcome. Errors that arrive inside a `200` stream (`{"error": …}`) become
 * typed {@link EngineError}s like any other failure. Registry passwords go in
 * the `X-Registry-Auth` header only; they are never logged and are scrubbed
 * from error messages.
 */
import type { IncomingMessage } from 'node:http';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream';
import { EngineError, errorFromStreamMessage, type EngineErrorKind } from '../errors.js';
import { LineSplitter, NdjsonError, NdjsonParser } from '../streams/ndjson.js';
import type { Query } from '../transport/http-transport.js';
import type { JsonObject } from '../models/json.js';
import { epochMs } from './wire-values.js';
import { seg, type ApiContext } from './context.js';
import { buildContextRules } from './build-context.js';
import { packDirectory } from './tar-pack.js';
import type { ImageHistoryEntry } from '../models/images.js';

// ---------------------------------------------------------------------------
// Public types

/** One image as the UI lists it (both engines normalized to this shape). */
export interface ImageSummary {
  /** Full image id, 64 hex digits, without the `sha256:` prefix. */
  id: string;
  /** First 12 hex digits of the id, as the CLIs show it. */
  shortId: string;
  /** `repo:tag` names; `<none>:<none>` is dropped. */
  repoTags: string[];
  repoDigests: string[];
  /** Bytes. */
  size: number;
  /** Creation time, epoch milliseconds. */
  created: number;
  /** Containers (any state) created from this image. */
  containers: number;
  inUse: boolean;
  /** No tags left (an untagged leftover, removable with `prune`). */
  dangling: boolean;
  labels: Record<string, string>;
  parentId?: string | undefined;
}

export type { ImageHistoryEntry };

/** Registry credentials, sent only in the `X-Registry-Auth` header. */
export interface RegistryCredentials {
  username: string;
  password: string;
  /** Registry host (`registry.example.com:5000`); defaults to the registry of the image reference. */
  serverAddress?: string;
}

/**
 * A progress event of a pull, push or build.
 * - `status`: a general line ("Trying to pull …", "Writing manifest …").
 * - `layer`: about one layer (blob); `current`/`total` in bytes where the engine reports them.
 * - `step`: a build step (`current` of `total` steps).
 * - `log`: a line of build output.
 * - `done`: the end; `imageId` carries the result where there is one.
 */
export interface ProgressEvent {
  kind: 'status' | 'layer' | 'step' | 'log' | 'done';
  message: string;
  layerId?: string | undefined;
  current?: number | undefined;
  total?: number | undefined;
  imageId?: string | undefined;
}

interface StreamingOptions {
  /** Cancels the operation (the engine stops the pull/push/build when we hang up). */
  signal?: AbortSignal | undefined;
  /** Called for every event, whether or not the task is iterated. */
  onProgress?: ((event: ProgressEvent) => void) | undefined;
}

export interface PullOptions extends StreamingOptions {
  credentials?: RegistryCredentials | undefined;
  /** Verify the registry's TLS certificate (libpod only; Docker follows its daemon settings). Engine default when omitted. */
  tlsVerify?: boolean | undefined;
  /** libpod pull policy; default `always`. */
  policy?: 'always' | 'missing' | 'newer' | 'never' | undefined;
}

export interface PullResult {
  /** The pulled image's full id (hex). */
  id: string;
  /** Every image id the pull produced (libpod; one entry on Docker). */
  images: string[];
  reference: string;
}

export interface PushOptions extends StreamingOptions {
  /** Where to push (`registry/repo:tag`); defaults to the image name itself. */
  destination?: string | undefined;
  credentials?: RegistryCredentials | undefined;
  tlsVerify?: boolean | undefined;
}

export interface PushResult {
  destination: string;
  /** Manifest digest, where the engine reports it (Docker-compatible API). */
  digest?: string | undefined;
}

export interface BuildOptions extends StreamingOptions {
  /** Names for the result (`repo:tag`). */
  tags?: string[] | undefined;
  /** Containerfile path relative to the context; default `Containerfile`, then `Dockerfile`. */
  containerfile?: string | undefined;
  buildArgs?: Record<string, string> | undefined;
  labels?: Record<string, string> | undefined;
  noCache?: boolean | undefined;
  /** Always pull the base image. */
  pull?: boolean | undefined;
}

export interface BuildResult {
  /** Full image id (hex). */
  id: string;
  tags: string[];
}

export interface RemoveImageResult {
  untagged: string[];
  deleted: string[];
}

export interface PruneImagesResult {
  /** Ids of removed images. */
  removed: string[];
  /** Bytes freed. */
  reclaimed: number;
}

export interface ImageSearchResult {
  index: string;
  name: string;
  description: string;
  stars: number;
  official: boolean;
  automated: boolean;
}

// ---------------------------------------------------------------------------
// Pure helpers (unit tested)

/** A parsed image reference: `[domain/]path[:tag][@digest]`. */
export interface ImageReference {
  /** Registry host[:port], when the first component is one (has `.` or `:`, or is `localhost`). */
  domain?: string | undefined;
  /** Repository path below the domain (`library/busybox`). */
  path: string;
  tag?: string | undefined;
  digest?: string | undefined;
  /** `domain/path` (or `path`). */
  name: string;
}

const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN = new RegExp(`^(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[0-9a-fA-F:]+\\])(?::[0-9]+)?$`);
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}$/;
const IMAGE_ID = /^(?:sha256:)?[0-9a-f]{3,64}$/;

/**
 * Parse an image reference by the distribution grammar. Returns the parts, or
 * a reason in words when it is not valid (no engine round trip needed).
 */
export function parseImageReference(ref: string): { ok: true; ref: ImageReference } | { ok: false; reason: string } {
  if (ref.length === 0) return { ok: false, reason: 'the image reference is empty' };
  if (/\s/.test(ref)) return { ok: false, reason: `invalid reference format: "${ref}" contains white space` };
  let rest = ref;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) return { ok: false, reason: `invalid reference format: "${digest}" is not a valid digest` };
  }
  let tag: string | undefined;
  const lastColon = rest.lastIndexOf(':');
  if (lastColon >= 0 && !rest.slice(lastColon + 1).includes('/')) {
    tag = rest.slice(lastColon + 1);
    rest = rest.slice(0, lastColon);
    if (!TAG.test(tag)) return { ok: false, reason: `invalid reference format: "${tag}" is not a valid tag` };
  }
  if (rest.length === 0) return { ok: false, reason: 'invalid reference format: the repository name is missing' };
  if (rest.length > 255) return { ok: false, reason: 'invalid reference format: repository name must not be longer than 255 characters' };
  const parts = rest.split('/');
  let domain: string | undefined;
  const first = parts[0] ?? '';
  // Stricter than Docker's normalizer on purpose: an upper-case first component
  // ("UPPER/case") is a mistyped repository, not a registry host.
  if (parts.length > 1 && (first.includes('.') || first.includes(':') || first === 'localhost')) {
    domain = first;
    parts.shift();
    if (!DOMAIN.test(domain)) return { ok: false, reason: `invalid reference format: "${domain}" is not a valid registry host` };
  }
  if (parts.length === 0 || parts.some((p) => p.length === 0)) {
    return { ok: false, reason: 'invalid reference format: empty path component' };
  }
  for (const p of parts) {
    if (/[A-Z]/.test(p)) return { ok: false, reason: 'invalid reference format: repository name must be lowercase' };
    if (!PATH_COMPONENT.test(p)) return { ok: false, reason: `invalid reference format: "${p}" is not a valid repository name component` };
  }
  const repoPath = parts.join('/');
  return { ok: true, ref: { domain, path: repoPath, tag, digest, name: domain ? `${domain}/${repoPath}` : repoPath } };
}

/** True for something that names a local image: an id (prefix) or a valid reference. */
export function isLocalImageName(nameOrId: string): boolean {
  return IMAGE_ID.test(nameOrId) || parseImageReference(nameOrId).ok;
}

/** The registry a reference points at (Docker Hub when it names none). */
export function registryOf(ref: ImageReference): string {
  return ref.domain ?? 'docker.io';
}

/**
 * The `X-Registry-Auth` header value: base64url (with padding, as Go's
 * `base64.URLEncoding` expects) of `{username, password, serveraddress}`.
 */
export function encodeRegistryAuth(creds: RegistryCredentials, serverAddress: string): string {
  const json = JSON.stringify({ username: creds.username, password: creds.password, serveraddress: creds.serverAddress ?? serverAddress });
  return Buffer.from(json, 'utf8').toString('base64').replace(/\+/g, '-').replace(/\//g, '_');
}

/** Strip `sha256:`. */
export function bareId(id: string): string {
  return id.startsWith('sha256:') ? id.slice(7) : id;
}

/** One line of libpod pull/push text output (`{"stream": …}`) as an event. */
export function parseCopyLine(line: string): ProgressEvent {
  const message = line.replace(/\n+$/, '');
  const blob = /^Copying blob (?:sha256:)?([0-9a-f]{12,})(.*)$/.exec(message);
  if (blob) {
    const skipped = /skipped|already exists/.test(blob[2] ?? '');
    return { kind: 'layer', layerId: blob[1]!.slice(0, 12), message: skipped ? 'Already exists' : message };
  }
  return { kind: 'status', message };
}

/** One Docker-style JSON progress message (`{status, progressDetail, id}`) as an event; null when it has nothing to say. */
export function parseJsonProgress(msg: Record<string, unknown>): ProgressEvent | null {
  const status = typeof msg.status === 'string' ? msg.status : '';
  const id = typeof msg.id === 'string' ? msg.id : undefined;
  const detail = (msg.progressDetail ?? {}) as { current?: unknown; total?: unknown };
  const current = typeof detail.current === 'number' ? detail.current : undefined;
  const total = typeof detail.total === 'number' && detail.total > 0 ? detail.total : undefined;
  if (!status && !id) return null;
  const progress = typeof msg.progress === 'string' && msg.progress ? ` ${msg.progress}` : '';
  if (id && /^[0-9a-f]{12,64}$/.test(id)) {
    return { kind: 'layer', layerId: id.slice(0, 12), message: `${status}${progress}`, current, total };
  }
  return { kind: 'status', message: id ? `${id}: ${status}` : status, current, total };
}

/** One line of build output as an event: `STEP n/m: …` is a step, anything else a log line. */
export function parseBuildLine(line: string): ProgressEvent {
  const step = /^STEP (\d+)\/(\d+): (.*)$/.exec(line) ?? /^Step (\d+)\/(\d+) : (.*)$/.exec(line);
  if (step) return { kind: 'step', message: line, current: Number(step[1]), total: Number(step[2]) };
  return { kind: 'log', message: line };
}

/** The error text of a stream message (`error` or `errorDetail.message`), if any. */
export function streamError(msg: Record<string, unknown>): string | undefined {
  if (typeof msg.error === 'string' && msg.error) return msg.error;
  const detail = msg.errorDetail as { message?: unknown } | undefined;
  if (detail && typeof detail.message === 'string' && detail.message) return detail.message;
  return undefined;
}

/** Normalize one entry of `/images/json` (libpod or compat). */
export function toImageSummary(raw: Record<string, any>): ImageSummary {
  const id = bareId(String(raw.Id ?? ''));
  const repoTags = (Array.isArray(raw.RepoTags) ? (raw.RepoTags as string[]) : []).filter((t) => t && t !== '<none>:<none>');
  const repoDigests = (Array.isArray(raw.RepoDigests) ? (raw.RepoDigests as string[]) : []).filter((d) => d && d !== '<none>@<none>');
  const containers = Math.max(0, Number(raw.Containers ?? 0));
  const parent = bareId(String(raw.ParentId ?? ''));
  return {
    id,
    shortId: id.slice(0, 12),
    repoTags,
    repoDigests,
    size: Number(raw.Size ?? raw.VirtualSize ?? 0),
    created: epochMs(raw.Created),
    containers,
    inUse: containers > 0,
    dangling: typeof raw.Dangling === 'boolean' ? raw.Dangling : repoTags.length === 0,
    labels: (raw.Labels && typeof raw.Labels === 'object' ? raw.Labels : {}) as Record<string, string>,
    parentId: parent || undefined,
  };
}

// ---------------------------------------------------------------------------
// ProgressTask

type Emit = (event: ProgressEvent) => Promise<void> | void;

/**
 * A running pull/push/build. It starts when you first iterate it or call
 * `result()`. Iterating paces the engine stream (backpressure); leaving the
 * loop early does not cancel the operation (use the AbortSignal for that), it
 * only stops the queueing of events. Iterate at most once.
 */
export class ProgressTask<T> implements AsyncIterable<ProgressEvent> {
  private promise: Promise<T> | undefined;

  constructor(
    private readonly work: (emit: Emit) => Promise<T>,
    private readonly onProgress?: ((event: ProgressEvent) => void) | undefined,
  ) {}

  /** Run to the end (if not already running) and resolve with the outcome; rejects with an EngineError. */
  result(): Promise<T> {
    if (!this.promise) this.promise = this.start((ev) => this.onProgress?.(ev));
    return this.promise;
  }

  [Symbol.asyncIterator](): AsyncIterator<ProgressEvent> {
    if (this.promise) throw new Error('this task is already running; iterate it before calling result()');
    const queue: ProgressEvent[] = [];
    let wake: (() => void) | undefined;
    let space: (() => void) | undefined;
    let finished = false;
    let detached = false;
    let failure: unknown;
    const HIGH = 64;
    const emit: Emit = (ev) => {
      this.onProgress?.(ev);
      if (detached) return;
      queue.push(ev);
      wake?.();
      if (queue.length >= HIGH) return new Promise<void>((resolve) => (space = resolve));
    };
    const release = () => {
      const s = space;
      space = undefined;
      s?.();
    };
    this.promise = this.start(emit);
    this.promise.then(
      () => {
        finished = true;
        wake?.();
      },
      (e: unknown) => {
        finished = true;
        failure = e;
        wake?.();
      },
    );
    return {
      next: async (): Promise<IteratorResult<ProgressEvent>> => {
        for (;;) {
          const ev = queue.shift();
          if (ev) {
            if (queue.length < HIGH / 2) release();
            return { value: ev, done: false };
          }
          if (finished) {
            if (failure !== undefined) throw failure;
            return { value: undefined, done: true };
          }
          await new Promise<void>((resolve) => (wake = resolve));
          wake = undefined;
        }
      },
      return: async (): Promise<IteratorResult<ProgressEvent>> => {
        detached = true;
        queue.length = 0;
        release();
        return { value: undefined, done: true };
      },
    };
  }

  private start(emit: Emit): Promise<T> {
    const p = this.work(emit);
    p.catch(() => undefined); // a caller that only iterates still sees the error there
    return p;
  }
}

// ---------------------------------------------------------------------------
// The API

const none = (value: unknown): value is undefined | null => value === undefined || value === null;

export class ImagesApi {
  constructor(private readonly ctx: ApiContext) {}

  /** All images (intermediate layers too when `all`). */
  async list(opts: { all?: boolean; signal?: AbortSignal } = {}): Promise<ImageSummary[]> {
    const operation = 'List images';
    const path = this.ctx.isPodman ? this.ctx.libpod('/images/json') : this.ctx.compat('/images/json');
    const raw = await this.ctx.transport.json<Record<string, any>[]>({ path, query: { all: opts.all ?? false }, operation, signal: opts.signal });
    const images = (raw ?? []).map(toImageSummary);
    if (!this.ctx.isPodman && (raw ?? []).some((r) => Number(r.Containers ?? -1) < 0)) {
      // Docker reports -1 ("not computed"): count containers per image ourselves.
      const ctrs = await this.ctx.transport.json<{ ImageID?: string }[]>({ path: this.ctx.compat('/containers/json'), query: { all: true }, operation, signal: opts.signal });
      const counts = new Map<string, number>();
      for (const c of ctrs ?? []) if (c.ImageID) counts.set(bareId(c.ImageID), (counts.get(bareId(c.ImageID)) ?? 0) + 1);
      for (const img of images) {
        img.containers = counts.get(img.id) ?? 0;
        img.inUse = img.containers > 0;
      }
    }
    return images;
  }

  /** The engine's full inspect JSON. */
  async inspect(nameOrId: string, signal?: AbortSignal): Promise<JsonObject> {
    const operation = `Inspect image ${nameOrId}`;
    this.checkLocal(nameOrId, operation);
    const p = this.ctx.isPodman ? this.ctx.libpod(`/images/${seg(nameOrId)}/json`) : this.ctx.compat(`/images/${seg(nameOrId)}/json`);
    return this.ctx.transport.json<JsonObject>({ path: p, operation, signal });
  }

  /** Whether a local image with that name or id exists. */
  async exists(nameOrId: string): Promise<boolean> {
    try {
      await this.inspect(nameOrId);
      return true;
    } catch (e) {
      if (e instanceof EngineError && (e.kind === 'not-found' || e.kind === 'image-unknown')) return false;
      throw e;
    }
  }

  /** Layers, newest first. */
  async history(nameOrId: string, signal?: AbortSignal): Promise<ImageHistoryEntry[]> {
    const operation = `Read the history of image ${nameOrId}`;
    this.checkLocal(nameOrId, operation);
    const p = this.ctx.isPodman ? this.ctx.libpod(`/images/${seg(nameOrId)}/history`) : this.ctx.compat(`/images/${seg(nameOrId)}/history`);
    const raw = await this.ctx.transport.json<Record<string, any>[]>({ path: p, operation, signal });
    return (raw ?? []).map((h) => {
      const id = String(h.Id ?? '');
      return {
        id: id && id !== '<missing>' ? bareId(id) : null,
        created: epochMs(h.Created),
        createdBy: String(h.CreatedBy ?? ''),
        tags: Array.isArray(h.Tags) ? (h.Tags as string[]) : [],
        size: Number(h.Size ?? 0),
        comment: String(h.Comment ?? ''),
      };
    });
  }

  /**
   * Pull an image from its registry. Progress: `status` lines and `layer`
   * events (libpod names each blob as it is copied; the Docker API adds byte
   * counts), then `done` with the image id.
   */
  pull(reference: string, opts: PullOptions = {}): ProgressTask<PullResult> {
    const operation = `Pull image ${reference}`;
    return new ProgressTask(async (emit) => {
      const ref = this.checkReference(reference, operation);
      const headers = this.authHeaders(opts.credentials, ref);
      const secret = opts.credentials?.password;
      try {
        if (this.ctx.isPodman) {
          const res = await this.ctx.transport.request({
            method: 'POST',
            path: this.ctx.libpod('/images/pull'),
            query: { reference, tlsVerify: opts.tlsVerify, policy: opts.policy ?? 'always' },
            headers,
            signal: opts.signal,
            operation,
          });
          let result: PullResult | undefined;
          for await (const msg of this.pullPushMessages(res, operation, opts.signal, ref)) {
            if (typeof msg.stream === 'string') {
              for (const line of msg.stream.split('\n').filter(Boolean)) await emit(parseCopyLine(line));
            }
            if (typeof msg.id === 'string' && msg.id) {
              const images = Array.isArray(msg.images) ? (msg.images as string[]).map(bareId) : [bareId(msg.id)];
              result = { id: bareId(msg.id), images, reference };
            }
          }
          if (!result) throw new EngineError({ kind: 'stream-interrupted', operation, engineMessage: 'the pull ended without reporting an image' });
          await emit({ kind: 'done', message: `Pulled ${reference}`, imageId: result.id });
          return result;
        }
        const fromImage = ref.name;
        const tag = ref.digest ?? ref.tag ?? 'latest';
        const res = await this.ctx.transport.request({
          method: 'POST',
          path: this.ctx.compat('/images/create'),
          query: { fromImage, tag },
          headers,
          signal: opts.signal,
          operation,
        });
        for await (const msg of this.pullPushMessages(res, operation, opts.signal, ref)) {
          const ev = parseJsonProgress(msg);
          if (ev) await emit(ev);
        }
        const local = ref.digest ? `${ref.name}@${ref.digest}` : `${ref.name}:${tag}`;
        const inspected = await this.ctx.transport.json<{ Id?: string }>({ path: this.ctx.compat(`/images/${seg(local)}/json`), operation, signal: opts.signal });
        const id = bareId(String(inspected?.Id ?? ''));
        await emit({ kind: 'done', message: `Pulled ${reference}`, imageId: id });
        return { id, images: [id], reference };
      } catch (e) {
        throw this.finalError(e, operation, opts.signal, secret);
      }
    }, opts.onProgress);
  }

  /** Push a local image to a registry (optionally under another name). */
  push(image: string, opts: PushOptions = {}): ProgressTask<PushResult> {
    const destination = opts.destination ?? image;
    const operation = destination === image ? `Push image ${image}` : `Push image ${image} to ${destination}`;
    return new ProgressTask(async (emit) => {
      this.checkLocal(image, operation);
      const dest = this.checkReference(destination, operation);
      const headers = this.authHeaders(opts.credentials, dest, !this.ctx.isPodman);
      const secret = opts.credentials?.password;
      try {
        if (this.ctx.isPodman) {
          const res = await this.ctx.transport.request({
            method: 'POST',
            path: this.ctx.libpod(`/images/${seg(image)}/push`),
            query: { destination, tlsVerify: opts.tlsVerify, quiet: false },
            headers,
            signal: opts.signal,
            operation,
          });
          for await (const msg of this.pullPushMessages(res, operation, opts.signal, dest)) {
            if (typeof msg.stream === 'string') {
              for (const line of msg.stream.split('\n').filter(Boolean)) await emit(parseCopyLine(line));
            }
          }
          await emit({ kind: 'done', message: `Pushed ${destination}` });
          return { destination };
        }
        // Docker pushes an image under its own name: tag it as the destination first.
        if (destination !== image) await this.tag(image, destination);
        const res = await this.ctx.transport.request({
          method: 'POST',
          path: this.ctx.compat(`/images/${seg(dest.name)}/push`),
          query: { tag: dest.tag ?? 'latest' },
          headers,
          signal: opts.signal,
          operation,
        });
        let digest: string | undefined;
        for await (const msg of this.pullPushMessages(res, operation, opts.signal, dest)) {
          const aux = msg.aux as { Digest?: unknown } | undefined;
          if (aux && typeof aux.Digest === 'string') digest = aux.Digest;
          const ev = parseJsonProgress(msg);
          if (ev) await emit(ev);
        }
        await emit({ kind: 'done', message: `Pushed ${destination}` });
        return { destination, digest };
      } catch (e) {
        throw this.finalError(e, operation, opts.signal, secret);
      }
    }, opts.onProgress);
  }

  /**
   * Build an image from a context folder holding a Containerfile or
   * Dockerfile. The folder is streamed to the engine as a tar; the build log
   * comes back line by line (`step` and `log` events).
   */
  build(contextDir: string, opts: BuildOptions = {}): ProgressTask<BuildResult> {
    const operation = `Build image from ${contextDir}`;
    return new ProgressTask(async (emit) => {
      const tags = opts.tags ?? [];
      for (const t of tags) this.checkReference(t, operation);
      const containerfile = await findContainerfile(contextDir, opts.containerfile, operation);
      const rules = await buildContextRules(contextDir, containerfile);
      const query: Query = {
        t: tags,
        dockerfile: containerfile,
        buildargs: opts.buildArgs ? JSON.stringify(opts.buildArgs) : undefined,
        labels: opts.labels ? JSON.stringify(opts.labels) : undefined,
        nocache: opts.noCache || undefined,
        pull: opts.pull || undefined,
        rm: true,
      };
      // Packed without what the ignore file excludes, for every engine; Podman gets the list too (same rules).
      if (this.ctx.isPodman && rules.patterns.length > 0) query.excludes = JSON.stringify(rules.patterns);
      const tar = packDirectory(contextDir, rules.filter);
      try {
        const res = await this.ctx.transport.request({
          method: 'POST',
          path: this.ctx.isPodman ? this.ctx.libpod('/build') : this.ctx.compat('/build'),
          query,
          headers: { 'Content-Type': 'application/x-tar' },
          body: tar,
          signal: opts.signal,
          operation,
          // The engine reads the whole context before it answers: no header timeout.
          timeoutMs: 0,
        });
        let id: string | undefined;
        const lines = new LineSplitter();
        const handleLine = async (line: string) => {
          const trimmed = line.replace(/\r$/, '');
          if (!trimmed) return;
          if (/^[0-9a-f]{64}$/.test(trimmed)) id = trimmed; // libpod ends with the bare image id
          await emit(parseBuildLine(trimmed));
        };
        for await (const msg of this.messages(res, operation, opts.signal)) {
          const err = streamError(msg);
          if (err) {
            for (const line of lines.end()) await handleLine(line);
            const kind = errorFromStreamMessage(operation, err).kind;
            throw new EngineError({ kind: kind === 'unauthorized' ? 'unauthorized' : 'build-failed', operation, engineMessage: err.trim() });
          }
          const aux = msg.aux as { ID?: unknown } | undefined;
          if (aux && typeof aux.ID === 'string') id = bareId(aux.ID);
          if (typeof msg.stream === 'string') for (const line of lines.push(msg.stream)) await handleLine(line);
        }
        for (const line of lines.end()) await handleLine(line);
        if (!id && tags[0]) id = bareId(String((await this.inspect(tags[0], opts.signal)).Id ?? ''));
        if (!id) throw new EngineError({ kind: 'build-failed', operation, engineMessage: 'the build ended without reporting an image id' });
        await emit({ kind: 'done', message: `Built ${id.slice(0, 12)}`, imageId: id });
        return { id, tags };
      } catch (e) {
        throw this.finalError(e, operation, opts.signal);
      } finally {
        tar.destroy();
      }
    }, opts.onProgress);
  }

  /**
   * Remove an image. Without `force`, an image used by a container fails with
   * `image-in-use`. With `force`, Podman (through either API) also removes
   * the containers that use it, stopping running ones first; a real Docker
   * daemon instead untags the image and leaves its containers alone.
   */
  async remove(nameOrId: string, opts: { force?: boolean } = {}): Promise<RemoveImageResult> {
    const operation = `Remove image ${nameOrId}`;
    this.checkLocal(nameOrId, operation);
    if (this.ctx.isPodman) {
      const r = await this.ctx.transport.json<{ Untagged?: string[] | null; Deleted?: string[] | null; Errors?: string[] | null }>({
        method: 'DELETE',
        path: this.ctx.libpod(`/images/${seg(nameOrId)}`),
        query: { force: opts.force ?? false },
        operation,
        timeoutMs: 120_000,
      });
      const errors = (r?.Errors ?? []).filter(Boolean);
      if (errors.length > 0) throw errorFromStreamMessage(operation, errors.join('; '));
      return { untagged: r?.Untagged ?? [], deleted: (r?.Deleted ?? []).map(bareId) };
    }
    const r = await this.ctx.transport.json<{ Untagged?: string; Deleted?: string }[]>({
      method: 'DELETE',
      path: this.ctx.compat(`/images/${seg(nameOrId)}`),
      query: { force: opts.force ?? false },
      operation,
      timeoutMs: 120_000,
    });
    return {
      untagged: (r ?? []).map((x) => x.Untagged).filter((x): x is string => !none(x)),
      deleted: (r ?? [])
        .map((x) => x.Deleted)
        .filter((x): x is string => !none(x))
        .map(bareId),
    };
  }

  /** Give an image another name (`repo[:tag]`, tag defaults to `latest`). */
  async tag(nameOrId: string, target: string): Promise<void> {
    const operation = `Tag image ${nameOrId} as ${target}`;
    this.checkLocal(nameOrId, operation);
    const ref = this.checkReference(target, operation);
    if (ref.digest) throw invalid(operation, 'a tag cannot contain a digest');
    const p = this.ctx.isPodman ? this.ctx.libpod(`/images/${seg(nameOrId)}/tag`) : this.ctx.compat(`/images/${seg(nameOrId)}/tag`);
    await this.ctx.transport.call({ method: 'POST', path: p, query: { repo: ref.name, tag: ref.tag ?? 'latest' }, operation });
  }

  /**
   * Remove one name from an image, keeping the image. On Docker this is an
   * image removal by that name, which deletes the image if it was its last name.
   */
  async untag(reference: string): Promise<void> {
    const operation = `Untag image ${reference}`;
    const ref = this.checkReference(reference, operation);
    if (this.ctx.isPodman) {
      await this.ctx.transport.call({
        method: 'POST',
        path: this.ctx.libpod(`/images/${seg(reference)}/untag`),
        query: { repo: ref.name, tag: ref.tag ?? 'latest' },
        operation,
      });
      return;
    }
    await this.ctx.transport.call({ method: 'DELETE', path: this.ctx.compat(`/images/${seg(reference)}`), operation });
  }

  /** Remove dangling images, or with `all` every image no container uses. */
  async prune(opts: { all?: boolean } = {}): Promise<PruneImagesResult> {
    const operation = opts.all ? 'Remove unused images' : 'Remove dangling images';
    if (this.ctx.isPodman) {
      const r = await this.ctx.transport.json<{ Id?: string; Size?: number; Err?: string | null }[] | null>({
        method: 'POST',
        path: this.ctx.libpod('/images/prune'),
        query: { all: opts.all ?? false },
        operation,
        timeoutMs: 300_000,
      });
      const failed = (r ?? []).map((x) => x.Err).filter((x): x is string => typeof x === 'string' && x.length > 0);
      if (failed.length > 0) throw errorFromStreamMessage(operation, failed.join('; '));
      return { removed: (r ?? []).map((x) => bareId(String(x.Id ?? ''))).filter(Boolean), reclaimed: (r ?? []).reduce((s, x) => s + Number(x.Size ?? 0), 0) };
    }
    const r = await this.ctx.transport.json<{ ImagesDeleted?: { Deleted?: string; Untagged?: string }[] | null; SpaceReclaimed?: number }>({
      method: 'POST',
      path: this.ctx.compat('/images/prune'),
      query: { filters: JSON.stringify({ dangling: [opts.all ? 'false' : 'true'] }) },
      operation,
      timeoutMs: 300_000,
    });
    return {
      removed: (r?.ImagesDeleted ?? [])
        .map((x) => x.Deleted)
        .filter((x): x is string => !none(x))
        .map(bareId),
      reclaimed: Number(r?.SpaceReclaimed ?? 0),
    };
  }

  /**
   * Search a registry. `term` may name the registry (`registry:5000/name`);
   * an empty name after the registry lists its catalog.
   */
  async search(term: string, opts: { limit?: number; tlsVerify?: boolean; credentials?: RegistryCredentials; signal?: AbortSignal } = {}): Promise<ImageSearchResult[]> {
    const operation = `Search images for ${term}`;
    if (!term.trim() || /\s/.test(term)) throw invalid(operation, 'the search term must be a non-empty word without spaces');
    const registry = term.includes('/') ? term.slice(0, term.indexOf('/')) : 'docker.io';
    const headers = opts.credentials ? { 'X-Registry-Auth': encodeRegistryAuth(opts.credentials, registry) } : undefined;
    const p = this.ctx.isPodman ? this.ctx.libpod('/images/search') : this.ctx.compat('/images/search');
    try {
      const r = await this.ctx.transport.json<Record<string, any>[] | null>({
        path: p,
        query: { term, limit: opts.limit, tlsVerify: this.ctx.isPodman ? opts.tlsVerify : undefined },
        headers,
        operation,
        signal: opts.signal,
        timeoutMs: 120_000,
      });
      return (r ?? []).map((x) => ({
        index: String(x.Index ?? ''),
        name: String(x.Name ?? x.name ?? ''),
        description: String(x.Description ?? x.description ?? ''),
        stars: Number(x.Stars ?? x.star_count ?? 0),
        official: x.Official === '[OK]' || x.Official === true || x.is_official === true,
        automated: x.Automated === '[OK]' || x.Automated === true || x.is_automated === true,
      }));
    } catch (e) {
      throw this.finalError(e, operation, opts.signal, opts.credentials?.password);
    }
  }

  /**
   * Check credentials against a registry (`POST /auth`, on both engines)
   * without storing them anywhere. Resolves with the engine's status text
   * ("Login Succeeded"); wrong credentials fail with `unauthorized`. Podman
   * 4.3 verifies TLS here except for `localhost:PORT` addresses, so a plain
   * HTTP registry can only be checked under that name.
   */
  async checkLogin(creds: RegistryCredentials & { serverAddress: string }, signal?: AbortSignal): Promise<string> {
    const operation = `Log in to ${creds.serverAddress}`;
    if (!creds.serverAddress.trim() || /\s/.test(creds.serverAddress)) throw invalid(operation, 'the registry address must be a host name without spaces');
    try {
      const r = await this.ctx.transport.json<{ Status?: string } | undefined>({
        method: 'POST',
        path: this.ctx.compat('/auth'),
        body: { username: creds.username, password: creds.password, serveraddress: creds.serverAddress },
        operation,
        signal,
        timeoutMs: 60_000,
      });
      return String(r?.Status ?? 'Login Succeeded');
    } catch (e) {
      const err = this.finalError(e, operation, signal, creds.password);
      if (err.kind === 'unauthorized') {
        throw new EngineError({ kind: 'unauthorized', operation, status: err.status, engineMessage: err.engineMessage, hint: `Check the user name and password for ${creds.serverAddress}.` });
      }
      throw err;
    }
  }

  // -------------------------------------------------------------------------

  private checkReference(reference: string, operation: string): ImageReference {
    const parsed = parseImageReference(reference);
    if (!parsed.ok) throw invalid(operation, parsed.reason);
    return parsed.ref;
  }

  private checkLocal(nameOrId: string, operation: string): void {
    if (!isLocalImageName(nameOrId)) {
      const parsed = parseImageReference(nameOrId);
      throw invalid(operation, parsed.ok ? `"${nameOrId}" is not an image name or id` : parsed.reason);
    }
  }

  private authHeaders(creds: RegistryCredentials | undefined, ref: ImageReference, always = false): Record<string, string> | undefined {
    if (creds) return { 'X-Registry-Auth': encodeRegistryAuth(creds, registryOf(ref)) };
    // Docker insists on the header for push even without credentials: `{}`.
    return always ? { 'X-Registry-Auth': 'e30=' } : undefined;
  }

  /** Parsed NDJSON messages of a streamed reply; closes the reply when the consumer stops early. */
  private async *messages(res: IncomingMessage, operation: string, signal: AbortSignal | undefined): AsyncGenerator<Record<string, unknown>> {
    const parser = new NdjsonParser();
    pipeline(res, parser, () => undefined);
    try {
      for await (const msg of parser) {
        if (msg && typeof msg === 'object') yield msg as Record<string, unknown>;
      }
    } catch (e) {
      if (signal?.aborted) throw new EngineError({ kind: 'aborted', operation, cause: e });
      if (e instanceof NdjsonError) throw new EngineError({ kind: 'engine', operation, engineMessage: e.message, cause: e });
      throw new EngineError({ kind: 'stream-interrupted', operation, engineMessage: (e as Error).message, cause: e });
    } finally {
      if (!res.complete) res.destroy();
      parser.destroy();
    }
  }

  /** A pull's or push's messages; an error message in the stream ends it as a typed error about `ref`. */
  private async *pullPushMessages(res: IncomingMessage, operation: string, signal: AbortSignal | undefined, ref: ImageReference): AsyncGenerator<Record<string, unknown>> {
    for await (const msg of this.messages(res, operation, signal)) {
      const err = streamError(msg);
      if (err) throw this.imageError(operation, err, ref, 'engine');
      yield msg;
    }
  }

  private imageError(operation: string, message: string, ref: ImageReference, fallback: EngineErrorKind): EngineError {
    const e = errorFromStreamMessage(operation, message, fallback);
    if (e.kind === 'image-unknown') {
      return new EngineError({
        kind: 'image-unknown',
        operation,
        engineMessage: message,
        hint: `The registry ${registryOf(ref)} has no image ${ref.path}${ref.tag ? `:${ref.tag}` : ''}. Check the name and tag, and log in if the repository is private.`,
      });
    }
    if (e.kind === 'unauthorized') {
      return new EngineError({ kind: 'unauthorized', operation, engineMessage: message, hint: `Check the user name and password for ${registryOf(ref)}.` });
    }
    return e;
  }

  /** Map whatever escaped to an EngineError: cancellation wins, and a password never survives in a message. */
  private finalError(e: unknown, operation: string, signal: AbortSignal | undefined, secret?: string): EngineError {
    let err: EngineError;
    if (signal?.aborted && !(e instanceof EngineError && e.kind === 'aborted')) err = new EngineError({ kind: 'aborted', operation, cause: e });
    else if (e instanceof EngineError) err = e;
    else err = new EngineError({ kind: 'engine', operation, engineMessage: (e as Error)?.message ?? String(e), cause: e });
    if (secret && secret.length > 0 && (err.engineMessage?.includes(secret) || err.message.includes(secret) || err.engineCause?.includes(secret))) {
      const clean = (s: string | undefined) => s?.split(secret).join('***');
      err = new EngineError({
        kind: err.kind,
        operation: err.operation,
        status: err.status,
        engineMessage: clean(err.engineMessage),
        engineCause: clean(err.engineCause),
        hint: err.hint,
        socket: err.socket,
      });
    }
    return err;
  }
}

function invalid(operation: string, reason: string): EngineError {
  return new EngineError({ kind: 'invalid-argument', operation, engineMessage: reason, hint: 'Image names are lowercase, like registry.example.com/team/app:1.0.' });
}

/** The Containerfile to use, relative to the context; fails before anything is sent. */
async function findContainerfile(contextDir: string, requested: string | undefined, operation: string): Promise<string> {
  const ctxStat = await stat(contextDir).catch(() => undefined);
  if (!ctxStat?.isDirectory()) {
    throw new EngineError({ kind: 'invalid-argument', operation, engineMessage: `the build context ${contextDir} is not a folder`, hint: 'Choose the folder that holds your Containerfile.' });
  }
  const candidates = requested ? [requested] : ['Containerfile', 'Dockerfile'];
  for (const c of candidates) {
    const full = path.resolve(contextDir, c);
    const rel = path.relative(path.resolve(contextDir), full);
    if (rel.startsWith('..') || path.isAbsolute(rel)) {
      throw new EngineError({ kind: 'invalid-argument', operation, engineMessage: `the Containerfile ${c} is outside the build context`, hint: 'Put the Containerfile inside the context folder.' });
    }
    const st = await stat(full).catch(() => undefined);
    if (st?.isFile()) return rel.split(path.sep).join('/');
  }
  throw new EngineError({
    kind: 'invalid-argument',
    operation,
    engineMessage: requested ? `no file ${requested} in ${contextDir}` : `no Containerfile or Dockerfile in ${contextDir}`,
    hint: 'Add a Containerfile (or Dockerfile) to the folder, or choose the file to build from.',
  });
}
