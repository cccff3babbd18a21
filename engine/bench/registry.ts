/**
 * The bench's suite registry, kept apart from `run.ts` so that other files
 * (the engine suite here, UI suites under `e2e/bench/`) can add suites
 * without importing the runner and its side effects.
 *
 * A suite module either calls `registerSuite()` when it is imported, or
 * default-exports a suite (or an array of suites). `run.ts` imports
 * `engine/bench/*.suite.ts` and `e2e/bench/*.bench.ts` (when that folder
 * exists) and runs every suite it found, one after the other.
 */

/** Who was measured. The engine suites use the first five; other suites may add their own. */
export type BenchSubject = 'berth' | 'raw-socket' | 'dockerode' | 'curl' | 'podman-cli' | (string & {});

/** One figure. `metric` is `wall-ms`, `cpu-ms`, `bytes`, `lines` or `ratio-…` (e.g. `ratio-wall-vs-raw`). */
export interface BenchRow {
  case: string;
  subject: BenchSubject;
  metric: string;
  value: number;
  /** Shown in the printed table but left out of `--json` (e.g. the engine service's own CPU). */
  printOnly?: boolean;
}

/** A target from DESIGN.md's benchmark table, judged on this run. Never fails the process. */
export interface Verdict {
  target: string;
  met: boolean;
  detail: string;
}

export interface SuiteResult {
  rows: BenchRow[];
  verdicts: Verdict[];
  /** Free-form observations printed after the table (setup times, engine quirks...). */
  notes: string[];
}

export interface BenchContext {
  /** `--quick`: a small smoke run (e.g. 100 containers, 100,000 log lines). */
  quick: boolean;
  /** Progress output (stderr, so the table on stdout stays clean). */
  log(message: string): void;
  /**
   * Register teardown work that must also run when the bench is interrupted
   * (SIGINT/SIGTERM). Returns a function that runs it now, once; suites call
   * that in their own `finally`.
   */
  onCleanup(fn: () => Promise<void> | void): () => Promise<void>;
  /** Aborted when the bench is interrupted. */
  signal: AbortSignal;
}

export interface BenchSuite {
  /** Short, stable name (used by `--only`). */
  name: string;
  description?: string;
  run(ctx: BenchContext): Promise<SuiteResult>;
}

const suites: BenchSuite[] = [];

/** Add a suite; a second suite with the same name replaces the first. */
export function registerSuite(suite: BenchSuite): void {
  const i = suites.findIndex((s) => s.name === suite.name);
  if (i >= 0) suites[i] = suite;
  else suites.push(suite);
}

/** The suites registered so far, in registration order. */
export function registeredSuites(): readonly BenchSuite[] {
  return suites;
}

/** True for something shaped like a suite (used for default exports). */
export function isBenchSuite(x: unknown): x is BenchSuite {
  return typeof x === 'object' && x !== null && typeof (x as BenchSuite).name === 'string' && typeof (x as BenchSuite).run === 'function';
}
