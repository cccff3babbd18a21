import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { podman, TEST_IMAGE } from '../support/podman.js';
import { openApp, openCreateContainer, uniqueName } from '../support/ui.js';

const removeSecrets = (names: string[]) => Promise.all(names.map((n) => podman(['secret', 'rm', n]).catch(() => undefined)));

test('a secret created from text and one from a file are what podman sees and a container reads; the value is never shown again', async ({ page }) => {
  const typed = uniqueName('sec');
  const fromFile = uniqueName('secf');
  const value = `pw-${Math.random().toString(36).slice(2)}`;
  const fileValue = `key-${Math.random().toString(36).slice(2)}`;
  const file = path.join(tmpdir(), `${fromFile}.txt`);
  await writeFile(file, fileValue);
  try {
    await openApp(page, 'Secrets');
    const grid = page.getByRole('grid', { name: 'Secrets' });

    // Bad input is refused in the form with the bridge's words, and nothing is created.
    await page.getByRole('button', { name: 'Create secret' }).first().click();
    let form = page.getByRole('dialog', { name: 'Create a secret' });
    await form.getByRole('textbox', { name: 'Name' }).fill('-bad name');
    await form.getByRole('button', { name: 'Create', exact: true }).click();
    await expect(form.getByText('A name starts with a letter or digit')).toBeVisible();
    await expect(form.getByText('The secret is empty')).toBeVisible();

    await form.getByRole('textbox', { name: 'Name' }).fill(typed);
    await form.getByRole('textbox', { name: 'Secret' }).fill(value);
    await form.getByRole('button', { name: 'Create', exact: true }).click();
    await expect(form).toBeHidden();
    await expect(grid.getByRole('row', { name: typed, exact: true })).toBeVisible();
    expect((await podman(['secret', 'ls', '--format', '{{.Name}}'])).split('\n')).toContain(typed);
    expect(await podman(['run', '--rm', '--secret', typed, TEST_IMAGE, 'cat', `/run/secrets/${typed}`])).toBe(value);

    await page.getByRole('button', { name: 'Create secret' }).first().click();
    form = page.getByRole('dialog', { name: 'Create a secret' });
    await form.getByRole('textbox', { name: 'Name' }).fill(fromFile);
    await form.getByLabel('Secret from a file').setInputFiles(file);
    await expect(form.getByText(`Using the contents of ${path.basename(file)}.`)).toBeVisible();
    await form.getByRole('button', { name: 'Create', exact: true }).click();
    await expect(form).toBeHidden();
    await expect(grid.getByRole('row', { name: fromFile, exact: true })).toBeVisible();
    expect(await podman(['run', '--rm', '--secret', fromFile, TEST_IMAGE, 'cat', `/run/secrets/${fromFile}`])).toBe(fileValue);

    // Inspect shows the metadata, not the value; neither value is anywhere on the page.
    await grid.getByRole('button', { name: `Inspect ${typed}` }).click();
    const inspect = page.getByRole('dialog', { name: `Inspect secret ${typed}` });
    await expect(inspect).toContainText('driver: "file"');
    await inspect.getByRole('button', { name: 'Close' }).first().click();
    const html = await page.content();
    expect(html).not.toContain(value);
    expect(html).not.toContain(fileValue);

    // A taken name: the engine's words in the form.
    await page.getByRole('button', { name: 'Create secret' }).first().click();
    form = page.getByRole('dialog', { name: 'Create a secret' });
    await form.getByRole('textbox', { name: 'Name' }).fill(typed);
    await form.getByRole('textbox', { name: 'Secret' }).fill('other');
    await form.getByRole('button', { name: 'Create', exact: true }).click();
    await expect(form.getByText(/secret name in use/)).toBeVisible();
    await form.getByRole('button', { name: 'Cancel' }).click();

    // Remove from the UI: gone for podman too.
    await grid.getByRole('button', { name: `Remove ${typed}` }).click();
    const confirm = page.getByRole('dialog', { name: `Remove secret ${typed}?` });
    await confirm.getByRole('button', { name: 'Remove', exact: true }).click();
    await expect(confirm).toBeHidden();
    await expect(grid.getByRole('row', { name: typed, exact: true })).toBeHidden();
    expect((await podman(['secret', 'ls', '--format', '{{.Name}}'])).split('\n')).not.toContain(typed);
  } finally {
    await removeSecrets([typed, fromFile]);
  }
});

test('a secret made with the CLI shows when the Secrets view opens', async ({ page }) => {
  const name = uniqueName('seccli');
  const file = path.join(tmpdir(), `${name}.txt`);
  await writeFile(file, 'x');
  try {
    await podman(['secret', 'create', name, file]);
    await openApp(page, 'Secrets');
    await expect(page.getByRole('grid', { name: 'Secrets' }).getByRole('row', { name, exact: true })).toBeVisible();
  } finally {
    await removeSecrets([name]);
  }
});

test('the create dialog gives a container a secret as a file and as a variable', async ({ page }) => {
  const secret = uniqueName('secuse');
  const name = uniqueName('usesec');
  const value = `v-${Math.random().toString(36).slice(2)}`;
  const file = path.join(tmpdir(), `${secret}.txt`);
  await writeFile(file, value);
  try {
    await podman(['secret', 'create', secret, file]);
    const form = await openCreateContainer(page, { image: TEST_IMAGE, name, command: `sh -c "cat /run/secrets/${secret}; echo; echo $APP_KEY; sleep 600"` });
    await expect(form.getByText(new RegExp(`Yours: .*${secret}`))).toBeVisible();
    await form.getByRole('textbox', { name: 'Secrets' }).fill(`=bad`);
    await form.getByRole('button', { name: 'Create and start' }).click();
    await expect(form.getByText('Line 1: write name, name:/path or VARIABLE=name')).toBeVisible();
    await form.getByRole('textbox', { name: 'Secrets' }).fill(`${secret}\nAPP_KEY=${secret}`);
    await form.getByRole('button', { name: 'Create and start' }).click();
    await expect(form).toBeHidden();
    await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
    await expect.poll(() => podman(['logs', name]), { timeout: 15_000 }).toBe(`${value}\n${value}\n`);
  } finally {
    await podman(['rm', '-f', name]).catch(() => undefined);
    await removeSecrets([secret]);
  }
});
