/** A container's files as the Files tab shows them (type-only; see README.md). */
export type FileKind = 'file' | 'directory' | 'symlink' | 'other';

export interface FileEntry {
  /** The entry's own name (one path segment; may hold any byte but `/` and NUL, newlines included). */
  name: string;
  kind: FileKind;
  /** Bytes (regular files; 0 for the rest). */
  size: number;
  /** Permission bits, e.g. 0o755 (with setuid/setgid/sticky). */
  mode: number;
  /** Owner ids inside the container; undefined when the engine does not say (Podman's archive reports every file as the caller's, so Berth asks a running container's `stat`). */
  uid?: number | undefined;
  gid?: number | undefined;
  /** Modification time, epoch ms. */
  mtime: number;
  /** Symlinks: the target as written in the link (relative or absolute, never resolved on the host). */
  linkTarget?: string | undefined;
}

export interface FileListing {
  /** The folder listed: absolute, normalized, symlinks resolved inside the container. */
  path: string;
  entries: FileEntry[];
  /** More entries than a listing returns: the first ones (by name) are shown. */
  truncated: boolean;
  /** How many entries the folder has. */
  total: number;
}

export interface FileStat {
  path: string;
  name: string;
  kind: FileKind;
  size: number;
  /** Permission bits. */
  mode: number;
  mtime: number;
  /** Where the path leads once symlinks are followed inside the container. */
  resolved: string;
}

export interface FilePreview {
  path: string;
  size: number;
  /** UTF-8 text (when the start of the file is text), at most the preview's limit. */
  text?: string | undefined;
  /** The file holds NUL bytes or invalid UTF-8 in its first bytes: shown as binary, not as text. */
  binary: boolean;
  /** The file is larger than the preview's limit. */
  truncated: boolean;
}
