/**
 * Serves the bridge router on any message channel that looks like a
 * WebSocket: a real `ws` socket in serve mode, or an Electron IPC port
 * wrapped by ChannelSocket. One code path for both transports.
 */
import { EventEmitter } from 'node:events';
import type { IncomingMessage } from 'node:http';
import { getWSConnectionHandler } from '@trpc/server/adapters/ws';
import type { WebSocket, WebSocketServer } from 'ws';
import { appRouter, type BridgeContext } from '../contract/router.js';
import type { BridgeServices } from '../contract/services.js';

export type BridgeConnectionHandler = (client: WebSocket, req: IncomingMessage) => void;

export function createBridgeHandler(services: BridgeServices, onError?: (e: unknown) => void): BridgeConnectionHandler {
  return getWSConnectionHandler({
    router: appRouter,
    createContext: (): BridgeContext => ({ services }),
    // Only used by applyWSSHandler for broadcasts; we attach connections ourselves.
    wss: undefined as unknown as WebSocketServer,
    onError: ({ error, path }) => {
      // Input validation failures are the renderer's problem, not ours: don't log them as errors.
      if (error.code !== 'BAD_REQUEST' && error.code !== 'NOT_FOUND' && error.code !== 'CONFLICT') onError?.({ path, error });
    },
  });
}

/**
 * A WebSocket look-alike over any string channel (Electron IPC): the tRPC
 * handler calls send/close and listens for message/close/error.
 */
export class ChannelSocket extends EventEmitter {
  readyState = 1;

  constructor(private readonly deliver: (message: string) => void) {
    super();
  }

  /** A message from the renderer. */
  receive(message: string): void {
    if (this.readyState === 1) this.emit('message', Buffer.from(message), false);
  }

  send(data: string | Buffer): void {
    if (this.readyState === 1) this.deliver(typeof data === 'string' ? data : data.toString('utf8'));
  }

  close(): void {
    if (this.readyState !== 1) return;
    this.readyState = 3;
    this.emit('close', 1000, Buffer.alloc(0));
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

export function attachChannel(handler: BridgeConnectionHandler, deliver: (message: string) => void): ChannelSocket {
  const socket = new ChannelSocket(deliver);
  handler(socket as unknown as WebSocket, channelRequest());
  return socket;
}
