/**
 * `npm run serve`: Berth in a browser. The same app core as the Electron
 * app, the built renderer as static files, the bridge over WebSocket; bound
 * to 127.0.0.1 with a random token unless told otherwise.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startAppCore, type AppCoreOptions } from '../main/app-core.js';
import { newToken, tokenProblem } from './access-guard.js';
import { startServeServer } from './http-server.js';
import { isLoopback, loadTls, selfSignedTls, type ServeTls } from './serve-tls.js';

export interface ServeCliOptions {
  host: string;
  port: number;
  engine?: string | undefined;
  allowHosts: string[];
  staticDir: string;
  token?: string | undefined;
  /** PEM files for HTTPS (both or neither). */
  tlsCert?: string | undefined;
  tlsKey?: string | undefined;
  /** Plain HTTP on a non-loopback address: the user accepts that everything crosses the network in clear text. */
  insecureHttp?: boolean | undefined;
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
      'tls-cert': { type: 'string' },
      'tls-key': { type: 'string' },
      'insecure-http': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(`Usage: npm run serve -- [--host 127.0.0.1] [--port 0] [--engine unix:///path/podman.sock | npipe:////./pipe/name] [--allow-host name]
                          [--tls-cert cert.pem --tls-key key.pem] [--insecure-http]
Serves Berth's UI and bridge to a browser. CONTAINER_HOST and DOCKER_HOST are honoured.
Beyond loopback it serves HTTPS: with --tls-cert/--tls-key, else a self-signed certificate whose
fingerprint it prints; --insecure-http serves plain HTTP there instead (dangerous: see docs/SECURITY.md).
BERTH_SERVE_TOKEN sets the token (at least 32 characters of A-Z a-z 0-9 - _) instead of a random one.`);
    process.exit(0);
  }
  if ((values['tls-cert'] === undefined) !== (values['tls-key'] === undefined)) throw new Error('--tls-cert and --tls-key go together: give both PEM files');
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be a number from 0 to 65535, not "${values.port}"`);
  return {
    host: values.host!,
    port,
    engine: values.engine ?? env.BERTH_ENGINE,
    allowHosts: values['allow-host'] ?? [],
    staticDir: values['static-dir'] ?? path.resolve(import.meta.dirname, '..', '..', 'dist', 'renderer'),
    token: env.BERTH_SERVE_TOKEN,
    tlsCert: values['tls-cert'],
    tlsKey: values['tls-key'],
    insecureHttp: values['insecure-http'],
  };
}

export async function runServe(opts: ServeCliOptions, log: (m: string) => void = (m) => console.error(m)) {
  if (!existsSync(path.join(opts.staticDir, 'index.html'))) {
    throw new Error(`The UI is not built (${opts.staticDir}/index.html is missing). Run \`npm run build:renderer\`, or use \`npm run serve\`, which builds it.`);
  }
  const problem = opts.token !== undefined ? tokenProblem(opts.token) : undefined;
  if (problem) throw new Error(problem);
  const loopback = isLoopback(opts.host);
  let tls: ServeTls | undefined;
  if (opts.tlsCert && opts.tlsKey) tls = await loadTls(opts.tlsCert, opts.tlsKey);
  else if (!loopback && !opts.insecureHttp) tls = await selfSignedTls(opts.host);
  if (!loopback) {
    log(`berth: WARNING: serving on ${opts.host}, not loopback. Anyone who can reach this address and learns the token controls your containers (root-equivalent on this machine).`);
    if (!tls) {
      log(
        'berth: WARNING: --insecure-http: plain HTTP off this machine. The token, container logs, terminal keystrokes and registry passwords cross the network in clear text; anyone on the path can read them and take over. Use it only on a network you fully control, or drop --insecure-http to get HTTPS.',
      );
    }
  }
  if (tls) {
    log(
      `berth: HTTPS with ${tls.selfSigned ? 'a self-signed certificate made now' : `the certificate from ${opts.tlsCert}`}; SHA-256 fingerprint ${tls.fingerprint}${tls.selfSigned ? ' (check that the browser shows this before you accept its warning)' : ''}`,
    );
  }
  const token = opts.token ?? newToken();
  const core = await startAppCore({ ...opts.core, engine: opts.engine, log });
  const server = await startServeServer({
    host: opts.host,
    port: opts.port,
    token,
    staticDir: opts.staticDir,
    bridge: core.bridge,
    logs: core.logs,
    files: core.files,
    extraHosts: opts.allowHosts,
    tls,
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
