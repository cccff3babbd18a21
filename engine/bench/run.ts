/**
 * `npm run bench [-- --quick] [-- --json FILE] [-- --only engine,ui]`
 *
 * Runs every registered bench suite (see registry.ts) one after the other
 * and prints one table: each figure next to its peers from the same run,
 * with ratios, then a verdict per target (met / not met; a missed target
 * never fails the process — a suite that crashes does).
 *
 * Suites are found by convention: `engine/bench/*.suite.ts` and, when the
 * folder exists, `e2e/bench/*.bench.ts`. A suite module calls
 * `registerSuite()` or default-exports a suite (or an array of suites).
 */
import { existsSync, readdirSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { handleInterrupts } from './interrupts.js';
import { isBenchSuite, registerSuite, registeredSuites, type BenchContext, type BenchRow, type SuiteResult, type Verdict } from './registry.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');

interface Args {
  quick: boolean;
  json?: string;
  only?: string[];
}

function usage(): string {
  return [
    'usage: npm run bench -- [--quick] [--json FILE] [--only SUITE[,SUITE…]]',
    '  --quick       a fast smoke run (100 containers, 100,000 log lines)',
    '  --json FILE   also write the rows as JSON: [{ case, subject, metric, value }]',
    '  --only LIST   run only these suites (by name)',
  ].join('\n');
}

function parseArgs(argv: string[]): Args {
  const out: Args = { quick: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const [flag, inline] = a.startsWith('--') && a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const next = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === '') throw new Error(`${flag} needs a value\n${usage()}`);
      return v;
    };
    if (flag === '--quick') out.quick = true;
    else if (flag === '--json') out.json = path.resolve(next());
    else if (flag === '--only')
      out.only = next()
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
    else if (flag === '--help' || flag === '-h') {
      console.log(usage());
      process.exit(0);
    } else throw new Error(`unknown argument ${a}\n${usage()}`);
  }
  return out;
}

/** Import suite modules found by convention; default exports are registered too. */
async function loadSuites(): Promise<void> {
  const dirs: [string, RegExp][] = [
    [here, /\.suite\.ts$/],
    [path.join(root, 'e2e', 'bench'), /\.bench\.ts$/],
  ];
  for (const [dir, pattern] of dirs) {
    if (!existsSync(dir)) continue;
    for (const file of readdirSync(dir)
      .filter((f) => pattern.test(f))
      .sort()) {
      const mod = (await import(pathToFileURL(path.join(dir, file)).href)) as { default?: unknown };
      const d = mod.default;
      for (const s of Array.isArray(d) ? d : [d]) if (isBenchSuite(s)) registerSuite(s);
    }
  }
}

// Tear down whatever suites registered, also on a signal or a crash.
const interrupts = handleInterrupts();

// ---- output -------------------------------------------------------------------------------

function num(v: number | undefined, digits = 0): string {
  if (v === undefined || Number.isNaN(v)) return '–';
  return v.toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

function table(rows: BenchRow[]): string {
  const header = ['case', 'subject', 'wall ms', 'cpu ms', 'engine cpu ms', 'bytes / lines', 'ratio'];
  const lines: string[][] = [];
  const cases = [...new Set(rows.map((r) => r.case))];
  for (const c of cases) {
    const inCase = rows.filter((r) => r.case === c);
    const get = (s: string, m: string): number | undefined => inCase.find((r) => r.subject === s && r.metric === m)?.value;
    const rawWall = get('raw-socket', 'wall-ms');
    for (const s of [...new Set(inCase.map((r) => r.subject))]) {
      const wall = get(s, 'wall-ms');
      const bytes = get(s, 'bytes');
      const count = get(s, 'lines');
      const size = [bytes !== undefined ? `${num(bytes)} B` : '', count !== undefined ? `${num(count)} lines` : ''].filter(Boolean).join(' / ') || '–';
      const ratios = inCase.filter((r) => r.subject === s && r.metric.startsWith('ratio-')).map((r) => `${r.value.toFixed(2)}× ${r.metric.slice('ratio-'.length).replace(/-vs-/, ' vs ')}`);
      if (ratios.length === 0 && wall !== undefined && rawWall !== undefined && s !== 'raw-socket') ratios.push(`${(wall / rawWall).toFixed(2)}× wall vs raw`);
      lines.push([c, s, num(wall), num(get(s, 'cpu-ms')), num(get(s, 'engine-cpu-ms')), size, ratios.join(', ') || '–']);
    }
  }
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const right = new Set([2, 3, 4, 5]);
  const fmtLine = (l: string[]): string =>
    l
      .map((cell, i) => (right.has(i) ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [fmtLine(header), widths.map((w) => '-'.repeat(w)).join('  '), ...lines.map(fmtLine)].join('\n');
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  await loadSuites();
  let suites = registeredSuites();
  if (args.only) {
    const unknown = args.only.filter((n) => !suites.some((s) => s.name === n));
    if (unknown.length) throw new Error(`no suite named ${unknown.join(', ')} (have: ${suites.map((s) => s.name).join(', ')})`);
    suites = suites.filter((s) => args.only!.includes(s.name));
  }
  const ctx: BenchContext = {
    quick: args.quick,
    log: (m) => console.error(m),
    onCleanup: interrupts.onCleanup,
    signal: interrupts.signal,
  };
  const results: { name: string; result?: SuiteResult; error?: Error; ms: number }[] = [];
  for (const suite of suites) {
    const t0 = performance.now();
    console.error(`== suite ${suite.name}${args.quick ? ' (quick)' : ''}`);
    try {
      results.push({ name: suite.name, result: await suite.run(ctx), ms: performance.now() - t0 });
    } catch (e) {
      if (interrupts.interrupted()) return 130;
      console.error(`suite ${suite.name} failed: ${(e as Error).stack ?? String(e)}`);
      results.push({ name: suite.name, error: e as Error, ms: performance.now() - t0 });
    }
  }

  const rows = results.flatMap((r) => r.result?.rows ?? []);
  const verdicts: Verdict[] = results.flatMap((r) => r.result?.verdicts ?? []);
  console.log(`\nBerth bench${args.quick ? ' (quick)' : ''}: medians; client CPU is this process (Node subjects) or the child (curl, podman); engine CPU is the Podman service's.\n`);
  if (rows.length) console.log(table(rows));
  for (const r of results) {
    const notes = r.result?.notes ?? [];
    if (notes.length) console.log(`\nnotes (${r.name}):\n${notes.map((n) => `  - ${n}`).join('\n')}`);
  }
  console.log('\ntargets:');
  for (const v of verdicts) console.log(`  ${v.met ? 'met    ' : 'NOT MET'}  ${v.target}: ${v.detail}`);
  for (const r of results) console.log(`  suite ${r.name}: ${r.error ? `FAILED (${r.error.message})` : 'ran'} in ${(r.ms / 1000).toFixed(1)} s`);

  if (args.json) {
    const out = rows.filter((r) => !r.printOnly && Number.isFinite(r.value)).map((r) => ({ case: r.case, subject: r.subject, metric: r.metric, value: r.value }));
    await writeFile(args.json, JSON.stringify(out, null, 2) + '\n');
    console.log(`\nwrote ${out.length} rows to ${args.json}`);
  }
  return results.some((r) => r.error) ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error((e as Error).message ?? e);
    void interrupts.cleanUp().finally(() => process.exit(2));
  },
);
