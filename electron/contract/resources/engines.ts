/** The engines Berth knows (found, added, machines), and the machine Berth runs on. */
import { z } from 'zod';
import { mutation, query, stream } from '../call.js';
import type { BridgeErrorData, EngineKind } from '../common.js';
import type { ConnectionHealth } from './system.js';

/** One engine Berth knows: found by discovery, added by the user, or a running machine. */
export interface EngineEntry {
  id: string;
  label: string;
  /** unix:///… or npipe:////./pipe/… */
  address: string;
  /** How it was found: explicit, env, rootless, rootful, machine, docker, embedded, or user. */
  source: string;
  kind?: EngineKind | undefined;
  version?: string | undefined;
  rootless?: boolean | undefined;
  /** Berth's own `podman system service`. */
  embedded: boolean;
  /** Added by the user in Settings (only these can be removed). */
  userAdded: boolean;
  /** Shown in the lists. */
  enabled: boolean;
  /** The engine actions go to when none is named. */
  primary: boolean;
  health: ConnectionHealth;
}

/** One step of setting up the machine Berth runs on: words, and a command to copy. */
export interface SetupStepWire {
  text: string;
  command?: string | undefined;
}

/**
 * The machine Berth runs on (in `serve`, not the browser's): what it needs
 * before containers run, and whether Berth can start its own Podman service.
 */
export interface HostSetupInfo {
  os: 'debian' | 'fedora' | 'arch' | 'linux' | 'mac' | 'windows' | 'other';
  osName: string;
  root: boolean;
  systemd: boolean;
  podmanPath?: string | undefined;
  install: SetupStepWire[];
  start: SetupStepWire[];
  /** Podman is installed and Berth may run its own `podman system service` here. */
  embeddedPossible: boolean;
  embeddedRunning: boolean;
  /** Why Berth's own service did not start the last time it tried. */
  embeddedError?: BridgeErrorData | undefined;
}

export interface EngineTestResult {
  ok: boolean;
  kind?: EngineKind | undefined;
  version?: string | undefined;
  rootless?: boolean | undefined;
  error?: BridgeErrorData | undefined;
}

export const EngineAddress = z
  .string()
  .trim()
  .min(1, 'An address is required')
  .max(1024)
  .regex(/^(unix:\/\/\/|npipe:\/\/|\/)/, 'Use unix:///path/to/podman.sock, npipe:////./pipe/name, or an absolute socket path');
export const EngineAddInput = z.strictObject({ address: EngineAddress, label: z.string().trim().max(128).optional() });
export const EngineTestInput = z.strictObject({ address: EngineAddress });
export const EngineIdInput = z.strictObject({ id: z.string().min(1).max(1024) });
export const EngineEnabledInput = z.strictObject({ id: z.string().min(1).max(1024), enabled: z.boolean() });

export const enginesCalls = {
  list: query().returns<EngineEntry[]>({ immediate: true }),
  watch: stream().returns<EngineEntry[]>({ immediate: true }),
  add: mutation(EngineAddInput).returns<EngineEntry>({ immediate: true }),
  remove: mutation(EngineIdInput).returns<void>(),
  test: mutation(EngineTestInput).returns<EngineTestResult>({ immediate: true }),
  setEnabled: mutation(EngineEnabledInput).returns<void>(),
  /** What the machine Berth runs on needs, in commands for that machine. */
  host: query().returns<HostSetupInfo>(),
  /** Start Berth's own Podman service (Podman installed, no engine answering). */
  startEmbedded: mutation().returns<void>(),
};
