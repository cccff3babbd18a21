/**
 * Find an engine: try the candidates in order (see candidates.ts), each with
 * a short ping, and return the first that answers, together with what was
 * tried and why each one failed. On Linux, when nothing answers and `podman`
 * is installed, start Berth's own service (the embedded default).
 */
import { execFile } from 'node:child_process';
import { connectEngine, type EngineClient } from '../client.js';
import { EngineError, isEngineError } from '../errors.js';
import { HttpTransport } from '../transport/http-transport.js';
import type { SocketAddress } from '../transport/socket-address.js';
import { discoveryCandidates, type Candidate, type ConnectionSource } from './candidates.js';
import { EmbeddedService, findOnPath, type EmbeddedServiceOptions } from './embedded-service.js';

export interface DiscoverOptions {
  /** Explicit connection(s) from settings or the command line. */
  explicit?: string | readonly string[] | undefined;
  /**
   * With an explicit connection, try only that (default true): the user chose
   * it, so failing with its error beats silently connecting to another engine.
   */
  explicitOnly?: boolean;
  /** Default: process.env. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Default: process.platform. */
  platform?: NodeJS.Platform;
  /** Default: process.getuid?.(). */
  uid?: number | undefined;
  /**
   * `podman machine inspect` output to use, or `false` not to run it. Default:
   * run it on macOS and Windows (argument array, 5 s timeout).
   */
  machineInspect?: string | false;
  /**
   * Probe every candidate instead of stopping at the first that answers; the
   * others come back in `others` (Settings → Engines lists them all).
   */
  all?: boolean;
  /** Only consider candidates from these sources (tests use this to stay hermetic). */
  sources?: readonly ConnectionSource[];
  /**
   * How long a candidate gets to answer `/_ping` (ms). Default 3000 (systemd
   * socket activation starts the service on the first request).
   */
  pingTimeoutMs?: number;
  /** How long connecting (version handshake) may take once the ping answered (ms). Default 15000. */
  connectTimeoutMs?: number;
  /**
   * Start Berth's own Podman service when nothing answers (Linux with podman
   * on PATH; never with an explicit connection). Default true; pass options to
   * give it extra global args and env.
   */
  embedded?: boolean | EmbeddedServiceOptions;
}

/** An engine that answered. */
export interface FoundEngine {
  client: EngineClient;
  candidate: Candidate;
  source: ConnectionSource;
}

/** One candidate tried. */
export interface DiscoveryAttempt {
  candidate: Candidate;
  ok: boolean;
  /** Why it failed (unsupported value, no socket, permission, timeout...). */
  error?: EngineError | undefined;
  /** Time spent on it (ms). */
  ms: number;
}

export type DiscoveryResult =
  | {
      ok: true;
      client: EngineClient;
      candidate: Candidate;
      source: ConnectionSource;
      /** Set when Berth started its own service; the caller owns it (stop it on shutdown). */
      embedded?: EmbeddedService | undefined;
      tried: DiscoveryAttempt[];
      /** With `all`: further engines that answered, in discovery order. */
      others?: FoundEngine[];
    }
  | { ok: false; error: EngineError; tried: DiscoveryAttempt[] };

const OPERATION = 'Find a container engine';

/** Run `podman machine inspect` (macOS/Windows only); undefined when it cannot. */
export function runMachineInspect(timeoutMs = 5000, env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile('podman', ['machine', 'inspect'], { timeout: timeoutMs, env, windowsHide: true, maxBuffer: 4 * 1024 * 1024 }, (err, stdout) => {
      resolve(err ? undefined : stdout);
    });
  });
}

/** A bare `/_ping` with a short timeout: is anything answering there? */
async function ping(address: SocketAddress, timeoutMs: number): Promise<void> {
  const transport = new HttpTransport({ address, defaultTimeoutMs: timeoutMs, maxSockets: 1 });
  try {
    await transport.text({ path: '/_ping', operation: `Connect to ${address.uri}`, timeoutMs });
  } finally {
    transport.close();
  }
}

function describe(e: unknown, candidate: Candidate): EngineError {
  if (isEngineError(e)) return e;
  return new EngineError({ kind: 'unreachable', operation: `Connect to ${candidate.input}`, engineMessage: e instanceof Error ? e.message : String(e), cause: e });
}

/** Try the candidates in order; see {@link DiscoverOptions}. */
export async function discover(opts: DiscoverOptions = {}): Promise<DiscoveryResult> {
  const platform = opts.platform ?? process.platform;
  const env = opts.env ?? process.env;
  const uid = 'uid' in opts ? opts.uid : process.getuid?.();
  const explicit = opts.explicit === undefined ? [] : typeof opts.explicit === 'string' ? [opts.explicit] : [...opts.explicit];
  const hasExplicit = explicit.some((x) => x.trim());

  let machineInspect: string | undefined;
  if (typeof opts.machineInspect === 'string') machineInspect = opts.machineInspect;
  else if (opts.machineInspect !== false && (platform === 'darwin' || platform === 'win32') && platform === process.platform && !(hasExplicit && opts.explicitOnly !== false)) {
    machineInspect = await runMachineInspect();
  }

  let candidates = discoveryCandidates({ platform, env, uid, explicit, machineInspect });
  if (hasExplicit && opts.explicitOnly !== false) candidates = candidates.filter((c) => c.source === 'explicit');
  if (opts.sources) candidates = candidates.filter((c) => opts.sources!.includes(c.source));

  const tried: DiscoveryAttempt[] = [];
  const pingTimeoutMs = opts.pingTimeoutMs ?? 3000;
  const connectTimeoutMs = opts.connectTimeoutMs ?? 15_000;
  const found: FoundEngine[] = [];
  for (const candidate of candidates) {
    const t0 = Date.now();
    if (!candidate.address) {
      tried.push({
        candidate,
        ok: false,
        ms: 0,
        error: new EngineError({ kind: 'unsupported', operation: `Connect to ${candidate.input}`, engineMessage: candidate.unsupported, hint: 'Use a local unix socket or named pipe.' }),
      });
      continue;
    }
    try {
      await ping(candidate.address, pingTimeoutMs);
      const client = await connectEngine({ address: candidate.address, timeoutMs: connectTimeoutMs });
      tried.push({ candidate, ok: true, ms: Date.now() - t0 });
      found.push({ client, candidate, source: candidate.source });
      if (!opts.all) break;
    } catch (e) {
      tried.push({ candidate, ok: false, ms: Date.now() - t0, error: describe(e, candidate) });
    }
  }
  if (found.length) {
    const [first, ...others] = found;
    return { ok: true, client: first!.client, candidate: first!.candidate, source: first!.source, tried, ...(opts.all ? { others } : {}) };
  }

  const wantEmbedded = opts.embedded !== false && !hasExplicit && (opts.sources === undefined || opts.sources.includes('embedded'));
  if (wantEmbedded && platform === 'linux' && platform === process.platform) {
    const embeddedOpts: EmbeddedServiceOptions = typeof opts.embedded === 'object' ? opts.embedded : {};
    const podman = embeddedOpts.podman ?? findOnPath('podman', embeddedOpts.env ?? env, platform);
    if (podman) {
      const t0 = Date.now();
      const placeholder: Candidate = { source: 'embedded', origin: "Berth's own Podman service", input: 'podman system service', expect: 'podman' };
      let service: EmbeddedService | undefined;
      try {
        service = await EmbeddedService.start({ ...embeddedOpts, podman });
        const candidate: Candidate = { ...placeholder, input: service.uri, address: { socketPath: service.socketPath, uri: service.uri, kind: 'unix' } };
        const client = await connectEngine({ address: candidate.address!, timeoutMs: connectTimeoutMs });
        tried.push({ candidate, ok: true, ms: Date.now() - t0 });
        return { ok: true, client, candidate, source: 'embedded', embedded: service, tried };
      } catch (e) {
        await service?.stop();
        tried.push({ candidate: placeholder, ok: false, ms: Date.now() - t0, error: describe(e, placeholder) });
      }
    }
  }

  const lines = tried.map((a) => `${a.candidate.origin} ${a.candidate.address?.uri ?? a.candidate.input}: ${a.error?.engineMessage ?? a.error?.message ?? 'failed'}`);
  const error = new EngineError({
    kind: tried.length && tried.every((a) => a.error?.kind === 'unsupported') ? 'unsupported' : 'unreachable',
    operation: OPERATION,
    engineMessage: tried.length ? `no engine answered. Tried: ${lines.join('; ')}` : 'there was nowhere to look',
    hint: hasExplicit
      ? 'Check the connection in Settings (or on the command line): is the engine running, and is the path right?'
      : platform === 'linux'
        ? 'Install Podman, or start it (`systemctl --user start podman.socket`), or choose a connection in Settings.'
        : 'Start your Podman machine (`podman machine start`) or Docker, or choose a connection in Settings.',
    socket: tried.find((a) => a.candidate.address)?.candidate.address?.socketPath,
  });
  return { ok: false, error, tried };
}
