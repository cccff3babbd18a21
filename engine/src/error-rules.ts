/**
 * Classification tables. The engine's words are the only reliable signal for
 * the conflict family (libpod answers many of them with HTTP 500), so a
 * message is matched against MESSAGE_RULES in order, first match wins; the
 * HTTP status decides only when no row matches. Rows are data: add one per
 * real message (engine/test/unit/errors.test.ts holds the captured ones).
 */
import type { EngineErrorKind } from './error-kinds.js';

export interface MessageRule {
  kind: EngineErrorKind;
  /** Tested against the lower-cased message. */
  match: RegExp;
  /** When set, must match too. */
  and?: RegExp;
}

export const MESSAGE_RULES: readonly MessageRule[] = [
  // First: a name such as "port-web" must not make a name clash look like a port clash.
  { kind: 'name-in-use', match: /that name is already in use|\bname "[^"]*" is already in use/ },
  { kind: 'port-in-use', match: /address already in use|port is already allocated|bind: address|already in use by/, and: /port|bind|address/ },
  { kind: 'name-in-use', match: /(name|alias) .*(is )?already (in use|used)|already in use|already exists|name is reserved|secret name in use/ },
  { kind: 'volume-in-use', match: /volume .*is being used|volume is (being used|in use)/ },
  { kind: 'network-in-use', match: /network is being used|has associated containers|has active endpoints/ },
  // Unknown containers, pods, volumes, networks (libpod sometimes answers these with HTTP 500, and streams carry no status).
  { kind: 'not-found', match: /no such (container|pod|volume|network|secret)\b|no container with name or id|network (\S+ )?not found|no pod with name|no volume with name/ },
  { kind: 'image-in-use', match: /image is in use|image used by|being used by|in use by container|is using its referenced image|has dependent child images|image has dependent/ },
  {
    kind: 'container-running',
    match: /cannot remove container .* as it is running|container is running|is running.*(stop|force)|running or paused containers cannot be removed|cannot remove (a )?running container/,
  },
  { kind: 'container-not-running', match: /is not running|container state improper|not running/ },
  // Not a bare "401": container ids are hex and contain it.
  { kind: 'unauthorized', match: /unauthorized|authentication required|invalid username\/password|status code 401\b/ },
  // Before image-unknown: "initializing source …: pinging container registry …: connection refused" is a registry problem, not a missing image.
  {
    kind: 'registry-unreachable',
    match: /pinging (container )?registry|dial tcp .*(connection refused|i\/o timeout|no route to host)|no such host|server gave http response to https client|x509: |tls: /,
  },
  {
    kind: 'image-unknown',
    match:
      /manifest unknown|name unknown|repository .* not found|requested access to the resource is denied|reading manifest|image not known|no such image|failed to resolve image name|short-name .* did not resolve|unable to find|initializing source/,
  },
  { kind: 'invalid-argument', match: /invalid reference format|invalid argument|repository name must|invalid name|must be|could not parse|invalid / },
];

/** The kind an HTTP status means when the message says nothing more specific. */
export const STATUS_KINDS: Readonly<Record<number, EngineErrorKind>> = {
  304: 'conflict',
  400: 'invalid-argument',
  401: 'unauthorized',
  403: 'unauthorized',
  404: 'not-found',
  409: 'conflict',
};

/** Map an HTTP status plus the engine's message to a typed kind. */
export function classify(status: number | undefined, message: string): EngineErrorKind {
  const m = message.toLowerCase();
  const row = MESSAGE_RULES.find((r) => r.match.test(m) && (r.and === undefined || r.and.test(m)));
  if (row) return row.kind;
  return (status !== undefined ? STATUS_KINDS[status] : undefined) ?? 'engine';
}

/** What a failure of the connection itself means: Node's error code → kind, in plain words. */
export interface SocketRule {
  kind: EngineErrorKind;
  /** The engineMessage (the socket's path filled in). */
  why: (socket: string) => string;
  hint?: (socket: string) => string;
}

const startHint = (socket: string) => `Start the engine (for example \`podman system service --time=0 unix://${socket}\`, or \`podman machine start\`) and try again.`;

export const SOCKET_RULES: Readonly<Record<string, SocketRule>> = {
  ENOENT: { kind: 'unreachable', why: (s) => `no socket at ${s}`, hint: startHint },
  ECONNREFUSED: { kind: 'unreachable', why: (s) => `nothing is listening on ${s}`, hint: startHint },
  ENOTSOCK: { kind: 'unreachable', why: (s) => `nothing is listening on ${s}`, hint: startHint },
  EACCES: { kind: 'unreachable', why: (s) => `permission denied on ${s}`, hint: () => 'Run Berth as a user allowed to use that socket, or use your rootless Podman socket.' },
  EPERM: { kind: 'unreachable', why: (s) => `permission denied on ${s}`, hint: () => 'Run Berth as a user allowed to use that socket, or use your rootless Podman socket.' },
  ECONNRESET: { kind: 'stream-interrupted', why: () => 'the engine closed the connection' },
  EPIPE: { kind: 'stream-interrupted', why: () => 'the engine closed the connection while Berth was still sending' },
  ECONNABORTED: { kind: 'stream-interrupted', why: () => 'the connection to the engine was aborted' },
  ERR_STREAM_PREMATURE_CLOSE: { kind: 'stream-interrupted', why: () => 'the engine closed the stream before its end' },
  ETIMEDOUT: { kind: 'timeout', why: () => 'the connection to the engine timed out' },
};
