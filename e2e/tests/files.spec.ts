// The Files tab in Chromium against serve, checked against the engine: what the CLI sees in the container
// after an upload, new folder or delete, and the bytes of every download against `sha256sum` in the container.
import { expect, test, type Page } from '@playwright/test';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { podman, TEST_IMAGE } from '../support/podman.js';
import { cleanup, containerRow, openApp, saveScreenshot, uniqueName } from '../support/ui.js';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const inContainer = async (name: string, file: string) => (await podman(['exec', name, 'sha256sum', file])).split(' ')[0];

async function openFiles(page: Page, name: string) {
  await openApp(page, 'Containers');
  await containerRow(page, name)
    .getByRole('button', { name: `Details of ${name}` })
    .click();
  await page.getByRole('tab', { name: 'Files' }).click();
  return page.getByRole('tabpanel', { name: 'Files' });
}

const fileRow = (page: Page, dir: string, name: string) => page.getByRole('grid', { name: `Files in ${dir}` }).getByRole('row', { name, exact: true });

test('browse, view, upload files and a folder, download, new folder and delete, checked in the container', async ({ page }, testInfo) => {
  const name = uniqueName('files');
  const local = mkdtempSync(path.join(tmpdir(), 'berth-e2e-files-'));
  try {
    await podman([
      'run',
      '-d',
      '--name',
      name,
      '--stop-timeout',
      '1',
      TEST_IMAGE,
      'sh',
      '-c',
      'mkdir -p /data/sub && printf "hello from the container\\n" > /data/hello.txt && ln -s hello.txt /data/link && sleep 600',
    ]);
    const panel = await openFiles(page, name);
    await panel.getByRole('textbox', { name: 'Go to path' }).fill('/data');
    await panel.getByRole('button', { name: 'Go', exact: true }).click();
    await expect(fileRow(page, '/data', 'hello.txt')).toBeVisible();
    await expect(fileRow(page, '/data', 'link')).toContainText('→ hello.txt');
    await expect(fileRow(page, '/data', 'sub')).toContainText('drwxr-xr-x');
    await saveScreenshot(page, testInfo, 'container-files-tab');

    // View a text file.
    await fileRow(page, '/data', 'hello.txt').getByRole('button', { name: 'hello.txt', exact: true }).click();
    const viewer = page.getByRole('dialog', { name: '/data/hello.txt' });
    await expect(viewer.getByRole('region', { name: 'Contents of /data/hello.txt' }).or(viewer.getByLabel('Contents of /data/hello.txt'))).toHaveText('hello from the container\n');
    await viewer.getByRole('button', { name: 'Close' }).click();

    // Upload two files (one binary), then a folder with a nested file.
    const bin = randomBytes(2 * 1024 * 1024 + 3);
    writeFileSync(path.join(local, 'blob.bin'), bin);
    writeFileSync(path.join(local, 'notes-é.txt'), 'unicode name\n');
    await panel.getByLabel('Files to upload').setInputFiles([path.join(local, 'blob.bin'), path.join(local, 'notes-é.txt')]);
    await expect(page.getByText('Uploaded 2 files to /data')).toBeVisible();
    expect(await inContainer(name, '/data/blob.bin')).toBe(sha(bin));
    expect(await podman(['exec', name, 'cat', '/data/notes-é.txt'])).toBe('unicode name\n');
    await expect(fileRow(page, '/data', 'blob.bin')).toContainText('2.0 MB');

    const folder = path.join(local, 'tree');
    mkdirSync(path.join(folder, 'inner'), { recursive: true });
    writeFileSync(path.join(folder, 'inner', 'deep.txt'), 'deep\n');
    writeFileSync(path.join(folder, 'top.txt'), 'top\n');
    await panel.getByLabel('Folder to upload').setInputFiles(folder);
    await expect(fileRow(page, '/data', 'tree')).toBeVisible();
    expect(await podman(['exec', name, 'cat', '/data/tree/inner/deep.txt', '/data/tree/top.txt'])).toBe('deep\ntop\n');

    // Download a file: the same bytes as in the container.
    const [dl] = await Promise.all([page.waitForEvent('download'), fileRow(page, '/data', 'blob.bin').getByRole('button', { name: 'Download blob.bin' }).click()]);
    expect(dl.suggestedFilename()).toBe('blob.bin');
    const saved = path.join(local, 'downloaded.bin');
    await dl.saveAs(saved);
    expect(sha(readFileSync(saved))).toBe(sha(bin));
    // A folder downloads as a tar.
    const [tarDl] = await Promise.all([page.waitForEvent('download'), fileRow(page, '/data', 'tree').getByRole('button', { name: 'Download tree' }).click()]);
    expect(tarDl.suggestedFilename()).toBe('tree.tar');
    await tarDl.saveAs(path.join(local, 'tree.tar'));
    expect(readFileSync(path.join(local, 'tree.tar')).includes(Buffer.from('deep\n'))).toBe(true);

    // New folder: a taken name gets the engine's answer, a bad one the form's.
    await panel.getByRole('button', { name: 'New folder' }).click();
    const mk = page.getByRole('dialog', { name: 'New folder in /data' });
    await mk.getByRole('textbox', { name: 'Folder name' }).fill('a/b');
    await mk.getByRole('button', { name: 'Create' }).click();
    await expect(mk.getByText('A name cannot contain "/"')).toBeVisible();
    await mk.getByRole('textbox', { name: 'Folder name' }).fill('sub');
    await mk.getByRole('button', { name: 'Create' }).click();
    await expect(mk.getByRole('alert')).toContainText('/data/sub already exists');
    await mk.getByRole('textbox', { name: 'Folder name' }).fill('made-here');
    await mk.getByRole('button', { name: 'Create' }).click();
    await expect(fileRow(page, '/data', 'made-here')).toBeVisible();
    expect(await podman(['exec', name, 'stat', '-c', '%F', '/data/made-here'])).toBe('directory\n');

    // Into a folder and back up.
    await fileRow(page, '/data', 'tree').getByRole('button', { name: 'tree', exact: true }).click();
    await expect(fileRow(page, '/data/tree', 'inner')).toBeVisible();
    await panel.getByRole('button', { name: 'Up one folder' }).click();
    await expect(fileRow(page, '/data', 'tree')).toBeVisible();

    // Delete two items at once.
    await fileRow(page, '/data', 'tree').getByRole('checkbox').check();
    await fileRow(page, '/data', 'blob.bin').getByRole('checkbox').check();
    await panel.getByRole('button', { name: 'Delete 2 selected' }).click();
    await page.getByRole('alertdialog', { name: 'Delete 2 items?' }).getByRole('button', { name: 'Delete', exact: true }).click();
    await expect(fileRow(page, '/data', 'tree')).toHaveCount(0);
    // find, not ls: busybox's ls writes non-ASCII names as '?'.
    const left = (await podman(['exec', name, 'find', '/data', '-mindepth', '1', '-maxdepth', '1'])).split('\n').filter(Boolean).sort();
    expect(left).toEqual(['/data/hello.txt', '/data/link', '/data/made-here', '/data/notes-é.txt', '/data/sub']);
  } finally {
    await cleanup({ containers: [name] });
  }
});

test('a read-only container says why an upload failed; a stopped one browses and uploads but cannot delete', async ({ page }) => {
  const ro = uniqueName('files-ro');
  const stopped = uniqueName('files-stopped');
  const local = mkdtempSync(path.join(tmpdir(), 'berth-e2e-files-'));
  try {
    await podman(['run', '-d', '--name', ro, '--read-only', '--stop-timeout', '1', TEST_IMAGE, 'sleep', '600']);
    await podman(['create', '--name', stopped, TEST_IMAGE, 'true']);
    writeFileSync(path.join(local, 'x.conf'), 'x\n');
    let panel = await openFiles(page, ro);
    await panel.getByLabel('Files to upload').setInputFiles(path.join(local, 'x.conf'));
    await expect(panel.getByRole('alert')).toContainText('read-only file system');
    await expect(panel.getByRole('alert')).toContainText('/tmp or a volume');

    panel = await openFiles(page, stopped);
    await expect(panel.getByText(`${stopped} is not running`)).toBeVisible();
    await panel.getByLabel('Files to upload').setInputFiles(path.join(local, 'x.conf'));
    await expect(fileRow(page, '/', 'x.conf')).toBeVisible();
    await expect(fileRow(page, '/', 'x.conf').getByRole('button', { name: 'Delete x.conf' })).toBeDisabled();
    const out = mkdtempSync(path.join(tmpdir(), 'berth-e2e-cp-'));
    await podman(['cp', `${stopped}:/x.conf`, out]);
    expect(readFileSync(path.join(out, 'x.conf'), 'utf8')).toBe('x\n');
  } finally {
    await cleanup({ containers: [ro, stopped] });
  }
});
