/**
 * Runs a compose provider: an argument array (never a shell), pointed at the
 * engine Berth shows, in the project folder; its output streamed line by
 * line as it runs; Cancel sends SIGINT (what Ctrl-C does: the provider stops
 * cleanly), then SIGTERM and SIGKILL if it does not end.
 */
import { spawn } from 'node:child_process';
import type { ComposeOutputLine, ComposeRunResult } from '../models/compose.js';
import type { ComposePlan } from './compose-file.js';
import { readEnvFile } from './compose-file.js';
import { providerEnv, type ComposeProviderSpec } from './providers.js';

export type ComposeOp = { op: 'up' } | { op: 'down'; volumes: boolean };

export type ComposeRunEvent = { kind: 'started'; argv: string[] } | ({ kind: 'line' } & ComposeOutputLine) | { kind: 'result'; result: ComposeRunResult };

/** The provider's argv (after the program) for a plan. Pure: unit-tested per provider. */
export function composeArgv(spec: ComposeProviderSpec, plan: ComposePlan, op: ComposeOp): string[] {
  const args = spec.command.slice(1);
  for (const f of plan.files) args.push('-f', f);
  args.push('-p', plan.projectName);
  if (spec.api === 'docker' || spec.id === 'podman-compose-plugin') {
    if (plan.envFile) args.push('--env-file', plan.envFile);
    // Down takes every profile: what any earlier up started goes too.
    const profiles = op.op === 'down' ? [...new Set(plan.services.flatMap((s) => s.profiles))] : plan.profiles;
    for (const p of profiles) args.push('--profile', p);
  }
  if (spec.id === 'podman-compose') args.push('--no-ansi');
  if (op.op === 'up') {
    args.push('up', '-d');
    // A provider without profiles starts every service: name the active ones instead.
    if (!spec.profiles && plan.active.length < plan.services.length) args.push(...plan.active);
  } else {
    args.push('down');
    if (op.volumes) args.push('-v');
    if (spec.api === 'docker') args.push('--remove-orphans');
  }
  return args;
}

export interface ComposeRunOptions {
  spec: ComposeProviderSpec;
  /** The engine's socket URI (unix:///… or npipe:////./pipe/…). */
  engineUri: string;
  plan: ComposePlan;
  op: ComposeOp;
  env?: Readonly<Record<string, string | undefined>>;
  signal?: AbortSignal;
  /** How long after SIGINT before SIGTERM (and twice that before SIGKILL). */
  graceMs?: number;
  /** Most lines held for a slow reader before the provider's output is paused. */
  maxQueuedLines?: number;
}

const ERROR_LINE = /^(ERROR|Error|error)\b|^\w[\w.]*(Error|Exception): |is invalid because|depends on|no such|not found|already in use|address already/;

/** The provider's own words about a failure: its error lines, else its last lines. */
export function failureMessage(lines: readonly ComposeOutputLine[]): string | undefined {
  const errs = lines.filter((l) => ERROR_LINE.test(l.line.trim())).map((l) => l.line.trim());
  const picked = errs.length
    ? [...new Set(errs)].slice(-4)
    : lines
        .filter((l) => l.stream === 'stderr')
        .slice(-3)
        .map((l) => l.line.trim());
  const text = picked.filter(Boolean).join('\n');
  return text ? text.slice(0, 2000) : undefined;
}

export async function* runCompose(o: ComposeRunOptions): AsyncGenerator<ComposeRunEvent, void, undefined> {
  const argv = composeArgv(o.spec, o.plan, o.op);
  const env = providerEnv(o.spec, o.engineUri, o.env ?? process.env);
  // Providers without --env-file read variables from their environment.
  if (o.plan.envFile && !argv.includes('--env-file')) Object.assign(env, await readEnvFile(o.plan.envFile));
  const maxQueued = o.maxQueuedLines ?? 10_000;
  const graceMs = o.graceMs ?? 5000;
  const child = spawn(o.spec.command[0], argv, { cwd: o.plan.dir, env, stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });

  const queue: ComposeRunEvent[] = [];
  const tail: ComposeOutputLine[] = [];
  let wake: (() => void) | undefined;
  const poke = () => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  let stepExit: number | undefined;
  // podman-compose's down also removes services an up never created (another
  // profile): "no such container" there is the state asked for, not a failure.
  let stepText = '';
  const harmless = o.op.op === 'down' ? /no such (container|pod|network|volume)|no container with name or ID|network not found|volume not found/i : undefined;
  let cancelled = false;
  let spawnError: Error | undefined;
  let closed: { code: number | null } | undefined;
  const timers: NodeJS.Timeout[] = [];

  const push = (stream: 'stdout' | 'stderr', line: string) => {
    const l = line.replace(/\r$/, '');
    if (o.spec.stepExit) {
      const m = o.spec.stepExit.exec(l.trim());
      if (m && Number(m[1]) !== 0 && !harmless?.test(stepText)) stepExit = Number(m[1]);
      stepText = m ? '' : (stepText + '\n' + l).slice(-4000);
    }
    queue.push({ kind: 'line', stream, line: l });
    tail.push({ stream, line: l });
    if (tail.length > 200) tail.splice(0, tail.length - 200);
    if (queue.length >= maxQueued) {
      child.stdout?.pause();
      child.stderr?.pause();
    }
    poke();
  };
  for (const [stream, readable] of [
    ['stdout', child.stdout],
    ['stderr', child.stderr],
  ] as const) {
    let rest = '';
    readable.setEncoding('utf8');
    readable.on('data', (chunk: string) => {
      const parts = (rest + chunk).split('\n');
      rest = parts.pop() ?? '';
      for (const p of parts) push(stream, p);
    });
    readable.on('end', () => {
      if (rest) push(stream, rest);
      rest = '';
    });
  }
  child.on('error', (e) => {
    spawnError = e;
    poke();
  });
  child.on('close', (code) => {
    closed = { code };
    poke();
  });

  const cancel = () => {
    if (closed || cancelled) return;
    cancelled = true;
    child.kill('SIGINT');
    timers.push(setTimeout(() => !closed && child.kill('SIGTERM'), graceMs).unref());
    timers.push(setTimeout(() => !closed && child.kill('SIGKILL'), graceMs * 2).unref());
  };
  if (o.signal?.aborted) cancel();
  o.signal?.addEventListener('abort', cancel, { once: true });

  try {
    yield { kind: 'started', argv: [o.spec.command[0], ...argv] };
    for (;;) {
      while (queue.length) {
        yield queue.shift()!;
        if (queue.length < maxQueued / 2) {
          child.stdout?.resume();
          child.stderr?.resume();
        }
      }
      if (spawnError) {
        yield { kind: 'result', result: { ok: false, exitCode: null, cancelled, message: `${o.spec.label} could not be started: ${spawnError.message}` } };
        return;
      }
      if (closed) {
        const code = closed.code;
        const failedCode = code !== 0 ? code : (stepExit ?? 0);
        const ok = !cancelled && failedCode === 0;
        yield { kind: 'result', result: { ok, exitCode: failedCode, cancelled, ...(ok ? {} : { message: cancelled ? 'Cancelled' : failureMessage(tail) }) } };
        return;
      }
      await new Promise<void>((resolve) => (wake = resolve));
    }
  } finally {
    o.signal?.removeEventListener('abort', cancel);
    // The reader went away (the UI closed): the provider must not run on unwatched.
    if (!closed && !spawnError) {
      cancel();
      await new Promise<void>((resolve) => (closed ? resolve() : child.once('close', () => resolve())));
    }
    for (const t of timers) clearTimeout(t);
  }
}
