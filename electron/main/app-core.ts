/**
 * The main side without any window: finds the engines, keeps their
 * connections and live stores, and offers the bridge services. Both the
 * Electron app and `serve` mode run exactly this.
 */
import { EventEmitter } from 'node:events';
import type { Connection, DiscoverOptions } from '../../engine/src/index.js';
import type { AppCommand, EngineEntry, PickPurpose } from '../contract/types.js';
import type { BridgeServices } from '../contract/services.js';
import type { CallTable } from '../contract/call.js';
import { BRIDGE } from '../contract/registry.js';
import { logDownloader, type LogDownloader } from './log-download.js';
import { fileTransfers, type FileTransfers } from './file-transfers.js';
import { createBridgeHandler, rateLimited, type BridgeConnectionHandler } from './bridge-server.js';
import { EngineRegistry } from './engine-registry.js';
import { LiveHub } from './live-hub.js';
import { createEngineServices } from './services/engine-services.js';
import { createMachineBackend } from './services/machine-backend.js';
import { TerminalSessions } from './services/terminal-service.js';
import { watchTray } from './tray-view.js';
import { SettingsStore } from './settings-store.js';

export interface AppCoreOptions {
  /** An explicit engine address (`--engine unix:///…`), tried alone when given. */
  engine?: string | undefined;
  env?: NodeJS.ProcessEnv;
  log?: (message: string) => void;
  /** Where Berth keeps its settings (engines the user added…); none: in memory only. */
  settingsFile?: string | undefined;
  /** Passed through to discovery (tests point the embedded service at isolated storage). */
  discovery?: Partial<DiscoverOptions>;
  /** The desktop's native file picker (Electron); serve mode has none. */
  pickFile?: ((purpose: PickPurpose) => Promise<string | undefined>) | undefined;
}

export interface AppCore {
  services: BridgeServices;
  bridge: BridgeConnectionHandler;
  logs: LogDownloader;
  /** File downloads and uploads of the Files tab (`/api/files`). */
  files: FileTransfers;
  commands: { dispatch(command: string): void; send(command: AppCommand): void };
  engines: EngineRegistry;
  hub: LiveHub;
  /** The primary engine's connection. */
  connection(): Connection | undefined;
  /** Resolves when the first engine connection was made (or failed once). */
  ready: Promise<void>;
  shutdown(): Promise<void>;
}

export function parseEngineArg(argv: readonly string[]): string | undefined {
  const i = argv.indexOf('--engine');
  if (i >= 0) return argv[i + 1];
  const eq = argv.find((a) => a.startsWith('--engine='));
  return eq?.slice('--engine='.length);
}

export async function startAppCore(opts: AppCoreOptions & { argv?: readonly string[] } = {}): Promise<AppCore> {
  const log = opts.log ?? (() => undefined);
  const env = opts.env ?? process.env;
  const explicit = opts.engine ?? (opts.argv ? parseEngineArg(opts.argv) : undefined);
  const hub = new LiveHub();
  const terminals = new TerminalSessions();
  const commands = new EventEmitter<{ command: [AppCommand] }>();
  commands.setMaxListeners(0);
  const settings = new SettingsStore(opts.settingsFile);
  const engines = new EngineRegistry({ explicit, env, log, hub, settings, discovery: opts.discovery });

  // A running machine's API socket becomes an engine; it goes away when the machine stops.
  const machines = createMachineBackend(
    {
      engineAvailable: (name, address) => void engines.addMachine(name, address).catch((e) => log(`berth: machine ${name}: ${(e as Error).message}`)),
      engineGone: (_name, address) => void engines.removeMachine(address),
      log,
    },
    { env },
  );

  const ready = engines.start().catch((e) => log(`berth: connecting failed: ${(e as Error).message}`));

  const downloads = logDownloader((engine) => engines.client(engine));
  const files = fileTransfers((engine) => engines.client(engine));
  const services = untilReady(
    createEngineServices({
      logLink: (spec) => downloads.link(spec),
      fileLinks: files,
      client: (engine) => engines.client(engine),
      connection: () => engines.primaryInfo(),
      health: () => engines.health(),
      onHealth: (l) => {
        engines.on('health', l);
        return () => engines.off('health', l);
      },
      engines: {
        list: () => engines.list(),
        onChange: (l: (list: EngineEntry[]) => void) => {
          const f = () => l(engines.list());
          engines.on('changed', f);
          return () => engines.off('changed', f);
        },
        add: (address, label) => engines.add(address, label),
        remove: (id) => engines.remove(id),
        test: (address) => engines.test(address),
        setEnabled: (id, enabled) => engines.setEnabled(id, enabled),
        host: () => engines.hostSetup(),
        startEmbedded: () => engines.startEmbedded(),
      },
      resync: (kind) => engines.resync(undefined, kind),
      pickFile: opts.pickFile,
      hub,
      terminals,
      machines,
      onCommand: (l) => {
        commands.on('command', l);
        return () => commands.off('command', l);
      },
      tray: (signal) =>
        watchTray(
          {
            hub,
            engines: () => engines.list(),
            onEngines: (l) => {
              engines.on('changed', l);
              return () => engines.off('changed', l);
            },
            machines: () => machines.state(),
            onMachines: (l) => machines.onChange(l),
          },
          signal,
        ),
    }),
    ready,
  );

  const bridgeLog = rateLimited(log);
  const logs: LogDownloader = downloads;

  return {
    services,
    bridge: createBridgeHandler(services, (e) => bridgeLog(`berth: bridge error: ${String((e as { error?: Error }).error?.message ?? e)}`)),
    logs,
    files,
    engines,
    hub,
    commands: {
      dispatch(command: string) {
        if (command.startsWith('navigate:')) commands.emit('command', { kind: 'navigate', route: command.slice('navigate:'.length) });
        else if (command === 'refresh') commands.emit('command', { kind: 'refresh' });
        else if (command === 'search') commands.emit('command', { kind: 'search' });
      },
      send: (c) => commands.emit('command', c),
    },
    connection: () => engines.connection(),
    ready,
    async shutdown() {
      await terminals.closeAll();
      await machines.dispose?.();
      await engines.shutdown();
    },
  };
}

/**
 * Calls made while Berth is still looking for its first engine wait for that
 * first attempt instead of failing at once with "unreachable"; those marked
 * `immediate` in the contract report the absence themselves and go at once.
 */
function untilReady(services: BridgeServices, ready: Promise<void>): BridgeServices {
  let isReady = false;
  void ready.then(() => (isReady = true));
  const out: Record<string, Record<string, unknown>> = {};
  for (const [ns, methods] of Object.entries(services) as [string, Record<string, (...a: unknown[]) => unknown>][]) {
    out[ns] = {};
    const calls = BRIDGE[ns as keyof typeof BRIDGE] as CallTable;
    for (const [name, fn] of Object.entries(methods)) {
      const call = calls[name];
      if (!call || call.immediate) {
        out[ns][name] = fn;
        continue;
      }
      out[ns][name] = (...args: unknown[]) => {
        if (isReady) return fn(...args);
        const later = ready.then(() => fn(...args));
        // Streams are async iterables, calls are promises: keep the shape.
        if (call.kind !== 'subscription') return later;
        return (async function* () {
          yield* (await later) as AsyncIterable<unknown>;
        })();
      };
    }
  }
  return out as unknown as BridgeServices;
}
