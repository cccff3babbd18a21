/**
 * A stand-in for the `electron` module that records what the main entry asks
 * for: window options, protocol handlers, IPC listeners, session handlers,
 * menus. It proves the entry's wiring, not Electron itself.
 */
import { EventEmitter } from 'node:events';

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
  singleInstance: true,
};

let ready!: () => void;
const readyPromise = new Promise<void>((r) => (ready = r));

class App extends EventEmitter {
  getAppPath = () => process.env.BERTH_STANDIN_APP_PATH ?? process.cwd();
  requestSingleInstanceLock = () => record.singleInstance;
  whenReady = () => readyPromise;
  quit = () => {
    record.quitCalled++;
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
  isDestroyed = () => false;
  isMinimized = () => false;
  restore = () => undefined;
  show = () => undefined;
  focus = () => undefined;
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

export const contextBridge = { exposeInMainWorld: () => undefined };
export const ipcRenderer = { send: () => undefined, on: () => undefined, removeListener: () => undefined };
