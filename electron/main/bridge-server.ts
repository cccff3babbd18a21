/**
 * Serves the bridge router on a string message channel: an Electron IPC
 * port, or a `ws` WebSocket in serve mode. Both go through ChannelSocket,
 * which enforces the same limits on what the renderer may send before tRPC
 * sees it: one code path, one set of guards, for both transports.
 */
import { EventEmitter } from 'node:events';
import type { IncomingMessage } from 'node:http';
import { getWSConnectionHandler } from '@trpc/server/adapters/ws';
import type { WebSocket, WebSocketServer } from 'ws';
import { appRouter, type BridgeContext } from '../contract/router.js';
import type { BridgeServices, Caller } from '../contract/services.js';
import { randomUUID } from 'node:crypto';

/** The largest message the renderer may send (a kube YAML is at most 1 MiB; this leaves room). */
export const MAX_MESSAGE_BYTES = 4 * 1024 * 1024;
/** The most calls one batched message may carry. */
export const MAX_BATCH = 100;
/** The most subscriptions one connection may hold open (the UI needs a few dozen; each costs engine streams). */
export const MAX_SUBSCRIPTIONS = 256;

export type BridgeConnectionHandler = (client: WebSocket, req: IncomingMessage) => void;

/** Logs at most `perMinute` lines a minute: a misbehaving renderer must not flood the main log. */
export function rateLimited(log: (m: string) => void, perMinute = 20): (m: string) => void {
  let windowStart = 0;
  let count = 0;
  let dropped = 0;
  return (m) => {
    const now = Date.now();
    if (now - windowStart > 60_000) {
      if (dropped) log(`berth: ${dropped} more bridge errors in the last minute were not logged`);
      windowStart = now;
      count = 0;
      dropped = 0;
    }
    if (count++ < perMinute) log(m);
    else dropped++;
  };
}

export function createBridgeHandler(services: BridgeServices, onError?: (e: unknown) => void): BridgeConnectionHandler {
  return getWSConnectionHandler({
    router: appRouter,
    // Once per connection: its identity, and a signal that fires when it closes (terminal sessions end with it).
    createContext: ({ res }): BridgeContext => ({ services, caller: callerOf(res as unknown as EventEmitter) }),
    // Only used by applyWSSHandler for broadcasts; we attach connections ourselves.
    wss: undefined as unknown as WebSocketServer,
    onError: ({ error, path }) => {
      // Validation failures and engine refusals are the caller's business, not a main-process fault.
      if (error.code !== 'BAD_REQUEST' && error.code !== 'NOT_FOUND' && error.code !== 'CONFLICT' && error.code !== 'PARSE_ERROR') onError?.({ path, error });
    },
  });
}

const callers = new WeakMap<object, Caller>();

/** The Caller of a connection's socket (a ws WebSocket or a ChannelSocket), made on first use. */
export function callerOf(socket: EventEmitter): Caller {
  let caller = callers.get(socket);
  if (!caller) {
    const gone = new AbortController();
    socket.once('close', () => gone.abort());
    caller = { id: randomUUID(), gone: gone.signal };
    callers.set(socket, caller);
  }
  return caller;
}

/** Why a message is refused before tRPC parses it, or undefined when it may pass. */
export function refuseMessage(message: string): string | undefined {
  if (message.length > MAX_MESSAGE_BYTES) return 'message too large';
  // A batch is a JSON array; count its top-level calls cheaply only when it looks like one.
  if (message.charCodeAt(0) === 0x5b /* [ */) {
    try {
      const parsed: unknown = JSON.parse(message);
      if (Array.isArray(parsed) && parsed.length > MAX_BATCH) return `more than ${MAX_BATCH} calls in one message`;
    } catch {
      return undefined; // tRPC answers a parse error itself
    }
  }
  return undefined;
}

/**
 * A WebSocket look-alike over any string channel: the tRPC handler calls
 * send/close and listens for message/close/error.
 */
export class ChannelSocket extends EventEmitter {
  readyState = 1;
  /** Ids of this connection's open subscriptions, to bound them (MAX_SUBSCRIPTIONS). */
  private readonly subscriptions = new Set<string>();

  constructor(
    private readonly deliver: (message: string) => void,
    private readonly onClose: () => void = () => undefined,
  ) {
    super();
  }

  /** A message from the renderer. Oversized messages and huge batches close the channel. */
  receive(message: string): void {
    if (this.readyState !== 1) return;
    const why = refuseMessage(message);
    if (why) {
      this.close();
      return;
    }
    if (!this.countSubscriptions(message)) return;
    this.emit('message', Buffer.from(message), false);
  }

  send(data: string | Buffer): void {
    if (this.readyState !== 1) return;
    const text = typeof data === 'string' ? data : data.toString('utf8');
    // A subscription's end ("stopped", or an error) is a short message: only those are worth a look.
    if (this.subscriptions.size > 0 && text.length < 16_384 && (text.includes('"stopped"') || text.includes('"error"'))) {
      try {
        const m = JSON.parse(text) as { id?: unknown; result?: { type?: string }; error?: unknown };
        if (m.id !== undefined && (m.error !== undefined || m.result?.type === 'stopped')) this.subscriptions.delete(String(m.id));
      } catch {
        // Not ours to judge: it goes out as it is.
      }
    }
    this.deliver(text);
  }

  /**
   * Track subscription starts and stops; refuse a start past the limit with an
   * error reply of its own (the connection stays up). False: do not pass it on.
   */
  private countSubscriptions(message: string): boolean {
    if (!message.includes('subscription')) return true;
    let parsed: unknown;
    try {
      parsed = JSON.parse(message);
    } catch {
      return true; // tRPC answers a parse error itself
    }
    const calls = (Array.isArray(parsed) ? parsed : [parsed]) as { id?: unknown; method?: unknown }[];
    for (const c of calls) {
      if (!c || typeof c !== 'object' || c.id === undefined || c.id === null) continue;
      const id = String(c.id);
      if (c.method === 'subscription.stop') this.subscriptions.delete(id);
      else if (c.method === 'subscription' && !this.subscriptions.has(id)) {
        if (this.subscriptions.size >= MAX_SUBSCRIPTIONS) {
          this.deliver(
            JSON.stringify({
              id: c.id,
              error: {
                message: `Too many open subscriptions on this connection (${MAX_SUBSCRIPTIONS}): close some views or reload the page`,
                code: -32600,
                data: { code: 'TOO_MANY_REQUESTS', httpStatus: 429 },
              },
            }),
          );
          return false;
        }
        this.subscriptions.add(id);
      }
    }
    return true;
  }

  close(): void {
    if (this.readyState !== 1) return;
    this.readyState = 3;
    this.emit('close', 1000, Buffer.alloc(0));
    this.onClose();
  }

  terminate(): void {
    this.close();
  }

  ping(): void {}
}

/** The minimal request object the handler needs for a non-HTTP channel. */
export function channelRequest(): IncomingMessage {
  return { url: '/bridge', headers: { host: 'berth.app' }, socket: {} } as unknown as IncomingMessage;
}

export function attachChannel(handler: BridgeConnectionHandler, deliver: (message: string) => void, onClose?: () => void): ChannelSocket {
  const socket = new ChannelSocket(deliver, onClose);
  handler(socket as unknown as WebSocket, channelRequest());
  return socket;
}

/** Serve a real WebSocket through a ChannelSocket, so it gets the same guards as IPC. */
export function attachWebSocket(handler: BridgeConnectionHandler, ws: WebSocket): ChannelSocket {
  const channel = attachChannel(
    handler,
    (data) => {
      if (ws.readyState === ws.OPEN) ws.send(data);
    },
    () => ws.close(1008, 'refused'),
  );
  ws.on('message', (data, isBinary) => {
    if (isBinary) return channel.close();
    channel.receive(data.toString());
  });
  ws.on('close', () => channel.close());
  ws.on('error', () => channel.close());
  return channel;
}
