/** The engine as a whole: which one Berth talks to, its health, info and disk usage. */
import { query, stream } from '../call.js';
import { EngineOnlyInput, type BridgeErrorData, type EngineKind, type Json } from '../common.js';

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

export interface DiskUsageRow {
  kind: 'images' | 'containers' | 'volumes';
  total: number;
  active: number;
  size: number;
  reclaimable: number;
}

export const systemCalls = {
  connection: query().returns<ConnectionInfo | null>({ immediate: true }),
  health: stream().returns<ConnectionHealth>({ immediate: true }),
  info: query(EngineOnlyInput).returns<Json>(),
  diskUsage: query(EngineOnlyInput).returns<DiskUsageRow[]>(),
};
