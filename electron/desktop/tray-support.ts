/**
 * What the tray needs from the OS and the disk, without Electron: the
 * desktop settings file (close-to-tray), whether this Linux session has a
 * tray at all, and the close-window decision that follows from both.
 */
import { execFile } from 'node:child_process';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';

export interface DesktopSettings {
  /** Closing the window leaves Berth running in the tray. */
  closeToTray: boolean;
}

export const DESKTOP_DEFAULTS: DesktopSettings = { closeToTray: true };

/** The desktop app's own small settings file (in Electron's userData folder), read leniently, written atomically. */
export class DesktopSettingsFile {
  private current: DesktopSettings = { ...DESKTOP_DEFAULTS };
  private writing: Promise<void> = Promise.resolve();

  constructor(readonly file: string) {}

  static in(userData: string): DesktopSettingsFile {
    return new DesktopSettingsFile(path.join(userData, 'desktop-settings.json'));
  }

  async load(): Promise<DesktopSettings> {
    try {
      const raw = JSON.parse(await readFile(this.file, 'utf8')) as unknown;
      const o = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
      this.current = { closeToTray: typeof o.closeToTray === 'boolean' ? o.closeToTray : DESKTOP_DEFAULTS.closeToTray };
    } catch {
      // Missing or broken: the defaults, and the next write replaces it.
      this.current = { ...DESKTOP_DEFAULTS };
    }
    return this.get();
  }

  get(): DesktopSettings {
    return { ...this.current };
  }

  set(change: Partial<DesktopSettings>): Promise<void> {
    this.current = { ...this.current, ...change };
    const text = `${JSON.stringify(this.current, null, 2)}\n`;
    this.writing = this.writing.then(async () => {
      await mkdir(path.dirname(this.file), { recursive: true });
      const tmp = `${this.file}.${process.pid}.tmp`;
      await writeFile(tmp, text, { mode: 0o600 });
      await rename(tmp, this.file);
    });
    return this.writing;
  }
}

function run(file: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile(file, args, { env, timeout: timeoutMs, windowsHide: true }, (err, stdout) => resolve(err ? undefined : String(stdout)));
  });
}

/**
 * Whether a Linux desktop shows tray icons: Electron's tray there is a
 * StatusNotifierItem, which needs `org.kde.StatusNotifierWatcher` on the
 * session bus (GNOME has none without an extension). Asked with `gdbus` or
 * `dbus-send`; no session bus or neither tool means no tray. `BERTH_TRAY=on`
 * or `off` overrides the guess (e.g. for panels that still take XEmbed icons).
 */
export async function linuxTrayAvailable(env: NodeJS.ProcessEnv = process.env, timeoutMs = 1500): Promise<boolean> {
  const forced = env.BERTH_TRAY?.toLowerCase();
  if (forced === 'on' || forced === '1') return true;
  if (forced === 'off' || forced === '0') return false;
  if (!env.DBUS_SESSION_BUS_ADDRESS) return false;
  const name = 'org.kde.StatusNotifierWatcher';
  const gdbus = await run(
    'gdbus',
    ['call', '--session', '--dest', 'org.freedesktop.DBus', '--object-path', '/org/freedesktop/DBus', '--method', 'org.freedesktop.DBus.NameHasOwner', name],
    env,
    timeoutMs,
  );
  if (gdbus !== undefined) return /\btrue\b/.test(gdbus);
  const dbusSend = await run(
    'dbus-send',
    ['--session', '--print-reply', '--dest=org.freedesktop.DBus', '/org/freedesktop/DBus', 'org.freedesktop.DBus.NameHasOwner', `string:${name}`],
    env,
    timeoutMs,
  );
  if (dbusSend !== undefined) return /boolean\s+true/.test(dbusSend);
  return false;
}

/** Whether this platform shows a tray (macOS and Windows always do). */
export async function trayAvailable(platform: NodeJS.Platform, env: NodeJS.ProcessEnv = process.env): Promise<boolean> {
  if (platform === 'darwin' || platform === 'win32') return env.BERTH_TRAY?.toLowerCase() !== 'off';
  return linuxTrayAvailable(env);
}

/**
 * Closing the window hides it only when there is a tray to come back from
 * and the user wants that; otherwise the window really closes (and on
 * Windows and Linux, Berth quits with its last window).
 */
export function hideOnClose(o: { quitting: boolean; trayShown: boolean; closeToTray: boolean }): boolean {
  return !o.quitting && o.trayShown && o.closeToTray;
}
