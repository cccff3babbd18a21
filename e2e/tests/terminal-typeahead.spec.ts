/**
 * Typed-ahead input reaches the shell, in order, exactly once: open a
 * container's Terminal tab and type at once, before the session exists, 20
 * times. The reference is `podman exec -it` in a real pty (`script`), typed
 * ahead the same way: the shell receives the same command once and prints
 * the same result once.
 */
import { expect, test, type Page } from '@playwright/test';
import { spawn } from 'node:child_process';
import { e2eInfo } from '../support/info.js';
import { podman, TEST_IMAGE } from '../support/podman.js';
import { cleanup, containerRow, openApp, uniqueName, xtermText } from '../support/ui.js';

const TRIES = 20;

/** `podman exec -it NAME sh` in a pty, the line typed the moment it starts; what the screen shows. */
function cliTypeahead(name: string, line: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const info = e2eInfo().podman;
    const cmd = `podman --url ${info.url} exec -it ${name} /bin/sh`;
    // script(1) gives podman a real pty; its stdin is the keyboard.
    const child = spawn('script', ['-qfc', cmd, '/dev/null'], { env: { ...process.env, ...info.env, TERM: 'xterm-256color' } });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stdin.write(line);
    setTimeout(() => child.stdin.write('exit\r'), 3000);
    child.on('exit', () => resolve(out));
    child.on('error', reject);
  });
}

const ESC = String.fromCharCode(27);
const CSI = new RegExp(`${ESC}\\[[0-9;?]*[A-Za-z]`, 'g');
const plain = (s: string) => s.replace(CSI, '').replace(/\r/g, '');
const count = (s: string, re: RegExp) => (s.match(re) ?? []).length;

async function openTerminalAndTypeAtOnce(page: Page, name: string, line: string): Promise<void> {
  await openApp(page, 'Containers');
  const row = containerRow(page, name);
  await expect(row.getByText('running', { exact: true })).toBeVisible();
  await row.getByRole('button', { name: `Details of ${name}` }).click();
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  await page.getByRole('tab', { name: 'Terminal' }).click();
  // No waiting for "Connected": the person types the moment the tab opens.
  await page.keyboard.type(line, { delay: 5 });
}

test(`typed ahead into a new terminal ${TRIES} times: every character arrives, once, in order (as with podman exec -it)`, async ({ page }) => {
  test.setTimeout(240_000);
  const name = uniqueName('typeahead');
  try {
    await podman(['run', '-d', '--name', name, TEST_IMAGE, 'sleep', '600']);
    const reference = plain(await cliTypeahead(name, 'echo berth-$((6*7))\r'));
    expect(count(reference, /^berth-42$/gm), `podman exec -it printed: ${JSON.stringify(reference)}`).toBe(1);
    const failures: string[] = [];
    for (let i = 0; i < TRIES; i++) {
      const line = `echo berth-${i}-$((6*7))\n`;
      await openTerminalAndTypeAtOnce(page, name, line);
      const region = `Terminal of ${name}`;
      await expect(page.getByRole('status').filter({ hasText: 'Connected' })).toBeVisible();
      let text = '';
      try {
        await expect.poll(async () => (text = await xtermText(page, region)), { timeout: 8_000 }).toMatch(new RegExp(`^berth-${i}-42\\s*$`, 'm'));
      } catch {
        // recorded below
      }
      // The command line shows once, whole; its result once.
      const commandShown = count(text, new RegExp(`echo berth-${i}-\\$\\(\\(6\\*7\\)\\)`, 'g'));
      const resultShown = count(text, new RegExp(`^berth-${i}-42\\s*$`, 'gm'));
      if (commandShown !== 1 || resultShown !== 1) failures.push(`try ${i}: command ${commandShown}×, result ${resultShown}×: ${JSON.stringify(text.slice(0, 300))}`);
    }
    expect(failures, `${failures.length} of ${TRIES} tries lost or repeated input`).toEqual([]);
    console.log(`[typeahead] ${TRIES} of ${TRIES} tries: every character once, in order; podman exec -it reference: ${JSON.stringify(reference.split('\n').filter((l) => /berth/.test(l)))}`);
  } finally {
    await cleanup({ containers: [name] });
  }
});
