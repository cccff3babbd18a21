/** Terminals in containers. Sessions belong to the connection that opened them and end with it. */
import { z } from 'zod';
import { mutation, stream } from '../call.js';
import { EngineId, Ref, Text, type BridgeErrorData } from '../common.js';

export type TerminalEvent = { kind: 'data'; data: string } | { kind: 'exit'; code: number | null; containerRunning: boolean } | { kind: 'error'; error: BridgeErrorData };

export const TerminalOpenInput = z.strictObject({
  engine: EngineId,
  id: Ref,
  cols: z.number().int().min(1).max(1000),
  rows: z.number().int().min(1).max(1000),
  /** A shell to run instead of probing (bash, else sh): an absolute path inside the container. */
  shell: Text(256)
    .regex(/^\/[^\0\s]*$/, 'The shell is an absolute path in the container, like /bin/bash')
    .optional(),
});
export const SessionId = z.string().regex(/^[a-zA-Z0-9-]{8,64}$/, 'Not a terminal session id');
export const SessionInput = z.strictObject({ session: SessionId });
export const TerminalInput = z.strictObject({ session: SessionId, data: z.string().max(64 * 1024) });
export const TerminalResize = z.strictObject({ session: SessionId, cols: z.number().int().min(1).max(1000), rows: z.number().int().min(1).max(1000) });

export const terminalCalls = {
  open: mutation(TerminalOpenInput).returns<{ session: string; shell: string }>(),
  output: stream(SessionInput).returns<TerminalEvent>(),
  input: mutation(TerminalInput).returns<void>(),
  resize: mutation(TerminalResize).returns<void>(),
  close: mutation(SessionInput).returns<void>(),
};
