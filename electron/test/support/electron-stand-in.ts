/**
 * A stand-in for the `electron` module that records what the main entry asks
 * for: window options, protocol handlers, IPC listeners, session handlers,
 * menus, the tray. It proves the entry's wiring, not Electron itself.
 */
import { EventEmitter } from 'node:events';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const record = {
  windows: [] as FakeBrowserWindow[],
  privilegedSchemes: [] as unknown[],
  protocolHandlers: new Map<string, (req: Request) => Promise<Response>>(),
  ipc: new Map<string, (event: unknown, ...args: unknown[]) => void>(),
  permissionRequestHandler: undefined as undefined | ((wc: unknown, permission: string, cb: (ok: boolean) => void) => void),
  permissionCheckHandler: undefined as undefined | ((...a: unknown[]) => boolean),
  deviceHandler: undefined as undefined | ((...a: unknown[]) => boolean),
  menuTemplate: undefined as unknown,
  opened: [] as string[],
  quitCalled: 0,
  /** The app really quit ('before-quit' was not prevented). */
  quitDone: false,
  singleInstance: true,
  trays: [] as FakeTray[],
  notifications: [] as { title?: string; body?: string }[],
  /** Options of every open-file dialog shown, and what the next one answers. */
  openDialogs: [] as { parent: boolean; options: { title?: string; filters?: { name: string; extensions: string[] }[]; properties?: string[] } }[],
  openDialogAnswer: { canceled: true, filePaths: [] as string[] },
};

let ready!: () => void;
const readyPromise = new Promise<void>((r) => (ready = r));

class App extends EventEmitter {
  getAppPath = () => process.env.BERTH_STANDIN_APP_PATH ?? process.cwd();
  isPackaged = false;
  getPath = (name: string) => (name === 'userData' ? (process.env.BERTH_STANDIN_USER_DATA ?? path.join(os.tmpdir(), 'berth-standin-userdata')) : os.tmpdir());
  requestSingleInstanceLock = () => record.singleInstance;
  whenReady = () => readyPromise;
  /** As Electron's: 'before-quit' (which can be prevented), then every window closes. */
  quit = () => {
    record.quitCalled++;
    if (record.quitDone) return;
    let prevented = false;
    this.emit('before-quit', { preventDefault: () => (prevented = true) });
    if (prevented) return;
    record.quitDone = true;
    for (const w of record.windows) if (!w.destroyed) w.close();
  };
  exit = () => undefined;
  /** Test hook: fire `ready`. */
  fireReady = () => ready();
}
export const app = new App();

export class FakeWebContents extends EventEmitter {
  static nextId = 1;
  id = FakeWebContents.nextId++;
  mainFrame = { url: 'berth://app/index.html' };
  sent: [string, unknown][] = [];
  windowOpenHandler: ((d: { url: string }) => { action: string }) | undefined;
  destroyed = false;
  setWindowOpenHandler(h: (d: { url: string }) => { action: string }) {
    this.windowOpenHandler = h;
  }
  send(channel: string, data: unknown) {
    this.sent.push([channel, data]);
  }
  isDestroyed() {
    return this.destroyed;
  }
}

export class FakeBrowserWindow extends EventEmitter {
  webContents = new FakeWebContents();
  loaded: string | undefined;
  constructor(readonly options: Record<string, unknown>) {
    super();
    record.windows.push(this);
    app.emit('web-contents-created', {}, this.webContents);
  }
  loadURL(url: string) {
    this.loaded = url;
    this.webContents.mainFrame.url = url;
    return Promise.resolve();
  }
  destroyed = false;
  visible = false;
  isDestroyed = () => this.destroyed;
  isMinimized = () => false;
  isVisible = () => this.visible;
  restore = () => undefined;
  show = () => {
    this.visible = true;
    this.emit('show');
  };
  hide = () => {
    this.visible = false;
    this.emit('hide');
  };
  focus = () => undefined;
  /** As a click on the window's close button: 'close' can be prevented; otherwise 'closed', and the app's 'window-all-closed' after the last one. */
  close = () => {
    let prevented = false;
    this.emit('close', { preventDefault: () => (prevented = true) });
    if (prevented) return;
    this.destroyed = true;
    this.visible = false;
    this.emit('closed');
    if (record.windows.every((w) => w.destroyed)) app.emit('window-all-closed');
  };
}
export const BrowserWindow = FakeBrowserWindow;

export const protocol = {
  registerSchemesAsPrivileged: (schemes: unknown[]) => record.privilegedSchemes.push(...schemes),
  handle: (scheme: string, handler: (req: Request) => Promise<Response>) => record.protocolHandlers.set(scheme, handler),
};

export const ipcMain = {
  on: (channel: string, fn: (event: unknown, ...args: unknown[]) => void) => record.ipc.set(channel, fn),
};

export const session = {
  defaultSession: {
    setPermissionRequestHandler: (h: typeof record.permissionRequestHandler) => (record.permissionRequestHandler = h),
    setPermissionCheckHandler: (h: typeof record.permissionCheckHandler) => (record.permissionCheckHandler = h),
    setDevicePermissionHandler: (h: typeof record.deviceHandler) => (record.deviceHandler = h),
  },
};

export const shell = {
  openExternal: (url: string) => {
    record.opened.push(url);
    return Promise.resolve();
  },
};

export const nativeTheme = { shouldUseDarkColors: false };

export const Menu = {
  buildFromTemplate: (t: unknown) => t,
  setApplicationMenu: (m: unknown) => (record.menuTemplate = m),
};

export interface FakeImage {
  path: string;
  template: boolean;
  setTemplateImage(v: boolean): void;
  isEmpty(): boolean;
}

export const nativeImage = {
  createFromPath: (p: string): FakeImage => ({
    path: p,
    template: false,
    setTemplateImage(v: boolean) {
      this.template = v;
    },
    isEmpty: () => !existsSync(p),
  }),
};

export class FakeTray extends EventEmitter {
  images: FakeImage[] = [];
  toolTip = '';
  /** Every menu template set, in order (Menu.buildFromTemplate returns the template here). */
  menus: unknown[] = [];
  destroyed = false;
  constructor(image: FakeImage) {
    super();
    this.images.push(image);
    record.trays.push(this);
  }
  setImage(image: FakeImage) {
    this.images.push(image);
  }
  setToolTip(text: string) {
    this.toolTip = text;
  }
  setContextMenu(menu: unknown) {
    this.menus.push(menu);
  }
  destroy() {
    this.destroyed = true;
  }
}
export const Tray = FakeTray;

export class Notification {
  static isSupported = () => true;
  constructor(readonly options: { title?: string; body?: string }) {}
  show() {
    record.notifications.push(this.options);
  }
}

export const dialog = {
  showOpenDialog: async (...args: unknown[]) => {
    const parent = args.length > 1;
    record.openDialogs.push({ parent, options: (parent ? args[1] : args[0]) as (typeof record.openDialogs)[number]['options'] });
    return record.openDialogAnswer;
  },
};

export const contextBridge = { exposeInMainWorld: () => undefined };
export const ipcRenderer = { send: () => undefined, on: () => undefined, removeListener: () => undefined };
