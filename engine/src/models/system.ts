/** What the engine says about itself: version, host info, disk usage. */
import type { JsonObject } from './json.js';

export interface EngineVersion {
  flavor: 'podman' | 'docker';
  version: string;
  apiVersion: string;
  minApiVersion?: string | undefined;
  os: string;
  arch: string;
  kernel?: string | undefined;
  goVersion?: string | undefined;
}

export interface EngineCounts {
  containers: number;
  running: number;
  paused: number;
  stopped: number;
  images: number;
}

/** The host and storage an engine runs on, the same fields for Podman and Docker ('' where an engine has no such notion). */
export interface EngineInfo {
  /** Whether the engine runs rootless (Podman: host.security.rootless; Docker: a `rootless` security option). */
  rootless: boolean;
  hostname: string;
  os: string;
  arch: string;
  cpus: number;
  memTotal: number;
  kernel: string;
  storageDriver: string;
  graphRoot: string;
  runRoot: string;
  ociRuntime: string;
  cgroupVersion: string;
  eventLogger: string;
  counts: EngineCounts;
  /** The engine's own reply, untouched, for an Inspect view. */
  raw: JsonObject;
}

export interface DiskUsageEntry {
  kind: 'images' | 'containers' | 'volumes';
  total: number;
  active: number;
  size: number;
  reclaimable: number;
}
