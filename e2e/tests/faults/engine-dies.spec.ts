/**
 * Fault: the engine dies while the UI is open, a log follows and a terminal
 * is attached. This spec runs its own isolated Podman and serve (fault-env)
 * so it can stop and restart the API service without disturbing the others.
 */
import { expect, test, type Page } from '@playwright/test';
import { TEST_IMAGE } from '../../support/podman.js';
import { gridRowNames, openFaultApp, startFaultEnv, watchCrashes, type FaultEnv } from '../../support/fault-env.js';

let env: FaultEnv;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  env = await startFaultEnv();
});
test.afterAll(async () => {
  test.setTimeout(120_000);
  await env?.stop();
});

async function openTab(page: Page, name: string, tab: 'Logs' | 'Terminal'): Promise<void> {
  await openFaultApp(page, env.url, 'Containers');
  const row = page.getByRole('grid', { name: 'Containers' }).getByRole('row', { name, exact: true });
  await expect(row.getByText('running', { exact: true })).toBeVisible();
  await row.getByRole('button', { name: `Details of ${name}` }).click();
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  await page.getByRole('tab', { name: tab }).click();
  await expect(page.getByRole('tab', { name: tab })).toHaveAttribute('aria-selected', 'true');
}

/** The ticker's numbers as the pane shows them: every "n-<k>" line in the xterm buffer. */
async function tickerNumbers(page: Page, region: string): Promise<number[]> {
  // xterm renders only the visible rows: the pane's own Copy button copies the whole buffer (clipboard captured, see below).
  await page.evaluate(() => ((window as unknown as { __copied?: string }).__copied = undefined));
  await page.getByRole('group', { name: 'Log controls' }).getByRole('button', { name: 'Copy', exact: true }).click();
  await expect.poll(() => page.evaluate(() => (window as unknown as { __copied?: string }).__copied !== undefined)).toBe(true);
  void region;
  const text = await page.evaluate(() => (window as unknown as { __copied?: string }).__copied ?? '');
  return [...text.matchAll(/^n-(\d+)$/gm)].map((m) => Number(m[1]));
}

function assertConsecutive(nums: number[]): void {
  const dupes = nums.filter((n, i) => nums.indexOf(n) !== i);
  expect(dupes, 'no line shown twice').toEqual([]);
  for (let i = 1; i < nums.length; i++) expect(nums[i], `line after n-${nums[i - 1]}`).toBe(nums[i - 1]! + 1);
}

test('the engine dies and returns: banner within 2 s, lists resync, the log resumes, the terminal offers to reconnect', async ({ context }) => {
  test.setTimeout(150_000);
  const { h } = env;
  // Lines 1, 2, 3, … ten a second; a sleeper for the terminal; two more that the outage will change.
  await h.podman(['run', '-d', '--name', 'ticker', TEST_IMAGE, 'sh', '-c', 'i=0; while :; do i=$((i+1)); echo "n-$i"; sleep 0.1; done']);
  await h.podman(['run', '-d', '--name', 'shell', TEST_IMAGE, 'sleep', '3600']);
  await h.podman(['create', '--name', 'goes-away', TEST_IMAGE, 'sleep', '60']);
  await h.podman(['run', '-d', '--name', 'gets-stopped', TEST_IMAGE, 'sleep', '3600']);

  // Capture what the app copies, instead of the system clipboard.
  await context.addInitScript(() => {
    navigator.clipboard.writeText = async (t: string) => {
      (window as unknown as { __copied?: string }).__copied = t;
    };
  });
  const logsPage = await context.newPage();
  const termPage = await context.newPage();
  const listPage = await context.newPage();
  const crashes = [watchCrashes(logsPage), watchCrashes(termPage), watchCrashes(listPage)];
  await openFaultApp(listPage, env.url, 'Containers');
  await openTab(logsPage, 'ticker', 'Logs');
  await openTab(termPage, 'shell', 'Terminal');
  const logRegion = 'Logs of ticker';
  await expect(logsPage.getByRole('status').filter({ hasText: 'Following' })).toBeVisible();
  await expect.poll(() => tickerNumbers(logsPage, logRegion)).toContain(5);
  await expect(termPage.getByRole('status').filter({ hasText: 'Connected' })).toBeVisible();
  await termPage.getByRole('region', { name: 'Terminal of shell' }).click();
  await termPage.keyboard.type('echo "before-$((20+1))"\n');
  await expect.poll(async () => termPage.getByRole('region', { name: 'Terminal of shell' }).locator('.xterm-rows').innerText()).toContain('before-21');

  // The engine dies.
  const tKill = Date.now();
  await h.stopService();
  const tGone = Date.now();
  const banner = (p: Page) => p.getByRole('alert').filter({ hasText: /unreachable/i });
  await expect(banner(logsPage)).toBeVisible({ timeout: 2_000 });
  const tBanner = Date.now();
  await expect(banner(termPage)).toBeVisible({ timeout: 2_000 });
  test.info().annotations.push({ type: 'banner', description: `banner ${tBanner - tGone} ms after the service exited (${tBanner - tKill} ms after SIGTERM)` });
  console.log(`[engine-dies] banner ${tBanner - tGone} ms after the service exited (${tBanner - tKill} ms after SIGTERM)`);

  // The log pane says its stream was cut and that it will resume.
  await expect(logsPage.getByRole('status').filter({ hasText: /Lost the engine connection/ })).toBeVisible({ timeout: 5_000 });

  // While it is down, the CLI changes things the UI cannot hear about.
  await h.podman(['rm', '-f', 'goes-away']);
  await h.podman(['stop', '-t', '0', 'gets-stopped']);
  await h.podman(['create', '--name', 'born-offline', TEST_IMAGE, 'true']);
  await logsPage.waitForTimeout(3_000);

  // The engine returns.
  await h.startService();
  const tBack = Date.now();
  await expect(banner(logsPage)).toBeHidden({ timeout: 15_000 });
  console.log(`[engine-dies] banner gone ${Date.now() - tBack} ms after the service answered again`);

  // The list (open all along in a third tab) resyncs to exactly what podman ps -a shows.
  const grid = listPage.getByRole('grid', { name: 'Containers' });
  await expect(grid.getByRole('row', { name: 'born-offline', exact: true })).toBeVisible({ timeout: 10_000 });
  await expect(grid.getByRole('row', { name: 'goes-away', exact: true })).toHaveCount(0);
  await expect(grid.getByRole('row', { name: 'gets-stopped', exact: true }).getByText('exited', { exact: true })).toBeVisible();
  expect(await gridRowNames(listPage, 'Containers')).toEqual(await env.psNames());

  // The log pane resumes: new lines arrive, and the numbers it shows are consecutive, none twice.
  const lastBefore = Math.max(...(await tickerNumbers(logsPage, logRegion)));
  await logsPage.waitForTimeout(2_000);
  await expect.poll(async () => Math.max(...(await tickerNumbers(logsPage, logRegion))), { timeout: 15_000 }).toBeGreaterThan(lastBefore + 10);
  assertConsecutive(await tickerNumbers(logsPage, logRegion));

  // The terminal says its session ended and offers to reconnect; reconnecting gives a working shell.
  // It blames the lost engine connection, not the container (which never stopped).
  await expect(termPage.getByRole('alert').filter({ hasText: /connection to the engine was lost/i })).toBeVisible({ timeout: 10_000 });
  await expect(termPage.getByText('The container stopped; the shell ended.')).toHaveCount(0);
  const reconnect = termPage.getByRole('button', { name: 'Reconnect' });
  await expect(reconnect).toBeVisible({ timeout: 10_000 });
  await reconnect.click();
  await expect(termPage.getByRole('status').filter({ hasText: 'Connected' })).toBeVisible({ timeout: 15_000 });
  await termPage.getByRole('region', { name: 'Terminal of shell' }).click();
  await termPage.keyboard.type('echo "after-$((40+2))"\n');
  await expect.poll(async () => termPage.getByRole('region', { name: 'Terminal of shell' }).locator('.xterm-rows').innerText()).toContain('after-42');

  for (const c of crashes) expect(c.pageErrors, 'no uncaught error in the page').toEqual([]);
});
