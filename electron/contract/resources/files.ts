/**
 * A container's files (the Files tab): list, preview, new folder, delete, and
 * one-time links for downloads and uploads, which travel as plain HTTP
 * (`/api/files?ticket=…`) so a large file streams instead of crossing the
 * bridge as messages. Paths follow the engine's rules (engine/src/files/paths.ts).
 */
import { z } from 'zod';
import { mutation, query } from '../call.js';
import type { FileListing, FilePreview } from '../../../engine/src/models/files.js';
import { containerPathProblem, entryNameProblem, relativePathProblem } from '../../../engine/src/files/paths.js';
import { EngineId, Ref, type ActionResult } from '../common.js';

export type { FileEntry, FileKind, FileListing, FilePreview } from '../../../engine/src/models/files.js';

const ruled = (max: number, problem: (s: string) => string | undefined) =>
  z
    .string()
    .max(max, 'That path is too long')
    .superRefine((s, ctx) => {
      const p = problem(s);
      if (p) ctx.addIssue({ code: 'custom', message: p });
    });

/** An absolute path inside the container (`..` is resolved; it never climbs above `/`). */
export const ContainerPath = ruled(4096, containerPathProblem);
/** One entry name: anything but `/` and NUL. */
export const EntryName = ruled(1024, entryNameProblem);
/** A file inside an uploaded folder, relative to the folder it goes into. */
export const UploadName = ruled(4096, relativePathProblem);
/** Largest single upload (the upload is spooled on the host first, so nothing partial reaches the container). */
export const MAX_UPLOAD_BYTES = 64 * 1024 ** 3;

export const FilePathInput = z.strictObject({ engine: EngineId, id: Ref, path: ContainerPath });
export const FileMkdirInput = z.strictObject({ engine: EngineId, id: Ref, dir: ContainerPath, name: EntryName });
export const FileRemoveInput = z.strictObject({ engine: EngineId, id: Ref, paths: z.array(ContainerPath).min(1, 'Choose something to delete').max(1000, 'Delete at most 1,000 items at a time') });
export const FileUploadInput = z.strictObject({
  engine: EngineId,
  id: Ref,
  dir: ContainerPath,
  name: UploadName,
  size: z.number().int('A size is a whole number of bytes').min(0).max(MAX_UPLOAD_BYTES, 'Files larger than 64 GiB cannot be uploaded'),
  mode: z.number().int().min(0).max(0o7777).optional(),
});

export const filesCalls = {
  list: query(FilePathInput).returns<FileListing>(),
  preview: query(FilePathInput).returns<FilePreview>(),
  mkdir: mutation(FileMkdirInput).returns<{ path: string }>(),
  remove: mutation(FileRemoveInput).returns<ActionResult>(),
  /** A one-time link (a minute) that downloads a file, or a folder as a tar. */
  downloadLink: mutation(FilePathInput).returns<{ url: string }>(),
  /** A one-time link (a minute) to PUT one file's bytes to; the answer is 204, or JSON `{ error }`. */
  uploadLink: mutation(FileUploadInput).returns<{ url: string }>(),
};

/** The engine's path rules, for the renderer's breadcrumbs and names (pure, browser-safe). */
export { baseName, displayName, joinPath, normalizeContainerPath, parentPath } from '../../../engine/src/files/paths.js';
