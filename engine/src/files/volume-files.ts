/**
 * A volume's files, through a short-lived helper container: created (never
 * started) from an image that is already local, with the volume mounted at
 * /volume, and removed afterwards, even on failure. The engine's archive
 * endpoints then read and write the volume as they do any container's files
 * (a created container's mounts are resolved by the engine), so nothing runs
 * and no image is pulled. Helpers carry the label `berth.helper=volume`, so
 * one left by a crash is found and removed (`removeLeftoverHelpers`).
 */
import type { Readable } from 'node:stream';
import { PassThrough } from 'node:stream';
import { EngineError } from '../errors.js';
import type { ContainersApi } from '../api/containers.js';
import type { ImagesApi } from '../api/images.js';
import type { VolumesApi } from '../api/volumes.js';
import type { ContainerFilesApi } from './container-files.js';

export const HELPER_LABEL = 'berth.helper';
/** Where a helper mounts the volume. */
export const VOLUME_ROOT = '/volume';

export interface VolumeHelper {
  id: string;
  /** Remove the helper (idempotent; never throws). */
  remove(): Promise<void>;
}

export class VolumeFilesApi {
  constructor(
    private readonly containers: ContainersApi,
    private readonly images: ImagesApi,
    private readonly volumes: VolumesApi,
    private readonly files: ContainerFilesApi,
  ) {}

  /** The smallest local image: a helper is only created, never run, so any image will do. */
  private async helperImage(operation: string): Promise<string> {
    const list = await this.images.list();
    const best = [...list].sort((a, b) => a.size - b.size)[0];
    if (!best) {
      throw new EngineError({
        kind: 'image-unknown',
        operation,
        engineMessage: 'there is no local image to make a helper container from',
        hint: 'Berth reads a volume through a helper container that is created but never run; any local image will do. Pull or build one image, then try again.',
      });
    }
    return best.id;
  }

  /** A helper with `volume` at /volume (read-only unless `writable`); the caller removes it. */
  async helper(volume: string, opts: { writable?: boolean; purpose?: string } = {}): Promise<VolumeHelper> {
    const operation = `Open volume ${volume}`;
    // The engine would create a missing named volume silently; a typo must not make one.
    await this.volumes.inspect(volume);
    const image = await this.helperImage(operation);
    const { id } = await this.containers.create({
      image,
      command: ['/berth-volume-helper'],
      mounts: [{ type: 'volume', source: volume, target: VOLUME_ROOT, readOnly: !opts.writable }],
      labels: { [HELPER_LABEL]: 'volume', 'berth.volume': volume, ...(opts.purpose ? { 'berth.purpose': opts.purpose } : {}) },
    });
    let removed: Promise<void> | undefined;
    return {
      id,
      remove: () => (removed ??= this.containers.remove(id, { force: true }).catch(() => undefined)),
    };
  }

  /** Run `fn` with a helper, which is removed afterwards whatever happens. */
  async withHelper<T>(volume: string, opts: { writable?: boolean; purpose?: string }, fn: (id: string) => Promise<T>): Promise<T> {
    const h = await this.helper(volume, opts);
    try {
      return await fn(h.id);
    } finally {
      await h.remove();
    }
  }

  /** The volume's contents as a tar (entries relative to the volume's root); the helper goes when the stream ends or fails. */
  async exportTar(volume: string, signal?: AbortSignal): Promise<Readable> {
    const h = await this.helper(volume, { purpose: 'export' });
    try {
      const res = await this.files.tar(h.id, VOLUME_ROOT, signal, { contentsOnly: true });
      const out = new PassThrough({ highWaterMark: 1024 * 1024 });
      res.on('error', (e) => out.destroy(e));
      out.on('close', () => {
        res.destroy();
        void h.remove();
      });
      res.pipe(out);
      return out;
    } catch (e) {
      await h.remove();
      throw e;
    }
  }

  /** Extract a tar into the volume (same names are replaced, others stay). */
  async importTar(volume: string, body: Readable, signal?: AbortSignal): Promise<void> {
    await this.withHelper(volume, { writable: true, purpose: 'import' }, (id) => this.files.putTar(id, VOLUME_ROOT, body, { signal, operation: `Import a tar into volume ${volume}` }));
  }

  /** Copy every file of `source` into the volume `target` (made now, with the source's driver and labels; it must not exist). */
  async clone(source: string, target: string, signal?: AbortSignal): Promise<void> {
    const operation = `Clone volume ${source} to ${target}`;
    const info = (await this.volumes.inspect(source)) as { Driver?: string; Labels?: Record<string, string> | null; Options?: Record<string, string> | null };
    const exists = await this.volumes.inspect(target).then(
      () => true,
      (e: unknown) => (e instanceof EngineError && e.kind === 'not-found' ? false : Promise.reject(e)),
    );
    if (exists)
      throw new EngineError({ kind: 'name-in-use', operation, engineMessage: `a volume named ${target} exists already`, hint: 'Choose a new name: a clone never writes into an existing volume.' });
    await this.volumes.create({ name: target, driver: info.Driver || 'local', labels: { ...(info.Labels ?? {}) }, options: { ...(info.Options ?? {}) } });
    try {
      const tar = await this.exportTar(source, signal);
      await this.importTar(target, tar, signal);
    } catch (e) {
      // A half-made clone is worse than none.
      await this.volumes.remove(target, { force: true }).catch(() => undefined);
      throw e;
    }
  }

  /** Helpers a crash left behind (never started, so removing them loses nothing). */
  async removeLeftoverHelpers(): Promise<number> {
    const left = await this.containers.list({ all: true, filters: { label: [`${HELPER_LABEL}=volume`] } });
    await Promise.all(left.map((c) => this.containers.remove(c.id, { force: true }).catch(() => undefined)));
    return left.length;
  }
}
