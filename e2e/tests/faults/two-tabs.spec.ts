/**
 * Fault: two browser tabs on the same serve act on the same container. Each
 * sees the other's actions without a refresh, and an action on a container
 * the other tab just removed says "not found" plainly; nothing crashes.
 */
import { expect, test } from '@playwright/test';
import { podman, TEST_IMAGE } from '../../support/podman.js';
import { cleanup, cliState, containerRow, openApp, uniqueName } from '../../support/ui.js';
import { watchCrashes } from '../../support/fault-env.js';

test('two tabs on one container: stop in A shows in B, remove in B drops it in A, A acting on it then says not found', async ({ context }) => {
  const name = uniqueName('twotabs');
  const name2 = uniqueName('twotabs2');
  const a = await context.newPage();
  const b = await context.newPage();
  const crashes = [watchCrashes(a), watchCrashes(b)];
  try {
    await podman(['run', '-d', '--name', name, '--stop-timeout', '1', TEST_IMAGE, 'sleep', '600']);
    await openApp(a, 'Containers');
    await openApp(b, 'Containers');
    const rowA = containerRow(a, name);
    const rowB = containerRow(b, name);
    await expect(rowA.getByText('running', { exact: true })).toBeVisible();
    await expect(rowB.getByText('running', { exact: true })).toBeVisible();

    // A keeps the container's page open (with its own action buttons) while B acts.
    await rowA.getByRole('button', { name: `Details of ${name}` }).click();
    await expect(a.getByRole('heading', { level: 1, name })).toBeVisible();
    const mainA = a.locator('main');

    // Stop in A: B shows it stopped, no refresh.
    await mainA
      .getByRole('button', { name: `Stop ${name}` })
      .first()
      .click();
    await expect(rowB.getByText('exited', { exact: true })).toBeVisible({ timeout: 20_000 });
    await expect(mainA.getByText('exited', { exact: true }).first()).toBeVisible();
    expect(await cliState(name)).toBe('exited');

    // Remove in B: A's page says the container is gone, and A's list drops the row.
    await rowB.getByRole('button', { name: `Remove ${name}` }).click();
    const dialogB = b.getByRole('alertdialog', { name: `Remove container ${name}?` });
    await dialogB.getByRole('button', { name: 'Remove container' }).click();
    await expect(dialogB).toBeHidden();
    await expect(rowB).toHaveCount(0);
    await expect(mainA.getByText(`There is no container “${name}”`)).toBeVisible({ timeout: 10_000 });
    expect(await cliState(name)).toBeUndefined();

    // A: a list open in a second view of A also drops it.
    await mainA.getByRole('button', { name: 'Back to containers' }).click();
    await expect(rowA).toHaveCount(0);

    // A acts on it anyway, from a dialog that was opened before B removed it: a second container shows the race.
    await podman(['create', '--name', name2, TEST_IMAGE, 'sleep', '600']);
    const row2A = containerRow(a, name2);
    await expect(row2A).toBeVisible();
    await row2A.getByRole('button', { name: `Remove ${name2}` }).click();
    const dialogA = a.getByRole('alertdialog', { name: `Remove container ${name2}?` });
    await expect(dialogA).toBeVisible();
    // B removes it first.
    const row2B = containerRow(b, name2);
    await row2B.getByRole('button', { name: `Remove ${name2}` }).click();
    await b
      .getByRole('alertdialog', { name: `Remove container ${name2}?` })
      .getByRole('button', { name: 'Remove container' })
      .click();
    await expect(row2B).toHaveCount(0);
    await expect.poll(() => cliState(name2)).toBeUndefined();
    // A's dialog still asks; A confirms: the dialog says plainly that the container is not there, and nothing else happens.
    await expect(dialogA).toBeVisible();
    await dialogA.getByRole('button', { name: 'Remove container' }).click();
    const alertA = dialogA.getByRole('alert');
    await expect(alertA).toContainText(/no such container|not found/i);
    console.log(`[two-tabs] A's remove of the container B removed says: ${(await alertA.innerText()).replace(/\s+/g, ' ')}`);
    await dialogA.getByRole('button', { name: 'Cancel' }).click();
    await expect(dialogA).toBeHidden();
    await expect(row2A).toHaveCount(0);
    for (const c of crashes) expect(c.pageErrors).toEqual([]);
  } finally {
    // One call per name: Podman 4.3's `rm -f a missing` removes nothing at all.
    for (const n of [name, name2]) await cleanup({ containers: [n] });
  }
});
