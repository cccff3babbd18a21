/** The engine as a whole: which one Berth talks to, its health, info and disk usage. */
import { query, stream } from '../call.js';
import type { DiskUsageEntry, EngineInfo, EngineVersion } from '../../../engine/src/models/system.js';
import { EngineOnlyInput, type BridgeErrorData, type EngineKind } from '../common.js';

export type { EngineCounts, EngineInfo, EngineVersion } from '../../../engine/src/models/system.js';

/** The engine's host info (one model for Podman and Docker) with its version. */
export interface EngineInfoWire extends EngineInfo {
  version: EngineVersion;
}

export type DiskUsageRow = DiskUsageEntry;

export interface ConnectionInfo {
  id: string;
  label: string;
  kind: EngineKind;
  version: string;
  apiVersion: string;
  rootless: boolean;
  socket: string;
  source: string;
  embedded: boolean;
}

export type HealthState = 'connecting' | 'healthy' | 'unreachable';

export interface ConnectionHealth {
  state: HealthState;
  since: number;
  /** Plain words on why the engine is unreachable and what Berth is doing. */
  message?: string | undefined;
  error?: BridgeErrorData | undefined;
}

export const systemCalls = {
  connection: query().returns<ConnectionInfo | null>({ immediate: true }),
  health: stream().returns<ConnectionHealth>({ immediate: true }),
  info: query(EngineOnlyInput).returns<EngineInfoWire>(),
  diskUsage: query(EngineOnlyInput).returns<DiskUsageRow[]>(),
};
