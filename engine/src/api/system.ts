/** System calls: ping, version, info, disk usage. */
import type { ApiContext } from './context.js';

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

export interface EngineInfo {
  /** Whether the engine runs rootless (Podman: host.security.rootless). */
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
  counts: { containers: number; running: number; paused: number; stopped: number; images: number };
  /** The full engine reply, for the Inspect view. */
  raw: Record<string, unknown>;
}

export interface DiskUsageEntry {
  kind: 'images' | 'containers' | 'volumes';
  total: number;
  active: number;
  size: number;
  reclaimable: number;
}

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
    if (this.ctx.isPodman) {
      const raw = await this.ctx.transport.json<Record<string, any>>({ path: this.ctx.libpod('/info'), operation: 'Read engine info' });
      const host = raw.host ?? {};
      const store = raw.store ?? {};
      const cs = store.containerStore ?? {};
      return {
        rootless: Boolean(host.security?.rootless),
        hostname: String(host.hostname ?? ''),
        os: String(host.os ?? ''),
        arch: String(host.arch ?? ''),
        cpus: Number(host.cpus ?? 0),
        memTotal: Number(host.memTotal ?? 0),
        kernel: String(host.kernel ?? ''),
        storageDriver: String(store.graphDriverName ?? ''),
        graphRoot: String(store.graphRoot ?? ''),
        runRoot: String(store.runRoot ?? ''),
        ociRuntime: String(host.ociRuntime?.name ?? ''),
        cgroupVersion: String(host.cgroupVersion ?? ''),
        eventLogger: String(host.eventLogger ?? ''),
        counts: {
          containers: Number(cs.number ?? 0),
          running: Number(cs.running ?? 0),
          paused: Number(cs.paused ?? 0),
          stopped: Number(cs.stopped ?? 0),
          images: Number(store.imageStore?.number ?? 0),
        },
        raw,
      };
    }
    const raw = await this.ctx.transport.json<Record<string, any>>({ path: this.ctx.compat('/info'), operation: 'Read engine info' });
    const secOpts: string[] = Array.isArray(raw.SecurityOptions) ? raw.SecurityOptions : [];
    return {
      rootless: secOpts.some((s) => s.includes('rootless')),
      hostname: String(raw.Name ?? ''),
      os: String(raw.OSType ?? ''),
      arch: String(raw.Architecture ?? ''),
      cpus: Number(raw.NCPU ?? 0),
      memTotal: Number(raw.MemTotal ?? 0),
      kernel: String(raw.KernelVersion ?? ''),
      storageDriver: String(raw.Driver ?? ''),
      graphRoot: String(raw.DockerRootDir ?? ''),
      runRoot: '',
      ociRuntime: String(raw.DefaultRuntime ?? ''),
      cgroupVersion: String(raw.CgroupVersion ?? ''),
      eventLogger: '',
      counts: {
        containers: Number(raw.Containers ?? 0),
        running: Number(raw.ContainersRunning ?? 0),
        paused: Number(raw.ContainersPaused ?? 0),
        stopped: Number(raw.ContainersStopped ?? 0),
        images: Number(raw.Images ?? 0),
      },
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
    const running = (c: any) => String(c.Status ?? c.State ?? '').toLowerCase().startsWith('running') || String(c.State) === 'running';
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
