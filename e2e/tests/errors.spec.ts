import { expect, test } from '@playwright/test';
import { readdirSync, renameSync } from 'node:fs';
import path from 'node:path';
import { podman, TEST_IMAGE } from '../support/podman.js';
import { cleanup, cliState, containerRow, openApp, uniqueName } from '../support/ui.js';

test('removing a container that is running without force shows the engine message', async ({ page }) => {
  // The user asks to remove a stopped container; before they confirm, it is started elsewhere (the CLI).
  // The dialog asked about a stopped container, so it does not force: the engine refuses and the dialog says why.
  const name = uniqueName('rmrun');
  try {
    await podman(['create', '--name', name, TEST_IMAGE, 'sleep', '600']);
    await openApp(page, 'Containers');
    const row = containerRow(page, name);
    await expect(row).toBeVisible();
    await row.getByRole('button', { name: `Remove ${name}` }).click();
    const dialog = page.getByRole('alertdialog', { name: `Remove container ${name}?` });
    await expect(dialog).toBeVisible();
    await podman(['start', name]);
    await expect.poll(() => cliState(name)).toBe('running');
    await dialog.getByRole('button', { name: 'Remove container' }).click();
    const alert = dialog.getByRole('alert');
    await expect(alert).toContainText('Engine said:');
    await expect(alert).toContainText(/running/i);
    await expect(alert).toContainText(/force/i);
    expect(await cliState(name)).toBe('running');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(dialog).toBeHidden();
    await expect(row.getByText('running', { exact: true })).toBeVisible();
  } finally {
    await cleanup({ containers: [name] });
  }
});

test('a view whose file is gone (Berth rebuilt under an open page) says so and offers Reload, not a blank page', async ({ page }) => {
  const assets = path.join(import.meta.dirname, '..', '..', 'dist', 'renderer', 'assets');
  const chunk = readdirSync(assets).find((f) => /^VolumesView-.*\.js$/.test(f));
  expect(chunk, 'the Volumes view is its own chunk').toBeTruthy();
  await openApp(page, 'Dashboard');
  const moved = path.join(assets, `${chunk}.moved`);
  renameSync(path.join(assets, chunk!), moved);
  try {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Volumes', exact: true }).click();
    await expect(page.getByRole('heading', { name: 'Berth was updated' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Reload' })).toBeVisible();
    // Other views still work.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Containers', exact: true }).click();
    await expect(page.getByRole('heading', { level: 1, name: /^Containers/ })).toBeVisible();
  } finally {
    renameSync(moved, path.join(assets, chunk!));
  }
  // Once the file is back, Reload brings the view.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Volumes', exact: true }).click();
  await page.getByRole('button', { name: 'Reload' }).click();
  await expect(page.getByRole('heading', { level: 1, name: /^Volumes/ })).toBeVisible();
});
