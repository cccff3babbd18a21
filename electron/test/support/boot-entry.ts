// Bundles the Electron entry against the `electron` stand-in and boots it, for
// tests that check the entry's wiring on a machine without an Electron binary.
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import path from 'node:path';
import { after, before } from 'node:test';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { startPodman, type PodmanHarness } from '../../../engine/test/harness/podman-harness.js';

export type Stand = typeof import('./electron-stand-in.js');

const root = path.resolve(import.meta.dirname, '..', '..', '..');
const standIn = path.join(import.meta.dirname, 'electron-stand-in.ts');

/** Bundles electron/desktop/main.electron.ts into a new folder dist/<prefix>XXXXXX (the caller removes it); returns that folder. */
export async function bundleEntry(prefix: string): Promise<string> {
  // Inside the project, so the bundle's external packages resolve from node_modules.
  await mkdir(path.join(root, 'dist'), { recursive: true });
  const outDir = await mkdtemp(path.join(root, 'dist', prefix));
  // One bundle holds both the entry and the stand-in, so they share its state.
  await build({
    stdin: {
      contents: `export * as stand from ${JSON.stringify(standIn)};\nimport ${JSON.stringify(path.join(root, 'electron/desktop/main.electron.ts'))};`,
      resolveDir: root,
      loader: 'ts',
    },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile: path.join(outDir, 'entry.mjs'),
    alias: { electron: standIn },
    packages: 'external',
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    logLevel: 'error',
  });
  return outDir;
}

/** Starts the bundled entry against the engine at engineUrl and fires the app's ready; returns the stand-in it talks to. */
export async function bootEntry(outDir: string, engineUrl: string): Promise<Stand> {
  process.argv.push('--engine', engineUrl);
  process.env.BERTH_STANDIN_APP_PATH = root;
  const stand = ((await import(pathToFileURL(path.join(outDir, 'entry.mjs')).href)) as { stand: Stand }).stand;
  (stand.app as unknown as { fireReady(): void }).fireReady();
  return stand;
}

export interface EntryOnPodman {
  h: PodmanHarness;
  outDir: string;
  stand: Stand;
}

/**
 * A file's hooks for the entry on an isolated Podman: before its tests, the
 * Podman, the bundle (dist/<prefix>…), `prepare` (what the entry reads as it
 * starts), the boot, then `ready` with all three. After them, `quit` ends the
 * app the file's way, the shutdown gets `settleMs`, then the Podman and the
 * bundle go.
 */
export function entryOnPodman(prefix: string, hooks: { prepare?(outDir: string): void; ready(entry: EntryOnPodman): unknown; quit(stand: Stand): void; settleMs: number }): void {
  let h: PodmanHarness | undefined;
  let outDir: string | undefined;
  let stand: Stand | undefined;
  before(async () => {
    h = await startPodman();
    outDir = await bundleEntry(prefix);
    hooks.prepare?.(outDir);
    stand = await bootEntry(outDir, h.url);
    await hooks.ready({ h, outDir, stand });
  });
  after(async () => {
    if (stand) hooks.quit(stand);
    await new Promise((r) => setTimeout(r, hooks.settleMs));
    await h?.teardown();
    if (outDir) await rm(outDir, { recursive: true, force: true });
  });
}
