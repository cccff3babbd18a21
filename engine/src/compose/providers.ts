/**
 * The compose tools Berth drives, as a table: how to call each, how to ask
 * its version, how to point it at an engine, and what it understands. Found
 * in the table's order unless a setting names one.
 */
import { execFile } from 'node:child_process';
import type { ComposeProviderId, ComposeProviderStatus } from '../models/compose.js';
import type { HostOsId } from '../discovery/host-setup.js';

export interface ComposeProviderSpec {
  id: ComposeProviderId;
  label: string;
  /** Program and the arguments before the compose command (`docker compose …`). */
  command: readonly [string, ...string[]];
  versionArgs: readonly string[];
  /** The version in what `versionArgs` printed. */
  version: RegExp;
  /** How it reaches the engine: DOCKER_HOST (any Docker-compatible socket) or Podman's own CONTAINER_HOST (Podman only). */
  api: 'docker' | 'podman';
  profiles: boolean;
  /**
   * podman-compose 1.0.3 runs each step with the podman CLI, prints "exit code: N"
   * after it and exits 0 even when a step failed: this finds the failed step.
   */
  stepExit?: RegExp;
}

export const COMPOSE_PROVIDERS: readonly ComposeProviderSpec[] = [
  { id: 'docker-compose-v2', label: 'docker compose', command: ['docker', 'compose'], versionArgs: ['version', '--short'], version: /^v?(\d+\.\d+[\w.+-]*)\s*$/m, api: 'docker', profiles: true },
  { id: 'docker-compose', label: 'docker-compose', command: ['docker-compose'], versionArgs: ['version', '--short'], version: /^v?(\d+\.\d+[\w.+-]*)\s*$/m, api: 'docker', profiles: true },
  {
    id: 'podman-compose-plugin',
    label: 'podman compose',
    command: ['podman', 'compose'],
    versionArgs: ['version'],
    version: /version\s+v?(\d+\.\d+[\w.+-]*)/i,
    api: 'podman',
    profiles: true,
  },
  {
    id: 'podman-compose',
    label: 'podman-compose',
    command: ['podman-compose'],
    versionArgs: ['version'],
    version: /podman-composer? version\s+v?(\d+\.\d+[\w.+-]*)/i,
    api: 'podman',
    profiles: false,
    stepExit: /^exit code: (\d+)$/,
  },
];

export function providerSpec(id: ComposeProviderId): ComposeProviderSpec {
  const spec = COMPOSE_PROVIDERS.find((p) => p.id === id);
  if (!spec) throw new Error(`unknown compose provider ${id}`);
  return spec;
}

/** Points a provider at an engine: the socket URI in the variable its API reads. */
export function providerEnv(spec: ComposeProviderSpec, engineUri: string, base: Readonly<Record<string, string | undefined>> = process.env): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(base)) if (v !== undefined) env[k] = v;
  // The user's own selection must not win over the engine Berth shows.
  for (const k of ['DOCKER_HOST', 'DOCKER_CONTEXT', 'CONTAINER_HOST', 'CONTAINER_CONNECTION']) delete env[k];
  if (spec.api === 'docker') env.DOCKER_HOST = engineUri;
  else env.CONTAINER_HOST = engineUri;
  // Plain progress lines, no colour codes or cursor movement.
  env.COMPOSE_ANSI = 'never';
  env.NO_COLOR = '1';
  // docker-compose 1.x and podman-compose are Python: unbuffered, their lines arrive as they happen and in order.
  env.PYTHONUNBUFFERED = '1';
  return env;
}

export interface DetectOptions {
  env?: Readonly<Record<string, string | undefined>>;
  timeoutMs?: number;
  /** Only these (default: all of the table). */
  only?: readonly ComposeProviderId[];
}

function run(
  file: string,
  args: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  timeoutMs: number,
): Promise<{ code: number | null; out: string; err?: { code?: number | string; killed?: boolean } }> {
  return new Promise((resolve) => {
    execFile(file, args, { env: env as NodeJS.ProcessEnv, timeout: timeoutMs, windowsHide: true, maxBuffer: 256 * 1024 }, (err, stdout, stderr) => {
      const e = err as (Omit<NodeJS.ErrnoException, 'code'> & { code?: number | string; killed?: boolean }) | null;
      resolve({ code: e ? (typeof e.code === 'number' ? e.code : null) : 0, out: `${stdout}\n${stderr}`, ...(e ? { err: e } : {}) });
    });
  });
}

/** Asks every provider for its version (in parallel, each bounded): what is installed here, and what is not. */
export async function detectComposeProviders(opts: DetectOptions = {}): Promise<ComposeProviderStatus[]> {
  const env = opts.env ?? process.env;
  const timeoutMs = opts.timeoutMs ?? 8000;
  const specs = COMPOSE_PROVIDERS.filter((p) => !opts.only || opts.only.includes(p.id));
  return Promise.all(
    specs.map(async (spec): Promise<ComposeProviderStatus> => {
      const base = { id: spec.id, label: spec.label, engines: spec.api === 'docker' ? ('any' as const) : ('podman' as const), profiles: spec.profiles };
      const [file, ...pre] = spec.command;
      const r = await run(file, [...pre, ...spec.versionArgs], env, timeoutMs);
      if (r.err?.code === 'ENOENT') return { ...base, available: false, reason: `${file} is not installed` };
      const version = spec.version.exec(r.out)?.[1];
      if (r.code === 0 && version) return { ...base, available: true, version };
      if (r.err?.killed) return { ...base, available: false, reason: `${spec.label} did not answer within ${Math.round(timeoutMs / 1000)} s` };
      const said = r.out.trim().split('\n').filter(Boolean).slice(-1)[0] ?? `exit code ${r.code}`;
      return { ...base, available: false, reason: `${spec.label} is not installed (${said.slice(0, 200)})` };
    }),
  );
}

/** The first available provider in the table's order, or the preferred one when it is available. */
export function chooseProvider(found: readonly ComposeProviderStatus[], opts: { preferred?: ComposeProviderId | undefined; engineKind: 'podman' | 'docker' }): ComposeProviderStatus | undefined {
  const usable = found.filter((p) => p.available && (p.engines === 'any' || opts.engineKind === 'podman'));
  return usable.find((p) => p.id === opts.preferred) ?? usable[0];
}

/** How to install a provider on this OS (one command people can paste). */
export function composeInstallAdvice(os: HostOsId): string {
  switch (os) {
    case 'debian':
      return 'Install one with: sudo apt-get install docker-compose (or podman-compose)';
    case 'fedora':
      return 'Install one with: sudo dnf install podman-compose (or docker-compose)';
    case 'arch':
      return 'Install one with: sudo pacman -S docker-compose (or podman-compose)';
    case 'mac':
      return 'Install one with: brew install docker-compose (or podman-compose)';
    case 'windows':
      return 'Install one with: winget install Docker.DockerCompose (or pip install podman-compose)';
    default:
      return 'Install docker-compose or podman-compose with your package manager (or pip install podman-compose)';
  }
}
