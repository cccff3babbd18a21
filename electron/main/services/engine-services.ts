/**
 * BridgeServices on top of the engine core: each call validates nothing
 * itself (the router did) and maps engine results to wire types.
 */
import type { EngineClient, ProgressTask } from '../../../engine/src/index.js';
import type { BridgeServices } from '../../contract/services.js';
import type { ActionResult, AppCommand, TrayView, EngineEntry, EngineTestResult, HostSetupInfo, EntityKind, BridgeErrorData, ConnectionHealth, ConnectionInfo, ProgressEvent, StatsSample as StatsSampleWire } from '../../contract/types.js';
import { AsyncQueue } from '../async-queue.js';
import type { LiveHub } from '../live-hub.js';
import { batchLogs } from './log-batcher.js';
import { watchKind } from './live-service.js';
import { machinesService, type MachineBackend } from './machines-service.js';
import type { TerminalSessions } from './terminal-service.js';
import { errorData } from '../../contract/error-wire.js';

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
  logLink(spec: { engine?: string | undefined; id: string; timestamps?: boolean | undefined }): string;
  hub: LiveHub;
  terminals: TerminalSessions;
  machines: MachineBackend;
  onCommand(listener: (c: AppCommand) => void): () => void;
  tray(signal: AbortSignal): AsyncIterable<TrayView>;
}

const ok = (alreadyInState = false): ActionResult => ({ ok: true, ...(alreadyInState ? { alreadyInState } : {}) });

/** Engine progress (pull, push, build) → wire progress, ending with done or error. */
async function* progress<R>(task: ProgressTask<R>, doneId: (r: R) => string | undefined): AsyncGenerator<ProgressEvent> {
  try {
    for await (const ev of task) {
      if (ev.kind === 'layer' && ev.layerId) yield { kind: 'layer', id: ev.layerId, status: ev.message, current: ev.current, total: ev.total };
      else if (ev.kind === 'log') yield { kind: 'log', text: ev.message };
      else if (ev.kind !== 'done') yield { kind: 'status', message: ev.message };
    }
    const r = await task.result();
    yield { kind: 'done', id: doneId(r) };
  } catch (e) {
    yield { kind: 'error', error: errorData(e) };
  }
}

function pushes<T>(subscribe: (push: (v: T) => void) => () => void, signal: AbortSignal, initial?: T): AsyncIterable<T> {
  const q = new AsyncQueue<T>(signal, 100);
  if (initial !== undefined) q.push(initial);
  const off = subscribe((v) => q.push(v));
  signal.addEventListener('abort', off, { once: true });
  return q;
}

export function createEngineServices(access: EngineAccess): BridgeServices {
  const c = (engine?: string) => access.client(engine);
  const creds = (auth: { username: string; password: string; serverAddress?: string | undefined } | undefined) =>
    auth ? { credentials: { username: auth.username, password: auth.password, ...(auth.serverAddress ? { serverAddress: auth.serverAddress } : {}) } } : {};
  return {
    app: {
      commands: (signal) => pushes((push) => access.onCommand(push), signal),
      tray: (signal) => access.tray(signal),
    },
    system: {
      connection: async () => access.connection(),
      health: (signal) => pushes((push) => access.onHealth(push), signal, access.health()),
      info: async ({ engine }) => {
        const info = await c(engine).system.info();
        const version = await c(engine).system.version();
        return { ...info.raw, berth: { version, rootless: info.rootless, counts: info.counts } } as Record<string, unknown>;
      },
      diskUsage: ({ engine }) => c(engine).system.diskUsage(),
    },
    engines: {
      list: async () => access.engines.list(),
      watch: (signal) => pushes((push) => access.engines.onChange(push), signal, access.engines.list()),
      add: ({ address, label }) => access.engines.add(address, label),
      remove: ({ id }) => access.engines.remove(id),
      test: ({ address }) => access.engines.test(address),
      setEnabled: ({ id, enabled }) => access.engines.setEnabled(id, enabled),
      host: async () => access.engines.host(),
      startEmbedded: () => access.engines.startEmbedded(),
    },
    machines: machinesService(access.machines),
    live: {
      watch: (kind, signal) => watchKind(access.hub, kind, signal),
      resync: (kind) => access.resync(kind),
    },
    containers: {
      inspect: async ({ id, engine }) => (await c(engine).containers.inspect(id)) as Record<string, unknown>,
      details: ({ id, engine }) => c(engine).containers.details(id),
      create: async (input) => {
        const { start, engine, ...spec } = input;
        const created = await c(engine).containers.create(spec);
        if (start) {
          try {
            await c(engine).containers.start(created.id);
          } catch (e) {
            // "Create and start" is one step for the user: a container that could not start (port in use, missing
            // mount source…) is not left behind, or fixing the form and trying again fails with "name in use".
            await c(engine).containers.remove(created.id, { force: true, volumes: true }).catch(() => undefined);
            throw e;
          }
        }
        return created;
      },
      start: async ({ id, engine }) => ok((await c(engine).containers.start(id)).alreadyInState),
      stop: async ({ id, timeout, engine }) => ok((await c(engine).containers.stop(id, timeout === undefined ? {} : { timeout })).alreadyInState),
      restart: async ({ id, engine }) => ok((await c(engine).containers.restart(id)).alreadyInState),
      pause: async ({ id, engine }) => ok((await c(engine).containers.pause(id)).alreadyInState),
      unpause: async ({ id, engine }) => ok((await c(engine).containers.unpause(id)).alreadyInState),
      kill: async ({ id, signal, engine }) => {
        await c(engine).containers.kill(id, signal);
        return ok();
      },
      remove: async ({ id, force, volumes, engine }) => {
        await c(engine).containers.remove(id, { ...(force !== undefined ? { force } : {}), ...(volumes !== undefined ? { volumes } : {}) });
        return ok();
      },
      rename: async ({ id, name, engine }) => {
        await c(engine).containers.rename(id, name);
        return ok();
      },
      bulk: async ({ ids, action, force, engine }) => {
        const api = c(engine).containers;
        const run = (id: string): Promise<unknown> => {
          switch (action) {
            case 'start':
              return api.start(id);
            case 'stop':
              return api.stop(id);
            case 'restart':
              return api.restart(id);
            case 'pause':
              return api.pause(id);
            case 'unpause':
              return api.unpause(id);
            case 'kill':
              return api.kill(id);
            case 'remove':
              return api.remove(id, { force: force ?? false });
          }
        };
        // A few at a time: the engine serialises much of this work anyway.
        const results = new Map<string, { id: string; ok: boolean; error?: BridgeErrorData }>();
        const queue = [...ids];
        await Promise.all(
          Array.from({ length: Math.min(4, queue.length) }, async () => {
            for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
              try {
                await run(id);
                results.set(id, { id, ok: true });
              } catch (e) {
                results.set(id, { id, ok: false, error: errorData(e) });
              }
            }
          }),
        );
        return { results: ids.map((id) => results.get(id)!) };
      },
      top: ({ id, engine }) => c(engine).containers.top(id),
      prune: ({ engine }) => c(engine).containers.prune(),
      logs: (input, signal) => followLogs(c(input.engine), input, signal),
      logDownload: async ({ engine, id, timestamps }) => ({ url: access.logLink({ engine, id, timestamps }) }),
      stats: (input, signal) => statsBatches(c(input.engine), input.ids, signal),
    },
    terminal: {
      open: (input, caller) => access.terminals.open(c(input.engine), input, caller),
      output: (session, caller, signal) => access.terminals.output(session, caller, signal),
      input: async (input, caller) => access.terminals.input(input.session, input.data, caller),
      resize: (input, caller) => access.terminals.resize(input.session, input.cols, input.rows, caller),
      close: (session, caller) => access.terminals.close(session, caller),
    },
    images: {
      inspect: ({ id, engine }) => c(engine).images.inspect(id),
      history: async ({ id, engine }) => (await c(engine).images.history(id)) as unknown as Record<string, unknown>[],
      pull: (input, signal) => progress(c(input.engine).images.pull(input.reference, { signal, tlsVerify: input.tlsVerify, ...creds(input.auth) }), (r) => r.id),
      push: (input, signal) =>
        progress(c(input.engine).images.push(input.reference, { signal, tlsVerify: input.tlsVerify, destination: input.destination, ...creds(input.auth) }), (r) => r.digest),
      build: (input, signal) =>
        progress(c(input.engine).images.build(input.contextDir, { signal, containerfile: input.containerfile, ...(input.tag ? { tags: [input.tag] } : {}) }), (r) => r.id),
      remove: async ({ id, force, engine }) => {
        await c(engine).images.remove(id, force === undefined ? {} : { force });
        return ok();
      },
      tag: async ({ id, target, engine }) => {
        await c(engine).images.tag(id, target);
        return ok();
      },
      untag: async ({ target, engine }) => {
        await c(engine).images.untag(target);
        return ok();
      },
      prune: ({ all, engine }) => c(engine).images.prune(all === undefined ? {} : { all }),
    },
    pods: {
      inspect: ({ id, engine }) => c(engine).pods.inspect(id),
      create: ({ name, ports, labels, engine }) => c(engine).pods.create({ name, ...(ports ? { ports } : {}), ...(labels ? { labels } : {}) }),
      action: async ({ id, action, engine }) => {
        const pods = c(engine).pods;
        const r = await (action === 'stop' ? pods.stop(id) : action === 'kill' ? pods.kill(id) : pods[action](id));
        return ok(!r.changed);
      },
      remove: async ({ id, force, engine }) => {
        await c(engine).pods.remove(id, force === undefined ? {} : { force });
        return ok();
      },
    },
    volumes: {
      inspect: ({ id, engine }) => c(engine).volumes.inspect(id),
      create: async ({ engine, ...input }) => ({ name: (await c(engine).volumes.create(input)).name }),
      remove: async ({ id, force, engine }) => {
        await c(engine).volumes.remove(id, force === undefined ? {} : { force });
        return ok();
      },
      prune: async ({ engine }) => {
        const r = await c(engine).volumes.prune();
        return { removed: r.removed, reclaimed: r.spaceReclaimed };
      },
    },
    networks: {
      inspect: ({ id, engine }) => c(engine).networks.inspect(id),
      create: async ({ engine, ...input }) => ({ id: (await c(engine).networks.create(input)).id }),
      remove: async ({ id, force, engine }) => {
        await c(engine).networks.remove(id, force === undefined ? {} : { force });
        return ok();
      },
      prune: async ({ engine }) => {
        const r = await c(engine).networks.prune();
        return { removed: r.removed, reclaimed: 0 };
      },
    },
    kube: {
      generate: ({ names, engine }) => c(engine).kube.generate(names),
      play: async ({ yaml, engine }) => {
        const r = await c(engine).kube.play(yaml);
        return { pods: r.pods.map((p) => p.id) };
      },
      teardown: async ({ yaml, engine }) => {
        await c(engine).kube.teardown(yaml);
        return ok();
      },
    },
  };
}

/** A container's log for the UI: the complete log, batched per frame, then `end`. */
async function* followLogs(client: EngineClient, input: { id: string; follow: boolean; tail?: number | undefined; timestamps: boolean; since?: string | undefined }, signal: AbortSignal) {
  try {
    const source = client.logs.lineBatches(input.id, {
      follow: input.follow,
      timestamps: input.timestamps,
      signal,
      ...(input.tail !== undefined ? { tail: input.tail } : {}),
      ...(input.since ? { since: input.since } : {}),
    });
    yield* batchLogs(source);
    if (!signal.aborted) yield { kind: 'end' as const, reason: input.follow ? ('exited' as const) : ('complete' as const) };
  } catch (e) {
    if (!signal.aborted) yield { kind: 'error' as const, error: errorData(e) };
  }
}

/** Stats samples that arrive together (one engine round) go out as one message. */
async function* statsBatches(client: EngineClient, ids: string[] | undefined, signal: AbortSignal): AsyncGenerator<StatsSampleWire[]> {
  const it = client.stats.stream(ids && ids.length ? ids : undefined, { signal, interval: 2 });
  let round: StatsSampleWire[] = [];
  let next = it.next();
  try {
    for (;;) {
      let timer: NodeJS.Timeout | undefined;
      const r = round.length ? await Promise.race([next, new Promise<'flush'>((res) => (timer = setTimeout(() => res('flush'), 50)))]) : await next;
      clearTimeout(timer);
      if (r === 'flush') {
        yield round;
        round = [];
        continue;
      }
      if (r.done) break;
      next = it.next();
      const s = r.value;
      round.push({ id: s.id, cpuPercent: s.cpuPercent, memUsage: s.memUsage, memLimit: s.memLimit, netRx: s.netRx, netTx: s.netTx, blockRead: s.blockRead, blockWrite: s.blockWrite, pids: s.pids, time: s.time });
    }
    if (round.length) yield round;
  } finally {
    await it.return(undefined);
  }
}
