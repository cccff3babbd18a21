/**
 * In the Electron app the preload exposes one object, `window.berthBridge`,
 * a message port to the main process. This class makes it look like a
 * WebSocket so the same tRPC WebSocket client serves both transports.
 */
export interface BridgePort {
  send(message: string): void;
  onMessage(listener: (message: string) => void): () => void;
  close(): void;
}

declare global {
  interface Window {
    berthBridge?: BridgePort;
  }
}

export function electronPort(): BridgePort | undefined {
  return typeof window !== 'undefined' ? window.berthBridge : undefined;
}

type Listener = (ev: any) => void;

export function ipcWebSocketClass(port: BridgePort): typeof WebSocket {
  class IpcWebSocket extends EventTarget {
    static readonly CONNECTING = 0;
    static readonly OPEN = 1;
    static readonly CLOSING = 2;
    static readonly CLOSED = 3;
    readonly CONNECTING = 0;
    readonly OPEN = 1;
    readonly CLOSING = 2;
    readonly CLOSED = 3;
    readyState = 0;
    binaryType: BinaryType = 'blob';
    onopen: Listener | null = null;
    onmessage: Listener | null = null;
    onclose: Listener | null = null;
    onerror: Listener | null = null;
    private readonly off: () => void;

    constructor(_url: string | URL) {
      super();
      this.off = port.onMessage((data) => this.fire('message', new MessageEvent('message', { data })));
      queueMicrotask(() => {
        this.readyState = 1;
        this.fire('open', new Event('open'));
      });
    }

    send(data: string): void {
      if (this.readyState === 1) port.send(data);
    }

    close(): void {
      if (this.readyState >= 2) return;
      this.readyState = 3;
      this.off();
      this.fire('close', new CloseEvent('close', { code: 1000 }));
    }

    private fire(type: 'open' | 'message' | 'close' | 'error', ev: Event): void {
      const handler = this[`on${type}` as const];
      if (handler) handler(ev);
      this.dispatchEvent(ev);
    }
  }
  return IpcWebSocket as unknown as typeof WebSocket;
}
