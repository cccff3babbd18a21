/** System calls: ping, version, info, disk usage. */
import type { ApiContext } from './context.js';
import type { JsonObject, JsonValue } from '../models/json.js';
import type { DiskUsageEntry, EngineInfo, EngineVersion } from '../models/system.js';

export type { DiskUsageEntry, EngineInfo, EngineVersion };

interface PodmanVersionReply {
  Platform?: { Name?: string };
  Components?: { Name: string; Version: string; Details?: Record<string, string> }[];
  Version?: string;
  ApiVersion?: string;
  MinAPIVersion?: string;
  Os?: string;
  Arch?: string;
  KernelVersion?: string;
  GoVersion?: string;
}

export class SystemApi {
  constructor(private readonly ctx: ApiContext) {}

  async ping(signal?: AbortSignal): Promise<boolean> {
    const path = this.ctx.isPodman ? this.ctx.libpod('/_ping') : '/_ping';
    const text = await this.ctx.transport.text({ path, operation: 'Ping the engine', signal, timeoutMs: 5000 });
    return text.trim() === 'OK';
  }

  async version(): Promise<EngineVersion> {
    const path = this.ctx.isPodman ? this.ctx.libpod('/version') : this.ctx.compat('/version');
    const v = await this.ctx.transport.json<PodmanVersionReply>({ path, operation: 'Read the engine version' });
    const engine = v.Components?.find((c) => /engine/i.test(c.Name));
    return {
      flavor: this.ctx.caps.flavor,
      version: this.ctx.isPodman ? (engine?.Version ?? v.Version ?? '') : (v.Version ?? engine?.Version ?? ''),
      apiVersion: this.ctx.isPodman ? (engine?.Details?.APIVersion ?? v.ApiVersion ?? '') : (v.ApiVersion ?? ''),
      minApiVersion: engine?.Details?.MinAPIVersion ?? v.MinAPIVersion,
      os: v.Os ?? engine?.Details?.Os ?? '',
      arch: v.Arch ?? engine?.Details?.Arch ?? '',
      kernel: v.KernelVersion ?? engine?.Details?.KernelVersion,
      goVersion: v.GoVersion ?? engine?.Details?.GoVersion,
    };
  }

  async info(): Promise<EngineInfo> {
    const flavor = this.ctx.isPodman ? 'podman' : 'docker';
    const raw = await this.ctx.transport.json<JsonObject>({ path: this.ctx.isPodman ? this.ctx.libpod('/info') : this.ctx.compat('/info'), operation: 'Read engine info' });
    const text = (f: keyof typeof INFO_FIELDS) => String(pick(raw, INFO_FIELDS[f][flavor]) ?? '');
    const count = (f: keyof typeof INFO_FIELDS) => Number(pick(raw, INFO_FIELDS[f][flavor]) ?? 0);
    const securityOptions = pick(raw, 'SecurityOptions');
    return {
      rootless: this.ctx.isPodman ? pick(raw, 'host.security.rootless') === true : Array.isArray(securityOptions) && securityOptions.some((o) => String(o).includes('rootless')),
      hostname: text('hostname'),
      os: text('os'),
      arch: text('arch'),
      cpus: count('cpus'),
      memTotal: count('memTotal'),
      kernel: text('kernel'),
      storageDriver: text('storageDriver'),
      graphRoot: text('graphRoot'),
      runRoot: text('runRoot'),
      ociRuntime: text('ociRuntime'),
      cgroupVersion: text('cgroupVersion'),
      eventLogger: text('eventLogger'),
      counts: { containers: count('containers'), running: count('running'), paused: count('paused'), stopped: count('stopped'), images: count('images') },
      raw,
    };
  }

  /** `system/df`: space used by images, containers and volumes. */
  async diskUsage(): Promise<DiskUsageEntry[]> {
    const path = this.ctx.isPodman ? this.ctx.libpod('/system/df') : this.ctx.compat('/system/df');
    const raw = await this.ctx.transport.json<Record<string, any>>({ path, operation: 'Read disk usage', timeoutMs: 120_000 });
    const images: any[] = raw.Images ?? [];
    const containers: any[] = raw.Containers ?? [];
    const volumes: any[] = raw.Volumes ?? [];
    const imgSize = (i: any) => Number(i.Size ?? 0);
    const imgShared = (i: any) => Number(i.SharedSize ?? 0);
    const imagesInUse = images.filter((i) => Number(i.Containers ?? 0) > 0);
    const ctrSize = (c: any) => Number(c.RWSize ?? c.SizeRw ?? c.Size ?? 0);
    const running = (c: any) =>
      String(c.Status ?? c.State ?? '')
        .toLowerCase()
        .startsWith('running') || String(c.State) === 'running';
    const volSize = (v: any) => Number(v.Size ?? v.UsageData?.Size ?? 0);
    const volInUse = (v: any) => Number(v.Links ?? v.UsageData?.RefCount ?? 0) > 0;
    // Shared layers are counted once: sum unique bytes plus shared bytes of the largest sharer.
    const totalImages = images.reduce((s, i) => s + imgSize(i) - imgShared(i), 0) + Math.max(0, ...images.map(imgShared));
    return [
      {
        kind: 'images',
        total: images.length,
        active: imagesInUse.length,
        size: totalImages,
        reclaimable: images.filter((i) => Number(i.Containers ?? 0) === 0).reduce((s, i) => s + imgSize(i) - imgShared(i), 0),
      },
      {
        kind: 'containers',
        total: containers.length,
        active: containers.filter(running).length,
        size: containers.reduce((s, c) => s + ctrSize(c), 0),
        reclaimable: containers.filter((c) => !running(c)).reduce((s, c) => s + ctrSize(c), 0),
      },
      {
        kind: 'volumes',
        total: volumes.length,
        active: volumes.filter(volInUse).length,
        size: volumes.reduce((s, v) => s + volSize(v), 0),
        reclaimable: volumes.filter((v) => !volInUse(v)).reduce((s, v) => s + volSize(v), 0),
      },
    ];
  }
}

/** Where each info field is in Podman's `/libpod/info` and in Docker's `/info` (dotted paths; null: the engine has no such field). */
const INFO_FIELDS = {
  hostname: { podman: 'host.hostname', docker: 'Name' },
  os: { podman: 'host.os', docker: 'OSType' },
  arch: { podman: 'host.arch', docker: 'Architecture' },
  kernel: { podman: 'host.kernel', docker: 'KernelVersion' },
  cpus: { podman: 'host.cpus', docker: 'NCPU' },
  memTotal: { podman: 'host.memTotal', docker: 'MemTotal' },
  storageDriver: { podman: 'store.graphDriverName', docker: 'Driver' },
  graphRoot: { podman: 'store.graphRoot', docker: 'DockerRootDir' },
  runRoot: { podman: 'store.runRoot', docker: null },
  ociRuntime: { podman: 'host.ociRuntime.name', docker: 'DefaultRuntime' },
  cgroupVersion: { podman: 'host.cgroupVersion', docker: 'CgroupVersion' },
  eventLogger: { podman: 'host.eventLogger', docker: null },
  containers: { podman: 'store.containerStore.number', docker: 'Containers' },
  running: { podman: 'store.containerStore.running', docker: 'ContainersRunning' },
  paused: { podman: 'store.containerStore.paused', docker: 'ContainersPaused' },
  stopped: { podman: 'store.containerStore.stopped', docker: 'ContainersStopped' },
  images: { podman: 'store.imageStore.number', docker: 'Images' },
} as const;

/** The value at a dotted path of a JSON document, or undefined. */
function pick(doc: JsonValue, path: string | null): JsonValue | undefined {
  if (path === null) return undefined;
  let v: JsonValue | undefined = doc;
  for (const key of path.split('.')) v = v !== null && typeof v === 'object' && !Array.isArray(v) ? v[key] : undefined;
  return v;
}
