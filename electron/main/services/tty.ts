/** Adapter from the engine's exec API to a terminal session (filled in when ExecApi lands). */
import type { EngineClient } from '../../../engine/src/client.js';
import { EngineError } from '../../../engine/src/errors.js';

export interface TtyHandle {
  shell: string;
  output: AsyncIterable<Buffer>;
  write(data: string): void;
  resize(cols: number, rows: number): Promise<void>;
  close(): void;
  exitCode(): Promise<number | null>;
}

export async function openTty(_client: EngineClient, _id: string, _opts: { cols: number; rows: number; shell?: string[] }): Promise<TtyHandle> {
  throw new EngineError({ kind: 'unsupported', operation: 'Open a terminal', engineMessage: 'terminals are not available yet' });
}
