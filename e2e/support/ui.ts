/** Small helpers the end-to-end tests share: open the app, go to a view, unique names, cleanup. */
import { expect, type Locator, type Page, type TestInfo } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { e2eInfo } from './info.js';
import { podman } from './podman.js';

export type ViewName = 'Dashboard' | 'Containers' | 'Pods' | 'Compose' | 'Images' | 'Volumes' | 'Networks' | 'Secrets' | 'Machines' | 'Settings';

let counter = 0;
/** A name no other test (or earlier run) uses: e2e-<what>-<time>-<n>. */
export function uniqueName(what: string): string {
  counter += 1;
  return `e2e-${what}-${Date.now().toString(36)}-${counter}`;
}

/** Opens the app with the token URL (the page moves the token from the fragment to its storage), then a view. */
export async function openApp(page: Page, view?: ViewName): Promise<void> {
  await page.goto(e2eInfo().url);
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
  if (view) await gotoView(page, view);
}

export async function gotoView(page: Page, view: ViewName): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: view, exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: new RegExp(`^${view}`) })).toBeVisible();
}

/**
 * Opens the Containers view's Create container dialog and fills in the image,
 * the name and the command; returns the dialog for the test's own fields and
 * checks.
 */
export async function openCreateContainer(page: Page, fields: { image: string; name: string; command: string }): Promise<Locator> {
  await openApp(page, 'Containers');
  await page.getByRole('button', { name: 'Create container' }).first().click();
  const form = page.getByRole('dialog', { name: 'Create container' });
  await form.getByRole('textbox', { name: 'Image' }).fill(fields.image);
  await form.getByRole('textbox', { name: 'Name' }).fill(fields.name);
  await form.getByRole('textbox', { name: 'Command' }).fill(fields.command);
  return form;
}

/** The containers grid and one of its rows, by the container's name. */
export function containerRow(page: Page, name: string) {
  return page.getByRole('grid', { name: 'Containers' }).getByRole('row', { name, exact: true });
}

/** Remove containers, pods, images, volumes, networks a test made (ignoring what is already gone). */
export async function cleanup(what: { containers?: string[]; pods?: string[]; images?: string[]; volumes?: string[]; networks?: string[] }): Promise<void> {
  // One name per call: Podman 4.3's `rm -f a b missing` exits 0 and removes nothing at all.
  const each = (names: string[] | undefined, args: (n: string) => string[]) => Promise.all((names ?? []).map((n) => podman(args(n)).catch(() => undefined)));
  await each(what.pods, (n) => ['pod', 'rm', '-f', '-t', '0', n]);
  await each(what.containers, (n) => ['rm', '-f', '-t', '0', n]);
  await each(what.images, (n) => ['rmi', '-f', n]);
  await each(what.volumes, (n) => ['volume', 'rm', '-f', n]);
  await each(what.networks, (n) => ['network', 'rm', '-f', n]);
}

/** The state `podman ps -a` reports for a container ('running', 'exited', …), or undefined when it is not listed. */
export async function cliState(name: string): Promise<string | undefined> {
  const list = JSON.parse((await podman(['ps', '-a', '--format', 'json'])) || '[]') as { Names?: string[]; State?: string }[];
  return list.find((c) => c.Names?.includes(name))?.State?.toLowerCase();
}

export const SCREENSHOT_DIR = path.resolve(import.meta.dirname, '..', '..', 'test-results', 'screenshots');

/** Saves a full-page screenshot to test-results/screenshots/<name>.png and attaches it to the report. */
export async function saveScreenshot(page: Page, testInfo: TestInfo, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  await testInfo.attach(`${name}.png`, { path: file, contentType: 'image/png' });
  return file;
}

/** Visible text of an xterm instance inside `scope` (DOM renderer rows). */
export async function xtermText(page: Page, regionName: string): Promise<string> {
  return page.getByRole('region', { name: regionName }).locator('.xterm-rows').innerText();
}
