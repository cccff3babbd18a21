/**
 * Every view: an axe scan finds no serious or critical violation, and a
 * screenshot is saved to test-results/screenshots/<view>.png (and attached).
 */
import { AxeBuilder } from '@axe-core/playwright';
import { expect, test, type Page, type TestInfo } from '@playwright/test';
import { podman, TEST_IMAGE } from '../support/podman.js';
import { cleanup, containerRow, gotoView, openApp, saveScreenshot, uniqueName, type ViewName } from '../support/ui.js';

async function scan(page: Page, testInfo: TestInfo, what: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  await testInfo.attach(`axe-${what}.json`, { body: JSON.stringify(results.violations, null, 2), contentType: 'application/json' });
  const summary = bad.map((v) => `${v.id} (${v.impact}): ${v.help}\n${v.nodes.map((n) => `    ${n.target.join(' ')} — ${n.failureSummary?.split('\n').join(' ')}`).join('\n')}`);
  expect(summary, `serious/critical axe violations in ${what}`).toEqual([]);
}

const seeded = { container: uniqueName('a11y'), pod: uniqueName('a11y-pod'), volume: uniqueName('a11y-vol'), network: uniqueName('a11y-net'), project: uniqueName('a11yproj') };
const composed = `${seeded.project}_api_1`;

test.describe('accessibility and screenshots', () => {
  test.beforeAll(async () => {
    // Something to show in every list.
    await podman(['run', '-d', '--name', seeded.container, '--stop-timeout', '1', '-p', '127.0.0.1::8080', TEST_IMAGE, 'sh', '-c', 'while :; do echo hello from e2e; sleep 1; done']);
    await podman(['pod', 'create', '--name', seeded.pod]);
    await podman(['run', '-d', '--pod', seeded.pod, '--name', `${seeded.pod}-app`, '--stop-timeout', '1', TEST_IMAGE, 'sleep', '600']);
    // A compose project as the labels make one (the provider's own run is the compose spec's job).
    await podman([
      'run',
      '-d',
      '--name',
      composed,
      '--stop-timeout',
      '1',
      '--label',
      `com.docker.compose.project=${seeded.project}`,
      '--label',
      'com.docker.compose.service=api',
      TEST_IMAGE,
      'sh',
      '-c',
      'while :; do echo api says hi; sleep 1; done',
    ]);
    await podman(['volume', 'create', seeded.volume]);
    await podman(['network', 'create', seeded.network]);
  });
  test.afterAll(async () => {
    await cleanup({ pods: [seeded.pod], containers: [seeded.container, `${seeded.pod}-app`, composed], volumes: [seeded.volume], networks: [seeded.network] });
  });

  const views: { view: ViewName; ready: (page: Page) => Promise<void> }[] = [
    { view: 'Dashboard', ready: async (page) => await expect(page.locator('main')).toContainText(/container/i) },
    { view: 'Containers', ready: async (page) => await expect(containerRow(page, seeded.container)).toBeVisible() },
    { view: 'Pods', ready: async (page) => await expect(page.getByRole('grid', { name: 'Pods' }).getByRole('row', { name: seeded.pod, exact: true })).toBeVisible() },
    { view: 'Compose', ready: async (page) => await expect(page.getByRole('grid', { name: 'Compose projects' }).getByRole('row', { name: seeded.project, exact: true })).toBeVisible() },
    { view: 'Images', ready: async (page) => await expect(page.getByRole('grid', { name: 'Images' }).getByRole('row', { name: TEST_IMAGE, exact: true })).toBeVisible() },
    { view: 'Volumes', ready: async (page) => await expect(page.getByRole('main').getByText(seeded.volume).first()).toBeVisible() },
    { view: 'Networks', ready: async (page) => await expect(page.getByRole('main').getByText(seeded.network).first()).toBeVisible() },
    { view: 'Machines', ready: async (page) => await expect(page.getByRole('main')).toBeVisible() },
    { view: 'Settings', ready: async (page) => await expect(page.getByRole('main')).toBeVisible() },
  ];

  for (const { view, ready } of views) {
    test(`${view} view`, async ({ page }, testInfo) => {
      await openApp(page, view);
      await ready(page);
      await scan(page, testInfo, view.toLowerCase());
      await saveScreenshot(page, testInfo, view.toLowerCase());
    });
  }

  test('container details: summary, logs and terminal', async ({ page }, testInfo) => {
    await openApp(page, 'Containers');
    const name = seeded.container;
    await containerRow(page, name)
      .getByRole('button', { name: `Details of ${name}` })
      .click();
    await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
    await scan(page, testInfo, 'container-summary');
    await saveScreenshot(page, testInfo, 'container-details');

    await page.getByRole('tab', { name: 'Logs' }).click();
    await expect(page.getByRole('region', { name: `Logs of ${name}` })).toContainText('hello from e2e');
    await scan(page, testInfo, 'container-logs');
    await saveScreenshot(page, testInfo, 'container-logs');

    await page.getByRole('tab', { name: 'Terminal' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Connected' })).toBeVisible();
    await scan(page, testInfo, 'container-terminal');
    await saveScreenshot(page, testInfo, 'container-terminal');
  });

  test('compose: a project page with its combined log, and the Compose up dialog', async ({ page }, testInfo) => {
    await openApp(page, 'Compose');
    await page.getByRole('grid', { name: 'Compose projects' }).getByRole('link', { name: seeded.project }).click();
    await expect(page.getByRole('heading', { level: 1, name: seeded.project })).toBeVisible();
    await scan(page, testInfo, 'compose-project');
    await page.getByRole('tab', { name: 'Logs' }).click();
    await expect(page.getByRole('region', { name: `Logs of ${seeded.project}` })).toContainText('api | api says hi');
    await scan(page, testInfo, 'compose-logs');
    await saveScreenshot(page, testInfo, 'compose-logs');
    await gotoView(page, 'Compose');
    await page.getByRole('button', { name: 'Compose up' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'Compose up' });
    await dialog.getByRole('button', { name: 'Browse…' }).click();
    await expect(dialog.getByRole('group', { name: 'Choose a compose file' })).toBeVisible();
    await scan(page, testInfo, 'compose-up');
    await saveScreenshot(page, testInfo, 'compose-up');
  });

  test('create container dialog', async ({ page }, testInfo) => {
    await openApp(page, 'Containers');
    await page.getByRole('button', { name: 'Create container' }).first().click();
    await expect(page.getByRole('dialog', { name: 'Create container' })).toBeVisible();
    await scan(page, testInfo, 'create-container');
    await saveScreenshot(page, testInfo, 'create-container');
  });

  test('dark theme (follows the OS)', async ({ page }, testInfo) => {
    await page.emulateMedia({ colorScheme: 'dark' });
    await openApp(page, 'Containers');
    await expect(containerRow(page, seeded.container)).toBeVisible();
    await scan(page, testInfo, 'containers-dark');
    await saveScreenshot(page, testInfo, 'containers-dark');
    await gotoView(page, 'Dashboard');
    await scan(page, testInfo, 'dashboard-dark');
  });
});
