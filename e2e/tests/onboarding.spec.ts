/**
 * A newcomer with no engine: the Dashboard says what to install, with the
 * command for the machine Berth runs on (read from its /etc/os-release, not
 * from the browser), and when Podman is installed but not answering it
 * offers Berth's own Podman service; one click starts it (on isolated
 * storage here) and the UI connects. The engine itself confirms it runs.
 */
import { expect, test } from '@playwright/test';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { findOnPath } from '../../engine/src/discovery/embedded-service.js';
import { isolatedStorage, type IsolatedStorage } from '../../engine/test/harness/isolated-storage.js';
import { runServe } from '../../electron/serve/serve-cli.js';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '..', '..');
const staticDir = path.join(root, 'dist', 'renderer');
const osName = /^PRETTY_NAME="?([^"\n]*)"?$/m.exec(readFileSync('/etc/os-release', 'utf8'))?.[1] ?? 'Linux';
const nowhere = 'unix:///nonexistent/berth-e2e/engine.sock';

let storage: IsolatedStorage;
test.beforeAll(async () => {
  storage = await isolatedStorage();
});
test.afterAll(async () => {
  test.setTimeout(120_000);
  await storage?.cleanup();
});

test('no Podman installed: the Dashboard names the install command for this machine, and nothing to start', async ({ page }) => {
  const env = { ...storage.env, PATH: '/nonexistent-bin' };
  const serve = await runServe(
    { host: '127.0.0.1', port: 0, allowHosts: [], staticDir, engine: undefined, core: { env, discovery: { sources: ['embedded'], embedded: { globalArgs: storage.globalArgs, env } } } },
    () => undefined,
  );
  try {
    await page.goto(serve.url);
    await expect(page.getByRole('heading', { name: 'No container engine is running' })).toBeVisible();
    await expect(page.getByRole('heading', { name: `Install Podman on ${osName}` })).toBeVisible();
    const install = process.getuid?.() === 0 ? 'apt-get install podman catatonit slirp4netns uidmap' : 'sudo apt-get install podman catatonit slirp4netns uidmap';
    await expect(page.getByLabel(`${osName}, step 1`)).toHaveText(install);
    await expect(page.getByRole('button', { name: "Start Berth's Podman service" })).toHaveCount(0);
  } finally {
    await serve.stop();
  }
});

test("Podman installed, no engine answering: one click starts Berth's own Podman service and the UI connects", async ({ page }) => {
  test.setTimeout(120_000);
  const serve = await runServe(
    { host: '127.0.0.1', port: 0, allowHosts: [], staticDir, engine: nowhere, core: { env: storage.env, discovery: { embedded: { globalArgs: storage.globalArgs, env: storage.env } } } },
    () => undefined,
  );
  try {
    await page.goto(serve.url);
    await expect(page.getByRole('heading', { name: 'No container engine is running' })).toBeVisible();
    await expect(page.getByRole('heading', { name: `Start Podman on ${osName}` })).toBeVisible();
    const podmanPath = findOnPath('podman') ?? 'podman';
    await expect(page.getByRole('region', { name: 'Podman is installed' })).toContainText(podmanPath);
    await page.getByRole('button', { name: "Start Berth's Podman service" }).click();
    await expect(page.getByText("Berth's Podman service is running")).toBeVisible({ timeout: 60_000 });
    await expect(page.getByRole('heading', { name: 'No container engine is running' })).toHaveCount(0);
    const socket = (
      await page
        .getByText(/^unix:\/\/.*berth-svc-.*podman\.sock$/)
        .first()
        .innerText()
    ).trim();
    // The engine itself: that socket is a Podman using the isolated storage, not the user's.
    const graphRoot = (await run('podman', ['--remote', '--url', socket, 'info', '--format', '{{.Store.GraphRoot}}'], { env: storage.env })).stdout.trim();
    expect(graphRoot).toBe(storage.globalArgs[1]);
  } finally {
    await serve.stop();
  }
});
