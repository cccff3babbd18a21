/**
 * BridgeServices on top of the engine core: one slice per resource of the
 * contract's BRIDGE (the compiler says when one is missing). Slices validate
 * nothing themselves (the router did) and map engine results to wire types.
 */
import { EngineError, type EngineClient } from '../../../engine/src/index.js';
import type { BridgeServices } from '../../contract/services.js';
import type { AppCommand, PickPurpose, TrayView, EngineEntry, EngineTestResult, HostSetupInfo, EntityKind, ConnectionHealth, ConnectionInfo } from '../../contract/types.js';
import { ENTITY_KINDS } from '../../contract/entity.js';
import type { LiveHub } from '../live-hub.js';
import type { LogDownloadSpec } from '../log-download.js';
import { composeService } from './compose-service.js';
import { containersService } from './containers-service.js';
import { filesService } from './files-service.js';
import type { FileTransfers } from '../file-transfers.js';
import { imagesService } from './images-service.js';
import { kubeService } from './kube-service.js';
import { watchKind, type RowMapper } from './live-service.js';
import { containerRow, imageRow, networkRow, podRow, volumeRow } from './rows.js';
import { machinesService, type MachineBackend } from './machines-service.js';
import { networksService } from './networks-service.js';
import { podsService } from './pods-service.js';
import { ok, pushes } from './service-support.js';
import { terminalService, type TerminalSessions } from './terminal-service.js';
import { volumesService } from './volumes-service.js';

export interface EngineAccess {
  /** The client of the named engine (the primary one when none is named); throws a typed EngineError when it is not there. */
  client(engine?: string): EngineClient;
  connection(): ConnectionInfo | null;
  health(): ConnectionHealth;
  onHealth(listener: (h: ConnectionHealth) => void): () => void;
  resync(kind?: EntityKind): Promise<void>;
  engines: {
    list(): EngineEntry[];
    onChange(listener: (list: EngineEntry[]) => void): () => void;
    add(address: string, label?: string): Promise<EngineEntry>;
    remove(id: string): Promise<void>;
    test(address: string): Promise<EngineTestResult>;
    setEnabled(id: string, enabled: boolean): Promise<void>;
    host(): HostSetupInfo;
    startEmbedded(): Promise<void>;
  };
  /** A one-time link to download a container's complete log (log-download.ts). */
  logLink(spec: LogDownloadSpec): string;
  /** One-time links for a container's file downloads and uploads (file-transfers.ts). */
  fileLinks: Pick<FileTransfers, 'downloadLink' | 'uploadLink' | 'volumeExportLink' | 'volumeImportLink'>;
  hub: LiveHub;
  terminals: TerminalSessions;
  machines: MachineBackend;
  onCommand(listener: (c: AppCommand) => void): () => void;
  tray(signal: AbortSignal): AsyncIterable<TrayView>;
  /** The desktop's native file picker; absent in serve mode. */
  pickFile?: ((purpose: PickPurpose) => Promise<string | undefined>) | undefined;
}

/** A second picker while one is open is refused (a renderer cannot stack dialogs on the user). */
function oneAtATime<I, O>(fn: (input: I) => Promise<O>): (input: I) => Promise<O> {
  let open = false;
  return async (input) => {
    if (open) throw new EngineError({ kind: 'conflict', operation: 'Open a file picker', engineMessage: 'a file picker is already open', hint: 'Finish or cancel the open one first.' });
    open = true;
    try {
      return await fn(input);
    } finally {
      open = false;
    }
  };
}

export function createEngineServices(access: EngineAccess): BridgeServices {
  const c = (engine?: string) => access.client(engine);
  return {
    app: {
      commands: (_, { signal }) => pushes((push) => access.onCommand(push), signal),
      tray: (_, { signal }) => access.tray(signal),
      pickFile: oneAtATime(async ({ purpose }) => (access.pickFile ? { native: true, path: await access.pickFile(purpose) } : { native: false })),
    },
    system: {
      connection: async () => access.connection(),
      health: (_, { signal }) => pushes((push) => access.onHealth(push), signal, access.health()),
      info: async ({ engine }) => {
        const [info, version] = await Promise.all([c(engine).system.info(), c(engine).system.version()]);
        return { ...info, version };
      },
      diskUsage: ({ engine }) => c(engine).system.diskUsage(),
    },
    engines: {
      list: async () => access.engines.list(),
      watch: (_, { signal }) => pushes((push) => access.engines.onChange(push), signal, access.engines.list()),
      add: ({ address, label }) => access.engines.add(address, label),
      remove: ({ id }) => access.engines.remove(id),
      test: ({ address }) => access.engines.test(address),
      setEnabled: ({ id, enabled }) => access.engines.setEnabled(id, enabled),
      host: async () => access.engines.host(),
      startEmbedded: () => access.engines.startEmbedded(),
    },
    machines: machinesService(access.machines),
    live: {
      ...liveStreams(access.hub),
      resync: (input) => access.resync(input?.kind),
    },
    containers: containersService(
      c,
      (spec) => access.logLink(spec),
      (kind) => access.resync(kind),
    ),
    files: filesService(c, access.fileLinks),
    terminal: terminalService(c, access.terminals),
    images: imagesService(c),
    pods: podsService(c),
    volumes: volumesService(c, access.fileLinks),
    networks: networksService(c),
    kube: kubeService(c),
    compose: composeService(c),
    secrets: {
      inspect: ({ id, engine }) => c(engine).secrets.inspect(id),
      create: ({ engine, name, value, labels }) => c(engine).secrets.create({ name, value, ...(labels ? { labels } : {}) }),
      remove: async ({ id, engine }) => {
        await c(engine).secrets.remove(id);
        return ok();
      },
    },
  };
}

/** Each live kind's engine items → its wire rows (explicit, so the wire carries only what the UI uses). */
const ROWS: { [K in EntityKind]: RowMapper<K> } = {
  containers: containerRow,
  images: imageRow,
  pods: podRow,
  volumes: volumeRow,
  networks: networkRow,
  secrets: (s, engine) => ({ engine, id: s.id, name: s.name, driver: s.driver, created: s.created, updated: s.updated, labels: s.labels }),
};

/** One stream per live kind, from the hub. */
function liveStreams(hub: LiveHub): Omit<BridgeServices['live'], 'resync'> {
  const entries = ENTITY_KINDS.map((kind) => [kind, (_: undefined, { signal }: { signal: AbortSignal }) => watchKind(hub, kind, ROWS[kind] as RowMapper<typeof kind>, signal)]);
  // Each entry serves its own kind's rows (watchKind is typed per kind); the table only loses that pairing.
  return Object.fromEntries(entries) as unknown as Omit<BridgeServices['live'], 'resync'>;
}
