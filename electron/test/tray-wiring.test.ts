// The tray's wiring in the Electron entry, checked against a stand-in for the
// `electron` module (this machine has no Electron binary and no desktop
// tray). It proves what the entry asks for — the tray, its icon file, the
// menu it builds from live engine events, what each click does, close versus
// hide, and Quit — against a real, isolated Podman. It does not prove that a
// desktop shows the icon: that needs Electron on macOS, Windows or a Linux
// desktop with a StatusNotifier host.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { TEST_IMAGE, type PodmanHarness } from '../../engine/test/harness/podman-harness.js';
import { entryOnPodman, type Stand } from './support/boot-entry.js';

interface Item {
  label?: string;
  type?: string;
  checked?: boolean;
  enabled?: boolean;
  click?: () => void;
  submenu?: Item[];
}

const root = path.resolve(import.meta.dirname, '..', '..');
let h: PodmanHarness;
let userData: string;
let stand: Stand;

entryOnPodman('tray-test-', {
  prepare(outDir) {
    userData = path.join(outDir, 'userData');
    process.env.BERTH_STANDIN_USER_DATA = userData;
    // This Linux has no desktop session, so the entry would (rightly) go without a tray; the override says there is one.
    process.env.BERTH_TRAY = 'on';
  },
  async ready(entry) {
    ({ h, stand } = entry);
    await until(() => stand.record.trays.length > 0, 20_000, 'the entry created its tray');
    stand.record.windows[0]!.show(); // as 'ready-to-show' would
  },
  quit: (s) => {
    if (!s.record.quitDone) s.app.quit();
  },
  settleMs: 300,
});

async function until(ok: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await ok()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.fail(`timed out waiting: ${what}`);
}

const tray = () => stand.record.trays[0]!;
const menu = () => tray().menus.at(-1) as Item[];
const item = (items: Item[], label: string | RegExp) => items.find((i) => (typeof label === 'string' ? i.label === label : label.test(i.label ?? '')));
const containerItem = (name: string) => item(menu(), name);

test('tray (stand-in electron): a tray is created with an icon file that exists, a tooltip and a menu', () => {
  const icon = tray().images.at(-1)!;
  assert.ok(existsSync(icon.path), `icon ${icon.path} exists`);
  assert.equal(path.dirname(icon.path), path.join(root, 'assets', 'tray'), 'a checkout takes its icons from assets/tray');
  assert.match(path.basename(icon.path), /^tray-(running|starting|stopped|error)\.png$/, 'Linux gets a state PNG');
  assert.ok(menu(), 'a context menu is set');
  assert.equal(menu()[0]!.label, 'Open Berth');
  assert.equal(menu().at(-1)!.label, 'Quit Berth');
  assert.match(tray().toolTip, /^Berth: /);
});

test('tray (stand-in electron): the icon and engine row follow the real engine', async () => {
  await until(() => /tray-running\.png$/.test(tray().images.at(-1)!.path), 15_000, 'the running icon');
  assert.ok(item(menu(), / — Running$/), 'the engine is listed as running');
});

test('tray (stand-in electron): the menu updates when a container starts (real Podman)', async () => {
  const before = tray().menus.length;
  await h.podman(['run', '-d', '--name', 'tray-web', '--stop-timeout', '1', TEST_IMAGE, 'sleep', '1000']);
  await until(() => !!containerItem('tray-web'), 10_000, 'tray-web in the tray menu');
  assert.ok(tray().menus.length > before, 'a new menu was set');
  assert.deepEqual(
    containerItem('tray-web')!.submenu!.map((i) => i.label),
    ['Stop', 'Restart', 'Open logs'],
  );
  assert.match(tray().toolTip, /1 container running/);
});

test('tray (stand-in electron): rebuilds are debounced — a burst of container starts sets a few menus, not one per event', async () => {
  const before = tray().menus.length;
  await Promise.all(['b1', 'b2', 'b3'].map((n) => h.podman(['run', '-d', '--name', `tray-${n}`, '--stop-timeout', '1', TEST_IMAGE, 'sleep', '1000'])));
  await until(() => ['tray-b1', 'tray-b2', 'tray-b3'].every((n) => !!containerItem(n)), 10_000, 'the burst in the menu');
  const built = tray().menus.length - before;
  // Each start is several engine events (init, start, …) and re-reads; the menu is rebuilt at most every 100 ms.
  assert.ok(built <= 8, `${built} menus for 3 starts`);
});

test('tray (stand-in electron): Open logs sends a navigate command to that container and shows the window', async () => {
  const win = stand.record.windows[0]!;
  win.hide();
  // The renderer's view of it: the app.commands subscription over the window's IPC channel.
  const ipc = stand.record.ipc.get('berth:bridge')!;
  ipc({ sender: win.webContents, senderFrame: win.webContents.mainFrame }, JSON.stringify({ id: 41, method: 'subscription', params: { path: 'app.commands' } }));
  await until(() => win.webContents.sent.some(([, d]) => (JSON.parse(String(d)) as { id?: number; result?: { type?: string } }).id === 41), 5000, 'the subscription started');
  const id = (await h.podman(['inspect', '--format', '{{.Id}}', 'tray-web'])).trim();
  containerItem('tray-web')!.submenu!.find((i) => i.label === 'Open logs')!.click!();
  const navigate = () =>
    win.webContents.sent
      .map(([, d]) => JSON.parse(String(d)) as { id?: number; result?: { type?: string; data?: { kind?: string; route?: string } } })
      .find((m) => m.id === 41 && m.result?.type === 'data' && m.result.data?.kind === 'navigate');
  await until(() => !!navigate(), 5000, 'a navigate command reached the window');
  const route = navigate()!.result!.data!.route!;
  assert.match(route, new RegExp(`^containers/${id}/logs\\?engine=`));
  assert.equal(win.isVisible(), true, 'the window is shown');
});

test('tray (stand-in electron): Stop from the tray menu stops the container (checked with the CLI)', async () => {
  const stop = containerItem('tray-web')!.submenu!.find((i) => i.label === 'Stop')!;
  stop.click!();
  await until(() => !!item(menu(), 'tray-web — Stopping…'), 3000, 'the menu says it is stopping');
  await until(async () => (await h.podman(['inspect', '--format', '{{.State.Running}}', 'tray-web'])).trim() === 'false', 20_000, 'tray-web stopped');
  await until(() => !containerItem('tray-web') && !item(menu(), /^tray-web/), 10_000, 'tray-web left the running list');
});

test('tray (stand-in electron): Restart from the tray menu restarts the container', async () => {
  const startedAt = async () => (await h.podman(['inspect', '--format', '{{.State.StartedAt}}', 'tray-b1'])).trim();
  const first = await startedAt();
  containerItem('tray-b1')!.submenu!.find((i) => i.label === 'Restart')!.click!();
  await until(async () => (await startedAt()) !== first, 20_000, 'tray-b1 restarted');
  assert.equal((await h.podman(['inspect', '--format', '{{.State.Running}}', 'tray-b1'])).trim(), 'true');
});

test('tray (stand-in electron): closing the window hides it instead of quitting; Open Berth brings it back', async () => {
  const win = stand.record.windows[0]!;
  win.show();
  const quits = stand.record.quitCalled;
  win.close();
  assert.equal(win.isDestroyed(), false, 'the window still exists');
  assert.equal(win.isVisible(), false, 'it is hidden');
  assert.equal(stand.record.quitCalled, quits, 'Berth did not quit');
  await until(() => !item(menu(), 'Hide Berth'), 2000, 'the menu knows the window is hidden');
  item(menu(), 'Open Berth')!.click!();
  assert.equal(win.isVisible(), true);
});

test('tray (stand-in electron): the close-to-tray setting is a checkbox kept in userData', async () => {
  const box = () => item(menu(), /Keep Berth in the tray/)!;
  assert.equal(box().checked, true, 'on by default');
  box().click!();
  await until(() => box().checked === false, 2000, 'the checkbox unticked');
  const file = path.join(userData, 'desktop-settings.json');
  await until(() => existsSync(file), 2000, 'the settings file written');
  assert.deepEqual(JSON.parse(await readFile(file, 'utf8')), { closeToTray: false });
  box().click!();
  await until(() => box().checked === true, 2000, 'ticked again');
  await until(async () => (JSON.parse(await readFile(file, 'utf8')) as { closeToTray: boolean }).closeToTray, 2000, 'saved again');
});

test('tray (stand-in electron): Quit shuts the app core down, then closes the window for real', async () => {
  const win = stand.record.windows[0]!;
  item(menu(), 'Quit Berth')!.click!();
  // before-quit was prevented while the core shut down; the tray goes once shutdown() has resolved, then the real quit.
  await until(() => tray().destroyed, 20_000, 'the tray disposed after shutdown');
  await until(() => stand.record.quitDone, 5000, 'the app quit');
  assert.equal(win.isDestroyed(), true, 'the window closed instead of hiding, although close-to-tray is on');
});
