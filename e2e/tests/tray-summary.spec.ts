import { expect, test } from '@playwright/test';
import { podman, TEST_IMAGE } from '../support/podman.js';
import { cleanup, cliState, openApp, uniqueName } from '../support/ui.js';

// Serve mode has no desktop tray: the header shows the same menu, built on
// the main side by the tray's own pure function.
test('the tray summary in the header follows the engine and acts like the tray', async ({ page }) => {
  const name = uniqueName('tray');
  try {
    await openApp(page, 'Containers');
    await podman(['run', '-d', '--name', name, '--stop-timeout', '1', TEST_IMAGE, 'sleep', '600']);
    const status = page.getByRole('button', { name: /^Status:/ });
    await expect(status).toBeVisible();
    await status.click();
    const panel = page.getByRole('region', { name: 'Berth status' });
    await expect(panel.getByText(/Podman .* — Running/)).toBeVisible();
    // The container started from the CLI is listed with the tray's actions.
    await expect(panel.getByRole('button', { name: `Stop ${name}` })).toBeVisible();
    await expect(panel.getByRole('button', { name: `Open logs ${name}` })).toBeVisible();
    await panel.getByRole('button', { name: `Stop ${name}` }).click();
    await expect.poll(() => cliState(name), { timeout: 20_000 }).toBe('exited');
    // Once stopped it leaves the tray's list of running containers.
    await status.click();
    await expect(page.getByRole('region', { name: 'Berth status' }).getByRole('button', { name: `Stop ${name}` })).toHaveCount(0);
    await podman(['start', name]);
    await expect(page.getByRole('region', { name: 'Berth status' }).getByRole('button', { name: `Open logs ${name}` })).toBeVisible();
    await page
      .getByRole('region', { name: 'Berth status' })
      .getByRole('button', { name: `Open logs ${name}` })
      .click();
    await expect(page).toHaveURL(/#\/containers\/[0-9a-f]+\/logs/);
    await expect(page.getByRole('tab', { name: 'Logs', selected: true })).toBeVisible();
  } finally {
    await cleanup({ containers: [name] });
  }
});
