/**
 * Live resource usage. Podman: one NDJSON stream for all (or the given)
 * containers, `/libpod/containers/stats?stream=true&interval=N`, where each
 * line is `{Error, Stats: [...]}`. Docker API: one stream per container,
 * `/containers/{id}/stats?stream=true`, with CPU% computed from
 * `cpu_stats` / `precpu_stats` as the Docker CLI does.
 */
import type { IncomingMessage } from 'node:http';
import { EngineError, errorFromStreamMessage, isEngineError } from '../errors.js';
import { NdjsonParser } from '../streams/ndjson.js';
import { seg, type ApiContext } from './context.js';

import type { StatsSample } from '../models/stats.js';

export type { StatsSample };

export interface StatsOptions {
  /** Seconds between samples (default 2; Podman honours it, on Docker samples are thinned to it). */
  interval?: number;
  signal?: AbortSignal;
}

interface LibpodStat {
  ContainerID: string;
  Name: string;
  CPU: number;
  MemUsage: number;
  MemLimit: number;
  MemPerc: number;
  NetInput: number;
  NetOutput: number;
  BlockInput: number;
  BlockOutput: number;
  PIDs: number;
  SystemNano?: number;
}

interface LibpodStatsLine {
  Error?: unknown;
  Stats?: LibpodStat[] | null;
}

interface CpuStats {
  cpu_usage?: { total_usage?: number; percpu_usage?: number[] | null };
  system_cpu_usage?: number;
  online_cpus?: number;
}

/** The Docker stats JSON fields Berth reads. */
export interface DockerStats {
  id?: string;
  Id?: string;
  name?: string;
  read?: string;
  cpu_stats?: CpuStats;
  precpu_stats?: CpuStats;
  memory_stats?: { usage?: number; limit?: number; stats?: Record<string, number> };
  networks?: Record<string, { rx_bytes?: number; tx_bytes?: number }>;
  blkio_stats?: { io_service_bytes_recursive?: { op?: string; value?: number }[] | null };
  pids_stats?: { current?: number };
}

const num = (x: unknown): number => (typeof x === 'number' && Number.isFinite(x) ? x : 0);

export function fromLibpod(s: LibpodStat, time: number): StatsSample {
  return {
    id: s.ContainerID,
    name: s.Name,
    cpuPercent: num(s.CPU),
    memUsage: num(s.MemUsage),
    memLimit: num(s.MemLimit),
    memPercent: num(s.MemPerc),
    netRx: num(s.NetInput),
    netTx: num(s.NetOutput),
    blockRead: num(s.BlockInput),
    blockWrite: num(s.BlockOutput),
    pids: num(s.PIDs),
    time,
  };
}

/** Docker's formula: container CPU delta over system CPU delta, times the CPUs online, in percent. */
export function dockerCpuPercent(s: DockerStats): number {
  const cpu = s.cpu_stats ?? {};
  const pre = s.precpu_stats ?? {};
  const cpuDelta = num(cpu.cpu_usage?.total_usage) - num(pre.cpu_usage?.total_usage);
  const sysDelta = num(cpu.system_cpu_usage) - num(pre.system_cpu_usage);
  const cpus = num(cpu.online_cpus) || cpu.cpu_usage?.percpu_usage?.length || 1;
  if (cpuDelta <= 0 || sysDelta <= 0) return 0;
  return (cpuDelta / sysDelta) * cpus * 100;
}

export function fromDocker(s: DockerStats, fallbackId: string): StatsSample {
  const mem = s.memory_stats ?? {};
  // Like the Docker CLI: page cache is not "used" memory.
  const cache = num(mem.stats?.inactive_file ?? mem.stats?.total_inactive_file ?? mem.stats?.cache);
  const usage = Math.max(0, num(mem.usage) - cache);
  const limit = num(mem.limit);
  let rx = 0;
  let tx = 0;
  for (const n of Object.values(s.networks ?? {})) {
    rx += num(n.rx_bytes);
    tx += num(n.tx_bytes);
  }
  let read = 0;
  let write = 0;
  for (const e of s.blkio_stats?.io_service_bytes_recursive ?? []) {
    const op = (e.op ?? '').toLowerCase();
    if (op === 'read') read += num(e.value);
    else if (op === 'write') write += num(e.value);
  }
  const t = s.read ? Date.parse(s.read) : Number.NaN;
  return {
    id: s.id ?? s.Id ?? fallbackId,
    name: (s.name ?? '').replace(/^\//, ''),
    cpuPercent: dockerCpuPercent(s),
    memUsage: usage,
    memLimit: limit,
    memPercent: limit > 0 ? (usage / limit) * 100 : 0,
    netRx: rx,
    netTx: tx,
    blockRead: read,
    blockWrite: write,
    pids: num(s.pids_stats?.current),
    time: Number.isFinite(t) && t > 0 ? t : Date.now(),
  };
}

/** Podman 4.3 marshals a Go error here, which arrives as `{}`: an error without words. */
function libpodError(e: unknown): string | null {
  if (e === null || e === undefined || e === '') return null;
  if (typeof e === 'string') return e;
  if (typeof e === 'object' && 'message' in e) return String((e as { message: unknown }).message);
  const text = JSON.stringify(e);
  return text === '{}' ? '' : text;
}

export class StatsApi {
  constructor(private readonly ctx: ApiContext) {}

  /**
   * Samples as they come, until `signal` aborts (the stream then ends
   * quietly) or the engine ends it. Without ids: every running container.
   */
  stream(ids?: string[], opts: StatsOptions = {}): AsyncGenerator<StatsSample, void, undefined> {
    return this.ctx.isPodman ? this.libpodStream(ids, opts, true) : this.dockerStream(ids, opts);
  }

  /** One sample per container (running ones, or the given ids). */
  async once(ids?: string[], opts: { signal?: AbortSignal } = {}): Promise<StatsSample[]> {
    const out: StatsSample[] = [];
    if (this.ctx.isPodman) {
      for await (const s of this.libpodStream(ids, opts, false)) out.push(s);
      return out;
    }
    const targets = ids ?? (await this.runningIds(opts.signal));
    const operation = 'Read container statistics';
    await Promise.all(
      targets.map(async (id) => {
        const s = await this.ctx.transport.json<DockerStats>({
          path: this.ctx.compat(`/containers/${seg(id)}/stats`),
          query: { stream: false },
          operation,
          signal: opts.signal,
        });
        out.push(fromDocker(s, id));
      }),
    );
    return out;
  }

  private async *libpodStream(ids: string[] | undefined, opts: StatsOptions, stream: boolean): AsyncGenerator<StatsSample, void, undefined> {
    const operation = 'Read container statistics';
    const signal = opts.signal;
    const query = {
      stream,
      interval: Math.max(1, Math.round(opts.interval ?? 2)),
      containers: ids && ids.length ? ids : undefined,
    };
    const res = await this.open(this.ctx.libpod('/containers/stats'), query, operation, signal);
    if (!res) return;
    try {
      for await (const line of this.lines(res, operation, signal)) {
        const l = line as LibpodStatsLine;
        const err = libpodError(l.Error);
        if (err !== null) throw await this.explain(operation, err, ids);
        const now = Date.now();
        for (const s of l.Stats ?? []) yield fromLibpod(s, now);
        if (!stream) return;
      }
    } finally {
      res.destroy();
    }
  }

  private async *dockerStream(ids: string[] | undefined, opts: StatsOptions): AsyncGenerator<StatsSample, void, undefined> {
    const operation = 'Read container statistics';
    const signal = opts.signal;
    const targets = ids ?? (await this.runningIds(signal));
    const minGap = Math.max(0, (opts.interval ?? 2) * 1000 - 100);
    // Merge one stream per container into one queue; pause the sources while the consumer is behind.
    const queue: StatsSample[] = [];
    const sources: IncomingMessage[] = [];
    const space: (() => void)[] = [];
    let failure: unknown;
    let open = targets.length;
    let wake: (() => void) | null = null;
    const poke = () => {
      const w = wake;
      wake = null;
      w?.();
    };
    const pump = async (id: string) => {
      try {
        const res = await this.open(this.ctx.compat(`/containers/${seg(id)}/stats`), { stream: true }, operation, signal);
        if (!res) return;
        sources.push(res);
        let last = 0;
        for await (const line of this.lines(res, operation, signal)) {
          const sample = fromDocker(line as DockerStats, id);
          if (sample.time - last < minGap) continue;
          last = sample.time;
          queue.push(sample);
          poke();
          if (queue.length > 64) await new Promise<void>((resolve) => space.push(resolve));
        }
      } catch (e) {
        failure ??= e;
      } finally {
        open--;
        poke();
      }
    };
    for (const id of targets) void pump(id);
    try {
      for (;;) {
        while (queue.length) {
          yield queue.shift()!;
          if (queue.length < 16) for (const go of space.splice(0)) go();
        }
        if (failure !== undefined) throw failure;
        if (open === 0 || signal?.aborted) return;
        await new Promise<void>((resolve) => {
          wake = resolve;
          signal?.addEventListener('abort', poke, { once: true });
        });
      }
    } finally {
      for (const r of sources) r.destroy();
      for (const go of space.splice(0)) go();
    }
  }

  /** The response, or undefined when aborted before it arrived. */
  private async open(path: string, query: Record<string, string | number | boolean | string[] | undefined>, operation: string, signal?: AbortSignal): Promise<IncomingMessage | undefined> {
    try {
      return await this.ctx.transport.request({ path, query, operation, signal });
    } catch (e) {
      if (signal?.aborted) return undefined;
      throw e;
    }
  }

  /** Parsed NDJSON values of a response; ends quietly on abort, `stream-interrupted` if the connection drops. */
  private async *lines(res: IncomingMessage, operation: string, signal?: AbortSignal): AsyncGenerator<unknown, void, undefined> {
    const parser = new NdjsonParser();
    res.on('error', (e) => parser.destroy(e));
    res.pipe(parser);
    try {
      for await (const v of parser) yield v;
    } catch (e) {
      if (signal?.aborted) return;
      if (isEngineError(e)) throw e;
      throw new EngineError({
        kind: 'stream-interrupted',
        operation,
        engineMessage: (e as Error).message,
        socket: this.ctx.transport.address.socketPath,
        cause: e,
      });
    }
  }

  /** Turn a libpod stats error (often without a message) into a typed one by looking at the containers asked for. */
  private async explain(operation: string, message: string, ids: string[] | undefined): Promise<EngineError> {
    for (const id of ids ?? []) {
      let info: { State?: { Running?: boolean } } | undefined;
      try {
        info = await this.ctx.transport.json({ path: this.ctx.libpod(`/containers/${seg(id)}/json`), operation });
      } catch (e) {
        if (isEngineError(e)) return e;
        throw e;
      }
      if (info?.State?.Running !== true) {
        return new EngineError({ kind: 'container-not-running', operation, engineMessage: message || `container ${id} is not running` });
      }
    }
    return message ? errorFromStreamMessage(operation, message) : new EngineError({ kind: 'engine', operation, engineMessage: 'the engine reported an error without details' });
  }

  private async runningIds(signal?: AbortSignal): Promise<string[]> {
    const list = await this.ctx.transport.json<{ Id: string }[]>({
      path: this.ctx.compat('/containers/json'),
      operation: 'List running containers',
      signal,
    });
    return (list ?? []).map((c) => c.Id);
  }
}
