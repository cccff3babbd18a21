/**
 * The preload: exposes exactly one object, `window.berthBridge`, a string
 * message port to the main process. No Node, no ipcRenderer, no other API
 * reaches the page. Bundled to CommonJS; runs sandboxed.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';

const CHANNEL = 'berth:bridge';

contextBridge.exposeInMainWorld('berthBridge', {
  send(message: string): void {
    if (typeof message === 'string') ipcRenderer.send(CHANNEL, message);
  },
  onMessage(listener: (message: string) => void): () => void {
    if (typeof listener !== 'function') throw new TypeError('berthBridge.onMessage needs a function');
    const wrapped = (_e: IpcRendererEvent, message: unknown) => {
      if (typeof message === 'string') listener(message);
    };
    ipcRenderer.on(CHANNEL, wrapped);
    return () => ipcRenderer.removeListener(CHANNEL, wrapped);
  },
  close(): void {
    ipcRenderer.send(`${CHANNEL}:close`);
  },
});
