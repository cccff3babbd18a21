// No host-side shell, anywhere in the shipped source. What is dangerous is a
// command string that a shell on the HOST parses: child_process.exec/execSync,
// `shell: true`, or spawn/execFile of sh/bash/cmd/powershell with `-c`.
// A constant `['/bin/sh', '-c', '…']` handed to the engine's exec API runs
// inside a container and is data to us; a container-side script built from
// data would still be an injection inside the container, so that is flagged
// too. The check walks the TypeScript AST (a grep cannot tell RegExp#exec from
// child_process.exec), proves on known-bad snippets that it fires, then scans
// engine/, electron/, renderer/ and e2e support code outside the tests.
// The ESLint rules in eslint.config.js are proven to fire as well.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { ESLint } from 'eslint';
import ts from 'typescript';
import { ROOT } from './support/bridge-rig.js';

const SHELLS = /^(?:.*[/\\])?(?:sh|bash|dash|zsh|ksh|ash|busybox|fish|csh|tcsh|cmd(?:\.exe)?|powershell(?:\.exe)?|pwsh(?:\.exe)?)$/i;
const SHELL_FLAGS = new Set(['-c', '/c', '/C', '/k', '-Command', '-command', '-EncodedCommand', '-lc', '-ic', '-ec', '-xc']);
const CP_RUNNERS = new Set(['spawn', 'spawnSync', 'execFile', 'execFileSync', 'fork']);

export interface Finding {
  file: string;
  line: number;
  rule: string;
  text: string;
}

/** Host-side shell use (always a finding) and container-side scripts built from data. */
export function findShellUse(file: string, source: string): { host: Finding[]; containerConstant: Finding[] } {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const host: Finding[] = [];
  const containerConstant: Finding[] = [];
  const at = (node: ts.Node, rule: string, list = host) => list.push({ file, line: sf.getLineAndCharacterOfPosition(node.getStart()).line + 1, rule, text: node.getText().slice(0, 120) });

  // Names bound to child_process: namespace/default imports, named imports (with aliases), require().
  const cpNamespaces = new Set<string>();
  const cpFunctions = new Map<string, string>(); // local name -> imported name
  const isCpModule = (s: string) => s === 'child_process' || s === 'node:child_process';
  const visitImports = (node: ts.Node) => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier) && isCpModule(node.moduleSpecifier.text)) {
      const clause = node.importClause;
      if (clause?.name) cpNamespaces.add(clause.name.text);
      const nb = clause?.namedBindings;
      if (nb && ts.isNamespaceImport(nb)) cpNamespaces.add(nb.name.text);
      if (nb && ts.isNamedImports(nb)) for (const el of nb.elements) cpFunctions.set(el.name.text, (el.propertyName ?? el.name).text);
    }
    if (ts.isVariableDeclaration(node) && node.initializer && ts.isCallExpression(node.initializer)) {
      const call = node.initializer;
      const isReq = (ts.isIdentifier(call.expression) && call.expression.text === 'require') || call.expression.kind === ts.SyntaxKind.ImportKeyword;
      const arg = call.arguments[0];
      if (isReq && arg && ts.isStringLiteral(arg) && isCpModule(arg.text)) {
        if (ts.isIdentifier(node.name)) cpNamespaces.add(node.name.text);
        if (ts.isObjectBindingPattern(node.name)) {
          for (const el of node.name.elements) if (ts.isIdentifier(el.name)) cpFunctions.set(el.name.text, el.propertyName && ts.isIdentifier(el.propertyName) ? el.propertyName.text : el.name.text);
        }
      }
    }
    ts.forEachChild(node, visitImports);
  };
  visitImports(sf);

  const literal = (n: ts.Node | undefined): string | undefined => (n && (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n)) ? n.text : undefined);
  /** `[shell, flag, script, …]` as an array literal: the script's node, when it is one. */
  const shellScript = (n: ts.Node | undefined): { script: ts.Node | undefined } | undefined => {
    if (!n || !ts.isArrayLiteralExpression(n)) return undefined;
    const [a, b, c] = n.elements;
    const first = literal(a);
    const second = literal(b);
    if (first !== undefined && SHELLS.test(first) && second !== undefined && SHELL_FLAGS.has(second)) return { script: c };
    return undefined;
  };

  const visit = (node: ts.Node) => {
    if (ts.isCallExpression(node)) {
      const callee = node.expression;
      let fnName: string | undefined;
      if (ts.isIdentifier(callee) && cpFunctions.has(callee.text)) fnName = cpFunctions.get(callee.text);
      if (ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) && (cpNamespaces.has(callee.expression.text) || callee.expression.text === 'child_process'))
        fnName = callee.name.text;
      // require('child_process').exec(…)
      if (ts.isPropertyAccessExpression(callee) && ts.isCallExpression(callee.expression)) {
        const inner = callee.expression;
        const arg = literal(inner.arguments[0]);
        if (ts.isIdentifier(inner.expression) && inner.expression.text === 'require' && arg && isCpModule(arg)) fnName = callee.name.text;
      }
      if (fnName === 'exec' || fnName === 'execSync') at(node, `child_process.${fnName} runs a shell command string`);
      if (fnName && CP_RUNNERS.has(fnName)) {
        const file0 = literal(node.arguments[0]);
        const args = node.arguments[1];
        if (file0 !== undefined && SHELLS.test(file0)) {
          const flag = args && ts.isArrayLiteralExpression(args) ? literal(args.elements[0]) : undefined;
          if (flag === undefined || SHELL_FLAGS.has(flag)) at(node, `${fnName} of a shell (${file0}) on the host`);
        }
        for (const a of node.arguments) {
          if (!ts.isObjectLiteralExpression(a)) continue;
          for (const p of a.properties) {
            if ((ts.isPropertyAssignment(p) || ts.isShorthandPropertyAssignment(p)) && p.name && ts.isIdentifier(p.name) && p.name.text === 'shell') {
              const v = ts.isPropertyAssignment(p) ? p.initializer : undefined;
              if (!v || v.kind !== ts.SyntaxKind.FalseKeyword) at(p, `${fnName} with a shell option`);
            }
          }
        }
      }
    }
    // Any object literal `{ shell: true }` / `{ shell: '/bin/sh' }` (options built ahead of the call).
    if (ts.isPropertyAssignment(node) && ts.isIdentifier(node.name) && node.name.text === 'shell') {
      const v = node.initializer;
      if (v.kind === ts.SyntaxKind.TrueKeyword || (literal(v) !== undefined && SHELLS.test(literal(v)!))) at(node, 'a shell option in an options object');
    }
    // Container-side scripts: fine when constant, flagged when built from data.
    const sh = shellScript(node);
    if (sh) {
      if (sh.script && literal(sh.script) === undefined) at(node, 'a shell script built from data (template, concatenation or variable)');
      else at(node, 'constant shell script', containerConstant);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return { host, containerConstant };
}

const SCANNED_ROOTS = ['engine', 'electron', 'renderer', 'e2e', 'eslint.config.js', 'playwright.config.ts'];
/** Test code may drive shells for its own purposes; it never ships. Benchmarks don't ship either. */
const EXCLUDED = /(^|\/)(node_modules|dist|test|tests|bench|\.scratch|test-results|playwright-report)(\/|$)/;

function sourceFiles(): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    const abs = path.join(ROOT, rel);
    const st = statSync(abs, { throwIfNoEntry: false });
    if (!st) return;
    if (st.isDirectory()) {
      for (const e of readdirSync(abs)) {
        const child = path.posix.join(rel, e);
        if (!EXCLUDED.test(child)) walk(child);
      }
    } else if (/\.(m|c)?[jt]sx?$/.test(rel) && !rel.endsWith('.d.ts')) out.push(rel);
  };
  for (const r of SCANNED_ROOTS) walk(r);
  return out;
}

describe('the shell detector fires on what is dangerous (it can fail)', () => {
  const BAD: [string, string][] = [
    ['named exec', "import { exec } from 'node:child_process';\nexec(`podman rm ${name}`);"],
    ['aliased exec', "import { exec as run } from 'child_process';\nrun('ls ' + dir);"],
    ['execSync', "import { execSync } from 'node:child_process';\nexecSync('ls');"],
    ['namespace exec', "import * as cp from 'node:child_process';\ncp.exec('ls');"],
    ['default import execSync', "import cp from 'child_process';\ncp.execSync('ls');"],
    ['require exec', "const cp = require('child_process');\ncp.exec('ls');"],
    ['destructured require', "const { exec } = require('node:child_process');\nexec('ls');"],
    ['inline require', "require('child_process').exec('ls');"],
    ['shell: true', "import { spawn } from 'node:child_process';\nspawn('podman', ['ps'], { shell: true });"],
    ['shell: string', "import { execFile } from 'node:child_process';\nexecFile('podman', ['ps'], { shell: '/bin/bash' }, () => {});"],
    ['options object with shell', "const opts = { cwd: '/', shell: true };"],
    ["spawn('sh', ['-c', …])", "import { spawn } from 'node:child_process';\nspawn('sh', ['-c', `touch ${x}`]);"],
    ["execFile('/bin/sh', ['-c', …])", "import { execFile } from 'node:child_process';\nexecFile('/bin/sh', ['-c', 'ls'], () => {});"],
    ['bash -lc', "import { spawnSync } from 'node:child_process';\nspawnSync('bash', ['-lc', cmd]);"],
    ['cmd /c', "import { spawn } from 'node:child_process';\nspawn('cmd.exe', ['/c', 'dir']);"],
    ['powershell -Command', "import { execFileSync } from 'node:child_process';\nexecFileSync('powershell', ['-Command', script]);"],
    ['sh with a script file', "import { spawn } from 'node:child_process';\nspawn('sh', [scriptPath]);"],
    ['container script from data', "await exec.runCollect(id, ['/bin/sh', '-c', `echo ${name}`]);"],
    ['container script by concatenation', "const cmd = ['sh', '-c', 'echo ' + name];"],
  ];
  for (const [name, code] of BAD) {
    test(`flags: ${name}`, () => {
      assert.ok(findShellUse('engine/src/x.ts', code).host.length >= 1, code);
    });
  }
  const GOOD: [string, string][] = [
    ['RegExp#exec', 'const m = /^(\\d+)$/.exec(s);\nconst n = re.exec(t);'],
    ['execFile with an argument array', "import { execFile } from 'node:child_process';\nexecFile('podman', ['rm', name], () => {});"],
    ['spawn with an array', "import { spawn } from 'node:child_process';\nspawn(bin, [root, ...args], { stdio: 'inherit' });"],
    ['shell: false', "import { spawn } from 'node:child_process';\nspawn('podman', ['ps'], { shell: false });"],
    ['a terminal shell field', 'const s = { shell: tty.shell, session: id };'],
    ['a method named exec on another object', "import { execFile } from 'node:child_process';\nclient.exec.run(id, ['ls']);\nthis.exec(id);"],
  ];
  for (const [name, code] of GOOD) {
    test(`does not flag: ${name}`, () => {
      assert.deepEqual(findShellUse('engine/src/x.ts', code).host, [], code);
    });
  }
  test('a constant container-side script is noted, not flagged', () => {
    const r = findShellUse('engine/src/x.ts', "await this.runCollect(id, ['/bin/sh', '-c', 'command -v bash']);");
    assert.deepEqual(r.host, []);
    assert.equal(r.containerConstant.length, 1);
  });
});

describe('the source tree', () => {
  test('no source file outside the tests builds a command string for a host shell', () => {
    const files = sourceFiles();
    assert.ok(files.length > 50, `scanned ${files.length} files`);
    assert.ok(
      files.includes('engine/src/api/exec.ts') && files.includes('electron/desktop/main.electron.ts') && files.some((f) => f.startsWith('renderer/src/')),
      'the scan covers engine, electron and renderer',
    );
    const host: Finding[] = [];
    const constant: Finding[] = [];
    for (const f of files) {
      const r = findShellUse(f, readFileSync(path.join(ROOT, f), 'utf8'));
      host.push(...r.host);
      constant.push(...r.containerConstant);
    }
    console.log(
      `no-shell scan: ${files.length} files, ${host.length} host-side findings, ${constant.length} constant container-side scripts${constant.length ? `: ${constant.map((c) => `${c.file}:${c.line}`).join(', ')}` : ''}`,
    );
    assert.deepEqual(
      host.map((h) => `${h.file}:${h.line} ${h.rule}: ${h.text}`),
      [],
    );
  });
});

describe("the ESLint rules in eslint.config.js fire (the editor's first line)", () => {
  const eslint = new ESLint({ cwd: ROOT });
  const shellMessages = async (file: string, code: string) => {
    const [r] = await eslint.lintText(code, { filePath: path.join(ROOT, file) });
    return (r?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-syntax' || m.ruleId === 'no-restricted-properties').map((m) => m.message);
  };
  for (const [name, code] of [
    ['exec import', "import { exec } from 'node:child_process';\nexport const a = exec;\n"],
    ['execSync import', "import { execSync } from 'child_process';\nexport const a = execSync;\n"],
    ['child_process.exec', "import * as child_process from 'node:child_process';\nchild_process.exec('ls');\n"],
    ['shell: true', "import { spawn } from 'node:child_process';\nspawn('ls', [], { shell: true });\n"],
  ] as const) {
    for (const file of ['engine/src/x.ts', 'electron/main/x.ts', 'electron/desktop/x.electron.ts']) {
      test(`refuses ${name} in ${file}`, async () => {
        const m = await shellMessages(file, code);
        assert.ok(
          m.some((x) => /shell/i.test(x)),
          `${file}: ${JSON.stringify(m)}`,
        );
      });
    }
  }
  test('allows execFile with an argument array', async () => {
    assert.deepEqual(await shellMessages('engine/src/x.ts', "import { execFile } from 'node:child_process';\nexecFile('podman', ['ps'], () => undefined);\n"), []);
  });
});
