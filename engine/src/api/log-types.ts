/** The public shapes of a log read. */

/** A point in time: epoch milliseconds, a Date, or a string the engine understands (RFC 3339, unix seconds, "10m"). */
export type LogTime = number | Date | string;

export interface LogOptions {
  /** Keep the stream open and deliver new output (only while the container runs). */
  follow?: boolean;
  /** Default true. */
  stdout?: boolean;
  /** Default true. */
  stderr?: boolean;
  /** Attach the engine's timestamp to each frame/line (`time`, epoch ms). */
  timestamps?: boolean;
  /** Only the last N entries ("all" or undefined = everything). */
  tail?: number | 'all';
  since?: LogTime;
  until?: LogTime;
  signal?: AbortSignal;
  /** Lines longer than this (bytes) are delivered in pieces; default 1 MiB. */
  maxLineBytes?: number;
}

/** One piece of output, as the engine framed it. */
export interface LogFrame {
  stream: 'stdout' | 'stderr';
  data: Buffer;
  /** Epoch ms of the log entry (only with `timestamps: true`; second precision on Podman 4.x). */
  time?: number;
}

/** Consecutive complete lines of one stream (the hot path: one object per batch, not per line). */
export interface LogLineBatch {
  stream: 'stdout' | 'stderr';
  /** Lines without their `\n` (and without a trailing `\r`, which TTY output carries). */
  lines: string[];
  /** Epoch ms per line, parallel to `lines` (only with `timestamps: true`). */
  times?: number[];
}

export interface LogLine {
  stream: 'stdout' | 'stderr';
  line: string;
  time?: number;
}
