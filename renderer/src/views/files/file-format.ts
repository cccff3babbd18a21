/** How the Files tab writes a mode and an owner. */
import type { FileEntry, FileKind } from '../../../../electron/contract/index.js';

const TYPE_CHAR: Record<FileKind, string> = { directory: 'd', symlink: 'l', file: '-', other: '?' };

/** `drwxr-xr-x`, as `ls -l` writes it (setuid/setgid/sticky included). */
export function modeString(kind: FileKind, mode: number): string {
  const bit = (m: number, c: string) => (mode & m ? c : '-');
  const x = (exec: number, special: number, on: string, off: string) => (mode & special ? (mode & exec ? on : off) : bit(exec, 'x'));
  return (
    TYPE_CHAR[kind] +
    bit(0o400, 'r') +
    bit(0o200, 'w') +
    x(0o100, 0o4000, 's', 'S') +
    bit(0o40, 'r') +
    bit(0o20, 'w') +
    x(0o10, 0o2000, 's', 'S') +
    bit(0o4, 'r') +
    bit(0o2, 'w') +
    x(0o1, 0o1000, 't', 'T')
  );
}

/** `uid:gid`, or a dash when the engine does not say. */
export function ownerString(e: Pick<FileEntry, 'uid' | 'gid'>): string {
  return e.uid === undefined ? '—' : `${e.uid}:${e.gid ?? '?'}`;
}

/** Folders first, then by name. */
export function folderFirst(a: FileEntry, b: FileEntry): number {
  const da = a.kind === 'directory' ? 0 : 1;
  const db = b.kind === 'directory' ? 0 : 1;
  return da - db || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
}
