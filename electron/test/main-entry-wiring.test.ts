// The Electron entry's wiring, checked against a stand-in for the `electron`
// module (this machine has no Electron binary). This proves what the entry
// asks Electron to do — window options, protocol, IPC sender checks, session
// handlers, navigation rules — and that a bridge call made over its IPC
// channel reaches a real (isolated) Podman and answers. It does not prove
// Electron itself; the Playwright `_electron` smoke test does that where a
// binary exists.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { PodmanHarness } from '../../engine/test/harness/podman-harness.js';
import { entryOnPodman, type Stand } from './support/boot-entry.js';

let h: PodmanHarness;
let stand: Stand;

entryOnPodman('entry-test-', {
  async ready(entry) {
    ({ h, stand } = entry);
    // Wait for the window: the entry creates it after the app core started.
    for (let i = 0; i < 100 && stand.record.windows.length === 0; i++) await new Promise((r) => setTimeout(r, 100));
  },
  quit: (s) => s.app.emit('before-quit', { preventDefault() {} }),
  settleMs: 500,
});

test('wiring (stand-in electron): the window is created hardened', () => {
  const win = stand.record.windows[0];
  assert.ok(win, 'a window was created');
  const wp = win.options.webPreferences as Record<string, unknown>;
  assert.equal(wp.contextIsolation, true);
  assert.equal(wp.sandbox, true);
  assert.equal(wp.nodeIntegration, false);
  assert.equal(wp.webSecurity, true);
  assert.equal(wp.webviewTag, false);
  assert.equal(wp.allowRunningInsecureContent, false);
  assert.match(String(wp.preload), /preload\.cjs$/);
  assert.equal(win.loaded, 'berth://app/index.html');
});

test('wiring (stand-in electron): content comes from the berth:// protocol, with a CSP', async () => {
  const handler = stand.record.protocolHandlers.get('berth');
  assert.ok(handler, 'berth:// is handled');
  assert.deepEqual((stand.record.privilegedSchemes[0] as { scheme: string }).scheme, 'berth');
  const outside = await handler(new Request('berth://app/../../etc/passwd'));
  assert.equal(outside.status, 404);
  const foreign = await handler(new Request('berth://evil/index.html'));
  assert.equal(foreign.status, 404);
});

test('wiring (stand-in electron): navigation, new windows and permissions are denied', () => {
  const wc = stand.record.windows[0]!.webContents;
  for (const url of ['https://evil.example/', 'berth://app.evil.com/', 'file:///etc/passwd', 'berth://app@evil/']) {
    let prevented = false;
    wc.emit('will-navigate', { preventDefault: () => (prevented = true) }, url);
    assert.equal(prevented, true, `navigation to ${url} is refused`);
  }
  let allowed = true;
  wc.emit('will-navigate', { preventDefault: () => (allowed = false) }, 'berth://app/index.html#/containers');
  assert.equal(allowed, true, 'in-app navigation is fine');
  assert.deepEqual(wc.windowOpenHandler!({ url: 'http://localhost:8080/' }), { action: 'deny' });
  assert.deepEqual(stand.record.opened, ['http://localhost:8080/'], 'a published port opens in the OS browser');
  wc.windowOpenHandler!({ url: 'file:///etc/passwd' });
  wc.windowOpenHandler!({ url: 'javascript:alert(1)' });
  wc.windowOpenHandler!({ url: 'http://user:pw@localhost:8080/' });
  assert.deepEqual(stand.record.opened, ['http://localhost:8080/'], 'nothing else is opened');
  let granted: boolean | undefined;
  stand.record.permissionRequestHandler!(wc, 'media', (ok) => (granted = ok));
  assert.equal(granted, false);
  assert.equal(stand.record.permissionCheckHandler!(), false);
});

async function bridgeCall(sender: InstanceType<typeof stand.FakeWebContents>, frame: { url: string }, message: object, timeoutMs = 5000): Promise<unknown> {
  const ipc = stand.record.ipc.get('berth:bridge')!;
  const before = sender.sent.length;
  ipc({ sender, senderFrame: frame }, JSON.stringify(message));
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const reply = sender.sent
      .slice(before)
      .map(([, d]) => JSON.parse(String(d)) as { id?: number })
      .find((m) => m.id === (message as { id: number }).id);
    if (reply) return reply;
    await new Promise((r) => setTimeout(r, 20));
  }
  return undefined;
}

test('wiring (stand-in electron): a bridge call over IPC from the main frame reaches the real engine', async () => {
  await h.podman(['create', '--name', 'ipc-probe', 'localhost/berth-test:latest', 'true']);
  const win = stand.record.windows[0]!;
  const reply = (await bridgeCall(win.webContents, win.webContents.mainFrame, { id: 1, method: 'query', params: { path: 'containers.inspect', input: { id: 'ipc-probe' } } }, 15_000)) as {
    result?: { data?: { Name?: string } };
  };
  assert.ok(reply, 'the main process answered over IPC');
  if (!(reply as { result?: unknown }).result) assert.fail(`unexpected reply: ${JSON.stringify(reply)}`);
  assert.equal(reply.result?.data?.Name, 'ipc-probe');
});

test("wiring (stand-in electron): app.pickFile shows the native picker over the window, with the main side's title and filters", async () => {
  const win = stand.record.windows[0]!;
  stand.record.openDialogAnswer = { canceled: false, filePaths: ['/home/me/app/compose.yaml'] };
  const reply = (await bridgeCall(win.webContents, win.webContents.mainFrame, { id: 11, method: 'mutation', params: { path: 'app.pickFile', input: { purpose: 'compose-file' } } }, 15_000)) as {
    result?: { data?: unknown };
  };
  assert.deepEqual(reply?.result?.data, { native: true, path: '/home/me/app/compose.yaml' });
  const shown = stand.record.openDialogs.at(-1)!;
  assert.equal(shown.parent, true, 'modal to the window');
  assert.equal(shown.options.title, 'Choose a compose file');
  assert.deepEqual(shown.options.filters?.[0]?.extensions, ['yml', 'yaml']);
  assert.deepEqual(shown.options.properties, ['openFile']);
  stand.record.openDialogAnswer = { canceled: true, filePaths: [] };
  const cancelled = (await bridgeCall(win.webContents, win.webContents.mainFrame, { id: 12, method: 'mutation', params: { path: 'app.pickFile', input: { purpose: 'env-file' } } }, 15_000)) as {
    result?: { data?: unknown };
  };
  assert.deepEqual(cancelled?.result?.data, { native: true });
});

test('wiring (stand-in electron): IPC from another frame or another page is ignored', async () => {
  const win = stand.record.windows[0]!;
  const subframe = { url: 'berth://app/index.html' };
  assert.equal(await bridgeCall(win.webContents, subframe, { id: 2, method: 'query', params: { path: 'system.connection' } }, 500), undefined, 'a sub-frame gets no answer');
  const other = new stand.FakeWebContents();
  assert.equal(await bridgeCall(other, other.mainFrame, { id: 3, method: 'query', params: { path: 'system.connection' } }, 500), undefined, 'another webContents gets no answer');
  win.webContents.mainFrame.url = 'https://evil.example/';
  assert.equal(
    await bridgeCall(win.webContents, win.webContents.mainFrame, { id: 4, method: 'query', params: { path: 'system.connection' } }, 500),
    undefined,
    'a foreign page in our window gets no answer',
  );
  win.webContents.mainFrame.url = 'berth://app/index.html';
});

test('wiring (stand-in electron): the application menu has the usual roles and view shortcuts', () => {
  const menu = stand.record.menuTemplate as { label?: string; submenu?: { role?: string; accelerator?: string }[] }[];
  const roles = menu
    .flatMap((m) => m.submenu ?? [])
    .map((i) => i.role)
    .filter(Boolean);
  for (const r of ['copy', 'paste', 'undo', 'selectAll', 'toggleDevTools']) assert.ok(roles.includes(r), `menu has ${r}`);
  const accels = menu
    .flatMap((m) => m.submenu ?? [])
    .map((i) => i.accelerator)
    .filter(Boolean);
  assert.ok(accels.includes('CmdOrCtrl+2'));
});
