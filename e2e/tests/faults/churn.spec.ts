/**
 * Fault: 200 containers created, started, stopped and removed from the CLI,
 * 8 at a time, while the UI shows the Containers list. At the end the UI's
 * rows are exactly `podman ps -a`: no stale row, no duplicate, none missing.
 */
import { expect, test } from '@playwright/test';
import { podman, TEST_IMAGE } from '../../support/podman.js';
import { cleanup, openApp, uniqueName } from '../../support/ui.js';
import { gridRowNames, watchCrashes } from '../../support/fault-env.js';

const TOTAL = 200;
const CONCURRENCY = 8;

async function psNames(): Promise<string[]> {
  const list = JSON.parse((await podman(['ps', '-a', '--format', 'json'])) || '[]') as { Names?: string[]; IsInfra?: boolean }[];
  return list
    .filter((c) => !c.IsInfra)
    .map((c) => c.Names?.[0] ?? '')
    .sort();
}

test('churn: 200 containers created, started, stopped and removed in parallel; the list ends equal to podman ps -a', async ({ page }) => {
  test.setTimeout(300_000);
  const prefix = uniqueName('churn');
  const names = Array.from({ length: TOTAL }, (_, i) => `${prefix}-${String(i).padStart(3, '0')}`);
  const crashes = watchCrashes(page);
  try {
    await openApp(page, 'Containers');
    await expect(page.getByRole('grid', { name: 'Containers' })).toBeVisible();

    // Each container is created and started (`podman run -d`: create, init, start events), then stopped and removed,
    // the stops and removals of five containers going out as one CLI call. Every 10th stays running and every 10th (+5)
    // stays stopped, so the end state is not simply "empty". 8 workers at a time, as fast as the machine allows.
    const t0 = Date.now();
    let next = 0;
    let commands = 0;
    const run = async (args: string[]) => {
      commands++;
      await podman(args);
    };
    const GROUP = 5;
    const worker = async () => {
      for (;;) {
        const first = next;
        next += GROUP;
        if (first >= TOTAL) return;
        const idx = Array.from({ length: Math.min(GROUP, TOTAL - first) }, (_, k) => first + k);
        for (const i of idx) await run(['run', '-d', '--name', names[i]!, TEST_IMAGE, 'sleep', '600']);
        const stop = idx.filter((i) => i % 10 !== 0).map((i) => names[i]!);
        if (stop.length) await run(['stop', '-t', '0', ...stop]);
        const rm = idx.filter((i) => i % 10 !== 0 && i % 10 !== 5).map((i) => names[i]!);
        if (rm.length) await run(['rm', ...rm]);
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    const churnMs = Date.now() - t0;
    console.log(`[churn] CLI work done in ${churnMs} ms`);

    const expected = await psNames();
    const ours = expected.filter((n) => n.startsWith(prefix));
    expect(ours).toHaveLength(TOTAL / 5);

    // The UI converges: the count says so, then every row (read by scrolling the virtualized grid) matches.
    const total = `${expected.length} container${expected.length === 1 ? '' : 's'}`;
    await expect(page.getByText(total, { exact: true })).toBeVisible({ timeout: 15_000 });
    const tSettled = Date.now();
    await expect.poll(() => gridRowNames(page, 'Containers'), { timeout: 10_000 }).toEqual(expected);
    expect(await psNames()).toEqual(expected);

    // Filtered to this test's prefix: exactly the 40 survivors, in their CLI states.
    await page.getByRole('searchbox', { name: 'Search containers' }).fill(prefix);
    await expect(page.getByText(ours.length === expected.length ? total : `${ours.length} of ${expected.length} containers`, { exact: true })).toBeVisible();
    expect(await gridRowNames(page, 'Containers')).toEqual(ours);
    const grid = page.getByRole('grid', { name: 'Containers' });
    await expect(grid.getByRole('row', { name: names[0]!, exact: true }).getByText('running', { exact: true })).toBeVisible();
    await expect(grid.getByRole('row', { name: names[5]!, exact: true }).getByText('exited', { exact: true })).toBeVisible();

    const msg = `${TOTAL} containers, ${commands} CLI commands in ${(churnMs / 1000).toFixed(1)} s (${CONCURRENCY} at a time); UI count settled ${tSettled - t0 - churnMs} ms after the last command; ${expected.length} rows = podman ps -a`;
    console.log(`[churn] ${msg}`);
    test.info().annotations.push({ type: 'churn', description: msg });
    expect(crashes.pageErrors).toEqual([]);
  } finally {
    // Only the names that still exist: Podman 4.3's `rm -f a b missing` exits 0 and removes nothing at all.
    const left = await psNames().then(
      (all) => all.filter((n) => n.startsWith(prefix)),
      () => names,
    );
    if (left.length) await cleanup({ containers: left });
  }
});
