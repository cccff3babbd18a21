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
import type { BridgeServices } from '../contract/services.js';

/** The largest message the renderer may send (a kube YAML is at most 1 MiB; this leaves room). */
export const MAX_MESSAGE_BYTES = 4 * 1024 * 1024;
/** The most calls one batched message may carry. */
export const MAX_BATCH = 100;

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
    createContext: (): BridgeContext => ({ services }),
    // Only used by applyWSSHandler for broadcasts; we attach connections ourselves.
    wss: undefined as unknown as WebSocketServer,
    onError: ({ error, path }) => {
      // Validation failures and engine refusals are the caller's business, not a main-process fault.
      if (error.code !== 'BAD_REQUEST' && error.code !== 'NOT_FOUND' && error.code !== 'CONFLICT' && error.code !== 'PARSE_ERROR') onError?.({ path, error });
    },
  });
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
    this.emit('message', Buffer.from(message), false);
  }

  send(data: string | Buffer): void {
    if (this.readyState === 1) this.deliver(typeof data === 'string' ? data : data.toString('utf8'));
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
