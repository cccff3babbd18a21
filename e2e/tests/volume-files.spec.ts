// A volume's files in Chromium against serve: browse and upload through the helper, export as a tar,
// import that tar into another volume, clone; checked with the CLI reading the volumes from a container,
// and no helper container left once the dialog closes.
import { expect, test, type Page } from '@playwright/test';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { podman, TEST_IMAGE } from '../support/podman.js';
import { cleanup, openApp, saveScreenshot, uniqueName } from '../support/ui.js';

/** The volume as a container sees it: each path with its type and size. */
const cliView = async (vol: string) =>
  (await podman(['run', '--rm', '-v', `${vol}:/v:ro`, TEST_IMAGE, 'sh', '-c', 'cd /v && find . | sort | while read -r f; do stat -c "%n %F %s" "$f"; done'])).trim();
const helpers = async () => (await podman(['ps', '-a', '--filter', 'label=berth.helper=volume', '--format', '{{.ID}}'])).trim();

async function openVolumeFiles(page: Page, vol: string) {
  await openApp(page, 'Volumes');
  await page.getByRole('button', { name: `Files of ${vol}` }).click();
  return page.getByRole('dialog', { name: `Files of volume ${vol}` });
}

test('volume files: browse, upload, export, import into another volume, clone; helpers gone after', async ({ page }, testInfo) => {
  const vol = uniqueName('vol');
  const into = uniqueName('vol-into');
  const copy = uniqueName('vol-copy');
  const local = mkdtempSync(path.join(tmpdir(), 'berth-e2e-vol-'));
  try {
    await podman(['volume', 'create', vol]);
    await podman(['volume', 'create', into]);
    await podman(['run', '--rm', '-v', `${vol}:/v`, TEST_IMAGE, 'sh', '-c', 'mkdir -p /v/conf && echo "port=80" > /v/conf/app.ini && head -c 100000 /bin/busybox > /v/blob']);
    const dialog = await openVolumeFiles(page, vol);
    const grid = dialog.getByRole('grid', { name: 'Files in /volume' });
    await expect(grid.getByRole('row', { name: 'conf', exact: true })).toBeVisible();
    await expect(grid.getByRole('row', { name: 'blob', exact: true })).toContainText('97.7 KB');
    await saveScreenshot(page, testInfo, 'volume-files');
    expect(await helpers()).not.toBe('');

    writeFileSync(path.join(local, 'added.txt'), 'added through Berth\n');
    await dialog.getByLabel('Files to upload').setInputFiles(path.join(local, 'added.txt'));
    await expect(grid.getByRole('row', { name: 'added.txt', exact: true })).toBeVisible();
    expect(await podman(['run', '--rm', '-v', `${vol}:/v:ro`, TEST_IMAGE, 'cat', '/v/added.txt'])).toBe('added through Berth\n');

    const [dl] = await Promise.all([page.waitForEvent('download'), dialog.getByRole('button', { name: 'Export as tar' }).click()]);
    expect(dl.suggestedFilename()).toBe(`${vol}.tar`);
    const tarFile = path.join(local, 'export.tar');
    await dl.saveAs(tarFile);
    expect(readFileSync(tarFile).includes(Buffer.from('port=80'))).toBe(true);

    await dialog.getByRole('textbox', { name: 'Clone as' }).fill('Not a name!');
    await dialog.getByRole('button', { name: 'Clone', exact: true }).click();
    await expect(dialog.getByText('A name starts with a letter or digit')).toBeVisible();
    await dialog.getByRole('textbox', { name: 'Clone as' }).fill(copy);
    await dialog.getByRole('button', { name: 'Clone', exact: true }).click();
    await expect(page.getByText(`Cloned ${vol} to ${copy}`)).toBeVisible({ timeout: 30_000 });
    await dialog.getByRole('button', { name: 'Close', exact: true }).last().click();
    await expect(dialog).toBeHidden();
    await expect.poll(helpers, { timeout: 10_000 }).toBe('');

    const other = await openVolumeFiles(page, into);
    await other.getByLabel('Tar to import').setInputFiles(tarFile);
    await expect(page.getByText(`Imported export.tar into ${into}`)).toBeVisible({ timeout: 30_000 });
    await expect(other.getByRole('grid', { name: 'Files in /volume' }).getByRole('row', { name: 'conf', exact: true })).toBeVisible();
    await other.getByRole('button', { name: 'Close', exact: true }).last().click();

    const want = await cliView(vol);
    expect(await cliView(into)).toBe(want);
    expect(await cliView(copy)).toBe(want);
    await expect.poll(helpers, { timeout: 10_000 }).toBe('');
  } finally {
    await cleanup({ volumes: [vol, into, copy] });
  }
});
