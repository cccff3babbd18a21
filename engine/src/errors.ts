/**
 * One error type for every engine failure. It carries what the user needs:
 * what failed (operation), the engine's own words (engineMessage), the HTTP
 * status when there was one, and a short hint on what to do next.
 */
export type EngineErrorKind =
  | 'not-found'
  | 'conflict'
  | 'name-in-use'
  | 'container-running'
  | 'container-not-running'
  | 'image-in-use'
  | 'volume-in-use'
  | 'network-in-use'
  | 'port-in-use'
  | 'image-unknown'
  | 'registry-unreachable'
  | 'invalid-argument'
  | 'build-failed'
  | 'unauthorized'
  | 'unsupported'
  | 'unreachable'
  | 'stream-interrupted'
  | 'timeout'
  | 'aborted'
  | 'engine';

export interface EngineErrorInit {
  kind: EngineErrorKind;
  operation: string;
  status?: number | undefined;
  engineMessage?: string | undefined;
  engineCause?: string | undefined;
  hint?: string | undefined;
  socket?: string | undefined;
  cause?: unknown;
}

export class EngineError extends Error {
  readonly kind: EngineErrorKind;
  readonly operation: string;
  readonly status: number | undefined;
  /** The engine's message, verbatim. */
  readonly engineMessage: string | undefined;
  /** The engine's `cause` field (libpod gives a short root cause). */
  readonly engineCause: string | undefined;
  /** What the user can do next. */
  readonly hint: string;
  readonly socket: string | undefined;

  constructor(init: EngineErrorInit) {
    const hint = init.hint ?? defaultHint(init.kind);
    const detail = init.engineMessage ? `: ${init.engineMessage}` : '';
    super(`${init.operation} failed${detail}`, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'EngineError';
    this.kind = init.kind;
    this.operation = init.operation;
    this.status = init.status;
    this.engineMessage = init.engineMessage;
    this.engineCause = init.engineCause;
    this.hint = hint;
    this.socket = init.socket;
  }

  /** A plain object that survives JSON (for the bridge and for logs). */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      kind: this.kind,
      operation: this.operation,
      status: this.status,
      message: this.message,
      engineMessage: this.engineMessage,
      engineCause: this.engineCause,
      hint: this.hint,
      socket: this.socket,
    };
  }
}

export function isEngineError(e: unknown): e is EngineError {
  return e instanceof EngineError;
}

const HINTS: Record<EngineErrorKind, string> = {
  'not-found': 'It may have been removed by another client. Refresh the list and try again.',
  conflict: 'The engine refused because of the current state. Check the state and try again.',
  'name-in-use': 'Choose another name, or remove the existing one first.',
  'container-running': 'Stop the container first, or remove it with force.',
  'container-not-running': 'Start the container first.',
  'image-in-use': 'Remove the containers that use this image first, or remove it with force.',
  'volume-in-use': 'Remove the containers that use this volume first, or remove it with force (which removes them too).',
  'network-in-use': 'Disconnect or remove the containers on this network first, or remove it with force (which removes them too).',
  'port-in-use': 'Another process or container already uses that host port. Pick a different host port.',
  'image-unknown': 'Check the image name and tag, and that you are logged in to the registry if it is private.',
  'registry-unreachable': 'Check the registry address and that it is running. For a local registry without TLS, turn off TLS verification.',
  'invalid-argument': 'Check the values you entered.',
  'build-failed': 'Read the build log above the error, fix the Containerfile, and build again.',
  unauthorized: 'Check the registry user name and password.',
  unsupported: 'This engine does not support that operation.',
  unreachable: 'Start the engine (for example `podman system service` or `podman machine start`) and try again.',
  'stream-interrupted': 'The engine connection was lost. Berth reconnects when the engine is back.',
  timeout: 'The engine did not answer in time. It may be busy; try again.',
  aborted: 'The operation was cancelled.',
  engine: 'See the engine message for details.',
};

export function defaultHint(kind: EngineErrorKind): string {
  return HINTS[kind];
}

/** The JSON error body libpod and Docker send: `{cause, message, response}` / `{message}`. */
export interface EngineErrorBody {
  message?: string;
  cause?: string;
  response?: number;
}

/**
 * Map an HTTP status plus the engine's message to a typed kind. The engine's
 * words are the only reliable signal for the conflict family, so we match them.
 */
export function classify(status: number | undefined, message: string): EngineErrorKind {
  const m = message.toLowerCase();
  // Checked first: a name such as "port-web" must not make a name clash look like a port clash.
  if (/that name is already in use|\bname "[^"]*" is already in use/.test(m)) return 'name-in-use';
  if (/address already in use|port is already allocated|bind: address|already in use by/.test(m) && /port|bind|address/.test(m)) {
    return 'port-in-use';
  }
  if (/(name|alias) .*(is )?already (in use|used)|already in use|already exists|name is reserved/.test(m)) return 'name-in-use';
  // Volumes and networks in use, and unknown pods/volumes/networks (libpod sometimes answers these with HTTP 500).
  if (/volume .*is being used|volume is (being used|in use)/.test(m)) return 'volume-in-use';
  if (/network is being used|has associated containers|has active endpoints/.test(m)) return 'network-in-use';
  if (/no such (pod|volume|network)\b|network not found|no pod with name|no volume with name/.test(m)) return 'not-found';
  if (/image is in use|image used by|being used by|in use by container|has dependent child images|image has dependent/.test(m)) {
    return 'image-in-use';
  }
  if (/cannot remove container .* as it is running|container is running|is running.*(stop|force)|running or paused containers cannot be removed|cannot remove running container/.test(m)) {
    return 'container-running';
  }
  if (/is not running|container state improper|not running/.test(m)) return 'container-not-running';
  // Not a bare "401": container ids are hex and contain it.
  if (/unauthorized|authentication required|invalid username\/password|status code 401\b/.test(m)) return 'unauthorized';
  // Before image-unknown: "initializing source …: pinging container registry …: connection refused" is a registry problem, not a missing image.
  if (/pinging (container )?registry|dial tcp .*(connection refused|i\/o timeout|no route to host)|no such host|server gave http response to https client|x509: |tls: /.test(m)) {
    return 'registry-unreachable';
  }
  if (
    /manifest unknown|name unknown|repository .* not found|requested access to the resource is denied|reading manifest|image not known|no such image|failed to resolve image name|short-name .* did not resolve|unable to find|initializing source/.test(
      m,
    )
  ) {
    return 'image-unknown';
  }
  if (/invalid reference format|invalid argument|repository name must|invalid name|must be|could not parse|invalid /.test(m)) {
    return 'invalid-argument';
  }
  switch (status) {
    case 400:
      return 'invalid-argument';
    case 401:
    case 403:
      return 'unauthorized';
    case 404:
      return 'not-found';
    case 304:
    case 409:
      return 'conflict';
    default:
      return 'engine';
  }
}

export function errorFromResponse(operation: string, status: number, body: string, socket?: string): EngineError {
  let engineMessage = body.trim();
  let engineCause: string | undefined;
  try {
    const parsed = JSON.parse(body) as EngineErrorBody;
    if (parsed && typeof parsed === 'object' && typeof parsed.message === 'string') {
      engineMessage = parsed.message;
      engineCause = parsed.cause;
    }
  } catch {
    // Not JSON: keep the raw text.
  }
  if (!engineMessage) engineMessage = `HTTP ${status}`;
  return new EngineError({ kind: classify(status, engineMessage), operation, status, engineMessage, engineCause, socket });
}

export function errorFromStreamMessage(operation: string, message: string, fallback: EngineErrorKind = 'engine'): EngineError {
  const kind = classify(undefined, message);
  return new EngineError({ kind: kind === 'engine' ? fallback : kind, operation, engineMessage: message });
}

/** Errors from the socket itself (nothing listening, permission, reset). */
export function errorFromSocket(operation: string, err: NodeJS.ErrnoException, socket: string): EngineError {
  const code = err.code ?? '';
  if (err.name === 'AbortError' || code === 'ABORT_ERR') {
    return new EngineError({ kind: 'aborted', operation, socket, cause: err });
  }
  if (code === 'ENOENT' || code === 'ECONNREFUSED' || code === 'EACCES' || code === 'ENOTSOCK') {
    const why =
      code === 'EACCES'
        ? `permission denied on ${socket}`
        : code === 'ENOENT'
          ? `no socket at ${socket}`
          : `nothing is listening on ${socket}`;
    return new EngineError({
      kind: 'unreachable',
      operation,
      socket,
      engineMessage: why,
      hint:
        code === 'EACCES'
          ? 'Run Berth as a user allowed to use that socket, or use your rootless Podman socket.'
          : `Start the engine (for example \`podman system service --time=0 unix://${socket}\`, or \`podman machine start\`) and try again.`,
      cause: err,
    });
  }
  return new EngineError({
    kind: code === 'ECONNRESET' || code === 'EPIPE' ? 'stream-interrupted' : 'unreachable',
    operation,
    socket,
    engineMessage: err.message,
    cause: err,
  });
}
