// Health in Chromium against serve, checked against `podman inspect`: the badge on the row and the Health
// filter, the Health tab with the check and its output, "Run the check now" moving a container from
// starting to unhealthy to healthy, and a check set in the create dialog (with the bridge's own messages).
import { expect, test, type Page } from '@playwright/test';
import { podman, TEST_IMAGE } from '../support/podman.js';
import { cleanup, containerRow, openApp, openCreateContainer, saveScreenshot, uniqueName } from '../support/ui.js';

const cliHealth = async (name: string) => (await podman(['inspect', '--format', '{{.State.Health.Status}}', name])).trim();
const healthCell = (page: Page, name: string) => containerRow(page, name).getByTitle(/^Health check:/);

test('rows, filter and the Health tab follow checks run now; the CLI agrees', async ({ page }, testInfo) => {
  const flag = uniqueName('hc-flag');
  const plain = uniqueName('hc-plain');
  try {
    await podman([
      'run',
      '-d',
      '--name',
      flag,
      '--stop-timeout',
      '1',
      '--health-cmd',
      'echo checking; test -e /tmp/ok',
      '--health-interval',
      '1h',
      '--health-retries',
      '1',
      TEST_IMAGE,
      'sh',
      '-c',
      'mkdir -p /tmp && sleep 600',
    ]);
    await podman(['run', '-d', '--name', plain, '--stop-timeout', '1', TEST_IMAGE, 'sleep', '600']);
    await openApp(page, 'Containers');
    await expect(healthCell(page, flag)).toHaveText('starting');
    await expect(healthCell(page, plain)).toHaveCount(0);

    await page.getByRole('combobox', { name: 'Health' }).selectOption('none');
    await expect(containerRow(page, plain)).toBeVisible();
    await expect(containerRow(page, flag)).toHaveCount(0);
    await page.getByRole('combobox', { name: 'Health' }).selectOption('starting');
    await expect(containerRow(page, flag)).toBeVisible();
    await expect(containerRow(page, plain)).toHaveCount(0);
    await page.getByRole('combobox', { name: 'Health' }).selectOption('any');

    await containerRow(page, flag)
      .getByRole('button', { name: `Details of ${flag}` })
      .click();
    await page.getByRole('tab', { name: 'Health' }).click();
    const panel = page.getByRole('tabpanel', { name: 'Health' });
    await expect(panel).toContainText('echo checking; test -e /tmp/ok');
    await expect(panel).toContainText('3600 s');
    await panel.getByRole('button', { name: 'Run the check now' }).click();
    await expect(panel.getByRole('status').filter({ hasText: 'The check says' })).toHaveText('The check says: unhealthy');
    expect(await cliHealth(flag)).toBe('unhealthy');
    await expect(panel.getByRole('region', { name: `Health check results of ${flag}` })).toContainText('checking');
    await expect(panel.getByRole('region', { name: `Health check results of ${flag}` })).toContainText('(failed)');

    await podman(['exec', flag, 'touch', '/tmp/ok']);
    await panel.getByRole('button', { name: 'Run the check now' }).click();
    await expect(panel.getByRole('status').filter({ hasText: 'The check says' })).toHaveText('The check says: healthy');
    expect(await cliHealth(flag)).toBe('healthy');
    await expect(panel.getByTitle('Health check: healthy')).toBeVisible();
    await saveScreenshot(page, testInfo, 'container-health-tab');
    await page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: 'Containers' }).click();
    await expect(healthCell(page, flag)).toHaveText('healthy');

    await containerRow(page, plain)
      .getByRole('button', { name: `Details of ${plain}` })
      .click();
    await page.getByRole('tab', { name: 'Health' }).click();
    await expect(page.getByRole('tabpanel', { name: 'Health' })).toContainText(`${plain} has no health check`);
  } finally {
    await cleanup({ containers: [flag, plain] });
  }
});

test('a health check from the create dialog: bad values get the bridge words; the engine has the config', async ({ page }) => {
  const name = uniqueName('hc-made');
  try {
    const form = await openCreateContainer(page, { image: TEST_IMAGE, name, command: 'sleep 600' });
    await form.getByRole('textbox', { name: 'Interval (s)' }).fill('10');
    await form.getByRole('button', { name: 'Create and start' }).click();
    await expect(form.getByText('Interval is set, but there is no health check command')).toBeVisible();
    await form.getByRole('textbox', { name: 'Health test (shell)' }).fill('true');
    await form.getByRole('textbox', { name: 'Retries' }).fill('0');
    await form.getByRole('button', { name: 'Create and start' }).click();
    await expect(form.getByText('Retries are at least 1')).toBeVisible();
    await form.getByRole('textbox', { name: 'Retries' }).fill('2');
    await form.getByRole('textbox', { name: 'Timeout (s)' }).fill('abc');
    await form.getByRole('button', { name: 'Create and start' }).click();
    await expect(form.getByText('Timeout: a number of seconds')).toBeVisible();
    await form.getByRole('textbox', { name: 'Timeout (s)' }).fill('0.5');
    await form.getByRole('button', { name: 'Create and start' }).click();
    await expect(form).toBeHidden();
    const cfg = JSON.parse(await podman(['inspect', '--format', '{{json .Config.Healthcheck}}', name])) as Record<string, unknown>;
    expect(cfg).toEqual({ Test: ['CMD-SHELL', 'true'], Interval: 10e9, Timeout: 0.5e9, Retries: 2 });
    await page.getByRole('tab', { name: 'Health' }).click();
    await page.getByRole('tabpanel', { name: 'Health' }).getByRole('button', { name: 'Run the check now' }).click();
    await expect(page.getByRole('tabpanel', { name: 'Health' }).getByRole('status').filter({ hasText: 'The check says' })).toHaveText('The check says: healthy');
  } finally {
    await cleanup({ containers: [name] });
  }
});
