/** Containers over the bridge: actions, create-and-start as one step, logs and stats as streams. */
import { setMaxListeners } from 'node:events';
import { mergeLogs, type EngineClient } from '../../../engine/src/index.js';
import type { LogDownloadSpec } from '../log-download.js';
import type { BridgeServices } from '../../contract/services.js';
import type { BridgeErrorData, GroupLogEvent, LogBatch, LogEvent, StatsSample as StatsSampleWire } from '../../contract/types.js';
import { errorData } from '../../contract/error-wire.js';
import { batchLogs } from './log-batcher.js';
import { ok, type ClientOf } from './service-support.js';

export function containersService(c: ClientOf, logLink: (spec: LogDownloadSpec) => string, resync?: (kind: 'containers') => Promise<void>): BridgeServices['containers'] {
  return {
    inspect: ({ id, engine }) => c(engine).containers.inspectRaw(id),
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
          await c(engine)
            .containers.remove(created.id, { force: true, volumes: true })
            .catch(() => undefined);
          throw e;
        }
      }
      return created;
    },
    healthcheck: async ({ id, engine }) => {
      const r = await c(engine).containers.runHealthcheck(id);
      // Podman 4.3 announces no event for a check run through the API: re-read the rows so the badge follows.
      await resync?.('containers').catch(() => undefined);
      return r;
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
    bulk: async ({ ids, action, force, engine }) => ({ results: await bulk(c(engine), ids, action, force) }),
    top: ({ id, engine }) => c(engine).containers.top(id),
    prune: ({ engine }) => c(engine).containers.prune(),
    logs: (input, { signal }) => followLogs(c(input.engine), input, signal),
    logDownload: async ({ engine, id, timestamps }) => ({ url: logLink({ engine, id, timestamps }) }),
    groupLogs: (input, { signal }) => groupLogs(c(input.engine), input, signal),
    groupLogDownload: async ({ engine, ids, names, timestamps }) => ({ url: logLink({ engine, ids, names, label: names.join('+').slice(0, 100) || 'combined', timestamps }) }),
    stats: (input, { signal }) => statsBatches(c(input.engine), input.ids, signal),
  };
}

type BulkAction = 'start' | 'stop' | 'restart' | 'pause' | 'unpause' | 'kill' | 'remove';

/** A few at a time (the engine serialises much of this work anyway); one result per id, in the order asked. */
async function bulk(client: EngineClient, ids: string[], action: BulkAction, force: boolean | undefined) {
  const api = client.containers;
  const run = (id: string): Promise<unknown> =>
    action === 'remove' ? api.remove(id, { force: force ?? false }) : action === 'stop' ? api.stop(id) : action === 'kill' ? api.kill(id) : api[action](id);
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
  return ids.map((id) => results.get(id)!);
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

/** Combined logs: every member's complete log (its last `tail` lines), merged in time order, batched per frame. */
async function* groupLogs(client: EngineClient, input: { ids: string[]; follow: boolean; tail?: number | undefined }, signal: AbortSignal): AsyncGenerator<GroupLogEvent> {
  // Each member's stream listens on the one signal (up to 64 of them): not a leak.
  setMaxListeners(input.ids.length + 16, signal);
  const members = input.ids.map((id) => ({
    name: id,
    batches: client.logs.lineBatches(id, { follow: input.follow, timestamps: true, signal, ...(input.tail !== undefined ? { tail: input.tail } : {}) }),
  }));
  async function* runs(): AsyncGenerator<LogBatch | Exclude<GroupLogEvent, LogEvent>> {
    for await (const ev of mergeLogs(members, { signal, ...(input.follow ? {} : { settleMs: Infinity }) })) {
      if (ev.kind === 'ended') {
        yield { kind: 'member-ended', member: ev.member, ...(ev.error ? { error: errorData(ev.error) } : {}) };
        continue;
      }
      // Runs of one member and stream become one batch each.
      let start = 0;
      for (let i = 1; i <= ev.lines.length; i++) {
        if (i < ev.lines.length && ev.member[i] === ev.member[start] && ev.stderr[i] === ev.stderr[start]) continue;
        yield { stream: ev.stderr[start] ? 'stderr' : 'stdout', member: ev.member[start]!, lines: ev.lines.slice(start, i), times: ev.time.slice(start, i) };
        start = i;
      }
    }
  }
  try {
    yield* batchLogs(runs());
    if (!signal.aborted) yield { kind: 'end', reason: input.follow ? 'exited' : 'complete' };
  } catch (e) {
    if (!signal.aborted) yield { kind: 'error', error: errorData(e) };
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
      round.push({
        id: s.id,
        cpuPercent: s.cpuPercent,
        memUsage: s.memUsage,
        memLimit: s.memLimit,
        netRx: s.netRx,
        netTx: s.netTx,
        blockRead: s.blockRead,
        blockWrite: s.blockWrite,
        pids: s.pids,
        time: s.time,
      });
    }
    if (round.length) yield round;
  } finally {
    await it.return(undefined);
  }
}
