/**
 * The Electron entry. Thin on purpose: it hardens the window and the
 * session, serves the built renderer from the berth:// protocol, carries the
 * bridge over IPC (from our own main frame only) and hands everything else
 * to the transport-neutral app core that `serve` mode uses too.
 */
import path from 'node:path';
import { Readable } from 'node:stream';
import { app, BrowserWindow, dialog, Menu, ipcMain, nativeTheme, protocol, session, shell, type IpcMainEvent, type MenuItemConstructorOptions, type WebContents } from 'electron';
import { attachChannel, type ChannelSocket } from '../main/bridge-server.js';
import { startAppCore, type AppCore } from '../main/app-core.js';
import type { PickPurpose } from '../contract/types.js';
import { resolveAppFile } from '../main/static-files.js';
import { CSP } from '../serve/http-server.js';
import { applicationMenu, type MenuItemSpec } from './menu.js';
import { startTray, trayIconsDir, type BerthTray } from './tray.electron.js';
import { APP_ORIGIN, APP_SCHEME, isAppUrl, isSafeExternalUrl, mainWindowOptions } from './window-options.js';
import { LOG_DOWNLOAD_PATH, logFileName } from '../main/log-download.js';
import { FILES_PATH, webResponse } from '../main/file-transfers.js';

const CHANNEL = 'berth:bridge';
const rendererDir = path.join(app.getAppPath(), 'dist', 'renderer');
const preloadPath = path.join(app.getAppPath(), 'dist', 'electron', 'preload.cjs');

let core: AppCore | undefined;

/** The OS's file picker over the window; the main side, not the renderer, sets its title and filters. */
async function pickFile(purpose: PickPurpose): Promise<string | undefined> {
  const spec =
    purpose === 'compose-file'
      ? { title: 'Choose a compose file', filters: [{ name: 'Compose files', extensions: ['yml', 'yaml'] }] }
      : { title: 'Choose an env file', filters: [{ name: 'All files', extensions: ['*'] }] };
  const options = { ...spec, properties: ['openFile' as const] };
  const win = mainWindow && !mainWindow.isDestroyed() ? mainWindow : undefined;
  const r = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
  return r.canceled ? undefined : r.filePaths[0];
}
let mainWindow: BrowserWindow | undefined;
let tray: BerthTray | undefined;
const channels = new Map<number, ChannelSocket>();

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
  app.on('second-instance', () => showWindow());
  app.whenReady().then(onReady, (e) => {
    console.error('Berth could not start:', e);
    app.exit(1);
  });
}

function showWindow(): void {
  if (!mainWindow || mainWindow.isDestroyed()) return void createWindow();
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.show();
  mainWindow.focus();
}

async function onReady(): Promise<void> {
  hardenSession();
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    if (url.host !== 'app') return new Response('Not found', { status: 404 });
    if (url.pathname === LOG_DOWNLOAD_PATH && core) {
      const abort = new AbortController();
      const opening = core.logs.open(url.searchParams.get('ticket') ?? '', abort.signal);
      if (!opening) return new Response('This download link was used or has expired: click Download again.', { status: 410 });
      try {
        const { name, stream } = await opening;
        return new Response(Readable.toWeb(stream as Readable) as ReadableStream, {
          headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Disposition': `attachment; filename="${logFileName(name)}"` },
        });
      } catch (e) {
        return new Response(String((e as Error).message), { status: 502 });
      }
    }
    if (url.pathname === FILES_PATH && core) {
      // Downloads (GET) and uploads (PUT, the body streamed from the renderer's File) of the Files tab.
      const body = request.body ? Readable.fromWeb(request.body as import('node:stream/web').ReadableStream) : undefined;
      const reply = await core.files.handle({ method: request.method, ticket: url.searchParams.get('ticket') ?? '', body, signal: request.signal });
      return webResponse(reply);
    }
    const file = await resolveAppFile(rendererDir, url.pathname);
    if (!file) return new Response('Not found', { status: 404 });
    return new Response(Readable.toWeb(file.stream) as ReadableStream, { headers: { 'Content-Type': file.type, 'Content-Security-Policy': CSP } });
  });

  core = await startAppCore({
    argv: process.argv.slice(1),
    env: process.env,
    log: (m) => console.log(m),
    settingsFile: path.join(app.getPath('userData'), 'settings.json'),
    pickFile: (purpose) => pickFile(purpose),
  });
  ipcMain.on(CHANNEL, (event, message) => {
    if (!isTrustedSender(event) || typeof message !== 'string') return;
    let ch = channels.get(event.sender.id);
    if (!ch) {
      const sender = event.sender;
      ch = attachChannel(core!.bridge, (data) => {
        if (!sender.isDestroyed()) sender.send(CHANNEL, data);
      });
      channels.set(sender.id, ch);
      sender.once('destroyed', () => {
        channels.get(sender.id)?.close();
        channels.delete(sender.id);
      });
    }
    ch.receive(message);
  });
  ipcMain.on(`${CHANNEL}:close`, (event) => {
    if (!isTrustedSender(event)) return;
    channels.get(event.sender.id)?.close();
    channels.delete(event.sender.id);
  });

  Menu.setApplicationMenu(Menu.buildFromTemplate(toElectronMenu(applicationMenu(process.platform))));
  createWindow();
  app.on('activate', () => showWindow());
  tray = await startTray({
    core,
    platform: process.platform,
    env: process.env,
    iconsDir: trayIconsDir(app.isPackaged, app.getAppPath(), process.resourcesPath),
    userData: app.getPath('userData'),
    showWindow,
    hideWindow: () => mainWindow?.hide(),
    windowVisible: () => !!mainWindow && !mainWindow.isDestroyed() && mainWindow.isVisible(),
    quit: () => app.quit(),
    log: (m) => console.log(m),
  }).catch((e) => {
    console.error('Berth: no tray icon:', e);
    return undefined;
  });
}

/** IPC only from our own window's main frame showing our own content. */
function isTrustedSender(event: IpcMainEvent): boolean {
  const frame = event.senderFrame;
  return !!mainWindow && !mainWindow.isDestroyed() && event.sender === mainWindow.webContents && frame === mainWindow.webContents.mainFrame && !!frame && isAppUrl(frame.url);
}

function hardenSession(): void {
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.setDevicePermissionHandler(() => false);
  app.on('web-contents-created', (_e, contents: WebContents) => {
    contents.on('will-navigate', (event, url) => {
      if (!isAppUrl(url)) event.preventDefault();
    });
    contents.on('will-redirect', (event, url) => {
      if (!isAppUrl(url)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      if (isSafeExternalUrl(url)) void shell.openExternal(url);
      return { action: 'deny' };
    });
  });
}

function createWindow(): void {
  const win = new BrowserWindow(mainWindowOptions({ preloadPath, dark: nativeTheme.shouldUseDarkColors, packaged: app.isPackaged }));
  mainWindow = win;
  win.once('ready-to-show', () => win.show());
  // With a tray, closing the window hides it (unless the user turned that off, or Berth is quitting).
  win.on('close', (event) => {
    if (!tray?.hideOnClose(quitting)) return;
    event.preventDefault();
    win.hide();
  });
  win.on('show', () => tray?.refresh());
  win.on('hide', () => tray?.refresh());
  win.on('closed', () => {
    if (mainWindow === win) mainWindow = undefined;
  });
  void win.loadURL(`${APP_ORIGIN}/index.html`);
}

function toElectronMenu(items: MenuItemSpec[]): MenuItemConstructorOptions[] {
  return items.map((item) => {
    const out: MenuItemConstructorOptions = {};
    if (item.label) out.label = item.label;
    if (item.role) out.role = item.role as MenuItemConstructorOptions['role'];
    if (item.type) out.type = item.type;
    if (item.accelerator) out.accelerator = item.accelerator;
    if (item.submenu) out.submenu = toElectronMenu(item.submenu);
    if (item.command) {
      const command = item.command;
      out.click = () => {
        if (command === 'open-docs') void shell.openExternal('https://docs.podman.io/');
        else core?.commands.dispatch(command);
      };
    }
    return out;
  });
}

let quitting = false;
app.on('before-quit', (event) => {
  if (quitting || !core) return;
  event.preventDefault();
  quitting = true;
  // Log, terminal and live subscriptions end with their channels; then the engines and Berth's own service stop.
  for (const ch of channels.values()) ch.close();
  channels.clear();
  void core.shutdown().finally(() => {
    tray?.dispose();
    app.quit();
  });
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});
