/**
 * Connection state: the bridge (renderer ↔ main side) and the engine's
 * health as the main side reports it (bridge.system.health).
 */
import { create } from 'zustand';
import type { ConnectionHealth } from '../../../electron/contract/index.js';
import { bridge, onBridgeConnection } from '../bridge/client';

interface ConnectionState {
  /** The bridge link: 'connecting' until first open. */
  bridge: 'connecting' | 'open' | 'closed';
  /** Latest engine health; undefined until the first report. */
  health: ConnectionHealth | undefined;
}

export const useConnection = create<ConnectionState>(() => ({ bridge: 'connecting', health: undefined }));

let started = false;

function subscribeHealth(): void {
  const retry = () => setTimeout(subscribeHealth, 2000);
  bridge.system.health.subscribe(undefined, {
    onData: (h) => useConnection.setState({ health: h }),
    onError: () => retry(),
    onComplete: () => retry(),
  });
}

export function startConnection(): void {
  if (started) return;
  started = true;
  onBridgeConnection((state) => useConnection.setState({ bridge: state }));
  subscribeHealth();
}
