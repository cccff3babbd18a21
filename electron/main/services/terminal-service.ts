/**
 * Terminal sessions: a TTY exec in a container, owned by the main side and
 * addressed by a random session id. A session belongs to the bridge
 * connection that opened it: only that connection may read, type, resize or
 * close it (to any other it does not exist), it ends when that connection
 * closes, and it is reaped when nobody subscribes to its output within
 * UNCLAIMED_MS. Output is decoded as UTF-8 across chunk boundaries and
 * batched per frame; input and resize go straight through.
 */
import { randomUUID } from 'node:crypto';
import { StringDecoder } from 'node:string_decoder';
import { type EngineClient, EngineError } from '../../../engine/src/index.js';
import type { BridgeServices, Caller } from '../../contract/services.js';
import type { TerminalEvent } from '../../contract/types.js';
import { AsyncQueue } from '../async-queue.js';
import { errorData } from '../../contract/error-wire.js';
import { openTty, type TtyHandle } from './tty.js';

/** A session opened but never subscribed to is closed after this long. */
export const UNCLAIMED_MS = 30_000;
/**
 * Input typed before the shell is up waits until its first output has gone
 * quiet this long (its banner and prompt are out, its line editor reads), or
 * READY_MAX_MS at most. Sent earlier, the terminal's cooked mode echoes it
 * before the shell starts, and it shows twice.
 */
const READY_QUIET_MS = 40;
const READY_MAX_MS = 1500;

interface Session {
  id: string;
  owner: string;
  reaper?: NodeJS.Timeout | undefined;
  containerId: string;
  client: EngineClient;
  tty: TtyHandle;
  /** Output waits here until the UI subscribes (bounded). */
  queue: AsyncQueue<TerminalEvent>;
  closed: boolean;
  /** Input typed before the shell was ready, in order; undefined once it is. */
  held: string[] | undefined;
  readyTimer?: NodeJS.Timeout | undefined;
  /** Held input goes by this time whatever the output does. */
  readyBy: number;
  /** Unhooks the session from its connection's close. */
  unhook?: (() => void) | undefined;
}

export class TerminalSessions {
  private readonly sessions = new Map<string, Session>();

  constructor(private readonly unclaimedMs = UNCLAIMED_MS) {}

  async open(client: EngineClient, input: { id: string; cols: number; rows: number; shell?: string | undefined }, caller: Caller): Promise<{ session: string; shell: string }> {
    if (caller.gone.aborted)
      throw new EngineError({ kind: 'stream-interrupted', operation: 'Open a terminal', engineMessage: 'the window that asked for it has closed', hint: 'Open the terminal again.' });
    const tty = await openTty(client, input.id, { cols: input.cols, rows: input.rows, ...(input.shell ? { shell: input.shell } : {}) });
    const id = randomUUID();
    const session: Session = {
      id,
      owner: caller.id,
      containerId: input.id,
      client,
      tty,
      queue: new AsyncQueue<TerminalEvent>(undefined, 4096),
      closed: false,
      held: [],
      readyBy: Date.now() + READY_MAX_MS,
    };
    session.readyTimer = setTimeout(() => this.ready(session), READY_MAX_MS);
    this.sessions.set(id, session);
    session.reaper = setTimeout(() => void this.end(session), this.unclaimedMs);
    session.reaper.unref();
    const onGone = () => void this.end(session);
    caller.gone.addEventListener('abort', onGone, { once: true });
    session.unhook = () => caller.gone.removeEventListener('abort', onGone);
    if (caller.gone.aborted) void this.end(session);
    void this.pump(session);
    return { session: id, shell: tty.shell };
  }

  output(sessionId: string, caller: Caller, signal: AbortSignal): AsyncIterable<TerminalEvent> {
    const s = this.get(sessionId, caller, 'Show the terminal');
    clearTimeout(s.reaper);
    signal.addEventListener('abort', () => void this.end(s), { once: true });
    return s.queue;
  }

  input(sessionId: string, data: string, caller: Caller): void {
    const s = this.get(sessionId, caller, 'Type in the terminal');
    if (s.held) s.held.push(data);
    else s.tty.write(data);
  }

  /** The shell is up: what was typed ahead goes first, once, in order. */
  private ready(s: Session): void {
    clearTimeout(s.readyTimer);
    const held = s.held;
    s.held = undefined;
    if (held?.length && !s.closed) s.tty.write(held.join(''));
  }

  async resize(sessionId: string, cols: number, rows: number, caller: Caller): Promise<void> {
    await this.get(sessionId, caller, 'Resize the terminal').tty.resize(cols, rows);
  }

  async close(sessionId: string, caller: Caller): Promise<void> {
    const s = this.sessions.get(sessionId);
    if (s && s.owner === caller.id) await this.end(s);
  }

  private async end(s: Session): Promise<void> {
    clearTimeout(s.reaper);
    clearTimeout(s.readyTimer);
    s.unhook?.();
    if (this.sessions.get(s.id) !== s) return;
    this.sessions.delete(s.id);
    s.closed = true;
    s.tty.close();
    s.queue.end();
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.sessions.values()].map((s) => this.end(s)));
  }

  get size(): number {
    return this.sessions.size;
  }

  /** Another connection's session is reported exactly like one that has ended: its id reveals nothing. */
  private get(sessionId: string, caller: Caller, operation: string): Session {
    const s = this.sessions.get(sessionId);
    if (!s || s.owner !== caller.id) throw new EngineError({ kind: 'not-found', operation, engineMessage: 'this terminal session has ended', hint: 'Open a new terminal.' });
    return s;
  }

  private async pump(s: Session): Promise<void> {
    const decoder = new StringDecoder('utf8');
    let pending = '';
    let timer: NodeJS.Timeout | undefined;
    const flush = () => {
      timer = undefined;
      if (pending) {
        s.queue.push({ kind: 'data', data: pending });
        pending = '';
      }
    };
    try {
      for await (const chunk of s.tty.output) {
        if (s.held) {
          // Each chunk of the shell's first output pushes "ready" back until it goes quiet (never past readyBy).
          clearTimeout(s.readyTimer);
          const left = s.readyBy - Date.now();
          if (left <= 0) this.ready(s);
          else s.readyTimer = setTimeout(() => this.ready(s), Math.min(READY_QUIET_MS, left));
        }
        pending += decoder.write(chunk as Buffer);
        // Keystroke echoes go out at once; bursts are gathered for one frame.
        if (pending.length > 64 * 1024) flush();
        else timer ??= setTimeout(flush, pending.length < 64 ? 0 : 16);
      }
      pending += decoder.end();
      if (timer) clearTimeout(timer);
      flush();
      if (s.closed) return;
      const code = await s.tty.exitCode().catch(() => null);
      let containerRunning = false;
      try {
        const inspect = await s.client.containers.inspect(s.containerId);
        containerRunning = inspect.State?.Running === true;
      } catch (e) {
        // The engine itself went away: that ended the session, not the container (which may well still run).
        if (e instanceof EngineError && (e.kind === 'unreachable' || e.kind === 'stream-interrupted' || e.kind === 'timeout')) {
          s.queue.push({
            kind: 'error',
            error: errorData(
              new EngineError({
                kind: 'stream-interrupted',
                operation: 'Terminal session',
                engineMessage: 'the connection to the engine was lost, so the shell ended',
                hint: 'The container may still be running. Reconnect once the engine is back.',
              }),
            ),
          });
          return;
        }
        containerRunning = false;
      }
      s.queue.push({ kind: 'exit', code, containerRunning });
    } catch (e) {
      if (timer) clearTimeout(timer);
      flush();
      if (!s.closed) s.queue.push({ kind: 'error', error: errorData(e) });
    } finally {
      clearTimeout(s.reaper);
      clearTimeout(s.readyTimer);
      s.unhook?.();
      if (this.sessions.get(s.id) === s) this.sessions.delete(s.id);
      s.queue.end();
    }
  }
}

/** The terminal calls of the bridge: each session is checked against the caller that opened it. */
export function terminalService(c: (engine?: string) => EngineClient, sessions: TerminalSessions): BridgeServices['terminal'] {
  return {
    open: (input, { caller }) => sessions.open(c(input.engine), input, caller),
    output: ({ session }, { caller, signal }) => sessions.output(session, caller, signal),
    input: async ({ session, data }, { caller }) => sessions.input(session, data, caller),
    resize: ({ session, cols, rows }, { caller }) => sessions.resize(session, cols, rows, caller),
    close: ({ session }, { caller }) => sessions.close(session, caller),
  };
}
