/**
 * The bridge: one tRPC router, the single contract between the renderer and
 * the main side, built from the call tables in registry.ts. Every procedure
 * validates its input with its call's schema and hands it to the matching
 * BridgeServices method. The same router is served over Electron IPC and over
 * WebSocket (serve mode); the renderer does not know which. Failures reach
 * the renderer as `error.data.engine` (error-wire.ts).
 */
import { initTRPC, TRPCError, type TRPCBuiltRouter, type TRPCMutationProcedure, type TRPCQueryProcedure, type TRPCSubscriptionProcedure } from '@trpc/server';
import type { Call, CallTable, Caller, ClientInputOf, OutputOf } from './call.js';
import { engineErrorData } from './error-wire.js';
import { BRIDGE, type Bridge } from './registry.js';
import type { BridgeServices } from './services.js';

export interface BridgeContext {
  services: BridgeServices;
  caller: Caller;
}

type ZodIssueLike = { path: PropertyKey[]; message: string; code?: string; issues?: { message: string }[] };

const t = initTRPC.context<BridgeContext>().create({
  // Only what the UI needs: never stacks, never the raw cause (which may hold secrets).
  errorFormatter({ shape, error }) {
    const engine = engineErrorData(error.cause);
    const issues = error.code === 'BAD_REQUEST' && error.cause && 'issues' in error.cause ? (error.cause.issues as ZodIssueLike[]) : undefined;
    const validation = issues
      ?.slice(0, 20)
      // A bad record key (env, labels) is "Invalid key in record" in zod; the key schema's own words are clearer.
      .map((i) => ({ path: i.path.map(String).join('.'), message: i.code === 'invalid_key' && i.issues?.length ? i.issues.map((k) => k.message).join('; ') : i.message }));
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
  const kind = result.ok ? undefined : engineErrorData(result.error.cause)?.kind;
  if (!result.ok && kind) {
    const code = kind === 'not-found' || kind === 'image-unknown' ? 'NOT_FOUND' : kind === 'invalid-argument' ? 'BAD_REQUEST' : 'CONFLICT';
    result.error = new TRPCError({ code, message: result.error.message, cause: result.error.cause });
  }
  return result;
});

const p = t.procedure.use(engineErrors);

type Root = (typeof t)['_config']['$types'];
type Def<C> = { input: ClientInputOf<C>; output: OutputOf<C>; meta: Root['meta']; errorShape: Root['errorShape'] };
type ProcedureOf<C> = C extends Call<'query'> ? TRPCQueryProcedure<Def<C>> : C extends Call<'mutation'> ? TRPCMutationProcedure<Def<C>> : TRPCSubscriptionProcedure<Def<C>>;
type RouterRecordOf<B> = { [R in keyof B]: { [M in keyof B[R]]: ProcedureOf<B[R][M]> } };

type Method = (input: unknown, call: { signal: AbortSignal; caller: Caller }) => unknown;

function resourceRouter(resource: string, calls: CallTable) {
  const procedures = Object.fromEntries(
    Object.entries(calls).map(([name, call]) => {
      // One builder type for both branches: the input's type is checked by the schema at run time, and by the tables' types at compile time.
      const base = (call.input ? p.input(call.input) : p) as typeof p;
      const run = ({ ctx, input, signal }: { ctx: BridgeContext; input: unknown; signal: AbortSignal | undefined }) => {
        const service = ctx.services[resource as keyof BridgeServices] as unknown as Record<string, Method>;
        return service[name]!(input, { signal: signal ?? ctx.caller.gone, caller: ctx.caller });
      };
      if (call.kind === 'query') return [name, base.query(run)];
      if (call.kind === 'mutation') return [name, base.mutation(run)];
      return [name, base.subscription((opts) => run(opts) as AsyncIterable<unknown>)];
    }),
  );
  return t.router(procedures);
}

const routers = Object.fromEntries(Object.entries(BRIDGE).map(([resource, calls]) => [resource, resourceRouter(resource, calls)]));

/**
 * The types come from the call tables (the loop above loses them): what the
 * renderer's client sees is exactly each call's input schema and output.
 */
export const appRouter = t.router(routers) as unknown as TRPCBuiltRouter<Root, RouterRecordOf<Bridge>>;
export type AppRouter = typeof appRouter;
