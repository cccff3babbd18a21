// electron-builder.yml: loaded and validated the way electron-builder itself
// does it (its config loader and its schema validator, from the installed
// app-builder-lib), plus a strict check against its JSON schema, the fuses
// DESIGN.md asks for, every file the config names, and the generated icons.
// This proves the configuration, not the installers: building a dmg, an nsis
// installer or an rpm needs Electron's binaries and each platform's tools.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { before, describe, test } from 'node:test';
import { decodePng, iconFiles, ICNS_TYPES, TRAY_ICO_SIZES, APP_ICO_SIZES } from '../scripts/generate-icons.js';

const root = path.resolve(import.meta.dirname, '..', '..');
const ymlPath = path.join(root, 'electron-builder.yml');
// Resolve through electron-builder, so the test uses the copies it really uses.
const fromBuilder = createRequire(createRequire(import.meta.url).resolve('electron-builder'));
const appBuilderLib = path.dirname(fromBuilder.resolve('app-builder-lib/package.json'));
const fromLib = createRequire(path.join(appBuilderLib, 'package.json'));

type Config = Record<string, any>;
let config: Config;

before(async () => {
  const yaml = fromLib('js-yaml') as { load(text: string): unknown };
  config = yaml.load(readFileSync(ymlPath, 'utf8')) as Config;
});

describe('electron-builder.yml against electron-builder', () => {
  test("electron-builder's own loader finds the file, and its validator accepts it", async () => {
    const { getConfig, validateConfiguration } = fromLib(path.join(appBuilderLib, 'out', 'util', 'config', 'config.js')) as {
      getConfig(projectDir: string, configPath: string | null, configFromOptions: unknown): Promise<Config>;
      validateConfiguration(config: Config, debugLogger: { isEnabled: boolean; add(k: string, v: unknown): void }): Promise<void>;
    };
    const loaded = await getConfig(root, null, null);
    assert.equal(loaded.appId, config.appId, 'the loader read electron-builder.yml');
    await validateConfiguration(loaded, { isEnabled: false, add() {} });
  });

  test('it validates strictly against scheme.json (ajv, no type coercion), and the validator can fail', () => {
    const Ajv = (fromLib('ajv') as { default: new (o: object) => { compile(s: unknown): ((d: unknown) => boolean) & { errors?: unknown[] } } }).default;
    const schema = JSON.parse(readFileSync(path.join(appBuilderLib, 'scheme.json'), 'utf8')) as unknown;
    const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
    assert.ok(validate(config), JSON.stringify(validate.errors, null, 2));
    // The same validator refuses what electron-builder would: a misspelled key, a wrong type.
    assert.equal(validate({ ...config, electronFuzes: {} }), false, 'unknown top-level key');
    assert.equal(validate({ ...config, electronFuses: { ...config.electronFuses, runAsNode: 'no' } }), false, 'a fuse that is not a boolean');
    assert.equal(validate({ ...config, mac: { ...config.mac, hardenedRuntim: true } }), false, 'unknown mac key');
  });
});

describe('what the configuration says', () => {
  test('the fuses are set as DESIGN.md says', () => {
    assert.deepEqual(Object.fromEntries(Object.entries(config.electronFuses as Record<string, boolean>).filter(([k]) => k !== 'resetAdHocDarwinSignature')), {
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      enableCookieEncryption: true,
      grantFileProtocolExtraPrivileges: false,
      loadBrowserProcessSpecificV8Snapshot: false,
    });
  });

  test('identity, asar, and only the built app in it', () => {
    assert.equal(config.productName, 'Berth');
    assert.match(config.appId, /^[a-z0-9-]+(\.[a-z0-9-]+){2,}$/i);
    assert.equal(config.asar, true);
    const files = config.files as string[];
    for (const f of ['package.json', 'dist/electron/**/*', 'dist/renderer/**/*']) assert.ok(files.includes(f), `ships ${f}`);
    for (const f of files.filter((x) => !x.startsWith('!'))) {
      assert.doesNotMatch(f, /^(electron|engine|renderer|e2e|assets|docs)\/|\.tsx?$|^\*\*/, `${f} is not a source, test or catch-all path`);
    }
    assert.ok(files.includes('!node_modules/**/*'), 'no node_modules: main and preload are bundles');
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { main: string };
    assert.match(pkg.main, /^dist\/electron\//, "package.json's main is inside the shipped files");
    assert.notEqual(config.directories.output, 'dist', 'installers do not land in the build output folder');
  });

  test('targets: macOS dmg (arm64, x64, hardened runtime), Windows nsis (x64, arm64), Linux AppImage/deb/rpm', () => {
    assert.deepEqual(config.mac.target, [{ target: 'dmg', arch: ['arm64', 'x64'] }]);
    assert.equal(config.mac.hardenedRuntime, true);
    assert.equal(config.mac.category, 'public.app-category.developer-tools');
    assert.deepEqual(config.win.target, [{ target: 'nsis', arch: ['x64', 'arm64'] }]);
    assert.deepEqual(config.linux.target, ['AppImage', 'deb', 'rpm']);
    assert.equal(config.linux.category, 'Development');
    assert.ok(
      (config.deb.fpm as string[]).some((a) => /suggests=podman/.test(a)),
      'deb suggests podman',
    );
    assert.ok(
      (config.rpm.fpm as string[]).some((a) => /Suggests: podman/.test(a)),
      'rpm suggests podman',
    );
  });

  test('the tray icons ship as extra resources, where the tray looks for them', () => {
    assert.deepEqual(config.extraResources, [{ from: 'assets/tray', to: 'tray', filter: ['**/*'] }]);
    const source = readFileSync(path.join(root, 'electron', 'desktop', 'tray.electron.ts'), 'utf8');
    assert.match(source, /path\.join\(resourcesPath, 'tray'\)/, 'packaged: resources/tray');
  });

  test('every file the configuration names exists', () => {
    const named = [
      config.mac.icon,
      config.mac.entitlements,
      config.mac.entitlementsInherit,
      config.win.icon,
      config.nsis.installerIcon,
      config.nsis.uninstallerIcon,
      config.linux.icon,
      ...(config.extraResources as { from: string }[]).map((r) => r.from),
    ];
    for (const rel of named) assert.ok(existsSync(path.join(root, rel as string)), `${rel} exists`);
    assert.ok(statSync(path.join(root, config.directories.buildResources)).isDirectory());
    const plist = readFileSync(path.join(root, config.mac.entitlements), 'utf8');
    assert.match(plist, /<key>com\.apple\.security\.cs\.allow-jit<\/key>\s*<true\/>/, 'V8 may JIT under the hardened runtime');
    assert.doesNotMatch(plist, /disable-library-validation|allow-dyld-environment-variables/, 'nothing that weakens the hardened runtime further');
  });

  test('npm run dist builds the renderer and main, then runs electron-builder', () => {
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string>; devDependencies: Record<string, string> };
    assert.match(pkg.scripts.dist ?? '', /build:renderer/);
    assert.match(pkg.scripts.dist ?? '', /electron-builder/);
    assert.ok(pkg.devDependencies['electron-builder'], 'electron-builder is a devDependency');
  });
});

describe('the icons', () => {
  const png = (rel: string) => decodePng(readFileSync(path.join(root, 'assets', rel)));

  test('the committed icons are what electron/scripts/generate-icons.ts draws (pixel for pixel)', () => {
    const generated = iconFiles();
    for (const [rel, bytes] of generated) {
      assert.ok(existsSync(path.join(root, 'assets', rel)), `${rel} is committed`);
      if (!rel.endsWith('.png')) continue;
      const want = decodePng(bytes);
      const got = png(rel);
      assert.equal(`${got.width}x${got.height}`, `${want.width}x${want.height}`, rel);
      assert.ok(got.rgba.equals(want.rgba), `${rel}: pixels differ; run node --import tsx electron/scripts/generate-icons.ts`);
    }
  });

  test('sizes: app icon 512, tray 16 and 32 (@2x), macOS templates are black on transparent', () => {
    assert.equal(png('icon.png').width, 512);
    for (const state of ['running', 'starting', 'stopped', 'error']) {
      const base = state === 'running' ? 'trayTemplate' : `tray-${state}Template`;
      const t1 = png(`tray/${base}.png`);
      const t2 = png(`tray/${base}@2x.png`);
      assert.deepEqual([t1.width, t2.width], [16, 32], base);
      let opaque = 0;
      for (let i = 0; i < t2.rgba.length; i += 4) {
        if (t2.rgba[i + 3]! > 0) {
          opaque++;
          assert.deepEqual([t2.rgba[i], t2.rgba[i + 1], t2.rgba[i + 2]], [0, 0, 0], `${base}@2x is pure black where drawn`);
        }
      }
      assert.ok(opaque > 50 && opaque < 32 * 32 - 100, `${base}@2x has a shape on a transparent ground (${opaque} px)`);
      assert.equal(png(`tray/tray-${state}.png`).width, 32);
      assert.equal(png(`tray/tray-${state}-16.png`).width, 16);
    }
    // The states look different from each other.
    const states = ['trayTemplate', 'tray-startingTemplate', 'tray-stoppedTemplate', 'tray-errorTemplate'].map((b) => png(`tray/${b}@2x.png`).rgba);
    for (let i = 0; i < states.length; i++) for (let j = i + 1; j < states.length; j++) assert.ok(!states[i]!.equals(states[j]!), `template ${i} differs from ${j}`);
  });

  test('.ico files hold the expected sizes as PNG entries', () => {
    const ico = (rel: string) => {
      const b = readFileSync(path.join(root, 'assets', rel));
      assert.deepEqual([b.readUInt16LE(0), b.readUInt16LE(2)], [0, 1], `${rel} is an icon file`);
      return Array.from({ length: b.readUInt16LE(4) }, (_, i) => {
        const e = 6 + 16 * i;
        const data = b.subarray(b.readUInt32LE(e + 12), b.readUInt32LE(e + 12) + b.readUInt32LE(e + 8));
        const img = decodePng(data);
        assert.equal(img.width, b[e] || 256, `${rel} entry ${i} header matches its PNG`);
        return img.width;
      });
    };
    assert.deepEqual(ico('icon.ico'), APP_ICO_SIZES);
    for (const state of ['running', 'starting', 'stopped', 'error']) assert.deepEqual(ico(`tray/tray-${state}.ico`), TRAY_ICO_SIZES);
  });

  test('icon.icns holds PNG entries of the right sizes', () => {
    const b = readFileSync(path.join(root, 'assets', 'icon.icns'));
    assert.equal(b.toString('latin1', 0, 4), 'icns');
    assert.equal(b.readUInt32BE(4), b.length);
    const found: [string, number][] = [];
    for (let off = 8; off < b.length;) {
      const type = b.toString('latin1', off, off + 4);
      const len = b.readUInt32BE(off + 4);
      found.push([type, decodePng(b.subarray(off + 8, off + len)).width]);
      off += len;
    }
    assert.deepEqual(found, ICNS_TYPES);
  });
});
