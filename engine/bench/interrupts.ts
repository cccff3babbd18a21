/**
 * What a bench run owes however it ends: suites register cleanups (harnesses,
 * temp dirs) through `onCleanup`; SIGINT/SIGTERM or a crash aborts `signal`,
 * runs every cleanup not yet run and exits. Shared by `npm run bench` and
 * `npm run bench:ui`, so an interrupted UI bench tears down like the rest.
 */
import type { BenchContext } from './registry.js';

export interface BenchInterrupts {
  signal: AbortSignal;
  onCleanup: BenchContext['onCleanup'];
  /** Runs every registered cleanup that has not run yet. */
  cleanUp(): Promise<void>;
  /** A signal has started the exit (the run's own errors are then not worth reporting). */
  interrupted(): boolean;
}

export function handleInterrupts(): BenchInterrupts {
  const interrupt = new AbortController();
  const cleanups = new Set<() => Promise<void>>();
  const cleanUp = async (): Promise<void> => {
    await Promise.all([...cleanups].map((c) => c()));
  };
  const onCleanup = (fn: () => Promise<void> | void): (() => Promise<void>) => {
    let done: Promise<void> | undefined;
    const once = (): Promise<void> => {
      cleanups.delete(once);
      done ??= Promise.resolve()
        .then(fn)
        .catch((e: unknown) => console.error(`cleanup failed: ${(e as Error).message}`));
      return done;
    };
    cleanups.add(once);
    return once;
  };

  let interrupted = false;
  const onSignal = (sig: NodeJS.Signals): void => {
    if (interrupted) {
      console.error(`\n${sig} again: exiting without cleanup`);
      process.exit(130);
    }
    interrupted = true;
    console.error(`\n${sig}: stopping and cleaning up…`);
    interrupt.abort();
    void cleanUp().finally(() => process.exit(130));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  // A peer library can throw from inside its own event handlers: still tear the harness down.
  const onCrash = (e: unknown): void => {
    console.error(`\nuncaught: ${(e as Error).stack ?? String(e)}\ncleaning up…`);
    interrupt.abort();
    void cleanUp().finally(() => process.exit(1));
  };
  process.on('uncaughtException', onCrash);
  process.on('unhandledRejection', onCrash);

  return { signal: interrupt.signal, onCleanup, cleanUp, interrupted: () => interrupted };
}
