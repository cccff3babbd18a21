/**
 * Uploads of the Files tab: what was dropped or picked becomes a plan (files
 * with their path relative to the target folder, and the empty folders), then
 * each file is sent with a PUT of its bytes to a one-time link from the
 * bridge, one at a time, with progress and cancel (XMLHttpRequest: fetch has
 * no upload progress). The main side spools each file and writes it only when
 * it arrived whole.
 */
import type { BridgeErrorData } from '../../../../electron/contract/index.js';
import { bridge } from '../../bridge/client';

export interface UploadItem {
  file: File;
  /** Relative to the target folder: `a.txt`, or `photos/2024/a.jpg` for a folder's file. */
  rel: string;
}

export interface UploadPlan {
  files: UploadItem[];
  /** Folders to make (relative, parents first), so empty folders arrive too. */
  dirs: string[];
}

export interface UploadProgress {
  index: number;
  total: number;
  name: string;
  loaded: number;
  size: number;
}

/** A failure the upload route answered with (`{ error }`), in the bridge's error shape. */
export class UploadError extends Error {
  constructor(readonly data: BridgeErrorData) {
    super(data.message);
  }
}

/** The top-level names a plan writes (to ask before replacing what is there). */
export function topNames(plan: UploadPlan): string[] {
  return [...new Set([...plan.files.map((f) => f.rel), ...plan.dirs].map((r) => r.split('/')[0]!))];
}

/** Files picked with `<input type=file multiple>` or `webkitdirectory` (folders carry webkitRelativePath). */
export function planFromFileList(list: FileList | readonly File[]): UploadPlan {
  const files = [...list].map((file) => ({ file, rel: file.webkitRelativePath || file.name }));
  const dirs = new Set<string>();
  for (const f of files) {
    const parts = f.rel.split('/');
    for (let i = 1; i < parts.length; i++) dirs.add(parts.slice(0, i).join('/'));
  }
  return { files, dirs: [...dirs].sort((a, b) => a.split('/').length - b.split('/').length) };
}

function readAll(reader: FileSystemDirectoryReader): Promise<FileSystemEntry[]> {
  // readEntries answers in batches (100 in Chromium) until it answers none.
  return new Promise((resolve, reject) => {
    const out: FileSystemEntry[] = [];
    const next = () =>
      reader.readEntries((batch) => {
        if (batch.length === 0) return resolve(out);
        out.push(...batch);
        next();
      }, reject);
    next();
  });
}

/** What was dropped: files and whole folders (empty ones included), walked through the entries API. */
export async function planFromDrop(items: DataTransferItemList): Promise<UploadPlan> {
  const plan: UploadPlan = { files: [], dirs: [] };
  const walk = async (entry: FileSystemEntry, prefix: string): Promise<void> => {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isFile) {
      const file = await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject));
      plan.files.push({ file, rel });
    } else if (entry.isDirectory) {
      plan.dirs.push(rel);
      for (const child of await readAll((entry as FileSystemDirectoryEntry).createReader())) await walk(child, rel);
    }
  };
  // Entries must be taken synchronously, before the drop event's data goes away.
  const entries = [...items].map((i) => i.webkitGetAsEntry()).filter((e): e is FileSystemEntry => e !== null);
  for (const e of entries) await walk(e, '');
  return plan;
}

/** PUT a file's bytes to a one-time link, with progress; resolves on 204, rejects with the route's error. */
export function putFile(url: string, file: File, onProgress: (loaded: number) => void, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('PUT', url);
    xhr.upload.onprogress = (e) => onProgress(e.loaded);
    xhr.onload = () => {
      if (xhr.status === 204) return resolve();
      try {
        reject(new UploadError((JSON.parse(xhr.responseText) as { error: BridgeErrorData }).error));
      } catch {
        reject(new Error(`The upload failed with HTTP ${xhr.status}`));
      }
    };
    xhr.onerror = () => reject(new Error('The upload failed: the connection to Berth was lost'));
    xhr.onabort = () => reject(new DOMException('The upload was cancelled', 'AbortError'));
    signal.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(file);
  });
}

/** Make the plan's folders, then send its files one by one. A folder that exists already is fine. */
export async function runUploads(target: { engine: string; id: string; dir: string }, plan: UploadPlan, onProgress: (p: UploadProgress) => void, signal: AbortSignal): Promise<void> {
  const { engine, id, dir } = target;
  for (const rel of plan.dirs) {
    const cut = rel.lastIndexOf('/');
    const parent = cut < 0 ? dir : `${dir}/${rel.slice(0, cut)}`;
    try {
      await bridge.files.mkdir.mutate({ engine, id, dir: parent, name: rel.slice(cut + 1) }, { signal });
    } catch (e) {
      const kind = (e as { data?: { engine?: { kind?: string } } }).data?.engine?.kind;
      if (kind !== 'name-in-use') throw e;
    }
  }
  for (const [index, { file, rel }] of plan.files.entries()) {
    if (signal.aborted) throw new DOMException('The upload was cancelled', 'AbortError');
    onProgress({ index, total: plan.files.length, name: rel, loaded: 0, size: file.size });
    const { url } = await bridge.files.uploadLink.mutate({ engine, id, dir, name: rel, size: file.size }, { signal });
    await putFile(url, file, (loaded) => onProgress({ index, total: plan.files.length, name: rel, loaded, size: file.size }), signal);
  }
}
