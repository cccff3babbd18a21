/** Adapter from the engine's TTY exec to a terminal session the bridge can carry. */
import type { EngineClient } from '../../../engine/src/index.js';

export interface TtyHandle {
  shell: string;
  output: AsyncIterable<Buffer>;
  write(data: string): void;
  resize(cols: number, rows: number): Promise<void>;
  close(): void;
  exitCode(): Promise<number | null>;
}

export async function openTty(client: EngineClient, id: string, opts: { cols: number; rows: number; shell?: string }): Promise<TtyHandle> {
  const shell = opts.shell;
  const session = await client.exec.terminal(id, { cols: opts.cols, rows: opts.rows, ...(shell ? { shell } : {}) });
  return {
    shell: shell ?? 'auto (bash, else sh)',
    output: session.output,
    write: (data) => void session.write(data),
    resize: (cols, rows) => session.resize(cols, rows),
    close: () => session.close(),
    exitCode: () => session.exit,
  };
}
