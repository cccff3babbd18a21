/** Resolve a URL path to a file inside the built renderer, never outside it. */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';

export const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.map': 'application/json',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
};

export async function resolveAppFile(root: string, urlPath: string): Promise<{ path: string; type: string; size: number; stream: Readable } | undefined> {
  let rel: string;
  try {
    rel = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (rel === '/' || rel === '') rel = '/index.html';
  const base = path.resolve(root);
  const file = path.resolve(base, `.${rel}`);
  if (!file.startsWith(base + path.sep)) return undefined;
  try {
    const st = await stat(file);
    if (!st.isFile()) return undefined;
    return { path: file, type: CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream', size: st.size, stream: createReadStream(file) };
  } catch {
    return undefined;
  }
}
