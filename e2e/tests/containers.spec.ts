import { expect, test } from '@playwright/test';
import { podman, TEST_IMAGE } from '../support/podman.js';
import { cleanup, cliState, containerRow, openApp, uniqueName } from '../support/ui.js';

test.describe('containers', () => {
  test('a container started from the CLI appears, running, without a refresh', async ({ page }) => {
    const name = uniqueName('cli');
    try {
      await openApp(page, 'Containers');
      await expect(page.getByRole('grid', { name: 'Containers' })).toBeVisible();
      await podman(['run', '-d', '--name', name, TEST_IMAGE, 'sleep', '600']);
      const row = containerRow(page, name);
      await expect(row).toBeVisible();
      await expect(row.getByText('running', { exact: true })).toBeVisible();
      // Stopping it from the CLI shows up the same way.
      await podman(['stop', '-t', '0', name]);
      await expect(row.getByText('exited', { exact: true })).toBeVisible();
      await podman(['rm', name]);
      await expect(row).toHaveCount(0);
    } finally {
      await cleanup({ containers: [name] });
    }
  });

  test('start, stop and remove from the UI change what podman ps -a shows', async ({ page }) => {
    const name = uniqueName('ssr');
    try {
      await podman(['create', '--name', name, '--stop-timeout', '1', TEST_IMAGE, 'sleep', '600']);
      await openApp(page, 'Containers');
      const row = containerRow(page, name);
      await expect(row).toBeVisible();
      expect(await cliState(name)).toMatch(/created|configured/);

      await row.getByRole('button', { name: `Start ${name}` }).click();
      await expect(row.getByText('running', { exact: true })).toBeVisible();
      await expect.poll(() => cliState(name)).toBe('running');

      await row.getByRole('button', { name: `Stop ${name}` }).click();
      await expect(row.getByText('exited', { exact: true })).toBeVisible({ timeout: 20_000 });
      await expect.poll(() => cliState(name)).toBe('exited');

      await row.getByRole('button', { name: `Remove ${name}` }).click();
      const dialog = page.getByRole('alertdialog', { name: `Remove container ${name}?` });
      await expect(dialog).toBeVisible();
      await dialog.getByRole('button', { name: 'Remove container' }).click();
      await expect(dialog).toBeHidden();
      await expect(row).toHaveCount(0);
      await expect.poll(() => cliState(name)).toBeUndefined();
    } finally {
      await cleanup({ containers: [name] });
    }
  });
});
