/**
 * The Electron app itself, through Playwright's `_electron`: runs only where
 * Electron's binary is installed (node_modules/electron/path.txt and the
 * binary in node_modules/electron/dist) and a display exists; elsewhere it is
 * skipped with the reason printed. The same UI and bridge are covered by the
 * other specs through `serve`.
 */
import { _electron as electron, expect, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { e2eInfo } from '../support/info.js';

const root = path.resolve(import.meta.dirname, '..', '..');

function electronBinary(): { bin?: string; reason?: string } {
  const pkgDir = path.join(root, 'node_modules', 'electron');
  const pathFile = path.join(pkgDir, 'path.txt');
  if (!existsSync(pathFile)) return { reason: `Electron's binary is not installed (no ${path.relative(root, pathFile)}; its download is refused on this machine)` };
  const bin = path.join(pkgDir, 'dist', readFileSync(pathFile, 'utf8').trim());
  if (!existsSync(bin)) return { reason: `Electron's binary is missing (${path.relative(root, bin)})` };
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) return { reason: 'no display for Electron (run the suite under xvfb-run)' };
  return { bin };
}

const found = electronBinary();
if (found.reason) console.log(`electron-smoke: skipped: ${found.reason}`);

test.describe('Electron app (smoke)', () => {
  test.skip(!found.bin, found.reason ?? '');

  test.beforeAll(() => {
    // Build dist/electron (main and preload); the renderer was built by the global setup.
    execFileSync(process.execPath, ['--import', 'tsx', '-e', "import('./electron/scripts/start.ts').then(m=>m.buildMain())"], { cwd: root, stdio: 'inherit' });
  });

  test('the window opens with its title and the Containers view renders', async () => {
    const config = mkdtempSync(path.join(tmpdir(), 'berth-e2e-electron-'));
    const app = await electron.launch({
      executablePath: found.bin!,
      args: [root, '--engine', e2eInfo().podman.url],
      cwd: root,
      env: { ...process.env, XDG_CONFIG_HOME: config, ELECTRON_ENABLE_LOGGING: '1' } as Record<string, string>,
      timeout: 60_000,
    });
    try {
      const win = await app.firstWindow();
      await expect(win.getByRole('navigation', { name: 'Main' })).toBeVisible({ timeout: 30_000 });
      await expect.poll(() => win.title()).toMatch(/Berth/);
      await win.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Containers', exact: true }).click();
      await expect(win.getByRole('heading', { level: 1, name: 'Containers' })).toBeVisible();
      await expect(win.getByRole('grid', { name: 'Containers' })).toBeVisible();
      await expect.poll(() => win.title()).toBe('Containers · Berth');
      // The security switches the app promises, seen from the page.
      expect(await win.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
      expect(await win.evaluate(() => typeof (globalThis as { process?: unknown }).process)).toBe('undefined');
    } finally {
      await app.close().catch(() => undefined);
      rmSync(config, { recursive: true, force: true });
    }
  });
});
