/**
 * `npm run bench:ui [-- --quick] [-- --json FILE] [-- --no-build] [-- --profile DIR] [-- --cases a,b]`
 *
 * Runs only the UI suite (ui.bench.ts), which `npm run bench` also picks up
 * by convention, and prints its figures, its targets (met / not met: a
 * benchmark prints, it never fails on a missed target) and its notes. The
 * JSON rows have the same shape as `npm run bench --json`:
 * [{ case, subject, metric, value }].
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { handleInterrupts } from '../../engine/bench/interrupts.js';
import type { BenchContext } from '../../engine/bench/registry.js';
import { runUi } from './ui.bench.js';

function usage(): string {
  return 'usage: npm run bench:ui -- [--quick] [--json FILE] [--no-build] [--profile DIR] [--cases CASE[,CASE…]]';
}

const args = process.argv.slice(2);
let quick = false;
let json: string | undefined;
for (let i = 0; i < args.length; i++) {
  const a = args[i]!;
  const value = (): string => {
    const v = args[++i];
    if (!v) throw new Error(`${a} needs a value\n${usage()}`);
    return v;
  };
  if (a === '--quick') quick = true;
  else if (a === '--json') json = path.resolve(value());
  else if (a === '--no-build') process.env.BERTH_BENCH_NO_BUILD = '1';
  else if (a === '--profile') process.env.BERTH_BENCH_PROFILE = path.resolve(value());
  else if (a === '--cases') process.env.BERTH_BENCH_CASES = value();
  else if (a === '--help' || a === '-h') {
    console.log(usage());
    process.exit(0);
  } else {
    console.error(`unknown argument ${a}\n${usage()}`);
    process.exit(2);
  }
}

const interrupts = handleInterrupts();
const ctx: BenchContext = {
  quick,
  log: (m) => console.error(m),
  signal: interrupts.signal,
  onCleanup: interrupts.onCleanup,
};

try {
  const t0 = performance.now();
  const r = await runUi(ctx);
  console.log(`\nBerth UI bench${quick ? ' (quick)' : ''}\n`);
  for (const n of r.notes) console.log(n.startsWith(' ') ? n : `${n}`);
  console.log('\ntargets:');
  for (const v of r.verdicts) console.log(`  ${v.met ? 'met    ' : 'NOT MET'}  ${v.target}: ${v.detail}`);
  console.log(`\nran in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  if (json) {
    await writeFile(
      json,
      JSON.stringify(
        r.rows.map(({ case: c, subject, metric, value }) => ({ case: c, subject, metric, value })),
        null,
        2,
      ) + '\n',
    );
    console.log(`wrote ${r.rows.length} rows to ${json}`);
  }
  process.exit(0);
} catch (e) {
  if (!interrupts.interrupted()) {
    console.error((e as Error).stack ?? e);
    await interrupts.cleanUp();
    process.exit(1);
  }
}
