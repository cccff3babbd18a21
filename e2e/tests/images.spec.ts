import { expect, test } from '@playwright/test';
import { e2eInfo } from '../support/info.js';
import { podman } from '../support/podman.js';
import { cleanup, openApp } from '../support/ui.js';

test('a pull from the local registry shows progress and the image appears in the list', async ({ page }) => {
  const ref = `${e2eInfo().registry}/berth/busybox:1`;
  await cleanup({ images: [ref] });
  try {
    await openApp(page, 'Images');
    const grid = page.getByRole('grid', { name: 'Images' });
    await expect(grid.getByRole('row', { name: ref, exact: true })).toHaveCount(0);

    await page.getByRole('button', { name: 'Pull', exact: true }).click();
    const form = page.getByRole('dialog', { name: 'Pull an image' });
    await form.getByRole('textbox', { name: 'Image' }).fill(ref);
    await form.getByRole('checkbox', { name: 'Skip TLS verification' }).check();
    await form.getByRole('button', { name: 'Pull', exact: true }).click();

    // The job dialog: progress (per layer, or the pull's own bar while it has none), then success.
    const job = page.getByRole('dialog', { name: new RegExp(`^Pull(ing)? ${ref.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) });
    await expect(job).toBeVisible();
    await expect(
      job
        .getByRole('status')
        .filter({ hasText: `Pulled ${ref}` })
        .first(),
    ).toBeVisible({ timeout: 30_000 });
    // Each layer keeps its progress bar, with what the engine said about it.
    await expect(job.getByRole('progressbar', { name: /^Layer / }).first()).toBeVisible();
    await expect(job.getByRole('progressbar', { name: /^Layer / }).first()).toHaveAttribute('aria-valuetext', /blob|complete|exists|done/i);
    await job.getByRole('button', { name: 'Close' }).click();

    await expect(grid.getByRole('row', { name: ref, exact: true })).toBeVisible();
    expect(await podman(['images', '--format', '{{.Repository}}:{{.Tag}}'])).toContain(ref);
  } finally {
    await cleanup({ images: [ref] });
  }
});

test('the registry password field is masked but is not a password field, so the browser never offers to save it', async ({ page }) => {
  await openApp(page, 'Images');
  await page.getByRole('button', { name: 'Pull', exact: true }).click();
  const form = page.getByRole('dialog', { name: 'Pull an image' });
  await form.getByText('Registry credentials (optional)').click();
  const secret = form.getByLabel('Password or token');
  await secret.fill('s3cret-value');
  expect(await secret.getAttribute('type')).toBe('text');
  expect(await secret.getAttribute('autocomplete')).toBe('off');
  expect(await secret.evaluate((el) => getComputedStyle(el).getPropertyValue('-webkit-text-security'))).toBe('disc');
  expect(await page.locator('input[type="password"]').count()).toBe(0);
  await form.getByRole('button', { name: 'Cancel' }).click();
});
