/**
 * The tray, thin: the menu, icon and tooltip come from the pure functions in
 * tray-menu.ts, rebuilt (debounced) whenever containers, engine health or
 * machines change; clicks call the app core's services. Everything that can
 * be decided without Electron is decided there.
 */
import path from 'node:path';
import { Menu, Notification, Tray, nativeImage, type MenuItemConstructorOptions } from 'electron';
import type { AppCore } from '../main/app-core.js';
import { containerRow } from '../main/services/rows.js';
import type { MachinesState } from '../contract/types.js';
import { localCall } from '../contract/call.js';
import {
  logsRoute,
  trayIconFile,
  trayIconState,
  trayMenu,
  trayTargets,
  trayTooltip,
  type TrayAction,
  type TrayBusy,
  type TrayIconState,
  type TrayMenuItem,
  type TrayState,
} from '../main/tray-menu.js';
import { DesktopSettingsFile, hideOnClose, trayAvailable } from './tray-support.js';

export interface TrayOptions {
  core: AppCore;
  platform: NodeJS.Platform;
  env: NodeJS.ProcessEnv;
  /** Where the tray icons are: `resources/tray` when packaged, `assets/tray` in a checkout. */
  iconsDir: string;
  /** Electron's userData folder; the close-to-tray setting lives there. */
  userData: string;
  showWindow(): void;
  hideWindow(): void;
  windowVisible(): boolean;
  quit(): void;
  log(message: string): void;
  /** Menu rebuild delay after a change, ms. */
  debounceMs?: number;
}

export interface BerthTray {
  readonly tray: Tray;
  /** Whether closing the window should hide it instead (false while quitting). */
  hideOnClose(quitting: boolean): boolean;
  /** Rebuild soon (the window was shown or hidden). */
  refresh(): void;
  /** The state the menu was last built from. */
  state(): TrayState;
  dispose(): void;
}

/** The tray icons folder for a packaged app or a checkout. */
export function trayIconsDir(isPackaged: boolean, appPath: string, resourcesPath: string): string {
  return isPackaged ? path.join(resourcesPath, 'tray') : path.join(appPath, 'assets', 'tray');
}

/** Creates the tray, or returns undefined where the desktop shows none (then closing the window quits). */
export async function startTray(o: TrayOptions): Promise<BerthTray | undefined> {
  const settings = DesktopSettingsFile.in(o.userData);
  await settings.load();
  if (!(await trayAvailable(o.platform, o.env))) {
    o.log('berth: this desktop shows no tray icons (no StatusNotifier host); closing the window quits Berth. BERTH_TRAY=on overrides.');
    return undefined;
  }

  const iconPath = (state: TrayIconState) => path.join(o.iconsDir, trayIconFile(o.platform, state));
  const image = (state: TrayIconState) => {
    const img = nativeImage.createFromPath(iconPath(state));
    if (o.platform === 'darwin') img.setTemplateImage(true);
    return img;
  };

  const { core } = o;
  let machines: MachinesState | undefined;
  const busy: TrayBusy[] = [];
  let current: TrayState = { targets: [], containers: [], windowVisible: o.windowVisible(), busy: [], closeToTray: settings.get().closeToTray };
  let shownIcon: TrayIconState = 'stopped';
  const tray = new Tray(image(shownIcon));
  let disposed = false;

  const read = (): TrayState => ({
    targets: trayTargets(core.engines.list(), machines),
    containers: core.hub.items('containers').map((t) => containerRow(t.item as Parameters<typeof containerRow>[0], t.engine)),
    windowVisible: o.windowVisible(),
    busy: [...busy],
    closeToTray: settings.get().closeToTray,
  });

  const rebuild = () => {
    if (disposed) return;
    current = read();
    const icon = trayIconState(current);
    if (icon !== shownIcon) {
      tray.setImage(image(icon));
      shownIcon = icon;
    }
    tray.setToolTip(trayTooltip(current));
    tray.setContextMenu(Menu.buildFromTemplate(toElectron(trayMenu(current))));
  };

  let timer: NodeJS.Timeout | undefined;
  const schedule = () => {
    if (disposed || timer) return;
    timer = setTimeout(() => {
      timer = undefined;
      rebuild();
    }, o.debounceMs ?? 100);
  };

  const failed = (what: string, e: unknown) => {
    const message = (e as Error).message ?? String(e);
    o.log(`berth: tray: ${what} failed: ${message}`);
    if (Notification.isSupported()) new Notification({ title: `${what} failed`, body: message }).show();
  };

  const withBusy = async (b: TrayBusy, what: string, work: () => Promise<unknown>) => {
    busy.push(b);
    schedule();
    try {
      await work();
    } catch (e) {
      failed(what, e);
    } finally {
      busy.splice(busy.indexOf(b), 1);
      schedule();
    }
  };

  const run = (a: TrayAction): void => {
    switch (a.kind) {
      case 'open':
        return o.showWindow();
      case 'hide':
        return o.hideWindow();
      case 'quit':
        return o.quit();
      case 'navigate':
        core.commands.send({ kind: 'navigate', route: a.route });
        return o.showWindow();
      case 'toggle-close-to-tray':
        void settings.set({ closeToTray: a.value }).then(schedule, (e) => failed('Saving the setting', e));
        return schedule();
      case 'container': {
        const name = current.containers.find((c) => c.engine === a.engine && c.id === a.id)?.name ?? a.id.slice(0, 12);
        if (a.operation === 'logs') {
          core.commands.send({ kind: 'navigate', route: logsRoute(a) });
          return o.showWindow();
        }
        const key = { target: 'container' as const, id: `${a.engine}/${a.id}`, operation: a.operation };
        const input = { engine: a.engine, id: a.id };
        void withBusy(key, `${a.operation === 'stop' ? 'Stop' : 'Restart'} container ${name}`, () =>
          a.operation === 'stop' ? core.services.containers.stop(input, localCall()) : core.services.containers.restart(input, localCall()),
        );
        return;
      }
      case 'target': {
        // Only machines can be started and stopped from Berth; a plain socket offers neither.
        if (a.target !== 'machine') return;
        const key = { target: 'machine' as const, id: a.id, operation: a.operation };
        void withBusy(key, `${a.operation === 'start' ? 'Start' : 'Stop'} machine ${a.id}`, () =>
          a.operation === 'start' ? core.services.machines.start({ name: a.id }, localCall()) : core.services.machines.stop({ name: a.id }, localCall()),
        );
        return;
      }
    }
  };

  const toElectron = (items: TrayMenuItem[]): MenuItemConstructorOptions[] =>
    items.map((item) => {
      const out: MenuItemConstructorOptions = {};
      if (item.label !== undefined) out.label = item.label;
      if (item.type) out.type = item.type;
      if (item.checked !== undefined) out.checked = item.checked;
      if (item.enabled !== undefined) out.enabled = item.enabled;
      if (item.submenu) out.submenu = toElectron(item.submenu);
      const action = item.action;
      if (action) out.click = () => run(action);
      return out;
    });

  // Live sources: containers from the hub, engines and their health, machines.
  const offContainers = core.hub.subscribe('containers', schedule);
  core.engines.on('changed', schedule);
  core.engines.on('health', schedule);
  const abort = new AbortController();
  void (async () => {
    try {
      for await (const m of core.services.machines.watch(undefined, localCall(abort.signal))) {
        machines = m;
        schedule();
      }
    } catch (e) {
      if (!abort.signal.aborted) o.log(`berth: tray: machines: ${(e as Error).message}`);
    }
  })();

  // Windows and Linux: a click on the icon opens the window; macOS shows the menu.
  if (o.platform !== 'darwin') tray.on('click', () => o.showWindow());
  rebuild();

  return {
    tray,
    hideOnClose: (quitting) => hideOnClose({ quitting, trayShown: !disposed, closeToTray: settings.get().closeToTray }),
    refresh: schedule,
    state: () => current,
    dispose() {
      if (disposed) return;
      disposed = true;
      if (timer) clearTimeout(timer);
      abort.abort();
      offContainers();
      core.engines.off('changed', schedule);
      core.engines.off('health', schedule);
      tray.destroy();
    },
  };
}
