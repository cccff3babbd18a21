import { expect, test } from '@playwright/test';
import { podman, TEST_IMAGE } from '../support/podman.js';
import { cleanup, openApp, uniqueName } from '../support/ui.js';

test('a pod is created, shown with its containers, and its Kubernetes YAML generated', async ({ page }) => {
  const pod = uniqueName('pod');
  const member = `${pod}-app`;
  try {
    await openApp(page, 'Pods');
    await page.getByRole('button', { name: 'Create pod' }).first().click();
    const form = page.getByRole('dialog', { name: 'Create a pod' });
    await form.getByRole('textbox', { name: 'Name' }).fill(pod);
    await form.getByRole('button', { name: 'Create', exact: true }).click();
    await expect(form).toBeHidden();

    const grid = page.getByRole('grid', { name: 'Pods' });
    const podRow = grid.getByRole('row', { name: pod, exact: true });
    await expect(podRow).toBeVisible();
    expect((await podman(['pod', 'ps', '--format', '{{.Name}}'])).split('\n')).toContain(pod);

    // A container joins the pod (from the CLI); the row follows without a refresh.
    await podman(['run', '-d', '--pod', pod, '--name', member, TEST_IMAGE, 'sh', '-c', 'echo hello from app; exec sleep 600']);
    await expect(podRow.getByText('1 of 1 running')).toBeVisible({ timeout: 15_000 });
    await podRow.getByRole('button', { name: `Show containers of ${pod}` }).click();
    const memberRow = grid.getByRole('row', { name: `${member} (in pod ${pod})` });
    await expect(memberRow).toBeVisible();
    await expect(memberRow.getByText('running', { exact: true })).toBeVisible();

    await podRow.getByRole('button', { name: `Kubernetes YAML for ${pod}` }).click();
    const dialog = page.getByRole('dialog', { name: `Kubernetes YAML for ${pod}` });
    const yaml = dialog.getByLabel(`Kubernetes YAML for ${pod}`, { exact: true });
    await expect(yaml).toContainText('kind: Pod');
    await expect(yaml).toContainText(`name: ${pod}`);
    await expect(yaml).toContainText(TEST_IMAGE);
    await dialog.getByRole('button', { name: 'Close' }).click();
    await expect(dialog).toBeHidden();

    // The pod's combined log: every member's lines, each after its name (the infra container is not a member).
    await podman(['run', '-d', '--pod', pod, '--name', `${pod}-two`, TEST_IMAGE, 'sh', '-c', 'echo hello from two; exec sleep 600']);
    await expect(podRow.getByText('2 of 2 running')).toBeVisible({ timeout: 15_000 });
    await podRow.getByRole('button', { name: `Logs of ${pod}` }).click();
    const logs = page.getByRole('dialog', { name: `Logs of pod ${pod}` });
    const region = logs.getByRole('region', { name: `Logs of ${pod}` });
    await expect(region).toContainText(`${member} | hello from app`);
    await expect(region).toContainText(`${pod}-two`);
    await expect(region).toContainText('hello from two');
    await logs.getByRole('button', { name: 'Close' }).click();
  } finally {
    await cleanup({ pods: [pod], containers: [member, `${pod}-two`] });
  }
});

test('removing a running pod without Force shows the engine message; with Force it goes', async ({ page }) => {
  const pod = uniqueName('rmpod');
  const member = `${pod}-app`;
  try {
    await podman(['pod', 'create', '--name', pod]);
    await podman(['run', '-d', '--pod', pod, '--name', member, '--stop-timeout', '1', TEST_IMAGE, 'sleep', '600']);
    await openApp(page, 'Pods');
    const podRow = page.getByRole('grid', { name: 'Pods' }).getByRole('row', { name: pod, exact: true });
    await expect(podRow.getByText('1 of 1 running')).toBeVisible();

    await podRow.getByRole('button', { name: `Remove ${pod}` }).click();
    const dialog = page.getByRole('alertdialog', { name: `Remove pod ${pod}?` });
    await expect(dialog.getByRole('checkbox', { name: /^Force/ })).not.toBeChecked();
    await dialog.getByRole('button', { name: 'Remove', exact: true }).click();
    const alert = dialog.getByRole('alert');
    await expect(alert).toContainText('Engine said:');
    await expect(alert).toContainText(/running|force/i);
    expect((await podman(['pod', 'ps', '--format', '{{.Name}}'])).split('\n')).toContain(pod);

    await dialog.getByRole('checkbox', { name: /^Force/ }).check();
    await dialog.getByRole('button', { name: 'Remove', exact: true }).click();
    await expect(dialog).toBeHidden({ timeout: 20_000 });
    await expect(podRow).toHaveCount(0);
    expect((await podman(['pod', 'ps', '--format', '{{.Name}}'])).split('\n')).not.toContain(pod);
  } finally {
    await cleanup({ pods: [pod], containers: [member] });
  }
});
