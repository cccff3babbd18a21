/**
 * The main side without any window: finds the engine, keeps the connection
 * and its live store, and offers the bridge services. Both the Electron app
 * and `serve` mode run exactly this.
 */
import { EventEmitter } from 'node:events';
import { Transform } from 'node:stream';
import type { EngineClient } from '../../engine/src/client.js';
import { Connection } from '../../engine/src/connection.js';
import { discover, type DiscoverOptions } from '../../engine/src/discovery/discover.js';
import { EngineError } from '../../engine/src/errors.js';
import { LiveStore } from '../../engine/src/live/live-store.js';
import { engineSources } from '../../engine/src/live/sources.js';
import type { AppCommand, ConnectionHealth, ConnectionInfo } from '../contract/types.js';
import type { BridgeServices } from '../contract/services.js';
import { createBridgeHandler, type BridgeConnectionHandler } from './bridge-server.js';
import { LiveHub } from './live-hub.js';
import { createEngineServices, errorData } from './services/engine-services.js';
import { TerminalSessions } from './services/terminal-service.js';
import type { LogDownloader } from '../serve/http-server.js';

export interface AppCoreOptions {
  /** An explicit engine address (`--engine unix:///…`), tried alone when given. */
  engine?: string | undefined;
  env?: NodeJS.ProcessEnv;
  log?: (message: string) => void;
  /** Passed through to discovery (tests point the embedded service at isolated storage). */
  discovery?: Partial<DiscoverOptions>;
}

export interface AppCore {
  services: BridgeServices;
  bridge: BridgeConnectionHandler;
  logs: LogDownloader;
  commands: { dispatch(command: string): void; send(command: AppCommand): void };
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
  const bus = new EventEmitter<{ health: [ConnectionHealth]; command: [AppCommand] }>();
  bus.setMaxListeners(0);

  let conn: Connection | undefined;
  let store: LiveStore | undefined;
  let info: ConnectionInfo | null = null;
  let health: ConnectionHealth = { state: 'connecting', since: Date.now(), message: 'Looking for a container engine…' };
  let stopped = false;
  let retryTimer: NodeJS.Timeout | undefined;
  let retryDelay = 1000;

  const setHealth = (h: ConnectionHealth) => {
    health = h;
    bus.emit('health', h);
  };

  const connect = async (): Promise<void> => {
    const result = await discover({ env, ...(explicit ? { explicit } : {}), ...opts.discovery });
    if (stopped) {
      if (result.ok) {
        result.client.close();
        await result.embedded?.stop();
      }
      return;
    }
    if (!result.ok) {
      const tried = result.tried.map((a) => `${a.candidate.address ?? a.candidate.source}: ${a.error?.engineMessage ?? a.error?.message ?? 'no answer'}`).join('; ');
      const err = new EngineError({ kind: 'unreachable', operation: 'Connect to a container engine', engineMessage: tried || 'no engine found' });
      setHealth({ state: 'unreachable', since: health.state === 'unreachable' ? health.since : Date.now(), message: `No container engine answers. Berth keeps looking. Tried: ${tried}`, error: errorData(err) });
      log(`berth: no engine yet (${tried}); retrying in ${retryDelay / 1000}s`);
      retryTimer = setTimeout(() => void connect().catch((e) => log(`berth: ${String(e)}`)), retryDelay);
      retryTimer.unref();
      retryDelay = Math.min(retryDelay * 2, 10_000);
      return;
    }
    const c = await Connection.fromDiscovery(result);
    conn = c;
    info = {
      id: c.info.id,
      label: c.info.label,
      kind: c.info.kind,
      version: c.info.version,
      apiVersion: c.info.apiVersion,
      rootless: c.info.rootless,
      socket: c.info.uri,
      source: c.info.source,
      embedded: c.info.embedded,
    };
    log(`berth: connected to ${info.label} at ${info.socket}`);
    const s = new LiveStore({ sources: engineSources(c.client), onError: (kind, e) => log(`berth: refreshing ${kind} failed: ${(e as Error).message}`) });
    store = s;
    c.onEvent((ev) => s.handleEvent(ev));
    c.on('resumed', () => {
      void s.resync().catch((e) => log(`berth: resync failed: ${(e as Error).message}`));
    });
    c.on('health', (h) => {
      setHealth({
        state: h.state,
        since: h.since,
        ...(h.state === 'unreachable'
          ? { message: `The engine at ${c.info.uri} is not answering. Berth reconnects as soon as it is back.`, error: h.lastError ? errorData(h.lastError) : undefined }
          : {}),
      });
    });
    await s.resync().catch((e) => log(`berth: first load failed: ${(e as Error).message}`));
    hub.setStore(s);
    setHealth({ state: c.health.state, since: c.health.since });
  };

  const ready = connect().catch((e) => {
    log(`berth: connecting failed: ${(e as Error).message}`);
  });

  const client = (): EngineClient => {
    if (!conn) {
      throw new EngineError({ kind: 'unreachable', operation: 'Reach the container engine', engineMessage: health.message ?? 'not connected yet' });
    }
    return conn.client;
  };

  const services = untilReady(createEngineServices({
    client,
    connection: () => info,
    health: () => health,
    onHealth: (l) => {
      bus.on('health', l);
      return () => bus.off('health', l);
    },
    resync: async (kind) => {
      if (kind) store?.refresh(kind);
      else await store?.resync();
    },
    hub,
    terminals,
    onCommand: (l) => {
      bus.on('command', l);
      return () => bus.off('command', l);
    },
  }), ready);

  const logs: LogDownloader = {
    async download(id, signal) {
      const c = client();
      const inspect = await c.containers.inspect(id);
      const name = String(inspect.Name ?? id).replace(/^\//, '');
      // Raw frames, in engine order: the same bytes `podman logs` prints (stdout and stderr interleaved).
      const frames = c.logs.stream(id, { follow: false, signal });
      const bytes = new Transform({
        writableObjectMode: true,
        transform(frame: { data: Buffer }, _enc, done) {
          done(null, frame.data);
        },
      });
      frames.once('error', (e) => bytes.destroy(e));
      return { name, stream: frames.pipe(bytes) };
    },
  };

  return {
    services,
    bridge: createBridgeHandler(services, (e) => log(`berth: bridge error: ${String((e as { error?: Error }).error?.message ?? e)}`)),
    logs,
    commands: {
      dispatch(command: string) {
        if (command.startsWith('navigate:')) bus.emit('command', { kind: 'navigate', route: command.slice('navigate:'.length) });
        else if (command === 'refresh') bus.emit('command', { kind: 'refresh' });
        else if (command === 'search') bus.emit('command', { kind: 'search' });
      },
      send: (c) => bus.emit('command', c),
    },
    connection: () => conn,
    ready,
    async shutdown() {
      stopped = true;
      if (retryTimer) clearTimeout(retryTimer);
      await terminals.closeAll();
      hub.setStore(undefined);
      await conn?.close();
    },
  };
}

/** Subscriptions that must not wait for the engine (they report its absence themselves). */
const IMMEDIATE = new Set(['app.commands', 'system.health', 'system.connection', 'live.watch']);

/**
 * Calls made while Berth is still looking for its first engine wait for that
 * first attempt instead of failing at once with "unreachable".
 */
function untilReady(services: BridgeServices, ready: Promise<void>): BridgeServices {
  let isReady = false;
  void ready.then(() => (isReady = true));
  const out: Record<string, Record<string, unknown>> = {};
  for (const [ns, methods] of Object.entries(services) as [string, Record<string, (...a: unknown[]) => unknown>][]) {
    out[ns] = {};
    for (const [name, fn] of Object.entries(methods)) {
      if (IMMEDIATE.has(`${ns}.${name}`)) {
        out[ns][name] = fn;
        continue;
      }
      out[ns][name] = (...args: unknown[]) => {
        if (isReady) return fn(...args);
        const later = ready.then(() => fn(...args));
        // Streams are async iterables, calls are promises: keep the shape.
        const streamy = ['logs', 'stats', 'output', 'pull', 'push', 'build'].includes(name);
        if (!streamy) return later;
        return (async function* () {
          yield* (await later) as AsyncIterable<unknown>;
        })();
      };
    }
  }
  return out as unknown as BridgeServices;
}
