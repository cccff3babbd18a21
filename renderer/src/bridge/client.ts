/**
 * The renderer's only way to the main side: a typed tRPC client over the
 * bridge. Under Electron it rides the preload's IPC port; in `serve` mode a
 * WebSocket to the same origin that presents the page's token as a
 * subprotocol (serve-session.ts; no cookie is involved).
 */
import { createTRPCClient, createWSClient, wsLink, TRPCClientError } from '@trpc/client';
import { BRIDGE_PROTOCOL, TOKEN_PROTOCOL_PREFIX, type AppRouter, type BridgeErrorData } from '../../../electron/contract/index.js';
import { electronPort, ipcWebSocketClass } from './ipc-socket.js';
import { serveToken } from './serve-session.js';

export type ConnectionListener = (state: 'open' | 'closed') => void;
const listeners = new Set<ConnectionListener>();

export function onBridgeConnection(listener: ConnectionListener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function bridgeUrl(): string {
  const { protocol, host } = window.location;
  return `${protocol === 'https:' ? 'wss' : 'ws'}://${host}/bridge`;
}

const port = electronPort();

/** The browser's WebSocket, offering the bridge protocol and the token (the server echoes only the first). */
function tokenWebSocketClass(token: string): typeof WebSocket {
  return class extends WebSocket {
    constructor(url: string | URL) {
      super(url, [BRIDGE_PROTOCOL, `${TOKEN_PROTOCOL_PREFIX}${token}`]);
    }
  };
}

export const wsClient = createWSClient({
  url: port ? 'ipc://berth' : bridgeUrl(),
  ...(port ? { WebSocket: ipcWebSocketClass(port) } : serveToken ? { WebSocket: tokenWebSocketClass(serveToken) } : {}),
  retryDelayMs: (attempt) => Math.min(250 * 2 ** attempt, 5000),
  onOpen: () => listeners.forEach((l) => l('open')),
  onClose: () => listeners.forEach((l) => l('closed')),
});

export const bridge = createTRPCClient<AppRouter>({ links: [wsLink({ client: wsClient })] });

/** The engine's side of a failure, when there is one (a bridge error, or error data a result carried). */
export function engineError(e: unknown): BridgeErrorData | undefined {
  if (e && typeof e === 'object' && !(e instanceof Error) && typeof (e as BridgeErrorData).operation === 'string' && typeof (e as BridgeErrorData).kind === 'string') return e as BridgeErrorData;
  if (e instanceof TRPCClientError) {
    const data = (e.data ?? {}) as { engine?: BridgeErrorData };
    return data.engine;
  }
  return undefined;
}

/** Plain words for any failure: what failed, the engine's message, what to do. */
export function describeError(e: unknown): { title: string; detail?: string | undefined; hint?: string | undefined } {
  const engine = engineError(e);
  if (engine) return { title: `${engine.operation} failed`, detail: engine.engineMessage, hint: engine.hint };
  if (e instanceof TRPCClientError) {
    const data = (e.data ?? {}) as { validation?: { path: string; message: string }[] };
    if (data.validation?.length) {
      return { title: 'Some values are not valid', detail: data.validation.map((v) => (v.path ? `${v.path}: ${v.message}` : v.message)).join('; ') };
    }
    return { title: e.message };
  }
  return { title: e instanceof Error ? e.message : String(e) };
}
