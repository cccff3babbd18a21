/**
 * Fault: an engine call that hangs. serve talks to its own Podman through a
 * socket proxy (fault-proxy.ts) that, when armed, holds one container's
 * inspect call without answering. The UI shows it is waiting, the user can
 * leave, other views and actions keep working, and the answer lands once the
 * engine replies.
 */
import { expect, test } from '@playwright/test';
import { TEST_IMAGE } from '../../support/podman.js';
import { openFaultApp, startFaultEnv, watchCrashes, type FaultEnv } from '../../support/fault-env.js';

let env: FaultEnv;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  env = await startFaultEnv({ proxy: true });
});
test.afterAll(async () => {
  test.setTimeout(120_000);
  await env?.stop();
});

test('a hung inspect: the UI shows it is waiting, the user can leave, other views and a start keep working', async ({ page }) => {
  test.setTimeout(120_000);
  const { h } = env;
  const proxy = env.proxy!;
  const id = (await h.podman(['create', '--name', 'stuck', TEST_IMAGE, 'sleep', '600'])).trim();
  await h.podman(['create', '--name', 'other', TEST_IMAGE, 'sleep', '600']);
  const crashes = watchCrashes(page);
  await openFaultApp(page, env.url, 'Containers');
  const grid = page.getByRole('grid', { name: 'Containers' });
  await expect(grid.getByRole('row', { name: 'stuck', exact: true })).toBeVisible();

  // Every inspect of "stuck" (by id or name) now hangs in the proxy.
  const release = proxy.stall({ method: 'GET', path: new RegExp(`/containers/(${id}|${id.slice(0, 12)}|stuck)/json`) });
  try {
    await grid.getByRole('row', { name: 'stuck', exact: true }).getByRole('button', { name: 'Details of stuck' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'stuck' })).toBeVisible();
    await page.getByRole('tab', { name: 'Inspect' }).click();
    // Waiting, visibly: a progress bar named for what it waits on; the call really is held.
    await expect(page.getByRole('progressbar', { name: 'Inspecting stuck' })).toBeVisible();
    await expect.poll(() => proxy.held().length).toBeGreaterThan(0);
    await page.waitForTimeout(2_000);
    await expect(page.getByRole('progressbar', { name: 'Inspecting stuck' })).toBeVisible();

    // The user leaves: other tabs of the same container answer (they need no inspect).
    const tLeave = Date.now();
    await page.getByRole('tab', { name: 'Logs' }).click();
    await expect(page.getByRole('tab', { name: 'Logs' })).toHaveAttribute('aria-selected', 'true');
    await expect(page.getByRole('region', { name: 'Logs of stuck' })).toBeVisible();
    // Other views keep working: Images lists the test image.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Images', exact: true }).click();
    await expect(page.getByRole('heading', { level: 1, name: /^Images/ })).toBeVisible();
    await expect(
      page
        .getByRole('grid', { name: 'Images' })
        .getByRole('row', { name: /berth-test/ })
        .first(),
    ).toBeVisible();
    // … and an action on another container goes through while the inspect still hangs.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Containers', exact: true }).click();
    const other = grid.getByRole('row', { name: 'other', exact: true });
    await other.getByRole('button', { name: 'Start other' }).click();
    await expect(other.getByText('running', { exact: true })).toBeVisible({ timeout: 10_000 });
    expect((await h.podman(['inspect', '--format', '{{.State.Running}}', 'other'])).trim()).toBe('true');
    const leftMs = Date.now() - tLeave;
    expect(proxy.held().length, 'the inspect is still hanging').toBeGreaterThan(0);

    // Back to the hung view: still waiting, still saying so.
    await grid.getByRole('row', { name: 'stuck', exact: true }).getByRole('button', { name: 'Details of stuck' }).click();
    await page.getByRole('tab', { name: 'Inspect' }).click();
    await expect(page.getByRole('progressbar', { name: 'Inspecting stuck' })).toBeVisible();
    // After 2 s it says it waits on the engine, and offers Cancel; cancelled, it offers Try again.
    await expect(page.getByRole('status').filter({ hasText: 'The engine has not answered yet' })).toBeVisible({ timeout: 5_000 });
    await expect(page.getByText(/Waiting for the engine… \d+ s/)).toBeVisible();
    await page.getByRole('button', { name: 'Cancel', exact: true }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Cancelled: Berth stopped waiting for the engine.' })).toBeVisible();
    await expect(page.getByRole('progressbar', { name: 'Inspecting stuck' })).toBeHidden();
    await page.getByRole('button', { name: 'Try again' }).click();
    await expect(page.getByRole('progressbar', { name: 'Inspecting stuck' })).toBeVisible();

    // The engine answers at last: the data appears without any action.
    release();
    await expect(page.getByRole('progressbar', { name: 'Inspecting stuck' })).toBeHidden({ timeout: 15_000 });
    await expect(page.getByText(id).first()).toBeVisible();
    const msg = `inspect held ${proxy.held().length === 0 ? 'and released' : ''}; meanwhile Logs tab, Images view and a container start answered (${leftMs} ms for all three)`;
    console.log(`[hung-call] ${msg}`);
    test.info().annotations.push({ type: 'hung-call', description: msg });
    expect(crashes.pageErrors).toEqual([]);
  } finally {
    release();
  }
});
