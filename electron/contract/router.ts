/**
 * The bridge: one tRPC router, the single contract between the renderer and
 * the main side. Every procedure validates its input with a schema from
 * schemas.ts and delegates to BridgeServices. The same router is served over
 * Electron IPC and over WebSocket (serve mode); the renderer does not know
 * which. Engine failures reach the renderer as `error.data.engine`.
 */
import { initTRPC, TRPCError } from '@trpc/server';
import * as S from './schemas.js';
import type { BridgeServices, Caller } from './services.js';
import { engineErrorData } from './error-wire.js';

export interface BridgeContext {
  services: BridgeServices;
  caller: Caller;
}

/** Engine errors become wire data in one place (error-wire.ts). */
const engineData = engineErrorData;

const t = initTRPC.context<BridgeContext>().create({
  // Only what the UI needs: never stacks, never the raw cause (which may hold secrets).
  errorFormatter({ shape, error }) {
    const engine = engineData(error.cause);
    const validation =
      error.code === 'BAD_REQUEST' && error.cause && 'issues' in (error.cause as object)
        ? ((error.cause as unknown as { issues: { path: PropertyKey[]; message: string; code?: string; issues?: { message: string }[] }[] }).issues ?? [])
            .slice(0, 20)
            // A bad record key (env, labels) is "Invalid key in record" in zod; the key schema's own words are clearer.
            .map((i) => ({ path: i.path.map(String).join('.'), message: i.code === 'invalid_key' && i.issues?.length ? i.issues.map((k) => k.message).join('; ') : i.message }))
        : undefined;
    return {
      message: engine ? engine.message : shape.message,
      code: shape.code,
      data: { code: shape.data.code, httpStatus: shape.data.httpStatus, path: shape.data.path, engine, validation },
    };
  },
});

/** Engine failures are expected outcomes, not server bugs: map them to a client-facing code. */
const engineErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && engineData(result.error.cause)) {
    const kind = engineData(result.error.cause)?.kind;
    const code = kind === 'not-found' || kind === 'image-unknown' ? 'NOT_FOUND' : kind === 'invalid-argument' ? 'BAD_REQUEST' : 'CONFLICT';
    result.error = new TRPCError({ code, message: result.error.message, cause: result.error.cause });
  }
  return result;
});

const p = t.procedure.use(engineErrors);

export const appRouter = t.router({
  app: t.router({
    commands: p.subscription(({ ctx, signal }) => ctx.services.app.commands(signal!)),
    tray: p.subscription(({ ctx, signal }) => ctx.services.app.tray(signal!)),
  }),
  system: t.router({
    connection: p.query(({ ctx }) => ctx.services.system.connection()),
    health: p.subscription(({ ctx, signal }) => ctx.services.system.health(signal!)),
    info: p.input(S.EngineOnlyInput).query(({ ctx, input }) => ctx.services.system.info(input)),
    diskUsage: p.input(S.EngineOnlyInput).query(({ ctx, input }) => ctx.services.system.diskUsage(input)),
  }),
  engines: t.router({
    list: p.query(({ ctx }) => ctx.services.engines.list()),
    watch: p.subscription(({ ctx, signal }) => ctx.services.engines.watch(signal!)),
    add: p.input(S.EngineAddInput).mutation(({ ctx, input }) => ctx.services.engines.add(input)),
    remove: p.input(S.EngineIdInput).mutation(({ ctx, input }) => ctx.services.engines.remove(input)),
    test: p.input(S.EngineTestInput).mutation(({ ctx, input }) => ctx.services.engines.test(input)),
    setEnabled: p.input(S.EngineEnabledInput).mutation(({ ctx, input }) => ctx.services.engines.setEnabled(input)),
    host: p.query(({ ctx }) => ctx.services.engines.host()),
    startEmbedded: p.mutation(({ ctx }) => ctx.services.engines.startEmbedded()),
  }),
  machines: t.router({
    state: p.query(({ ctx }) => ctx.services.machines.state()),
    watch: p.subscription(({ ctx, signal }) => ctx.services.machines.watch(signal!)),
    create: p.input(S.MachineCreateInput).mutation(({ ctx, input }) => ctx.services.machines.create(input)),
    start: p.input(S.MachineNameInput).mutation(({ ctx, input }) => ctx.services.machines.start(input)),
    stop: p.input(S.MachineNameInput).mutation(({ ctx, input }) => ctx.services.machines.stop(input)),
    restart: p.input(S.MachineNameInput).mutation(({ ctx, input }) => ctx.services.machines.restart(input)),
    remove: p.input(S.MachineRemoveInput).mutation(({ ctx, input }) => ctx.services.machines.remove(input)),
    set: p.input(S.MachineSetInput).mutation(({ ctx, input }) => ctx.services.machines.set(input)),
    setDefault: p.input(S.MachineNameInput).mutation(({ ctx, input }) => ctx.services.machines.setDefault(input)),
    cancel: p.input(S.MachineNameInput).mutation(({ ctx, input }) => ctx.services.machines.cancel(input)),
  }),
  live: t.router({
    containers: p.subscription(({ ctx, signal }) => ctx.services.live.watch('containers', signal!)),
    images: p.subscription(({ ctx, signal }) => ctx.services.live.watch('images', signal!)),
    pods: p.subscription(({ ctx, signal }) => ctx.services.live.watch('pods', signal!)),
    volumes: p.subscription(({ ctx, signal }) => ctx.services.live.watch('volumes', signal!)),
    networks: p.subscription(({ ctx, signal }) => ctx.services.live.watch('networks', signal!)),
    resync: p.input(S.ResyncInput).mutation(({ ctx, input }) => ctx.services.live.resync(input?.kind)),
  }),
  containers: t.router({
    inspect: p.input(S.IdInput).query(({ ctx, input }) => ctx.services.containers.inspect(input)),
    details: p.input(S.IdInput).query(({ ctx, input }) => ctx.services.containers.details(input)),
    create: p.input(S.CreateContainerInput).mutation(({ ctx, input }) => ctx.services.containers.create(input)),
    start: p.input(S.IdInput).mutation(({ ctx, input }) => ctx.services.containers.start(input)),
    stop: p.input(S.StopInput).mutation(({ ctx, input }) => ctx.services.containers.stop(input)),
    restart: p.input(S.IdInput).mutation(({ ctx, input }) => ctx.services.containers.restart(input)),
    pause: p.input(S.IdInput).mutation(({ ctx, input }) => ctx.services.containers.pause(input)),
    unpause: p.input(S.IdInput).mutation(({ ctx, input }) => ctx.services.containers.unpause(input)),
    kill: p.input(S.KillInput).mutation(({ ctx, input }) => ctx.services.containers.kill(input)),
    remove: p.input(S.RemoveInput).mutation(({ ctx, input }) => ctx.services.containers.remove(input)),
    rename: p.input(S.RenameInput).mutation(({ ctx, input }) => ctx.services.containers.rename(input)),
    bulk: p.input(S.BulkInput).mutation(({ ctx, input }) => ctx.services.containers.bulk(input)),
    top: p.input(S.IdInput).query(({ ctx, input }) => ctx.services.containers.top(input)),
    prune: p.input(S.EngineOnlyInput).mutation(({ ctx, input }) => ctx.services.containers.prune(input)),
    logs: p.input(S.LogsInput).subscription(({ ctx, input, signal }) => ctx.services.containers.logs(input, signal!)),
    logDownload: p.input(S.LogDownloadInput).mutation(({ ctx, input }) => ctx.services.containers.logDownload(input)),
    stats: p.input(S.StatsInput).subscription(({ ctx, input, signal }) => ctx.services.containers.stats(input, signal!)),
  }),
  terminal: t.router({
    open: p.input(S.TerminalOpenInput).mutation(({ ctx, input }) => ctx.services.terminal.open(input, ctx.caller)),
    output: p.input(S.TerminalInput.pick({ session: true })).subscription(({ ctx, input, signal }) => ctx.services.terminal.output(input.session, ctx.caller, signal!)),
    input: p.input(S.TerminalInput).mutation(({ ctx, input }) => ctx.services.terminal.input(input, ctx.caller)),
    resize: p.input(S.TerminalResize).mutation(({ ctx, input }) => ctx.services.terminal.resize(input, ctx.caller)),
    close: p.input(S.TerminalInput.pick({ session: true })).mutation(({ ctx, input }) => ctx.services.terminal.close(input.session, ctx.caller)),
  }),
  images: t.router({
    inspect: p.input(S.IdInput).query(({ ctx, input }) => ctx.services.images.inspect(input)),
    history: p.input(S.IdInput).query(({ ctx, input }) => ctx.services.images.history(input)),
    pull: p.input(S.PullInput).subscription(({ ctx, input, signal }) => ctx.services.images.pull(input, signal!)),
    push: p.input(S.PushInput).subscription(({ ctx, input, signal }) => ctx.services.images.push(input, signal!)),
    build: p.input(S.BuildInput).subscription(({ ctx, input, signal }) => ctx.services.images.build(input, signal!)),
    remove: p.input(S.ImageRemoveInput).mutation(({ ctx, input }) => ctx.services.images.remove(input)),
    tag: p.input(S.TagInput).mutation(({ ctx, input }) => ctx.services.images.tag(input)),
    untag: p.input(S.TagInput).mutation(({ ctx, input }) => ctx.services.images.untag(input)),
    prune: p.input(S.PruneInput).mutation(({ ctx, input }) => ctx.services.images.prune(input)),
  }),
  pods: t.router({
    inspect: p.input(S.IdInput).query(({ ctx, input }) => ctx.services.pods.inspect(input)),
    create: p.input(S.PodCreateInput).mutation(({ ctx, input }) => ctx.services.pods.create(input)),
    action: p.input(S.PodActionInput).mutation(({ ctx, input }) => ctx.services.pods.action(input)),
    remove: p.input(S.RemoveInput).mutation(({ ctx, input }) => ctx.services.pods.remove(input)),
  }),
  volumes: t.router({
    inspect: p.input(S.IdInput).query(({ ctx, input }) => ctx.services.volumes.inspect(input)),
    create: p.input(S.VolumeCreateInput).mutation(({ ctx, input }) => ctx.services.volumes.create(input)),
    remove: p.input(S.RemoveInput).mutation(({ ctx, input }) => ctx.services.volumes.remove(input)),
    prune: p.input(S.EngineOnlyInput).mutation(({ ctx, input }) => ctx.services.volumes.prune(input)),
  }),
  networks: t.router({
    inspect: p.input(S.IdInput).query(({ ctx, input }) => ctx.services.networks.inspect(input)),
    create: p.input(S.NetworkCreateInput).mutation(({ ctx, input }) => ctx.services.networks.create(input)),
    remove: p.input(S.RemoveInput).mutation(({ ctx, input }) => ctx.services.networks.remove(input)),
    prune: p.input(S.EngineOnlyInput).mutation(({ ctx, input }) => ctx.services.networks.prune(input)),
  }),
  kube: t.router({
    generate: p.input(S.KubeGenerateInput).query(({ ctx, input }) => ctx.services.kube.generate(input)),
    play: p.input(S.KubePlayInput).mutation(({ ctx, input }) => ctx.services.kube.play(input)),
    teardown: p.input(S.KubePlayInput).mutation(({ ctx, input }) => ctx.services.kube.teardown(input)),
  }),
});

export type AppRouter = typeof appRouter;
