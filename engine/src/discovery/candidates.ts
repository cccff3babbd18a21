/**
 * Where to look for a container engine, in order. This is a pure function of
 * (platform, environment, uid, explicit connection, `podman machine inspect`
 * output) so the order can be tested on any OS:
 *
 * 1. an explicit connection (settings or the command line);
 * 2. `CONTAINER_HOST`, then `DOCKER_HOST`;
 * 3. Linux: rootless Podman, `$XDG_RUNTIME_DIR/podman/podman.sock`
 *    (`/run/user/<uid>/…` when the variable is unset);
 * 4. Linux: rootful Podman, `/run/podman/podman.sock`;
 * 5. macOS/Windows: the Podman machine's socket or pipe from
 *    `podman machine inspect` (`ConnectionInfo.PodmanSocket.Path` /
 *    `ConnectionInfo.PodmanPipe.Path`), or the default locations;
 * 6. Docker: `/var/run/docker.sock` (macOS also `~/.docker/run/docker.sock`),
 *    `npipe:////./pipe/docker_engine` on Windows.
 *
 * Values that are not local sockets (`tcp://`, `ssh://`) are kept in the list
 * and marked unsupported, so the user sees why they were skipped.
 */
import { InvalidSocketAddressError, parseSocketAddress, type SocketAddress } from '../transport/socket-address.js';

/** How a connection was found. `embedded` is Berth's own Podman service. */
export type ConnectionSource = 'explicit' | 'env' | 'rootless' | 'rootful' | 'machine' | 'docker' | 'embedded';

/** One place to try. */
export interface Candidate {
  source: ConnectionSource;
  /** For people: "settings or command line", "CONTAINER_HOST", "rootless Podman", "podman machine podman-machine-default"... */
  origin: string;
  /** The value as written (or as derived). */
  input: string;
  /** The parsed address; absent when the value cannot be used. */
  address?: SocketAddress | undefined;
  /** Why this value cannot be used (remote TCP/SSH, bad syntax). */
  unsupported?: string | undefined;
  /** The engine normally found there. */
  expect: 'podman' | 'docker' | 'any';
  /** For machine candidates: which machine. */
  machine?: { name: string; state?: string | undefined; rootful?: boolean | undefined } | undefined;
}

export interface CandidateInputs {
  platform: NodeJS.Platform;
  env: Readonly<Record<string, string | undefined>>;
  /** process.getuid() where it exists. */
  uid?: number | undefined;
  /** Explicit connection(s) from settings or the command line, in preference order. */
  explicit?: string | readonly string[] | undefined;
  /** stdout of `podman machine inspect` (a JSON array), if it ran. */
  machineInspect?: string | undefined;
}

/** What we read from one `podman machine inspect` entry. */
export interface MachineSockets {
  name: string;
  state?: string | undefined;
  rootful?: boolean | undefined;
  socketPath?: string | undefined;
  pipePath?: string | undefined;
}

export const ROOTFUL_PODMAN_SOCKET = '/run/podman/podman.sock';
export const DOCKER_SOCKET = '/var/run/docker.sock';
export const WINDOWS_PODMAN_PIPE = 'npipe:////./pipe/podman-machine-default';
export const WINDOWS_DOCKER_PIPE = 'npipe:////./pipe/docker_engine';

/** Parse `podman machine inspect` output; malformed output gives an empty list. */
export function parseMachineInspect(stdout: string | undefined): MachineSockets[] {
  if (!stdout || !stdout.trim()) return [];
  let value: unknown;
  try {
    value = JSON.parse(stdout);
  } catch {
    return [];
  }
  const list = Array.isArray(value) ? value : [value];
  const out: MachineSockets[] = [];
  for (const m of list) {
    if (!m || typeof m !== 'object') continue;
    const rec = m as Record<string, any>;
    const ci = (rec.ConnectionInfo ?? {}) as Record<string, any>;
    const pathOf = (x: unknown): string | undefined => {
      if (typeof x === 'string') return x || undefined;
      if (x && typeof x === 'object' && typeof (x as { Path?: unknown }).Path === 'string') return (x as { Path: string }).Path || undefined;
      return undefined;
    };
    out.push({
      name: typeof rec.Name === 'string' ? rec.Name : 'podman-machine-default',
      state: typeof rec.State === 'string' ? rec.State : undefined,
      rootful: typeof rec.Rootful === 'boolean' ? rec.Rootful : undefined,
      socketPath: pathOf(ci.PodmanSocket),
      pipePath: pathOf(ci.PodmanPipe),
    });
  }
  return out;
}

/** Windows spellings of a named pipe without a scheme (`//./pipe/name`) become `npipe://` URIs there. */
function normalizeFor(platform: NodeJS.Platform, input: string): string {
  if (platform === 'win32' && /^\/\/[^/]+\/pipe\/./i.test(input)) return `npipe://${input}`;
  return input;
}

function make(source: ConnectionSource, origin: string, input: string, expect: Candidate['expect'], machine?: Candidate['machine'], platform?: NodeJS.Platform): Candidate {
  try {
    return { source, origin, input, address: parseSocketAddress(platform ? normalizeFor(platform, input) : input), expect, machine };
  } catch (e) {
    const why = e instanceof InvalidSocketAddressError ? e.message : String(e);
    return { source, origin, input, unsupported: why, expect, machine };
  }
}

/** The ordered, de-duplicated list of places to try. */
export function discoveryCandidates(inputs: CandidateInputs): Candidate[] {
  const { platform, env } = inputs;
  const list: Candidate[] = [];
  const explicit = inputs.explicit === undefined ? [] : typeof inputs.explicit === 'string' ? [inputs.explicit] : inputs.explicit;
  for (const value of explicit) {
    if (value.trim()) list.push(make('explicit', 'settings or command line', value.trim(), 'any', undefined, platform));
  }
  for (const name of ['CONTAINER_HOST', 'DOCKER_HOST'] as const) {
    const value = env[name]?.trim();
    if (value) list.push(make('env', name, value, name === 'DOCKER_HOST' ? 'docker' : 'podman', undefined, platform));
  }

  const isWindows = platform === 'win32';
  const isMac = platform === 'darwin';
  if (!isWindows && !isMac) {
    const xdg = env.XDG_RUNTIME_DIR?.trim();
    if (xdg && xdg.startsWith('/')) {
      list.push(make('rootless', 'rootless Podman', `${xdg.replace(/\/+$/, '')}/podman/podman.sock`, 'podman'));
    } else if (inputs.uid !== undefined && inputs.uid !== 0) {
      list.push(make('rootless', 'rootless Podman', `/run/user/${inputs.uid}/podman/podman.sock`, 'podman'));
    }
    list.push(make('rootful', 'rootful Podman', ROOTFUL_PODMAN_SOCKET, 'podman'));
  }

  if (isWindows || isMac) {
    const machines = parseMachineInspect(inputs.machineInspect);
    // Running machines first, then the rest in the order podman gave them.
    const ordered = [...machines.filter((m) => m.state === 'running'), ...machines.filter((m) => m.state !== 'running')];
    for (const m of ordered) {
      const info = { name: m.name, state: m.state, rootful: m.rootful };
      const origin = `podman machine ${m.name}`;
      if (isWindows) {
        if (m.pipePath) list.push(make('machine', origin, m.pipePath, 'podman', info, platform));
      } else if (m.socketPath) {
        list.push(make('machine', origin, m.socketPath, 'podman', info));
      }
    }
    if (isWindows) {
      list.push(make('machine', 'podman machine (default pipe)', WINDOWS_PODMAN_PIPE, 'podman', { name: 'podman-machine-default' }));
    } else if (inputs.machineInspect === undefined) {
      // `podman machine inspect` did not run: try where Podman 5 and 4 put the default machine's socket.
      const tmp = env.TMPDIR?.trim();
      if (tmp && tmp.startsWith('/')) {
        list.push(make('machine', 'podman machine (default location)', `${tmp.replace(/\/+$/, '')}/podman/podman-machine-default-api.sock`, 'podman', { name: 'podman-machine-default' }));
      }
      const home = env.HOME?.trim();
      if (home && home.startsWith('/')) {
        list.push(
          make('machine', 'podman machine (default location)', `${home.replace(/\/+$/, '')}/.local/share/containers/podman/machine/podman-machine-default/podman.sock`, 'podman', {
            name: 'podman-machine-default',
          }),
        );
      }
    }
  }

  if (isWindows) {
    list.push(make('docker', 'Docker', WINDOWS_DOCKER_PIPE, 'docker'));
  } else {
    list.push(make('docker', 'Docker', DOCKER_SOCKET, 'docker'));
    const home = env.HOME?.trim();
    if (isMac && home && home.startsWith('/')) list.push(make('docker', 'Docker Desktop', `${home.replace(/\/+$/, '')}/.docker/run/docker.sock`, 'docker'));
  }

  // The first mention of an address wins (CONTAINER_HOST pointing at the rootless socket is tried once, as "env").
  const seen = new Set<string>();
  return list.filter((c) => {
    const key = c.address ? `${c.address.kind}:${c.address.kind === 'npipe' ? c.address.socketPath.toLowerCase() : c.address.socketPath}` : `bad:${c.source}:${c.input}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
