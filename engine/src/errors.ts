/**
 * One error type for every engine failure. It carries what the user needs:
 * what failed (operation), the engine's own words (engineMessage), the HTTP
 * status when there was one, and a short hint on what to do next.
 * `toEngineError()` turns any failure (an engine answer, a socket error, an
 * abort, a timeout, a broken stream frame, anything thrown) into one.
 * Pure (no Node imports): the bridge contract's error wire uses it too.
 */
import { KIND_TEXT, type EngineErrorKind } from './error-kinds.js';
import { classify, SOCKET_RULES } from './error-rules.js';

export type { EngineErrorKind } from './error-kinds.js';
export { classify, MESSAGE_RULES, STATUS_KINDS, type MessageRule } from './error-rules.js';

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
    // Without the engine's words, the kind's summary says what went wrong.
    const detail = init.engineMessage || KIND_TEXT[init.kind].summary;
    super(`${init.operation} failed: ${detail}`, init.cause === undefined ? undefined : { cause: init.cause });
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

export function defaultHint(kind: EngineErrorKind): string {
  return KIND_TEXT[kind].hint;
}

/** The JSON error body libpod and Docker send: `{cause, message, response}` / `{message}`. */
export interface EngineErrorBody {
  message?: string;
  cause?: string;
  response?: number;
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
export function errorFromSocket(operation: string, err: Error & { code?: string | undefined }, socket: string): EngineError {
  const known = err.name === 'AbortError' || err.code === 'ABORT_ERR' || (err.code !== undefined && err.code in SOCKET_RULES);
  // An unexpected code on connect still means the engine is out of reach.
  return known ? toEngineError(err, operation, socket) : new EngineError({ kind: 'unreachable', operation, socket, engineMessage: err.message, cause: err });
}

/** A multiplexed stream whose framing broke (demux FrameError): the user sees an interrupted stream, never the parser's words. */
export function errorFromFraming(operation: string, err: unknown, socket?: string): EngineError {
  return new EngineError({
    kind: 'stream-interrupted',
    operation,
    socket,
    engineMessage: 'the stream was interrupted: the engine sent output Berth could not read',
    hint: 'Berth reconnects and resumes from the last line shown.',
    cause: err,
  });
}

type Failure = { name?: unknown; code?: unknown; message?: unknown };

/**
 * Any failure as an EngineError: an EngineError as it is; aborts, timeouts,
 * socket errors (by Node's code) and stream framing errors by their kind;
 * anything else as an `engine` error with its message.
 */
export function toEngineError(e: unknown, operation = 'The operation', socket?: string): EngineError {
  if (e instanceof EngineError) return e;
  const f: Failure = e !== null && typeof e === 'object' ? (e as Failure) : {};
  const code = typeof f.code === 'string' ? f.code : '';
  const text = typeof f.message === 'string' ? f.message : String(e);
  if (f.name === 'AbortError' || code === 'ABORT_ERR') return new EngineError({ kind: 'aborted', operation, socket, cause: e });
  if (f.name === 'TimeoutError') return new EngineError({ kind: 'timeout', operation, socket, engineMessage: text, cause: e });
  if (f.name === 'FrameError') return errorFromFraming(operation, e, socket);
  const rule = SOCKET_RULES[code];
  if (rule) {
    const where = socket ?? 'the engine socket';
    return new EngineError({ kind: rule.kind, operation, socket, engineMessage: rule.why(where), hint: rule.hint?.(where), cause: e });
  }
  return new EngineError({ kind: 'engine', operation, socket, engineMessage: text, hint: 'Try again. If it keeps failing, the engine log may say more.', cause: e });
}
