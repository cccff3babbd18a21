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

/** Lint `file` importing `binding` from `from` and using it (so only the import can be refused): what is refused. */
async function refusedImport(file: string, binding: string, from: string): Promise<string[]> {
  const used = binding.replace(/[{}\s]/g, '');
  return refused(await messages(file, `import ${binding} from '${from}';\nexport const a = ${used};\n`));
}

/** Each [file, binding, module] import is refused exactly once. */
async function assertRefused(imports: [string, string, string][]): Promise<void> {
  for (const [file, binding, from] of imports) assert.equal((await refusedImport(file, binding, from)).length, 1, `${file}: ${from}`);
}

test('engine/ may not import electron', async () => {
  const m = await refusedImport('engine/src/x.ts', '{ app }', 'electron');
  assert.equal(m.length, 1, m.join('\n'));
  assert.match(m[0]!, /engine\/ is plain Node/);
});

test('engine/ may not import react or renderer code', async () => {
  await assertRefused([
    ['engine/src/x.ts', 'React', 'react'],
    ['engine/src/x.ts', '{ a }', '../../renderer/src/y.js'],
  ]);
});

test('engine/ may import node built-ins', async () => {
  assert.deepEqual(await refusedImport('engine/src/x.ts', 'http', 'node:http'), []);
});

test('renderer/ may not import node built-ins, with or without the node: prefix', async () => {
  await assertRefused([
    ['renderer/src/x.ts', 'fs', 'node:fs'],
    ['renderer/src/x.ts', '{ join }', 'path'],
    ['renderer/src/x.ts', 'cp', 'child_process'],
  ]);
});

test('renderer/ may not import electron or the engine', async () => {
  await assertRefused([
    ['renderer/src/x.ts', '{ ipcRenderer }', 'electron'],
    ['renderer/src/x.ts', '{ connectEngine }', '../../engine/src/index.js'],
    ['renderer/src/x.ts', '{ x }', '../../electron/main/services.js'],
  ]);
});

test('renderer/ may import the bridge contract', async () => {
  assert.deepEqual(refused(await messages('renderer/src/x.ts', "import type { AppRouter } from '../../electron/contract/index.js';\nexport type A = AppRouter;\n")), []);
});

test('only electron entry points may import electron', async () => {
  await assertRefused([['electron/main/services.ts', '{ app }', 'electron']]);
  assert.deepEqual(await refusedImport('electron/main/main.electron.ts', '{ app }', 'electron'), []);
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
    const m = await refusedImport(file, '{ EngineError }', `${up}engine/src/errors.js`);
    assert.equal(m.length, 1, `${file}: ${m.join('\n')}`);
    assert.match(m[0]!, /public entry/);
    assert.deepEqual(await refusedImport(file, '{ EngineError }', `${up}engine/src/index.js`), [], file);
  }
});

test('electron/main/ is shared: it may import neither desktop/ nor serve/; serve/ may import main/', async () => {
  assert.match((await refusedImport('electron/main/x.ts', '{ startServeServer }', '../serve/http-server.js'))[0] ?? '', /must not import desktop\/ or serve\//);
  assert.match((await refusedImport('electron/main/x.ts', '{ mainWindowOptions }', '../desktop/window-options.js'))[0] ?? '', /must not import desktop\/ or serve\//);
  assert.deepEqual(await refusedImport('electron/serve/x.ts', '{ startAppCore }', '../main/app-core.js'), []);
});

test('an import cycle fails lint (import-x/no-cycle)', async () => {
  // ContainersView imports ContainerDetails; ContainerDetails importing ContainersView back closes a cycle.
  const m = await messages('renderer/src/views/containers/ContainerDetails.tsx', "import { ContainersView } from './ContainersView';\nexport const a = ContainersView;\n");
  assert.ok(
    m.some((x) => x.startsWith('import-x/no-cycle')),
    m.join('\n'),
  );
  // The same import from a file nothing imports is fine.
  const ok = await messages('renderer/src/views/containers/Unrelated.tsx', "import { ContainersView } from './ContainersView';\nexport const a = ContainersView;\n");
  assert.ok(!ok.some((x) => x.startsWith('import-x/no-cycle')), ok.join('\n'));
});

test('the contract takes from the engine only its browser-safe modules (models, entity keys, error rules)', async () => {
  const file = 'electron/contract/resources/x.ts';
  const m = await refusedImport(file, '{ connectEngine }', '../../../engine/src/client.js');
  assert.equal(m.length, 1, m.join('\n'));
  assert.match(m[0]!, /only its models/);
  await assertRefused([
    [file, '{ EngineClient }', '../../../engine/src/index.js'],
    [file, '{ SystemApi }', '../../../engine/src/api/system.js'],
  ]);
  assert.deepEqual(await refusedImport(file, '{ type EngineInfo }', '../../../engine/src/models/system.js'), []);
  assert.deepEqual(await refusedImport(file, '{ entityKey }', '../../../engine/src/live/entity-key.js'), []);
});
