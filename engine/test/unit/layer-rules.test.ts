// The layer rules in eslint.config.js must fire: lint small in-memory files
// placed (virtually) in each layer and check which imports are refused.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ESLint } from 'eslint';

const eslint = new ESLint({ cwd: process.cwd() });

async function messages(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: file });
  return (result?.messages ?? []).map((m) => `${m.ruleId}: ${m.message}`);
}

const refused = (msgs: string[]) => msgs.filter((m) => m.startsWith('no-restricted-imports') || m.startsWith('no-restricted-syntax'));

test('engine/ may not import electron', async () => {
  const m = refused(await messages('engine/src/x.ts', "import { app } from 'electron';\nexport const a = app;\n"));
  assert.equal(m.length, 1, m.join('\n'));
  assert.match(m[0]!, /engine\/ is plain Node/);
});

test('engine/ may not import react or renderer code', async () => {
  assert.equal(refused(await messages('engine/src/x.ts', "import React from 'react';\nexport const a = React;\n")).length, 1);
  assert.equal(refused(await messages('engine/src/x.ts', "import { a } from '../../renderer/src/y.js';\nexport const b = a;\n")).length, 1);
});

test('engine/ may import node built-ins', async () => {
  assert.deepEqual(refused(await messages('engine/src/x.ts', "import http from 'node:http';\nexport const a = http;\n")), []);
});

test('renderer/ may not import node built-ins, with or without the node: prefix', async () => {
  assert.equal(refused(await messages('renderer/src/x.ts', "import fs from 'node:fs';\nexport const a = fs;\n")).length, 1);
  assert.equal(refused(await messages('renderer/src/x.ts', "import { join } from 'path';\nexport const a = join;\n")).length, 1);
  assert.equal(refused(await messages('renderer/src/x.ts', "import cp from 'child_process';\nexport const a = cp;\n")).length, 1);
});

test('renderer/ may not import electron or the engine', async () => {
  assert.equal(refused(await messages('renderer/src/x.ts', "import { ipcRenderer } from 'electron';\nexport const a = ipcRenderer;\n")).length, 1);
  assert.equal(refused(await messages('renderer/src/x.ts', "import { connectEngine } from '../../engine/src/index.js';\nexport const a = connectEngine;\n")).length, 1);
  assert.equal(refused(await messages('renderer/src/x.ts', "import { x } from '../../electron/main/services.js';\nexport const a = x;\n")).length, 1);
});

test('renderer/ may import the bridge contract', async () => {
  assert.deepEqual(refused(await messages('renderer/src/x.ts', "import type { AppRouter } from '../../electron/contract/index.js';\nexport type A = AppRouter;\n")), []);
});

test('only electron entry points may import electron', async () => {
  assert.equal(refused(await messages('electron/main/services.ts', "import { app } from 'electron';\nexport const a = app;\n")).length, 1);
  assert.deepEqual(refused(await messages('electron/main/main.electron.ts', "import { app } from 'electron';\nexport const a = app;\n")), []);
});

test('no shell strings: child_process.exec is refused', async () => {
  assert.equal(refused(await messages('engine/src/x.ts', "import { exec } from 'node:child_process';\nexec('ls');\n")).length, 1);
  assert.equal(refused(await messages('engine/src/x.ts', "import { spawn } from 'node:child_process';\nspawn('ls', [], { shell: true });\n")).length, 1);
  assert.deepEqual(refused(await messages('engine/src/x.ts', "import { execFile } from 'node:child_process';\nexecFile('ls', ['-l']);\n")), []);
});

test('electron/ reaches the engine only through its public entry (no deep imports), entry points included', async () => {
  for (const file of ['electron/main/x.ts', 'electron/main/services/x.ts', 'electron/serve/x.ts', 'electron/desktop/x.electron.ts']) {
    const depth = file.split('/').length - 1;
    const up = '../'.repeat(depth);
    const m = refused(await messages(file, `import { EngineError } from '${up}engine/src/errors.js';\nexport const a = EngineError;\n`));
    assert.equal(m.length, 1, `${file}: ${m.join('\n')}`);
    assert.match(m[0]!, /public entry/);
    assert.deepEqual(refused(await messages(file, `import { EngineError } from '${up}engine/src/index.js';\nexport const a = EngineError;\n`)), [], file);
  }
});

test('electron/main/ is shared: it may import neither desktop/ nor serve/; serve/ may import main/', async () => {
  assert.match(refused(await messages('electron/main/x.ts', "import { startServeServer } from '../serve/http-server.js';\nexport const a = startServeServer;\n"))[0] ?? '', /must not import desktop\/ or serve\//);
  assert.match(refused(await messages('electron/main/x.ts', "import { mainWindowOptions } from '../desktop/window-options.js';\nexport const a = mainWindowOptions;\n"))[0] ?? '', /must not import desktop\/ or serve\//);
  assert.deepEqual(refused(await messages('electron/serve/x.ts', "import { startAppCore } from '../main/app-core.js';\nexport const a = startAppCore;\n")), []);
});

test('an import cycle fails lint (import-x/no-cycle)', async () => {
  // ContainersView imports ContainerDetails; ContainerDetails importing ContainersView back closes a cycle.
  const m = await messages('renderer/src/views/containers/ContainerDetails.tsx', "import { ContainersView } from './ContainersView';\nexport const a = ContainersView;\n");
  assert.ok(m.some((x) => x.startsWith('import-x/no-cycle')), m.join('\n'));
  // The same import from a file nothing imports is fine.
  const ok = await messages('renderer/src/views/containers/Unrelated.tsx', "import { ContainersView } from './ContainersView';\nexport const a = ContainersView;\n");
  assert.ok(!ok.some((x) => x.startsWith('import-x/no-cycle')), ok.join('\n'));
});
