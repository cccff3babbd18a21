// Calls the bridge had without a UI: rename, the Processes tab (top) and removing every stopped container, checked against the CLI.
import { expect, test } from '@playwright/test';
import { podman, TEST_IMAGE } from '../support/podman.js';
import { cleanup, cliState, containerRow, openApp, uniqueName } from '../support/ui.js';

test('rename from the details page: the CLI sees the new name; a taken name is refused with the engine words', async ({ page }) => {
  const name = uniqueName('ren');
  const taken = uniqueName('taken');
  const renamed = `${name}-new`;
  try {
    await podman(['create', '--name', name, TEST_IMAGE, 'sleep', '600']);
    await podman(['create', '--name', taken, TEST_IMAGE, 'true']);
    await openApp(page, 'Containers');
    await containerRow(page, name)
      .getByRole('button', { name: `Details of ${name}` })
      .click();
    await page.getByRole('button', { name: 'Rename', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: `Rename ${name}` });
    const field = dialog.getByRole('textbox', { name: 'New name' });
    await field.fill('bad name!');
    await dialog.getByRole('button', { name: 'Rename', exact: true }).click();
    await expect(dialog.getByText('A name starts with a letter or digit')).toBeVisible();
    await field.fill(taken);
    await dialog.getByRole('button', { name: 'Rename', exact: true }).click();
    await expect(dialog.getByRole('alert')).toContainText('Engine said:');
    expect(await cliState(name)).toBe('created');
    await field.fill(renamed);
    await dialog.getByRole('button', { name: 'Rename', exact: true }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByRole('heading', { level: 1, name: renamed })).toBeVisible();
    expect(await cliState(renamed)).toBe('created');
    expect(await cliState(name)).toBeUndefined();
  } finally {
    await cleanup({ containers: [name, renamed, taken] });
  }
});

test('the Processes tab lists what runs in the container, as `podman top` does', async ({ page }) => {
  const name = uniqueName('top');
  try {
    await podman(['run', '-d', '--name', name, '--stop-timeout', '1', TEST_IMAGE, 'sh', '-c', 'sleep 600 & sleep 601']);
    await openApp(page, 'Containers');
    await containerRow(page, name)
      .getByRole('button', { name: `Details of ${name}` })
      .click();
    await page.getByRole('tab', { name: 'Processes' }).click();
    const table = page.getByRole('table', { name: `Processes of ${name}` });
    await expect(table).toContainText('sleep 600');
    await expect(table).toContainText('sleep 601');
    const cli = (await podman(['top', name, 'args'])).split('\n').slice(1).filter(Boolean).length;
    await expect(page.getByRole('status').filter({ hasText: /process/ })).toHaveText(`${cli} processes`);
  } finally {
    await cleanup({ containers: [name] });
  }
});

test('Remove stopped removes exited and created containers and keeps running ones', async ({ page }) => {
  const running = uniqueName('keep');
  const exited = uniqueName('gone-exited');
  const created = uniqueName('gone-created');
  try {
    await podman(['run', '-d', '--name', running, '--stop-timeout', '1', TEST_IMAGE, 'sleep', '600']);
    await podman(['run', '--name', exited, TEST_IMAGE, 'true']);
    await podman(['create', '--name', created, TEST_IMAGE, 'true']);
    await openApp(page, 'Containers');
    await expect(containerRow(page, exited)).toBeVisible();
    await page.getByRole('button', { name: 'Remove stopped' }).click();
    const dialog = page.getByRole('alertdialog', { name: 'Remove every stopped container?' });
    await dialog.getByRole('button', { name: 'Remove', exact: true }).click();
    await expect(dialog).toBeHidden({ timeout: 30_000 });
    await expect(containerRow(page, exited)).toHaveCount(0);
    await expect(containerRow(page, created)).toHaveCount(0);
    expect(await cliState(exited)).toBeUndefined();
    expect(await cliState(created)).toBeUndefined();
    expect(await cliState(running)).toBe('running');
    await expect(containerRow(page, running)).toBeVisible();
  } finally {
    await cleanup({ containers: [running, exited, created] });
  }
});

test('Prune unused in Pods removes stopped pods with their containers and keeps running ones', async ({ page }) => {
  const running = uniqueName('pod-keep');
  const stopped = uniqueName('pod-gone');
  try {
    await podman(['pod', 'create', '--name', running]);
    await podman(['run', '-d', '--pod', running, '--name', `${running}-c`, '--stop-timeout', '1', TEST_IMAGE, 'sleep', '600']);
    await podman(['pod', 'create', '--name', stopped]);
    await podman(['run', '--pod', stopped, '--name', `${stopped}-c`, TEST_IMAGE, 'true']);
    await podman(['pod', 'stop', stopped]);
    await openApp(page, 'Pods');
    await expect(page.getByRole('grid', { name: 'Pods' }).getByText(stopped, { exact: true })).toBeVisible();
    await page.getByRole('button', { name: 'Prune unused' }).click();
    const dialog = page.getByRole('alertdialog', { name: 'Remove stopped pods?' });
    await dialog.getByRole('button', { name: 'Remove', exact: true }).click();
    await expect(dialog).toBeHidden({ timeout: 30_000 });
    await expect(page.getByRole('grid', { name: 'Pods' }).getByText(stopped, { exact: true })).toHaveCount(0);
    const pods = (await podman(['pod', 'ps', '--format', '{{.Name}}'])).split('\n');
    expect(pods).toContain(running);
    expect(pods).not.toContain(stopped);
    expect(await cliState(`${stopped}-c`)).toBeUndefined();
    expect(await cliState(`${running}-c`)).toBe('running');
  } finally {
    await cleanup({ pods: [running, stopped] });
  }
});
