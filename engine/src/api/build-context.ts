/**
 * What of a build context goes to the engine: everything but what its ignore
 * file excludes (`.containerignore`, else `.dockerignore`, as Podman and
 * Buildah look for them), with Docker's pattern rules (`**`, `!` exceptions,
 * last match wins) from @balena/dockerignore. Applied when packing, for every
 * engine: the Docker API has no excludes parameter, so a context sent whole
 * would let `COPY . .` bake excluded `.env` files, keys or `.git` into an
 * image. The Containerfile and the ignore file are always sent (the engine
 * needs them), as `docker build` does.
 */
import dockerignore from '@balena/dockerignore';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { PackFilter } from './tar-pack.js';

// A CommonJS module (`module.exports = factory`, `factory.default = factory`) typed as an ES default export.
const makeIgnore = dockerignore.default;

export const IGNORE_FILES = ['.containerignore', '.dockerignore'] as const;

export interface BuildContextRules {
  /** The ignore file that applies, if any. */
  file?: (typeof IGNORE_FILES)[number] | undefined;
  /** Its patterns (comments and blank lines dropped). */
  patterns: string[];
  filter: PackFilter;
}

export function parseIgnoreFile(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
}

/** A filter from patterns; `keep` are relative paths sent whatever the patterns say. */
export function contextFilter(patterns: string[], keep: string[] = []): PackFilter {
  const ig = makeIgnore().add(patterns);
  const kept = new Set(keep.map((k) => k.split(path.sep).join('/')));
  const hasExceptions = patterns.some((p) => p.startsWith('!'));
  return {
    excluded: (rel) => !kept.has(rel) && ig.ignores(rel),
    // Look inside an excluded folder only if an exception or a kept file could be under it.
    mayReinclude: (dir) => hasExceptions || [...kept].some((k) => k.startsWith(`${dir}/`)),
  };
}

export async function buildContextRules(contextDir: string, containerfile: string): Promise<BuildContextRules> {
  for (const file of IGNORE_FILES) {
    const text = await readFile(path.join(contextDir, file), 'utf8').catch(() => undefined);
    if (text === undefined) continue;
    const patterns = parseIgnoreFile(text);
    return { file, patterns, filter: contextFilter(patterns, [containerfile, file]) };
  }
  return { patterns: [], filter: contextFilter([], [containerfile]) };
}
