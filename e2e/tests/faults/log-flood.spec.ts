/**
 * Fault: a container writes 50 MB of logs as fast as it can while the Logs
 * pane follows. Every click is answered (the latencies are printed: a figure,
 * not an assertion, since a timed bound on a shared 2-core runner is a coin
 * toss — speed is the benchmarks' job), the renderer's JS heap stays bounded,
 * and the pane's "Download full log" is byte-identical to `podman logs`
 * (stdout and stderr, in order).
 */
import { expect, test, type Page } from '@playwright/test';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { e2eInfo } from '../../support/info.js';
import { podman, TEST_IMAGE } from '../../support/podman.js';
import { cleanup, containerRow, openApp, uniqueName } from '../../support/ui.js';
import { watchCrashes } from '../../support/fault-env.js';

const LINES = 560_000;
// "line 00000001 " + 80 characters + "\n" = 95 bytes: 560,000 lines ≈ 53 MB (50.7 MiB). Every 1,000th goes to stderr.
const SCRIPT = `awk 'BEGIN { pad = sprintf("%080d", 0); gsub(/0/, "x", pad); for (i = 1; i <= ${LINES}; i++) { if (i % 1000 == 0) printf "line %08d %s\\n", i, pad > "/dev/stderr"; else printf "line %08d %s\\n", i, pad } }'`;

/** `podman logs <id>` with stdout and stderr written to one file, in the order podman writes them. */
function podmanLogsToFile(id: string, file: string): Promise<void> {
  const info = e2eInfo();
  const dir = info.podman.dir;
  const fd = openSync(file, 'w');
  return new Promise((resolve, reject) => {
    const child = spawn('podman', ['--root', path.join(dir, 'root'), '--runroot', path.join(dir, 'run'), '--tmpdir', path.join(dir, 'tmp'), '--storage-driver', 'overlay', 'logs', id], {
      env: { ...process.env, ...info.podman.env },
      stdio: ['ignore', fd, fd],
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      closeSync(fd);
      if (code === 0) resolve();
      else reject(new Error(`podman logs exited with ${code}`));
    });
  });
}

/**
 * A real click (mouse input through the browser) on the Follow button, timed
 * in the page: from the input event's own timestamp (so time spent queued behind
 * a busy main thread counts) to the frame after aria-pressed changed.
 */
async function timedClick(page: Page): Promise<number> {
  const button = page.getByRole('group', { name: 'Log controls' }).getByRole('button', { name: 'Follow' });
  await page.evaluate(() => {
    const w = window as unknown as { __lat?: Promise<number> };
    const b = [...document.querySelectorAll<HTMLButtonElement>('.logs-toolbar button')].find((x) => x.textContent?.trim() === 'Follow')!;
    const before = b.getAttribute('aria-pressed');
    w.__lat = new Promise<number>((resolve) => {
      let clickAt = 0;
      document.addEventListener('pointerdown', (e) => (clickAt = e.timeStamp), { capture: true, once: true });
      const mo = new MutationObserver(() => {
        if (b.getAttribute('aria-pressed') === before) return;
        mo.disconnect();
        requestAnimationFrame(() => resolve(performance.now() - clickAt));
      });
      mo.observe(b, { attributes: true });
    });
  });
  await button.click();
  return page.evaluate(() => (window as unknown as { __lat: Promise<number> }).__lat);
}

test('a 50 MB log at full speed: every click is answered, memory bounded, the download equals podman logs', async ({ page }) => {
  test.setTimeout(180_000);
  const name = uniqueName('flood');
  const crashes = watchCrashes(page);
  const ref = path.join(tmpdir(), `${name}.podman.log`);
  try {
    // Created first, so the pane is open and following before the flood starts.
    await page.context().addInitScript(() => {
      navigator.clipboard.writeText = async (t: string) => {
        (window as unknown as { __copied?: string }).__copied = t;
      };
    });
    await podman(['create', '--name', name, TEST_IMAGE, 'sh', '-c', `sleep 4; ${SCRIPT}; sleep 2`]);
    await podman(['start', name]);
    await openApp(page, 'Containers');
    const row = containerRow(page, name);
    await expect(row.getByText('running', { exact: true })).toBeVisible();
    await row.getByRole('button', { name: `Details of ${name}` }).click();
    await page.getByRole('tab', { name: 'Logs' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Following' })).toBeVisible();

    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    const heap = async () => {
      const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
      return metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0;
    };
    const heapBefore = await heap();
    let peak = heapBefore;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        peak = Math.max(peak, await heap().catch(() => 0));
        await new Promise((r) => setTimeout(r, 250));
      }
    })();

    // While the flood runs: real clicks on Follow (pause, resume, …), each timed.
    const latencies: number[] = [];
    const t0 = Date.now();
    while ((await podman(['inspect', '--format', '{{.State.Running}}', name])).trim() === 'true' && Date.now() - t0 < 120_000) {
      latencies.push(await timedClick(page));
      await page.waitForTimeout(300);
    }
    const floodMs = Date.now() - t0;
    // Leave it following, and let it finish.
    const follow = page.getByRole('group', { name: 'Log controls' }).getByRole('button', { name: 'Follow' });
    if ((await follow.getAttribute('aria-pressed')) !== 'true') await follow.click();
    const ended = page.getByRole('status').filter({ hasText: /Container exited|end of log|Log stream failed/ });
    await expect(ended).toBeVisible({ timeout: 60_000 });
    if ((await ended.innerText()).includes('Log stream failed')) {
      // Podman 4.3 can fail a log read that races its writer ("… is not a valid container log line"); the pane says
      // so and offers Reload logs. Reported as a known issue (the engine's follow should re-read instead of failing).
      const why = (
        await page
          .locator('.logs-pane')
          .getByRole('alert')
          .innerText()
          .catch(() => '')
      )
        .replace(/\s+/g, ' ')
        .slice(0, 300);
      console.log(`[log-flood] KNOWN ISSUE: the followed stream failed: ${why}`);
      test.info().annotations.push({ type: 'issue', description: `followed log failed mid-flood: ${why}` });
      await page.getByRole('button', { name: 'Reload logs' }).click();
      await expect(page.getByRole('status').filter({ hasText: /Container exited|end of log/ })).toBeVisible({ timeout: 60_000 });
    }
    sampling = false;
    await sampler;
    const heapAfter = await heap();

    // The last line reached the pane: in its buffer (the pane's Copy button copies every line it holds; the
    // clipboard is captured below), and on screen once the view is at the bottom (End).
    const last = `line ${String(LINES).padStart(8, '0')}`;
    const copied = async () => {
      await page.evaluate(() => ((window as unknown as { __copied?: string }).__copied = undefined));
      await page.getByRole('group', { name: 'Log controls' }).getByRole('button', { name: 'Copy', exact: true }).click();
      return page.evaluate(() => (window as unknown as { __copied?: string }).__copied ?? '');
    };
    await expect.poll(copied, { timeout: 30_000 }).toContain(last);
    // Order in the pane, checked against the download below (the log file's order: conmon reads stdout and stderr
    // from two pipes, so a stderr line can sit a few hundred lines early in the file itself).
    const paneNums = [...(await copied()).matchAll(/^line (\d{8}) /gm)].map((m) => Number(m[1]));

    // Download full log (the pane's button: a one-time link from the bridge, the browser's own download) vs podman logs.
    const downloading = page.waitForEvent('download', { timeout: 120_000 });
    await page.getByRole('button', { name: 'Download full log' }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toMatch(/\.log$/);
    const body = readFileSync((await download.path())!);
    await podmanLogsToFile(name, ref);
    const expected = readFileSync(ref);
    const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
    expect(expected.length).toBeGreaterThan(50 * 1024 * 1024);
    expect(body.length).toBe(expected.length);
    expect(sha(body)).toBe(sha(expected));
    // The pane's lines are the log's lines, in the log's order: its window equals the same stretch of the download.
    // Unanchored: when conmon splits a stdout line (a partial entry) and a stderr line lands between the halves,
    // `podman logs` (and so the download) prints the stderr line in the middle of the stdout one; the pane puts
    // each stream's pieces back together, so there it follows the line it interrupted. Order of first appearance
    // is what both share.
    const fileNums = [...body.toString('latin1').matchAll(/line (\d{8}) /g)].map((m) => Number(m[1]));
    const from = fileNums.indexOf(paneNums[0]!);
    expect(from, 'the pane starts at a line of the log').toBeGreaterThanOrEqual(0);
    // Where each stderr line (every 1,000th) sits: after which line, in the pane and in the file.
    const after = (nums: number[]) => new Map(nums.map((n, i) => [n, i > 0 ? nums[i - 1]! : -1] as const).filter(([n, p]) => n % 1000 === 0 && p !== -1));
    const inFile = after(fileNums);
    // The pane may show a stderr line just before the stdout line it interrupted (that one completes after it).
    const moved = [...after(paneNums)].filter(([n, p]) => inFile.get(n) !== p && inFile.get(n) !== p + 1);
    expect(new Set(paneNums).size, 'no line twice in the pane').toBe(paneNums.length);
    expect(
      moved.map(([n, p]) => `${n} after ${p} in the pane, after ${inFile.get(n)} in the file`),
      'stderr lines where the log has them',
    ).toEqual([]);
    const early = fileNums.filter((n, i) => i > 0 && n < fileNums[i - 1]!).length;

    const mb = (n: number) => (n / 1024 / 1024).toFixed(1);
    const worst = Math.max(...latencies);
    const msg = `flood ${(floodMs / 1000).toFixed(1)} s; ${latencies.length} clicks, worst ${worst.toFixed(0)} ms, median ${[...latencies].sort((a, b) => a - b)[Math.floor(latencies.length / 2)]!.toFixed(0)} ms; JS heap ${mb(heapBefore)} MB before, peak ${mb(peak)} MB, ${mb(heapAfter)} MB after; download ${body.length} bytes = podman logs ${expected.length} bytes, sha256 ${sha(body).slice(0, 16)}…; pane's last ${paneNums.length} lines: same lines in the log's order, ${after(paneNums).size} stderr lines in it checked (in the whole file ${early} interrupt a partial stdout line)`;
    console.log(`[log-flood] ${msg}`);
    test.info().annotations.push({ type: 'log-flood', description: msg });
    expect(latencies.length).toBeGreaterThan(2);
    expect(
      latencies.every((l) => Number.isFinite(l) && l >= 0),
      `every click was answered: ${latencies.map((l) => l.toFixed(0)).join(', ')} ms`,
    ).toBe(true);
    expect(peak, 'renderer JS heap stays bounded').toBeLessThan(256 * 1024 * 1024);
    expect(crashes.pageErrors).toEqual([]);
  } finally {
    rmSync(ref, { force: true });
    await cleanup({ containers: [name] });
  }
});
