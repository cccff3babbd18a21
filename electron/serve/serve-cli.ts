/**
 * `npm run serve`: Berth in a browser. The same app core as the Electron
 * app, the built renderer as static files, the bridge over WebSocket; bound
 * to 127.0.0.1 with a random token unless told otherwise.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startAppCore, type AppCoreOptions } from '../main/app-core.js';
import { newToken } from './access-guard.js';
import { startServeServer } from './http-server.js';

export interface ServeCliOptions {
  host: string;
  port: number;
  engine?: string | undefined;
  allowHosts: string[];
  staticDir: string;
  token?: string | undefined;
  /** The app core's environment and discovery options (tests point them at isolated storage). */
  core?: Pick<AppCoreOptions, 'env' | 'discovery'> | undefined;
}

export function parseServeArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): ServeCliOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      host: { type: 'string', default: '127.0.0.1' },
      port: { type: 'string', default: '0' },
      engine: { type: 'string' },
      'allow-host': { type: 'string', multiple: true, default: [] },
      'static-dir': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(`Usage: npm run serve -- [--host 127.0.0.1] [--port 0] [--engine unix:///path/podman.sock | npipe:////./pipe/name] [--allow-host name]
Serves Berth's UI and bridge to a browser. CONTAINER_HOST and DOCKER_HOST are honoured.`);
    process.exit(0);
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be a number from 0 to 65535, not "${values.port}"`);
  return {
    host: values.host!,
    port,
    engine: values.engine ?? env.BERTH_ENGINE,
    allowHosts: values['allow-host'] ?? [],
    staticDir: values['static-dir'] ?? path.resolve(import.meta.dirname, '..', '..', 'dist', 'renderer'),
    token: env.BERTH_SERVE_TOKEN,
  };
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

export async function runServe(opts: ServeCliOptions, log: (m: string) => void = (m) => console.error(m)) {
  if (!existsSync(path.join(opts.staticDir, 'index.html'))) {
    throw new Error(`The UI is not built (${opts.staticDir}/index.html is missing). Run \`npm run build:renderer\`, or use \`npm run serve\`, which builds it.`);
  }
  if (!LOOPBACK.has(opts.host)) {
    log(`berth: WARNING: serving on ${opts.host}, not loopback. Anyone who can reach this address and learns the token controls your containers (root-equivalent on this machine).`);
  }
  const core = await startAppCore({ ...opts.core, engine: opts.engine, log });
  const token = opts.token && opts.token.length >= 16 ? opts.token : newToken();
  const server = await startServeServer({
    host: opts.host,
    port: opts.port,
    token,
    staticDir: opts.staticDir,
    bridge: core.bridge,
    logs: core.logs,
    extraHosts: opts.allowHosts,
  });
  return {
    url: server.url,
    core,
    server,
    async stop() {
      await server.close();
      await core.shutdown();
    },
  };
}

async function main(): Promise<void> {
  const opts = parseServeArgs(process.argv.slice(2));
  const running = await runServe(opts);
  console.log(`Berth UI: ${running.url}`);
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    void running.stop().finally(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('serve-cli.ts')) {
  main().catch((e) => {
    console.error(`berth serve: ${(e as Error).message}`);
    process.exit(1);
  });
}
