/**
 * A bridge call, declared as data: its kind, the schema its input must pass,
 * and (as a type only) what it returns. A resource is a table of these
 * (resources/*.ts). From the tables come both sides of the bridge: the
 * services the main side implements (`ServiceOf`) and the tRPC router the
 * renderer calls (router.ts). Pure: no tRPC, no Node, safe for the renderer.
 */
import type { z } from 'zod';

export type CallKind = 'query' | 'mutation' | 'subscription';

export interface Call<K extends CallKind = CallKind, I extends z.ZodType | undefined = z.ZodType | undefined, O = unknown> {
  readonly kind: K;
  /** Every input is validated against this before a service sees it; `undefined`: the call takes none. */
  readonly input: I;
  /** Served at once while Berth still looks for its first engine (the call reports an absent engine itself). */
  readonly immediate: boolean;
  /** Type only: what the call returns (for a subscription, each event). */
  readonly output?: O;
}

export type CallTable = Readonly<Record<string, Call>>;

/** One bridge connection (an Electron window's port, a browser tab's WebSocket): what owns per-connection state. */
export interface Caller {
  /** Random, per connection. */
  id: string;
  /** Aborted when the connection closes. */
  gone: AbortSignal;
}

/** What every service method gets besides its input. */
export interface CallContext {
  /** Aborted when the caller cancels (a subscription ends, a connection closes). */
  signal: AbortSignal;
  caller: Caller;
}

export type InputOf<C> = C extends Call<CallKind, infer I, unknown> ? (I extends z.ZodType ? z.output<I> : undefined) : never;
export type ClientInputOf<C> = C extends Call<CallKind, infer I, unknown> ? (I extends z.ZodType ? z.input<I> : void) : never;
export type OutputOf<C> = C extends Call<CallKind, z.ZodType | undefined, infer O> ? O : never;

/** The main side's implementation of one resource's table. */
export type ServiceOf<T> = {
  [M in keyof T]: (input: InputOf<T[M]>, call: CallContext) => T[M] extends Call<'subscription'> ? AsyncIterable<OutputOf<T[M]>> : Promise<OutputOf<T[M]>>;
};

function builder<K extends CallKind>(kind: K) {
  return <I extends z.ZodType | undefined = undefined>(input?: I) => ({
    /** Declare what the call returns; `immediate` for calls that must not wait for the first engine. */
    returns: <O>(opts: { immediate?: boolean } = {}): Call<K, I, O> => ({ kind, input: input as I, immediate: opts.immediate ?? false }),
  });
}

/** Reads; the renderer may retry and cache them. */
export const query = builder('query');
/** Changes something. */
export const mutation = builder('mutation');
/** A stream of events, ended by the caller (or by the service when it is complete). */
export const stream = builder('subscription');

/** The context of a call made inside the main process (the tray, tests): no connection owns it. */
export function localCall(signal: AbortSignal = new AbortController().signal): CallContext {
  return { signal, caller: { id: 'local', gone: signal } };
}
