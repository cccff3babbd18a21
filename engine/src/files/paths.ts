/**
 * Paths inside a container, as the Files tab and its transfers take them.
 * Pure and browser-safe (the bridge's schemas use the same rules). A path is
 * absolute and resolved lexically, so `..` can never climb above `/`; names
 * are single segments. Symlinks are never followed here: the engine resolves
 * them inside the container's root (its copier chroots), so a link pointing
 * "outside" still lands inside the container.
 */

/** Longest path and name the tab accepts (Linux's PATH_MAX and NAME_MAX). */
export const MAX_PATH_BYTES = 4096;
export const MAX_NAME_BYTES = 255;

const utf8Length = (s: string): number => new TextEncoder().encode(s).length;

/** Why `path` is not a container path Berth accepts, or undefined when it is fine. */
export function containerPathProblem(path: string): string | undefined {
  if (path.length === 0) return 'A path is required';
  if (!path.startsWith('/')) return 'A path inside the container starts with "/"';
  if (path.includes('\0')) return 'A path cannot contain a NUL character';
  if (utf8Length(path) > MAX_PATH_BYTES) return `That path is longer than ${MAX_PATH_BYTES} bytes`;
  return undefined;
}

/** `path` made absolute and normal: `.`, `..` and repeated slashes resolved; never above `/`. */
export function normalizeContainerPath(path: string): string {
  const out: string[] = [];
  for (const seg of path.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') out.pop();
    else out.push(seg);
  }
  return `/${out.join('/')}`;
}

/** Why `name` is not one entry name, or undefined when it is fine. Newlines and other bytes are allowed: only `/` and NUL are not. */
export function entryNameProblem(name: string): string | undefined {
  if (name.length === 0) return 'A name is required';
  if (name === '.' || name === '..') return 'A name cannot be "." or ".."';
  if (name.includes('/')) return 'A name cannot contain "/"';
  if (name.includes('\0')) return 'A name cannot contain a NUL character';
  if (utf8Length(name) > MAX_NAME_BYTES) return `That name is longer than ${MAX_NAME_BYTES} bytes`;
  return undefined;
}

/** Why `rel` (a file inside an uploaded folder: `photos/2024/a.jpg`) is not acceptable, or undefined. */
export function relativePathProblem(rel: string): string | undefined {
  if (rel.length === 0) return 'A name is required';
  if (rel.startsWith('/')) return 'An uploaded name is relative to the folder it goes into';
  if (utf8Length(rel) > MAX_PATH_BYTES) return `That path is longer than ${MAX_PATH_BYTES} bytes`;
  for (const seg of rel.split('/')) {
    const p = entryNameProblem(seg);
    if (p) return `${p} (in "${rel}")`;
  }
  return undefined;
}

/** The folder holding `path` (`/` for `/`). */
export function parentPath(path: string): string {
  const n = normalizeContainerPath(path);
  const i = n.lastIndexOf('/');
  return i <= 0 ? '/' : n.slice(0, i);
}

/** `dir` joined with one name or a relative path, normalized. */
export function joinPath(dir: string, rel: string): string {
  return normalizeContainerPath(`${dir}/${rel}`);
}

/** The last segment of `path` (`/` for the root). */
export function baseName(path: string): string {
  const n = normalizeContainerPath(path);
  return n === '/' ? '/' : n.slice(n.lastIndexOf('/') + 1);
}

/** A name as it can be shown on one line: control characters written as escapes (`\n`, `\t`, `\x1b`), so a newline in a name cannot fake a second row. */
export function displayName(name: string): string {
  // eslint-disable-next-line no-control-regex
  return name.replace(/[\x00-\x1f\x7f]/g, (c) => (c === '\n' ? '\\n' : c === '\t' ? '\\t' : c === '\r' ? '\\r' : `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`));
}
