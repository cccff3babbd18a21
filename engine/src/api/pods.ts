/**
 * Pods (Podman only): list, inspect, create, lifecycle, remove, prune.
 *
 * libpod answers pod lifecycle calls with `{Id, Errs}`: `Errs` lists the
 * containers that failed (often with HTTP 409, sometimes with 200). Those are
 * turned into EngineErrors carrying every container's message.
 */
import { classify, EngineError, errorFromResponse, type EngineErrorKind } from '../errors.js';
import { readText } from '../transport/http-transport.js';
import type { JsonObject } from '../models/json.js';
import { epochMs, errText, readPruneReports, type LibpodPruneReport } from './wire-values.js';
import { seg, type ApiContext } from './context.js';

/** A pod's state, lower-cased from libpod's status ("Running" → "running"). */
export type PodState = 'created' | 'running' | 'paused' | 'stopped' | 'exited' | 'degraded' | 'dead' | 'error' | 'unknown';

/** One container of a pod, as the pod list shows it. */
export interface PodContainer {
  id: string;
  name: string;
  /** Container state as libpod reports it ("created", "running", "exited", "paused"...). */
  state: string;
  /** True for the pod's infra (pause) container. */
  infra: boolean;
}

/** A pod as list rows need it. */
export interface PodSummary {
  id: string;
  name: string;
  /** libpod's status text ("Running", "Degraded", ...). */
  status: string;
  state: PodState;
  /** Creation time, epoch milliseconds. */
  created: number;
  /** Id of the infra container; empty when the pod has none. */
  infraId: string;
  labels: Record<string, string>;
  networks: string[];
  containers: PodContainer[];
}

/** A published port of a pod (libpod PortMapping). */
export interface PodPortMapping {
  hostPort: number;
  containerPort: number;
  protocol?: 'tcp' | 'udp' | 'sctp';
  /** Host address to bind; all addresses when omitted. */
  hostIp?: string;
  /** Number of consecutive ports, starting at both ports (default 1). */
  range?: number;
}

export interface PodCreateOptions {
  name: string;
  ports?: PodPortMapping[];
  labels?: Record<string, string>;
  hostname?: string;
  /** Create the pod without an infra container (ports then cannot be published). Default: with infra. */
  noInfra?: boolean;
}

export interface PodListOptions {
  /** libpod filters, e.g. `{ label: ['app=web'] }`, `{ name: ['web'] }`. */
  filters?: Record<string, string[]>;
}

/** Outcome of a lifecycle call: `changed` is false when the pod already was in that state (HTTP 304). */
export interface PodActionResult {
  id: string;
  changed: boolean;
}

export interface PodPruneResult {
  /** Ids of the pods removed. */
  removed: string[];
  /** Pods that could not be removed, with the engine's message. */
  errors: { id: string; message: string }[];
}

interface LibpodPodListEntry {
  Id?: string;
  Name?: string;
  Status?: string;
  Created?: string | number;
  InfraId?: string;
  Labels?: Record<string, string> | null;
  Networks?: string[] | null;
  Containers?: { Id?: string; Names?: string | string[]; Status?: string }[] | null;
}

const NO_DETAILS = 'a container failed and the engine gave no details';

const POD_STATES: ReadonlySet<string> = new Set(['created', 'running', 'paused', 'stopped', 'exited', 'degraded', 'dead', 'error']);

/** Normalize one entry of libpod's `/pods/json`. */
export function podSummaryFrom(p: LibpodPodListEntry): PodSummary {
  const status = String(p.Status ?? '');
  const lower = status.toLowerCase();
  const infraId = String(p.InfraId ?? '');
  return {
    id: String(p.Id ?? ''),
    name: String(p.Name ?? ''),
    status,
    state: (POD_STATES.has(lower) ? lower : 'unknown') as PodState,
    created: epochMs(p.Created),
    infraId,
    labels: { ...(p.Labels ?? {}) },
    networks: [...(p.Networks ?? [])],
    containers: (p.Containers ?? []).map((c) => {
      const id = String(c.Id ?? '');
      const names = Array.isArray(c.Names) ? c.Names.join(',') : String(c.Names ?? '');
      return { id, name: names.replace(/^\//, ''), state: String(c.Status ?? '').toLowerCase(), infra: id !== '' && id === infraId };
    }),
  };
}

export class PodsApi {
  constructor(private readonly ctx: ApiContext) {}

  /** All pods, with their containers. */
  async list(opts: PodListOptions = {}): Promise<PodSummary[]> {
    const operation = 'List pods';
    this.ctx.requirePodman(operation);
    const rows = await this.ctx.transport.json<LibpodPodListEntry[] | null>({
      path: this.ctx.libpod('/pods/json'),
      query: { filters: opts.filters ? JSON.stringify(opts.filters) : undefined },
      operation,
    });
    return (rows ?? []).map(podSummaryFrom);
  }

  /** The engine's full inspect JSON of one pod. */
  async inspect(nameOrId: string): Promise<JsonObject> {
    const operation = `Inspect pod ${nameOrId}`;
    this.ctx.requirePodman(operation);
    return this.ctx.transport.json<JsonObject>({ path: this.ctx.libpod(`/pods/${seg(nameOrId)}/json`), operation });
  }

  /** Create a pod (with an infra container that holds its ports). Resolves with the new pod's id. */
  async create(opts: PodCreateOptions): Promise<{ id: string }> {
    const operation = `Create pod ${opts.name}`;
    this.ctx.requirePodman(operation);
    const body: Record<string, unknown> = { name: opts.name };
    if (opts.labels) body.labels = opts.labels;
    if (opts.hostname) body.hostname = opts.hostname;
    if (opts.noInfra) body.no_infra = true;
    if (opts.ports?.length) {
      body.portmappings = opts.ports.map((p) => ({
        host_port: p.hostPort,
        container_port: p.containerPort,
        protocol: p.protocol ?? 'tcp',
        ...(p.hostIp ? { host_ip: p.hostIp } : {}),
        ...(p.range && p.range > 1 ? { range: p.range } : {}),
      }));
    }
    const reply = await this.ctx.transport.json<{ Id?: string }>({ method: 'POST', path: this.ctx.libpod('/pods/create'), body, operation });
    return { id: String(reply?.Id ?? '') };
  }

  start(nameOrId: string): Promise<PodActionResult> {
    return this.action(nameOrId, 'start', `Start pod ${nameOrId}`);
  }

  /** Stop every container of the pod; `timeout` seconds before SIGKILL (engine default when omitted). */
  stop(nameOrId: string, opts: { timeout?: number } = {}): Promise<PodActionResult> {
    return this.action(nameOrId, 'stop', `Stop pod ${nameOrId}`, { t: opts.timeout }, opts.timeout);
  }

  restart(nameOrId: string): Promise<PodActionResult> {
    return this.action(nameOrId, 'restart', `Restart pod ${nameOrId}`, undefined, 60);
  }

  pause(nameOrId: string): Promise<PodActionResult> {
    return this.action(nameOrId, 'pause', `Pause pod ${nameOrId}`);
  }

  unpause(nameOrId: string): Promise<PodActionResult> {
    return this.action(nameOrId, 'unpause', `Resume pod ${nameOrId}`);
  }

  /** Send a signal (name like "SIGTERM" or number; engine default SIGKILL) to every running container of the pod. */
  kill(nameOrId: string, signal?: string | number): Promise<PodActionResult> {
    return this.action(nameOrId, 'kill', `Kill pod ${nameOrId}`, { signal: signal === undefined ? undefined : String(signal) });
  }

  /** Remove the pod and its containers. Without `force` a pod with running containers is refused (`container-running`). */
  async remove(nameOrId: string, opts: { force?: boolean; timeout?: number } = {}): Promise<void> {
    const operation = `Remove pod ${nameOrId}`;
    this.ctx.requirePodman(operation);
    const { status, body, text } = await this.send('DELETE', `/pods/${seg(nameOrId)}`, operation, { force: opts.force ? true : undefined, t: opts.timeout }, opts.timeout);
    if (status >= 300) throw this.podError(errorFromResponse(operation, status, text, this.ctx.transport.address.socketPath));
    const err = (body as { Err?: unknown } | undefined)?.Err;
    if (err) throw this.podError(this.errorFor(operation, status, [err]));
  }

  /** Remove every pod that has no running containers. */
  async prune(): Promise<PodPruneResult> {
    const operation = 'Remove unused pods';
    this.ctx.requirePodman(operation);
    const { removed, errors } = readPruneReports(await this.ctx.transport.json<LibpodPruneReport[] | null>({ method: 'POST', path: this.ctx.libpod('/pods/prune'), operation, timeoutMs: 120_000 }));
    return { removed, errors: errors.map((e) => ({ id: e.name, message: e.message })) };
  }

  private async action(nameOrId: string, verb: string, operation: string, query?: Record<string, string | number | undefined>, waitSeconds?: number): Promise<PodActionResult> {
    this.ctx.requirePodman(operation);
    const { status, body, text } = await this.send('POST', `/pods/${seg(nameOrId)}/${verb}`, operation, query, waitSeconds);
    if (status === 304) return { id: nameOrId, changed: false };
    const reply = body as { Id?: string; Errs?: unknown[] | null } | undefined;
    const errs = Array.isArray(reply?.Errs) ? reply.Errs : [];
    if (errs.length) throw this.podError(this.errorFor(operation, status, errs));
    if (status >= 300) throw this.podError(errorFromResponse(operation, status, text, this.ctx.transport.address.socketPath));
    return { id: String(reply?.Id ?? nameOrId), changed: true };
  }

  /** A call whose error body may be libpod's `{Errs}` report rather than `{message}`. */
  private async send(
    method: 'POST' | 'DELETE',
    path: string,
    operation: string,
    query: Record<string, string | number | boolean | undefined> | undefined,
    waitSeconds?: number,
  ): Promise<{ status: number; body: unknown; text: string }> {
    const res = await this.ctx.transport.raw({
      method,
      path: this.ctx.libpod(path),
      query,
      operation,
      // Stopping waits for each container's timeout; give the engine that long plus a margin.
      timeoutMs: waitSeconds !== undefined ? (waitSeconds + 30) * 1000 : undefined,
    });
    const status = res.statusCode ?? 0;
    const text = await readText(res, 1024 * 1024);
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = undefined;
    }
    return { status, body, text };
  }

  private errorFor(operation: string, status: number, errs: unknown[]): EngineError {
    const messages = errs.map((e) => errText(e, NO_DETAILS));
    const engineMessage = messages.join('\n');
    let kind: EngineErrorKind = classify(status, engineMessage);
    if (kind === 'engine' && status === 409) kind = 'conflict';
    return new EngineError({
      kind,
      operation,
      status,
      engineMessage,
      engineCause: messages.length > 1 ? `${messages.length} containers failed` : undefined,
      socket: this.ctx.transport.address.socketPath,
    });
  }

  /** Same error, with hints that speak of the pod rather than a single container. */
  private podError(e: EngineError): EngineError {
    const hints: Partial<Record<EngineErrorKind, string>> = {
      'container-running': 'Stop the pod first, or remove it with force.',
      'container-not-running': 'Start the pod first.',
      'not-found': 'The pod may have been removed by another client. Refresh the list and try again.',
    };
    const hint = hints[e.kind];
    if (!hint) return e;
    return new EngineError({ kind: e.kind, operation: e.operation, status: e.status, engineMessage: e.engineMessage, engineCause: e.engineCause, hint, socket: e.socket, cause: e });
  }
}
