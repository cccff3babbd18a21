// Electron's security checklist (electronjs.org/docs/latest/tutorial/security),
// item by item, as far as a machine without an Electron binary can prove it:
// the window options come from one function we check; the entry is loaded
// against a stand-in `electron` module (as in main-entry-wiring.test.ts) so its
// navigation, window-open, permission, protocol and IPC handlers can be driven
// with hostile input; the preload runs against a stand-in contextBridge that
// records exactly what reaches the page. docs/SECURITY.md maps each item here.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import vm from 'node:vm';
import { build } from 'esbuild';
import { APP_ORIGIN, isAppUrl, isSafeExternalUrl, mainWindowOptions } from '../../desktop/window-options.js';
import { CSP } from '../../serve/http-server.js';
import { cspProblems, parseCsp } from './support/csp.js';
import { ensureRendererBuilt, ROOT } from './support/bridge-rig.js';
import { bootEntry, bundleEntry, type Stand } from '../support/boot-entry.js';

let stand: Stand;
let outDir: string;

/** Look-alikes that a `startsWith('berth://app')` or a case-insensitive check would let through. */
const FOREIGN_NAVIGATIONS = [
  'https://evil.example/',
  'http://evil.example:8080/',
  'file:///etc/passwd',
  'file:///work/main/dist/renderer/index.html',
  'berth://app.evil.com/',
  'berth://app.evil.com/index.html',
  'berth://app@evil/',
  'berth://app:x@evil/',
  'berth://evil@app/',
  'berth://user:pass@app/',
  'berth://APP./',
  'berth://app./',
  'berth://app:8080/',
  'berth://app%2e/',
  'berth://app%00.evil/',
  'berth://\u0430pp/', // Cyrillic а
  'berth://\uff41\uff50\uff50/', // fullwidth ａｐｐ
  'berth://ap\u0440/', // Cyrillic р
  'berth://app\u200b/', // zero-width space
  'berth://evil/app',
  'berth:app',
  'berth:///app/index.html',
  'berthx://app/',
  'javascript:alert(1)',
  'data:text/html,<script>alert(1)</script>',
  'about:blank',
  'chrome://settings',
  'devtools://devtools/bundled/inspector.html',
  'view-source:berth://app/index.html',
  'blob:berth://app/1234',
  '',
  'not a url',
];

/** URLs shell.openExternal must never see. */
const EXTERNAL_REFUSED = [
  'file:///etc/passwd',
  'file://localhost/etc/passwd',
  'javascript:alert(1)',
  'JAVASCRIPT:alert(1)',
  'smb://attacker/share',
  'data:text/html,<script>alert(1)</script>',
  'vbscript:msgbox(1)',
  'ms-msdt:/id PCWDiagnostic',
  'search-ms:query=x',
  'ftp://localhost:21/',
  'mailto:a@b.c',
  'ssh://localhost:22',
  'http://user:pw@localhost:8080/',
  'http://user@localhost:8080/',
  'https://user:pw@docs.podman.io/',
  'http://localhost:8080@evil.com/',
  'https://docs.podman.io.evil.com/',
  'https://docs.podman.io@evil.com/',
  'https://evil.com/docs.podman.io',
  'https://evil.com/?u=https://docs.podman.io',
  'https://xn--dcs-podman-xyz.io/',
  'https://d\u043ecs.podman.io/', // Cyrillic о
  'https://github.com.evil.com/',
  'https://notgithub.com/',
  'https://podman.io.evil/',
  'http://docs.podman.io/', // docs only over https
  'http://evil.com:8080/',
  'http://10.0.0.1:8080/',
  'http://192.168.1.1:80/',
  'http://localhost.evil.com:8080/',
  'http://127.0.0.1.nip.io:8080/',
  'berth://app/index.html',
  '//evil.com',
  '',
  'localhost:8080',
];

const IN_APP = ['berth://app/index.html', 'berth://app/index.html#/containers', 'berth://app/', 'BERTH://app/index.html'];

before(async () => {
  ensureRendererBuilt();
  outDir = await bundleEntry('security-entry-');
  const log = console.log;
  console.log = () => undefined; // "no engine yet" lines from discovery
  after(() => void (console.log = log));
  // No engine at all: the IPC checks only need calls that answer without one (system.connection).
  stand = await bootEntry(outDir, `unix://${path.join(outDir, 'no-engine.sock')}`);
  for (let i = 0; i < 100 && stand.record.windows.length === 0; i++) await new Promise((r) => setTimeout(r, 50));
  assert.ok(stand.record.windows[0], 'the entry created its window');
});

after(async () => {
  stand?.app.emit('before-quit', { preventDefault() {} });
  await new Promise((r) => setTimeout(r, 300));
  if (outDir) await rm(outDir, { recursive: true, force: true });
});

describe('window options (#2 node integration, #3 context isolation, #4 sandbox, #6 webSecurity, #8 insecure content, #9 experimental, #10 Blink features, #11/#12 webview)', () => {
  const EXPECTED: Record<string, unknown> = {
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
  };
  /** Keys reviewed for security; a new webPreferences key fails here until someone looks at it. */
  const REVIEWED = new Set([...Object.keys(EXPECTED), 'preload', 'enableBlinkFeatures', 'spellcheck', 'safeDialogs', 'devTools']);

  for (const input of [
    { preloadPath: '/x/preload.cjs', dark: false, packaged: false },
    { preloadPath: '/x/preload.cjs', dark: true, iconPath: '/x/icon.png', packaged: true },
  ]) {
    test(`mainWindowOptions(${JSON.stringify(input)}) is hardened`, () => {
      const opts = mainWindowOptions(input) as unknown as Record<string, unknown> & { webPreferences: Record<string, unknown> };
      const wp = opts.webPreferences;
      for (const [k, v] of Object.entries(EXPECTED)) assert.equal(wp[k], v, `webPreferences.${k} must be ${String(v)}`);
      assert.ok(wp.enableBlinkFeatures === undefined || wp.enableBlinkFeatures === '', 'no Blink features are enabled');
      assert.equal(wp.preload, input.preloadPath, 'the preload is ours');
      assert.equal(wp.devTools, !input.packaged, 'DevTools only in development builds');
      for (const k of Object.keys(wp)) assert.ok(REVIEWED.has(k), `webPreferences.${k} has not been reviewed for security`);
      for (const k of ['allowDisplayingInsecureContent', 'disableBlinkFeatures', 'partition', 'additionalArguments', 'contextIsolationInWorker', 'plugins', 'webgl', 'experimentalCanvasFeatures']) {
        assert.equal(k in wp, false, `webPreferences.${k} is not set`);
      }
    });
  }

  test('the entry builds its window from mainWindowOptions and loads berth://app (#1 secure content, #18 no file://)', () => {
    const win = stand.record.windows[0]!;
    const wp = win.options.webPreferences as Record<string, unknown>;
    for (const [k, v] of Object.entries(EXPECTED)) assert.equal(wp[k], v, `the real window's webPreferences.${k}`);
    assert.equal(win.loaded, `${APP_ORIGIN}/index.html`);
    assert.match(String(wp.preload), /dist[/\\]electron[/\\]preload\.cjs$/);
  });

  test('the berth: scheme is privileged as standard+secure, never bypassing CSP', () => {
    const schemes = stand.record.privilegedSchemes as { scheme: string; privileges: Record<string, boolean> }[];
    assert.equal(schemes.length, 1);
    assert.equal(schemes[0]!.scheme, 'berth');
    assert.equal(schemes[0]!.privileges.secure, true);
    for (const p of ['bypassCSP', 'allowServiceWorkers', 'corsEnabled', 'stream', 'codeCache']) assert.notEqual(schemes[0]!.privileges[p], true, `privilege ${p} is not granted`);
  });
});

describe('#7 Content-Security-Policy', () => {
  test('the built dist/renderer/index.html carries a strict CSP meta tag', () => {
    const html = readFileSync(path.join(ROOT, 'dist', 'renderer', 'index.html'), 'utf8');
    const metas = [...html.matchAll(/<meta\s[^>]*http-equiv=["']Content-Security-Policy["'][^>]*>/gis)];
    assert.equal(metas.length, 1, 'exactly one CSP meta tag');
    const content = /content="([^"]*)"/is.exec(metas[0]![0])?.[1] ?? '';
    assert.deepEqual(cspProblems(content), []);
    assert.deepEqual(parseCsp(content).get('script-src'), ["'self'"]);
    // The meta CSP comes before any script or stylesheet, or it would not govern them.
    assert.ok(html.indexOf('Content-Security-Policy') < html.search(/<script|<link rel="stylesheet"/i), 'the CSP precedes every script');
  });

  test('the built index.html has no inline script, no inline handler and no remote resource', () => {
    const html = readFileSync(path.join(ROOT, 'dist', 'renderer', 'index.html'), 'utf8');
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)];
    assert.ok(scripts.length >= 1);
    for (const [, attrs, body] of scripts) {
      assert.match(attrs!, /\ssrc=["']\.?\/[^"':]+["']/, 'every script has a same-origin src');
      assert.equal(body!.trim(), '', 'no inline script body');
    }
    assert.doesNotMatch(html, /\son[a-z]+\s*=/i, 'no inline event handlers');
    assert.doesNotMatch(html, /(src|href)=["'](https?:)?\/\//i, 'no remote resources');
  });

  test("serve's header policy is strict and says the same as the meta tag (plus frame-ancestors)", () => {
    assert.deepEqual(cspProblems(CSP), []);
    const header = parseCsp(CSP);
    assert.deepEqual(header.get('frame-ancestors'), ["'none'"]);
    const html = readFileSync(path.join(ROOT, 'dist', 'renderer', 'index.html'), 'utf8');
    const meta = parseCsp(/http-equiv="Content-Security-Policy"\s+content="([^"]*)"/is.exec(html)?.[1] ?? '');
    header.delete('frame-ancestors');
    assert.deepEqual(meta, header, 'meta and header policies agree');
  });

  test('the checker itself refuses weak policies', () => {
    for (const bad of [
      "default-src 'none'; script-src 'self' 'unsafe-inline'; object-src 'none'; base-uri 'none'",
      "default-src 'none'; script-src 'self' 'unsafe-eval'; object-src 'none'; base-uri 'none'",
      "default-src 'none'; script-src 'self' https:; object-src 'none'; base-uri 'none'",
      "default-src 'none'; script-src 'self' https://cdn.example; object-src 'none'; base-uri 'none'",
      "default-src 'none'; script-src *; object-src 'none'; base-uri 'none'",
      "default-src 'none'; script-src 'self' data:; object-src 'none'; base-uri 'none'",
      "default-src 'none'; script-src 'self'; connect-src ws://evil:1; object-src 'none'; base-uri 'none'",
      "default-src *; script-src 'self'; base-uri 'none'",
      "default-src 'none'; base-uri 'none'",
    ]) {
      assert.notDeepEqual(cspProblems(bad), [], bad);
    }
  });

  test('berth:// responses carry the CSP header too', async () => {
    const handler = stand.record.protocolHandlers.get('berth')!;
    const res = await handler(new Request('berth://app/index.html'));
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-security-policy'), CSP);
    await res.body?.cancel();
  });
});

describe('#5 permissions, #13 navigation, #14 new windows, #15 openExternal, #11/#12 webview', () => {
  test('will-navigate and will-redirect refuse every foreign or look-alike URL', () => {
    const wc = stand.record.windows[0]!.webContents;
    for (const event of ['will-navigate', 'will-redirect']) {
      for (const url of FOREIGN_NAVIGATIONS) {
        let prevented = false;
        wc.emit(event, { preventDefault: () => (prevented = true) }, url);
        assert.equal(prevented, true, `${event} to ${JSON.stringify(url)} is refused`);
      }
      for (const url of IN_APP) {
        let prevented = false;
        wc.emit(event, { preventDefault: () => (prevented = true) }, url);
        assert.equal(prevented, false, `${event} within the app (${url}) is allowed`);
      }
    }
  });

  test('every web contents (not only the main window) gets the handlers', () => {
    const other = new stand.FakeWebContents();
    stand.app.emit('web-contents-created', {}, other);
    let prevented = false;
    other.emit('will-navigate', { preventDefault: () => (prevented = true) }, 'https://evil.example/');
    assert.equal(prevented, true);
    assert.deepEqual(other.windowOpenHandler!({ url: 'https://evil.example/' }), { action: 'deny' });
  });

  test('<webview> attachment is refused', () => {
    const wc = stand.record.windows[0]!.webContents;
    let prevented = false;
    wc.emit('will-attach-webview', { preventDefault: () => (prevented = true) }, {}, {});
    assert.equal(prevented, true);
  });

  test('window.open is always denied; only safe URLs go to the OS browser', () => {
    const wc = stand.record.windows[0]!.webContents;
    const before = stand.record.opened.length;
    // A container published on port 80 opens as http://localhost/ (the URL parser drops default ports).
    const safe = [
      'http://localhost:8080/',
      'http://127.0.0.1:3000/app?q=1',
      'http://[::1]:8443/',
      'http://localhost/',
      'http://127.0.0.1/',
      'https://docs.podman.io/en/latest/',
      'https://github.com/containers/podman',
    ];
    for (const url of [...FOREIGN_NAVIGATIONS, ...EXTERNAL_REFUSED, ...safe]) {
      assert.deepEqual(wc.windowOpenHandler!({ url }), { action: 'deny' }, `window.open(${url}) is denied`);
    }
    assert.deepEqual(stand.record.opened.slice(before), safe, 'exactly the safe URLs reached shell.openExternal');
  });

  test('permission requests, checks and device access are all refused', () => {
    const wc = stand.record.windows[0]!.webContents;
    for (const p of [
      'media',
      'geolocation',
      'notifications',
      'midi',
      'midiSysex',
      'pointerLock',
      'fullscreen',
      'openExternal',
      'clipboard-read',
      'clipboard-sanitized-write',
      'display-capture',
      'mediaKeySystem',
      'window-management',
      'idle-detection',
      'unknown',
    ]) {
      let granted: boolean | undefined;
      stand.record.permissionRequestHandler!(wc, p, (ok) => (granted = ok));
      assert.equal(granted, false, `permission ${p} is refused`);
      assert.equal(stand.record.permissionCheckHandler!(wc, p, 'berth://app', {}), false, `permission check ${p} is refused`);
    }
    assert.equal(stand.record.deviceHandler!({ deviceType: 'usb', origin: 'berth://app' }), false);
  });
});

describe('#15 isSafeExternalUrl and #13 isAppUrl (the predicates themselves)', () => {
  test('isSafeExternalUrl refuses non-http(s) schemes, credentials, foreign and look-alike hosts', () => {
    for (const url of EXTERNAL_REFUSED) assert.equal(isSafeExternalUrl(url), false, url);
  });
  test('isSafeExternalUrl allows local published ports and the known docs over https', () => {
    for (const url of [
      'http://localhost:8080/',
      'https://localhost:8443/x',
      'http://127.0.0.1:3000/',
      'http://[::1]:9000/',
      'https://docs.podman.io/',
      'https://podman.io/',
      'https://github.com/containers/podman',
      'https://docs.docker.com/',
    ]) {
      assert.equal(isSafeExternalUrl(url), true, url);
    }
  });
  test('isAppUrl accepts only berth://app exactly', () => {
    for (const url of FOREIGN_NAVIGATIONS) assert.equal(isAppUrl(url), false, url);
    for (const url of IN_APP) assert.equal(isAppUrl(url), true, url);
  });
});

describe('#17 IPC only from our own main frame', () => {
  let nextId = 1000;
  async function ask(sender: InstanceType<Stand['FakeWebContents']>, frame: { url: string } | null, timeoutMs = 400): Promise<unknown> {
    const ipc = stand.record.ipc.get('berth:bridge')!;
    const id = nextId++;
    const mark = sender.sent.length;
    ipc({ sender, senderFrame: frame }, JSON.stringify({ id, method: 'query', params: { path: 'system.connection' } }));
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const reply = sender.sent
        .slice(mark)
        .map(([, d]) => JSON.parse(String(d)) as { id?: number })
        .find((m) => m.id === id);
      if (reply) return reply;
      await new Promise((r) => setTimeout(r, 10));
    }
    return undefined;
  }

  test('the main frame showing berth://app is answered (the control)', async () => {
    const wc = stand.record.windows[0]!.webContents;
    const reply = (await ask(wc, wc.mainFrame, 3000)) as { result?: unknown } | undefined;
    assert.ok(reply?.result, `answered: ${JSON.stringify(reply)}`);
  });

  test('sub-frames, other web contents, foreign and look-alike pages, and frameless senders get nothing', async () => {
    const wc = stand.record.windows[0]!.webContents;
    assert.equal(await ask(wc, { url: 'berth://app/index.html' }), undefined, 'a sub-frame (another frame object) showing our URL');
    assert.equal(await ask(wc, null), undefined, 'no sender frame (navigated away or destroyed)');
    const other = new stand.FakeWebContents();
    assert.equal(await ask(other, other.mainFrame), undefined, 'another web contents');
    for (const url of ['https://evil.example/', 'berth://app.evil.com/', 'berth://app@evil/', 'file:///etc/passwd', 'berth://APP./', 'data:text/html,x']) {
      wc.mainFrame.url = url;
      assert.equal(await ask(wc, wc.mainFrame), undefined, `our main frame showing ${url}`);
    }
    wc.mainFrame.url = 'berth://app/index.html';
  });

  test('non-string IPC payloads are ignored, and a foreign frame cannot close our channel', async () => {
    const wc = stand.record.windows[0]!.webContents;
    const ipc = stand.record.ipc.get('berth:bridge')!;
    const mark = wc.sent.length;
    for (const payload of [{ id: 1, method: 'query', params: { path: 'system.connection' } }, 42, null, undefined, ['x'], Buffer.from('{}')]) ipc({ sender: wc, senderFrame: wc.mainFrame }, payload);
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(wc.sent.length, mark, 'no reply to non-string payloads');
    const close = stand.record.ipc.get('berth:bridge:close')!;
    close({ sender: wc, senderFrame: { url: 'berth://app/index.html' } });
    close({ sender: new stand.FakeWebContents(), senderFrame: { url: 'berth://app/index.html' } });
    assert.ok(await ask(wc, wc.mainFrame, 3000), 'the channel still answers');
  });
});

describe('#20 the preload exposes the bridge and nothing else', () => {
  interface Recorded {
    exposed: [string, unknown][];
    sent: unknown[][];
    listeners: Map<string, ((...a: unknown[]) => void)[]>;
    removed: unknown[][];
    required: string[];
  }
  async function runPreload(): Promise<{ rec: Recorded; addedGlobals: string[] }> {
    const out = await build({
      entryPoints: [path.join(ROOT, 'electron/desktop/preload.electron.ts')],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      external: ['electron'],
      write: false,
      logLevel: 'error',
    });
    const code = out.outputFiles[0]!.text;
    const rec: Recorded = { exposed: [], sent: [], listeners: new Map(), removed: [], required: [] };
    const electron = {
      contextBridge: { exposeInMainWorld: (key: string, api: unknown) => rec.exposed.push([key, api]), exposeInIsolatedWorld: () => assert.fail('no isolated-world exposure') },
      ipcRenderer: {
        send: (...a: unknown[]) => rec.sent.push(a),
        on: (ch: string, fn: (...a: unknown[]) => void) => rec.listeners.set(ch, [...(rec.listeners.get(ch) ?? []), fn]),
        removeListener: (...a: unknown[]) => rec.removed.push(a),
        invoke: () => assert.fail('no invoke'),
        sendSync: () => assert.fail('no sendSync'),
      },
    };
    const context = vm.createContext({});
    const globalsBefore = new Set(Object.getOwnPropertyNames(vm.runInContext('globalThis', context)));
    const fn = vm.runInContext(`(function (require, module, exports) {\n${code}\n})`, context) as (r: (id: string) => unknown, m: { exports: object }, e: object) => void;
    const mod = { exports: {} };
    fn(
      (id) => {
        rec.required.push(id);
        if (id === 'electron') return electron;
        throw new Error(`the preload required ${id}`);
      },
      mod,
      mod.exports,
    );
    const addedGlobals = Object.getOwnPropertyNames(vm.runInContext('globalThis', context)).filter((k) => !globalsBefore.has(k));
    return { rec, addedGlobals };
  }

  test('exactly one key, berthBridge, with exactly send/onMessage/close; nothing else required or set', async () => {
    const { rec, addedGlobals } = await runPreload();
    assert.deepEqual(rec.required, ['electron'], 'the preload needs electron and nothing else');
    assert.deepEqual(addedGlobals, [], 'the preload writes no globals of its own');
    assert.deepEqual(
      rec.exposed.map(([k]) => k),
      ['berthBridge'],
    );
    const api = rec.exposed[0]![1] as Record<string, unknown>;
    assert.deepEqual(Object.keys(api).sort(), ['close', 'onMessage', 'send']);
    for (const v of Object.values(api)) assert.equal(typeof v, 'function');
  });

  test('the exposed functions check their arguments and use only the bridge channels', async () => {
    const { rec } = await runPreload();
    const api = rec.exposed[0]![1] as { send(m: unknown): void; onMessage(l: unknown): () => void; close(): void };
    for (const bad of [42, {}, null, undefined, ['x'], Buffer.from('x'), () => 1]) api.send(bad);
    assert.deepEqual(rec.sent, [], 'non-strings are not sent');
    api.send('{"id":1}');
    assert.deepEqual(rec.sent, [['berth:bridge', '{"id":1}']]);
    const got: unknown[] = [];
    const off = api.onMessage((m: unknown) => got.push(m));
    const [wrapped] = rec.listeners.get('berth:bridge') ?? [];
    assert.ok(wrapped, 'listens on berth:bridge only');
    assert.deepEqual([...rec.listeners.keys()], ['berth:bridge']);
    wrapped({ sender: 'event' }, { not: 'a string' });
    wrapped({ sender: 'event' }, 7);
    wrapped({ sender: 'event' }, 'hello');
    assert.deepEqual(got, ['hello'], 'only strings reach the page, and never the IPC event');
    off();
    assert.deepEqual(rec.removed, [['berth:bridge', wrapped]]);
    for (const bad of [undefined, 'alert(1)', 42, {}])
      assert.throws(
        () => api.onMessage(bad),
        (e: Error) => e.name === 'TypeError',
        `onMessage(${String(bad)}) is refused`,
      );
    assert.equal(rec.listeners.get('berth:bridge')!.length, 1, 'a refused listener is not registered');
    api.close();
    assert.deepEqual(rec.sent.at(-1), ['berth:bridge:close']);
  });
});

describe('#19 fuses', () => {
  const builderYml = path.join(ROOT, 'electron-builder.yml');
  test('electron-builder.yml flips the dangerous fuses', { skip: existsSync(builderYml) ? false : 'no packaging config yet (electron-builder.yml is missing): see docs/SECURITY.md #19' }, () => {
    const yml = readFileSync(builderYml, 'utf8');
    for (const [fuse, value] of [
      ['runAsNode', 'false'],
      ['enableNodeOptionsEnvironmentVariable', 'false'],
      ['enableNodeCliInspectArguments', 'false'],
      ['enableEmbeddedAsarIntegrityValidation', 'true'],
      ['onlyLoadAppFromAsar', 'true'],
    ]) {
      assert.match(yml, new RegExp(`^\\s*${fuse}:\\s*${value}\\s*$`, 'm'), `${fuse}: ${value}`);
    }
  });
});

describe('#16 a current Electron', () => {
  test('the installed Electron is the one package.json asks for, and a supported major', () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };
    const wanted = pkg.devDependencies.electron!;
    const installed = (JSON.parse(readFileSync(path.join(ROOT, 'node_modules', 'electron', 'package.json'), 'utf8')) as { version: string }).version;
    assert.equal(installed.split('.')[0], wanted.replace(/^[\^~]/, '').split('.')[0], 'installed major matches package.json');
    // Electron supports the latest three majors; 45 was current when this suite was written. Raise the floor as they move on.
    assert.ok(Number(installed.split('.')[0]) >= 45, `Electron ${installed} is older than the supported floor`);
  });
});
