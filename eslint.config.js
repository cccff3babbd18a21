// Layering is enforced here, not hoped for (see docs/ARCHITECTURE.md):
//   engine/    plain Node: never electron, react or any UI code
//   renderer/  untrusted UI: never Node built-ins, electron, or main-side code;
//              it sees the main side only through electron/contract/
//   electron/  only its entry points (*.electron.ts, preload) may import 'electron'
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

export const engineRestrictions = {
  paths: ['electron', 'react', 'react-dom', 'zustand'].map((name) => ({
    name,
    message: 'engine/ is plain Node: it must not import electron or UI libraries.',
  })),
  patterns: [
    { group: ['react/*', 'react-dom/*', '@tanstack/*', '@xterm/*', 'electron/*'], message: 'engine/ must not import UI or Electron code.' },
    { group: ['**/electron/**', '**/renderer/**'], message: 'engine/ must not import from electron/ or renderer/.' },
  ],
};

export const rendererRestrictions = {
  paths: [
    ...nodeBuiltins.map((name) => ({ name, message: 'renderer/ is untrusted browser code: no Node built-ins.' })),
    { name: 'electron', message: 'renderer/ talks to the main side only through the bridge contract.' },
  ],
  patterns: [
    { group: ['electron/*'], message: 'renderer/ must not import electron.' },
    {
      group: ['**/engine/**', '**/electron/**', '!**/electron/contract', '!**/electron/contract/**'],
      message: 'renderer/ may import from the main side only the bridge contract (electron/contract).',
    },
  ],
};

/** The engine's public entry is the only way in from electron/ (like VS Code's rule against deep imports). */
const engineEntryOnly = { group: ['**/engine/src/**', '!**/engine/src/index.js'], message: 'Import the engine through its public entry (engine/src/index.js); what is below it is internal.' };

export const mainRestrictions = {
  paths: [{ name: 'electron', message: "Only Electron entry points (*.electron.ts) may import 'electron'; keep services transport-neutral." }],
  patterns: [{ group: ['**/renderer/**'], message: 'The main process must not import renderer code.' }, engineEntryOnly],
};

/** main/ is shared by the desktop app and serve: it imports neither. */
export const mainCoreRestrictions = {
  ...mainRestrictions,
  patterns: [...mainRestrictions.patterns, { group: ['**/desktop/**', '**/serve/**'], message: 'electron/main/ is shared by the desktop app and serve: it must not import desktop/ or serve/.' }],
};

export const contractRestrictions = {
  paths: [
    ...nodeBuiltins.map((name) => ({ name, message: 'The bridge contract is shared with the renderer: no Node built-ins.' })),
    { name: 'electron', message: 'The bridge contract must not import electron.' },
  ],
  patterns: [
    { group: ['**/renderer/**', '**/electron/**', '!./**', '!../**/contract/**'], message: 'The contract imports only zod and engine model types.' },
    // The renderer type-checks the contract, so what it takes from the engine must be browser-safe: the models and the pure error and key rules.
    {
      regex: '/engine/(?!src/(models/[\\w-]+|live/entity-key|compose/projects|files/paths|errors)\\.js$)',
      message: 'The contract takes from the engine only its models (engine/src/models/), entity keys, compose project rules, container path rules and error rules: they are browser-safe.',
    },
  ],
};

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', '.scratch/**', 'test-results/**', 'playwright-report/**', '**/*.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      'no-restricted-syntax': [
        'error',
        { selector: "CallExpression[callee.property.name='exec'][callee.object.name='child_process']", message: 'No shell strings: use execFile/spawn with an argument array.' },
        { selector: "Property[key.name='shell'][value.value=true]", message: 'No shell: pass an argument array instead.' },
        { selector: 'ImportDeclaration[source.value=/child_process$/] ImportSpecifier[imported.name=/^exec(Sync)?$/]', message: 'No shell strings: import execFile/spawn and pass an argument array.' },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'child_process', property: 'exec', message: 'No shell strings: use execFile/spawn with an argument array.' },
        { object: 'child_process', property: 'execSync', message: 'No shell strings: use execFileSync with an argument array.' },
      ],
    },
  },
  { files: ['engine/**/*.ts'], rules: { 'no-restricted-imports': ['error', engineRestrictions] } },
  { files: ['renderer/**/*.{ts,tsx}'], ignores: ['renderer/test/**'], languageOptions: { globals: { ...globals.browser } }, rules: { 'no-restricted-imports': ['error', rendererRestrictions] } },
  // Unit tests of the renderer's pure modules run in Node: built-ins are fine there, the main side is not.
  { files: ['renderer/test/**/*.ts'], rules: { 'no-restricted-imports': ['error', { patterns: rendererRestrictions.patterns }] } },
  {
    files: ['electron/**/*.ts'],
    ignores: ['electron/**/*.electron.ts', 'electron/**/preload*.ts', 'electron/contract/**', 'electron/test/**', 'electron/main/**'],
    rules: { 'no-restricted-imports': ['error', mainRestrictions] },
  },
  { files: ['electron/main/**/*.ts'], ignores: ['electron/**/*.electron.ts', 'electron/**/preload*.ts'], rules: { 'no-restricted-imports': ['error', mainCoreRestrictions] } },
  { files: ['electron/**/*.electron.ts', 'electron/**/preload*.ts'], rules: { 'no-restricted-imports': ['error', { patterns: [engineEntryOnly] }] } },
  // No import cycles anywhere in the product code (a cycle is a layering mistake waiting to bite).
  {
    files: ['engine/src/**/*.ts', 'electron/**/*.ts', 'renderer/src/**/*.{ts,tsx}'],
    ignores: ['electron/test/**'],
    plugins: { 'import-x': importX },
    settings: {
      ...importX.flatConfigs.typescript.settings,
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: ['tsconfig.json', 'renderer/tsconfig.json'], noWarnOnMultipleProjects: true })],
    },
    rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }] },
  },
  { files: ['electron/contract/**/*.ts'], rules: { 'no-restricted-imports': ['error', contractRestrictions] } },
);
