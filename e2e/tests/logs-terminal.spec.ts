import { expect, test, type Page } from '@playwright/test';
import { podman, TEST_IMAGE } from '../support/podman.js';
import { cleanup, containerRow, openApp, uniqueName, xtermText } from '../support/ui.js';

async function openDetailsTab(page: Page, name: string, tab: 'Logs' | 'Terminal'): Promise<void> {
  await openApp(page, 'Containers');
  const row = containerRow(page, name);
  await expect(row.getByText('running', { exact: true })).toBeVisible();
  await row.getByRole('button', { name: `Details of ${name}` }).click();
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  await page.getByRole('tab', { name: tab }).click();
  await expect(page.getByRole('tab', { name: tab })).toHaveAttribute('aria-selected', 'true');
}

test.describe('logs and terminal', () => {
  test('the logs pane shows output as it is written, and search finds a line', async ({ page }) => {
    const name = uniqueName('logs');
    try {
      // One line every 0.3 s.
      await podman(['run', '-d', '--name', name, TEST_IMAGE, 'sh', '-c', 'i=0; while :; do i=$((i+1)); echo "tick-$i"; sleep 0.3; done']);
      await openDetailsTab(page, name, 'Logs');
      const region = `Logs of ${name}`;
      await expect(page.getByRole('region', { name: region })).toBeVisible();
      await expect(page.getByRole('status').filter({ hasText: 'Following' })).toBeVisible();
      await expect.poll(() => xtermText(page, region)).toContain('tick-1\n');

      // Lines written after the pane opened arrive without any action: wait for a line the container had not printed yet.
      const printed = (await podman(['logs', name])).split('\n').filter(Boolean).length;
      const later = `tick-${printed + 5}`;
      await expect.poll(() => xtermText(page, region), { timeout: 15_000 }).toMatch(new RegExp(`${later}\\b`));

      // Search: a line that exists is found, one that does not is reported as such.
      const search = page.getByRole('searchbox', { name: 'Search logs' });
      await search.fill('tick-3');
      await expect(page.getByText(/^\d+ of [\d,]+$/)).toBeVisible();
      await search.fill('no-such-line-anywhere');
      await expect(page.getByText('No matches', { exact: true })).toBeVisible();
    } finally {
      await cleanup({ containers: [name] });
    }
  });

  test('the terminal runs echo, and stty size follows a resize', async ({ page }) => {
    const name = uniqueName('term');
    // Resize calls and their answers on the bridge's WebSocket, to type only once the engine has the new size.
    const resizeIds = new Set<number>();
    const answered = new Set<number>();
    page.on('websocket', (ws) => {
      ws.on('framesent', (f) => {
        const text = typeof f.payload === 'string' ? f.payload : f.payload.toString('utf8');
        if (!text.includes('terminal.resize')) return;
        for (const m of [].concat(JSON.parse(text) as never)) {
          const msg = m as { id?: number; params?: { path?: string } };
          if (msg.params?.path === 'terminal.resize' && typeof msg.id === 'number') resizeIds.add(msg.id);
        }
      });
      ws.on('framereceived', (f) => {
        const text = typeof f.payload === 'string' ? f.payload : f.payload.toString('utf8');
        for (const m of [].concat(JSON.parse(text) as never)) {
          const msg = m as { id?: number };
          if (typeof msg.id === 'number' && resizeIds.has(msg.id)) answered.add(msg.id);
        }
      });
    });
    try {
      await podman(['run', '-d', '--name', name, TEST_IMAGE, 'sleep', '600']);
      await openDetailsTab(page, name, 'Terminal');
      const regionName = `Terminal of ${name}`;
      const region = page.getByRole('region', { name: regionName });
      await expect(page.getByRole('status').filter({ hasText: 'Connected' })).toBeVisible();
      await region.click();

      // The shell evaluates what we type: only its output contains the product.
      await page.keyboard.type('echo "e2e-$((6*7))-ok"\n');
      await expect.poll(() => xtermText(page, regionName)).toContain('e2e-42-ok');

      // Asks the shell for its TTY size. Busybox's line editor can swallow keys typed while it redraws
      // (after a command, after SIGWINCH), so a mangled line is cancelled with Ctrl+C and asked again.
      const size = async (): Promise<[number, number]> => {
        for (let attempt = 0; ; attempt++) {
          const marker = Math.random().toString(36).slice(2, 8);
          await page.keyboard.type(`echo "SZ${marker}:$(stty size):ZS"\n`);
          const re = new RegExp(`SZ${marker}:(\\d+) (\\d+):ZS`);
          let found: RegExpMatchArray | null = null;
          try {
            await expect.poll(async () => (found = (await xtermText(page, regionName)).match(re)) !== null, { timeout: attempt < 3 ? 4_000 : 10_000 }).toBe(true);
            return [Number(found![1]), Number(found![2])];
          } catch (e) {
            if (attempt >= 3) throw e;
            await page.keyboard.press('Control+C');
          }
        }
      };
      const [rows1, cols1] = await size();
      expect(rows1).toBeGreaterThan(5);
      expect(cols1).toBeGreaterThan(20);

      // A smaller window: the pane refits, tells the engine, and the TTY follows.
      const before = answered.size;
      await page.setViewportSize({ width: 1000, height: 620 });
      await expect.poll(() => answered.size, { message: 'the resize reached the engine' }).toBeGreaterThan(before);
      const [rows2, cols2] = await size();
      expect(rows2).toBeLessThan(rows1);
      expect(cols2).toBeLessThan(cols1);
    } finally {
      await cleanup({ containers: [name] });
    }
  });
});
