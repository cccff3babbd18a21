/**
 * Networks: list, inspect, create, remove, prune, connect and disconnect a
 * container. libpod on Podman (netavark or CNI behind it), the
 * Docker-compatible `/networks` endpoints on Docker.
 */
import { classify, EngineError } from '../errors.js';
import type { JsonObject } from '../models/json.js';
import { epochMs, readPruneReports, type LibpodPruneReport } from './wire-values.js';
import { seg, type ApiContext } from './context.js';

export interface NetworkSubnet {
  /** CIDR, e.g. "10.89.0.0/24". */
  subnet: string;
  gateway?: string | undefined;
}

/** A network as list rows need it. */
export interface NetworkSummary {
  id: string;
  name: string;
  driver: string;
  subnets: NetworkSubnet[];
  internal: boolean;
  ipv6: boolean;
  /** Whether the network runs a DNS server for container names; undefined when the engine does not say (Docker). */
  dns: boolean | undefined;
  labels: Record<string, string>;
  /** Creation time, epoch milliseconds (0 when unknown). */
  created: number;
  /** Host bridge interface (Podman), when known. */
  networkInterface: string | undefined;
}

export interface NetworkCreateOptions {
  name: string;
  /** Default "bridge". */
  driver?: string;
  /** CIDR; the engine picks a free one when omitted. */
  subnet?: string;
  /** Needs `subnet`. */
  gateway?: string;
  /** No route to the outside. */
  internal?: boolean;
  ipv6?: boolean;
  /** Podman: run a DNS server for container names (default true for new Podman networks). */
  dns?: boolean;
  labels?: Record<string, string>;
}

export interface NetworkPruneResult {
  removed: string[];
  errors: { name: string; message: string }[];
}

interface LibpodNetwork {
  name?: string;
  id?: string;
  driver?: string;
  network_interface?: string;
  created?: string;
  subnets?: { subnet?: string; gateway?: string }[] | null;
  ipv6_enabled?: boolean;
  internal?: boolean;
  dns_enabled?: boolean;
  labels?: Record<string, string> | null;
}

interface CompatNetwork {
  Name?: string;
  Id?: string;
  Created?: string;
  Driver?: string;
  EnableIPv6?: boolean;
  Internal?: boolean;
  IPAM?: { Config?: { Subnet?: string; Gateway?: string }[] | null } | null;
  Labels?: Record<string, string> | null;
  Options?: Record<string, string> | null;
}

/** Normalize libpod's network object. */
export function networkFromLibpod(n: LibpodNetwork): NetworkSummary {
  return {
    id: String(n.id ?? ''),
    name: String(n.name ?? ''),
    driver: String(n.driver ?? ''),
    subnets: (n.subnets ?? []).map((s) => ({ subnet: String(s.subnet ?? ''), gateway: s.gateway || undefined })),
    internal: Boolean(n.internal),
    ipv6: Boolean(n.ipv6_enabled),
    dns: Boolean(n.dns_enabled),
    labels: { ...(n.labels ?? {}) },
    created: epochMs(n.created),
    networkInterface: n.network_interface || undefined,
  };
}

/** Normalize a Docker-compatible network object. */
export function networkFromCompat(n: CompatNetwork): NetworkSummary {
  return {
    id: String(n.Id ?? ''),
    name: String(n.Name ?? ''),
    driver: String(n.Driver ?? ''),
    subnets: (n.IPAM?.Config ?? []).filter((c) => c.Subnet).map((c) => ({ subnet: String(c.Subnet), gateway: c.Gateway || undefined })),
    internal: Boolean(n.Internal),
    ipv6: Boolean(n.EnableIPv6),
    dns: undefined,
    labels: { ...(n.Labels ?? {}) },
    created: epochMs(n.Created),
    networkInterface: n.Options?.['com.docker.network.bridge.name'] || undefined,
  };
}

export class NetworksApi {
  constructor(private readonly ctx: ApiContext) {}

  /** All networks, including the engine's default one. */
  async list(opts: { filters?: Record<string, string[]> } = {}): Promise<NetworkSummary[]> {
    const operation = 'List networks';
    const query = { filters: opts.filters ? JSON.stringify(opts.filters) : undefined };
    if (this.ctx.isPodman) {
      const rows = await this.ctx.transport.json<LibpodNetwork[] | null>({ path: this.ctx.libpod('/networks/json'), query, operation });
      return (rows ?? []).map(networkFromLibpod);
    }
    const rows = await this.ctx.transport.json<CompatNetwork[] | null>({ path: this.ctx.compat('/networks'), query, operation });
    return (rows ?? []).map(networkFromCompat);
  }

  /** The engine's full inspect JSON of one network. */
  async inspect(nameOrId: string): Promise<JsonObject> {
    const path = this.ctx.isPodman ? this.ctx.libpod(`/networks/${seg(nameOrId)}/json`) : this.ctx.compat(`/networks/${seg(nameOrId)}`);
    return this.ctx.transport.json<JsonObject>({ path, operation: `Inspect network ${nameOrId}` });
  }

  /** One network, normalized. */
  async get(nameOrId: string): Promise<NetworkSummary> {
    const raw = await this.inspect(nameOrId);
    return this.ctx.isPodman ? networkFromLibpod(raw as LibpodNetwork) : networkFromCompat(raw as CompatNetwork);
  }

  /** Create a network; an existing name is refused (`name-in-use`). */
  async create(opts: NetworkCreateOptions): Promise<NetworkSummary> {
    const operation = `Create network ${opts.name}`;
    if (opts.gateway && !opts.subnet) {
      throw new EngineError({ kind: 'invalid-argument', operation, engineMessage: 'a gateway needs a subnet', hint: 'Enter the subnet the gateway belongs to.' });
    }
    if (this.ctx.isPodman) {
      const body: Record<string, unknown> = { name: opts.name, driver: opts.driver ?? 'bridge' };
      if (opts.subnet) body.subnets = [{ subnet: opts.subnet, ...(opts.gateway ? { gateway: opts.gateway } : {}) }];
      if (opts.internal !== undefined) body.internal = opts.internal;
      if (opts.ipv6 !== undefined) body.ipv6_enabled = opts.ipv6;
      body.dns_enabled = opts.dns ?? true;
      if (opts.labels) body.labels = opts.labels;
      const raw = await this.ctx.transport.json<LibpodNetwork>({ method: 'POST', path: this.ctx.libpod('/networks/create'), body, operation });
      return networkFromLibpod(raw ?? {});
    }
    const body: Record<string, unknown> = { Name: opts.name, Driver: opts.driver ?? 'bridge', CheckDuplicate: true };
    if (opts.subnet) body.IPAM = { Driver: 'default', Config: [{ Subnet: opts.subnet, ...(opts.gateway ? { Gateway: opts.gateway } : {}) }] };
    if (opts.internal !== undefined) body.Internal = opts.internal;
    if (opts.ipv6 !== undefined) body.EnableIPv6 = opts.ipv6;
    if (opts.labels) body.Labels = opts.labels;
    const reply = await this.ctx.transport.json<{ Id?: string }>({ method: 'POST', path: this.ctx.compat('/networks/create'), body, operation });
    return this.get(reply?.Id || opts.name);
  }

  /**
   * Remove a network. A network containers use is refused (`network-in-use`);
   * on Podman `force` removes those containers (and their pods) too.
   */
  async remove(nameOrId: string, opts: { force?: boolean } = {}): Promise<void> {
    const operation = `Remove network ${nameOrId}`;
    if (this.ctx.isPodman) {
      const rows = await this.ctx.transport.json<{ Name?: string; Err?: unknown }[] | null>({
        method: 'DELETE',
        path: this.ctx.libpod(`/networks/${seg(nameOrId)}`),
        query: { force: opts.force ? true : undefined },
        operation,
        timeoutMs: opts.force ? 120_000 : undefined,
      });
      const failed = (rows ?? []).find((r) => r.Err);
      if (failed) {
        const engineMessage = typeof failed.Err === 'string' ? failed.Err : JSON.stringify(failed.Err);
        throw new EngineError({ kind: classify(undefined, engineMessage), operation, engineMessage });
      }
      return;
    }
    await this.ctx.transport.call({ method: 'DELETE', path: this.ctx.compat(`/networks/${seg(nameOrId)}`), operation });
  }

  /** Remove every network no container uses (never the default one). */
  async prune(opts: { filters?: Record<string, string[]> } = {}): Promise<NetworkPruneResult> {
    const operation = 'Remove unused networks';
    const query = { filters: opts.filters ? JSON.stringify(opts.filters) : undefined };
    if (this.ctx.isPodman) {
      const { removed, errors } = readPruneReports(await this.ctx.transport.json<LibpodPruneReport[] | null>({ method: 'POST', path: this.ctx.libpod('/networks/prune'), query, operation }));
      return { removed, errors };
    }
    const reply = await this.ctx.transport.json<{ NetworksDeleted?: string[] | null } | null>({ method: 'POST', path: this.ctx.compat('/networks/prune'), query, operation });
    return { removed: [...(reply?.NetworksDeleted ?? [])], errors: [] };
  }

  /** Attach a container to a network, optionally with extra DNS aliases. */
  async connect(network: string, container: string, opts: { aliases?: string[] } = {}): Promise<void> {
    const operation = `Connect container ${container} to network ${network}`;
    if (this.ctx.isPodman) {
      const body: Record<string, unknown> = { container };
      if (opts.aliases?.length) body.aliases = opts.aliases;
      await this.ctx.transport.call({ method: 'POST', path: this.ctx.libpod(`/networks/${seg(network)}/connect`), body, operation });
      return;
    }
    const body: Record<string, unknown> = { Container: container };
    if (opts.aliases?.length) body.EndpointConfig = { Aliases: opts.aliases };
    await this.ctx.transport.call({ method: 'POST', path: this.ctx.compat(`/networks/${seg(network)}/connect`), body, operation });
  }

  /** Detach a container from a network. */
  async disconnect(network: string, container: string, opts: { force?: boolean } = {}): Promise<void> {
    const operation = `Disconnect container ${container} from network ${network}`;
    const body = { Container: container, Force: Boolean(opts.force) };
    const path = this.ctx.isPodman ? this.ctx.libpod(`/networks/${seg(network)}/disconnect`) : this.ctx.compat(`/networks/${seg(network)}/disconnect`);
    await this.ctx.transport.call({ method: 'POST', path, body, operation });
  }
}
