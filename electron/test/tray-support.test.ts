// The tray's OS and disk side without Electron: the close decision, the
// desktop settings file, and whether a Linux session shows tray icons.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { DesktopSettingsFile, hideOnClose, linuxTrayAvailable, trayAvailable } from '../desktop/tray-support.js';

const dirs: string[] = [];
after(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});
const tmp = async () => {
  const d = await mkdtemp(path.join(os.tmpdir(), 'berth-tray-'));
  dirs.push(d);
  return d;
};

describe('hideOnClose', () => {
  test('hides only with a tray, the setting on, and Berth not quitting', () => {
    assert.equal(hideOnClose({ quitting: false, trayShown: true, closeToTray: true }), true);
    assert.equal(hideOnClose({ quitting: true, trayShown: true, closeToTray: true }), false, 'Quit really closes');
    assert.equal(hideOnClose({ quitting: false, trayShown: false, closeToTray: true }), false, 'no tray: closing quits rather than trapping a hidden window');
    assert.equal(hideOnClose({ quitting: false, trayShown: true, closeToTray: false }), false, 'the setting turns it off');
  });
});

describe('DesktopSettingsFile', () => {
  test('defaults to close-to-tray on when the file is missing', async () => {
    const s = DesktopSettingsFile.in(await tmp());
    assert.deepEqual(await s.load(), { closeToTray: true });
  });

  test('keeps a change on disk, and a new reader sees it', async () => {
    const dir = await tmp();
    const s = DesktopSettingsFile.in(path.join(dir, 'nested'));
    await s.load();
    await s.set({ closeToTray: false });
    assert.deepEqual(JSON.parse(await readFile(path.join(dir, 'nested', 'desktop-settings.json'), 'utf8')), { closeToTray: false });
    assert.deepEqual(await DesktopSettingsFile.in(path.join(dir, 'nested')).load(), { closeToTray: false });
  });

  test('broken or odd content falls back to the defaults instead of being trusted', async () => {
    const dir = await tmp();
    const file = path.join(dir, 'desktop-settings.json');
    for (const content of ['{not json', '[]', 'null', '{"closeToTray":"no"}', '{"closeToTray":0,"__proto__":{"x":1}}']) {
      await writeFile(file, content);
      assert.deepEqual(await new DesktopSettingsFile(file).load(), { closeToTray: true }, content);
    }
  });
});

describe('tray availability', () => {
  test('Linux without a session bus has no tray (so closing the window quits)', async () => {
    assert.equal(await linuxTrayAvailable({ PATH: process.env.PATH }), false);
  });

  test('a session bus without a StatusNotifier host has no tray', async () => {
    // An address nothing listens on: gdbus/dbus-send fail (or are missing), which also means no tray.
    assert.equal(await linuxTrayAvailable({ PATH: process.env.PATH, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/berth-bus' }, 3000), false);
  });

  test('BERTH_TRAY=on or off overrides the guess', async () => {
    assert.equal(await linuxTrayAvailable({ BERTH_TRAY: 'on' }), true);
    assert.equal(await linuxTrayAvailable({ BERTH_TRAY: 'off', DBUS_SESSION_BUS_ADDRESS: 'x' }), false);
    assert.equal(await trayAvailable('linux', { BERTH_TRAY: 'ON' }), true);
  });

  test('macOS and Windows always have one (unless turned off)', async () => {
    assert.equal(await trayAvailable('darwin', {}), true);
    assert.equal(await trayAvailable('win32', {}), true);
    assert.equal(await trayAvailable('win32', { BERTH_TRAY: 'off' }), false);
  });
});
