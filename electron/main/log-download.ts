/**
 * The full-log download, the same for Electron's app:// protocol and serve's
 * HTTP: the renderer asks over the bridge for a link (a one-time ticket, see
 * download-tickets.ts) and the transport opens what the ticket names. The
 * URL carries no container id to decode and no credential that lasts.
 */
import { setMaxListeners } from 'node:events';
import { Readable, Transform } from 'node:stream';
import { mergeLogs, type EngineClient } from '../../engine/src/index.js';
import { DownloadTickets } from './download-tickets.js';

export type LogDownloadSpec =
  | { engine?: string | undefined; id: string; timestamps?: boolean | undefined }
  /** A combined log: members' lines in time order, each prefixed with its name. */
  | { engine?: string | undefined; ids: string[]; names: string[]; label: string; timestamps?: boolean | undefined };

export interface LogDownloader {
  /** A one-time path for the complete log: `/api/logs?ticket=…` (valid a minute, once). */
  link(spec: LogDownloadSpec): string;
  /** The log a ticket names (both streams, in engine order), or undefined for an unknown, used or expired ticket. */
  open(ticket: string, signal: AbortSignal): Promise<{ name: string; stream: NodeJS.ReadableStream }> | undefined;
}

export const LOG_DOWNLOAD_PATH = '/api/logs';

export function logDownloader(client: (engine?: string) => EngineClient): LogDownloader {
  const tickets = new DownloadTickets<LogDownloadSpec>();
  return {
    link: (spec) => `${LOG_DOWNLOAD_PATH}?ticket=${tickets.issue(spec)}`,
    open(ticket, signal) {
      const spec = tickets.redeem(ticket);
      if (!spec) return undefined;
      if ('ids' in spec) return Promise.resolve(groupLog(client(spec.engine), spec, signal));
      return (async () => {
        const c = client(spec.engine);
        const inspect = await c.containers.inspect(spec.id);
        const name = String(inspect.Name ?? spec.id).replace(/^\//, '');
        // Raw frames, in engine order: the same bytes `podman logs` prints (stdout and stderr interleaved).
        const frames = c.logs.stream(spec.id, { follow: false, signal, ...(spec.timestamps ? { timestamps: true } : {}) });
        const bytes = new Transform({
          writableObjectMode: true,
          transform(frame: { data: Buffer }, _enc, done) {
            done(null, frame.data);
          },
        });
        frames.once('error', (e) => bytes.destroy(e));
        return { name, stream: frames.pipe(bytes) };
      })();
    },
  };
}

/** The combined log as text: `name | line`, members in time order (the same merge as the pane), both streams. */
function groupLog(c: EngineClient, spec: { ids: string[]; names: string[]; label: string; timestamps?: boolean | undefined }, signal: AbortSignal): { name: string; stream: NodeJS.ReadableStream } {
  setMaxListeners(spec.ids.length + 16, signal); // one listener per member's stream: not a leak
  const width = Math.max(...spec.names.map((n) => n.length), 1);
  const prefix = spec.names.map((n) => `${n.padEnd(width)} | `);
  const members = spec.ids.map((id, i) => ({ name: spec.names[i] ?? id, batches: c.logs.lineBatches(id, { follow: false, timestamps: true, signal }) }));
  async function* text(): AsyncGenerator<string> {
    for await (const ev of mergeLogs(members, { signal, settleMs: Infinity })) {
      if (ev.kind !== 'lines') continue;
      let out = '';
      for (let i = 0; i < ev.lines.length; i++) {
        out += prefix[ev.member[i]!] + (spec.timestamps ? `${new Date(ev.time[i]!).toISOString()} ` : '') + ev.lines[i] + '\n';
      }
      yield out;
    }
  }
  return { name: spec.label, stream: Readable.from(text()) };
}

/** A safe file name for Content-Disposition. */
export function logFileName(name: string): string {
  return `${name.replace(/[^a-zA-Z0-9_.-]/g, '_') || 'container'}.log`;
}
