/**
 * `npm start`: build the renderer and the Electron entry points, make sure
 * Electron's binary is installed (ignore-scripts skipped its download at
 * `npm ci`), then launch the app. Where the binary cannot be had (offline
 * machines), say so and point to `npm run serve`.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { build } from 'esbuild';

const root = path.resolve(import.meta.dirname, '..', '..');
const require = createRequire(import.meta.url);

export async function buildMain(): Promise<void> {
  const common = { bundle: true, platform: 'node' as const, target: 'node20', format: 'cjs' as const, sourcemap: true, logLevel: 'warning' as const, external: ['electron'] };
  await build({ ...common, entryPoints: [path.join(root, 'electron/desktop/main.electron.ts')], outfile: path.join(root, 'dist/electron/main.cjs') });
  await build({ ...common, entryPoints: [path.join(root, 'electron/desktop/preload.electron.ts')], outfile: path.join(root, 'dist/electron/preload.cjs') });
}

function electronBinary(): string | undefined {
  const pkgDir = path.dirname(require.resolve('electron/package.json'));
  const pathFile = path.join(pkgDir, 'path.txt');
  if (!existsSync(pathFile)) return undefined;
  const bin = path.join(pkgDir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(bin) ? bin : undefined;
}

function installElectron(): boolean {
  const pkgDir = path.dirname(require.resolve('electron/package.json'));
  console.log('berth: installing the Electron binary (first start)…');
  try {
    execFileSync(process.execPath, [path.join(pkgDir, 'install.js')], { stdio: ['ignore', 'inherit', 'pipe'], timeout: 300_000 });
    return true;
  } catch (e) {
    // The installer prints a long stack; its first line says what went wrong.
    const first =
      String((e as { stderr?: Buffer }).stderr ?? '')
        .split('\n')
        .find((l) => l.trim()) ?? '';
    if (first) console.error(`berth: Electron's installer said: ${first.trim().slice(0, 300)}`);
    return false;
  }
}

async function main(): Promise<void> {
  let bin = electronBinary();
  if (!bin && installElectron()) bin = electronBinary();
  if (!bin) {
    console.error(`
berth: Electron's binary is not installed and could not be downloaded on this machine
       (its installer needs to reach Electron's release downloads).
       You can still use Berth in your browser:   npm run serve
       Or install Electron where downloads work:   node node_modules/electron/install.js
`);
    process.exit(1);
  }
  console.log('berth: building…');
  execFileSync('npx', ['vite', 'build', '--config', 'renderer/vite.config.ts', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
  await buildMain();
  const child = spawn(bin, [root, ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
}

if (process.argv[1]?.endsWith('start.ts')) {
  main().catch((e) => {
    console.error(`berth: ${(e as Error).message}`);
    process.exit(1);
  });
}
