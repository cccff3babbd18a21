/**
 * EngineClient: one connection to one engine (Podman or Docker), with its
 * API grouped by resource. Create it with `connectEngine()`, which asks the
 * engine what it is before anything else happens.
 */
import { capabilitiesFor, flavorFromHeaders, type Capabilities, type EngineFlavor } from './api/capabilities.js';
import { ContainersApi } from './api/containers.js';
import { ApiContext } from './api/context.js';
import { ExecApi } from './api/exec.js';
import { ContainerFilesApi } from './files/container-files.js';
import { VolumeFilesApi } from './files/volume-files.js';
import { ImagesApi } from './api/images.js';
import { KubeApi } from './api/kube.js';
import { LogsApi } from './api/logs.js';
import { NetworksApi } from './api/networks.js';
import { PodsApi } from './api/pods.js';
import { SecretsApi } from './api/secrets.js';
import { StatsApi } from './api/stats.js';
import { SystemApi } from './api/system.js';
import { VolumesApi } from './api/volumes.js';
import { HttpTransport, readText } from './transport/http-transport.js';
import { parseSocketAddress, type SocketAddress } from './transport/socket-address.js';

export interface ConnectOptions {
  /** `unix:///…`, `npipe:////./pipe/…` or a bare socket path. */
  address: string | SocketAddress;
  /** Force the API flavour instead of detecting it (tests use this to drive Podman's Docker-compatible API). */
  flavor?: EngineFlavor;
  timeoutMs?: number;
}

export class EngineClient {
  readonly system: SystemApi;
  readonly containers: ContainersApi;
  readonly logs: LogsApi;
  readonly exec: ExecApi;
  /** A container's files (the archive endpoints). */
  readonly files: ContainerFilesApi;
  /** A volume's files, through a helper container that is created but never run. */
  readonly volumeFiles: VolumeFilesApi;
  readonly stats: StatsApi;
  readonly images: ImagesApi;
  readonly pods: PodsApi;
  readonly volumes: VolumesApi;
  readonly networks: NetworksApi;
  readonly kube: KubeApi;
  readonly secrets: SecretsApi;

  constructor(
    readonly transport: HttpTransport,
    readonly caps: Capabilities,
  ) {
    const ctx = new ApiContext(transport, caps);
    this.system = new SystemApi(ctx);
    this.containers = new ContainersApi(ctx);
    this.logs = new LogsApi(ctx);
    this.exec = new ExecApi(ctx);
    this.files = new ContainerFilesApi(ctx, this.exec);
    this.stats = new StatsApi(ctx);
    this.images = new ImagesApi(ctx);
    this.pods = new PodsApi(ctx);
    this.volumes = new VolumesApi(ctx);
    this.networks = new NetworksApi(ctx);
    this.kube = new KubeApi(ctx);
    this.secrets = new SecretsApi(ctx);
    this.volumeFiles = new VolumeFilesApi(this.containers, this.images, this.volumes, this.files);
  }

  get address(): SocketAddress {
    return this.transport.address;
  }

  close(): void {
    this.transport.close();
  }
}

/** Ask the engine what it is (ping headers, then version) and return a ready client. */
export async function connectEngine(opts: ConnectOptions): Promise<EngineClient> {
  const address = typeof opts.address === 'string' ? parseSocketAddress(opts.address) : opts.address;
  const transport = new HttpTransport({ address, defaultTimeoutMs: opts.timeoutMs ?? 30_000 });
  try {
    // `/_ping` answers on both engines; Podman adds Libpod-API-Version.
    const res = await transport.request({ path: '/_ping', operation: 'Connect to the engine', timeoutMs: opts.timeoutMs ?? 5000 });
    await readText(res);
    const detected = flavorFromHeaders(res.headers);
    const flavor = opts.flavor ?? detected.flavor;
    // Podman's Libpod-API-Version header is its version: skip the slow /version call (0.5-1 s on 4.3 under load).
    if (detected.flavor === 'podman' && flavor === 'podman' && detected.apiVersion) {
      return new EngineClient(transport, capabilitiesFor('podman', detected.apiVersion, detected.apiVersion));
    }
    const probe = new EngineClient(transport, capabilitiesFor(flavor, detected.apiVersion, detected.apiVersion));
    const v = await probe.system.version();
    const version = flavor === detected.flavor ? v.version : detected.apiVersion;
    return new EngineClient(transport, capabilitiesFor(flavor, version || detected.apiVersion, v.apiVersion || detected.apiVersion));
  } catch (e) {
    transport.close();
    throw e;
  }
}
