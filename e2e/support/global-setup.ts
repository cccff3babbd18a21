/**
 * Starts what the end-to-end tests run against: a local registry, an
 * isolated Podman (never the user's), and `serve` on 127.0.0.1 in this
 * process. Writes the URLs to a file the tests read; returns the teardown.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { startPodman } from '../../engine/test/harness/podman-harness.js';
import { startRegistry } from '../../engine/test/harness/registry-harness.js';
import { runServe } from '../../electron/serve/serve-cli.js';
import { INFO_FILE, type E2EInfo } from './info.js';

export default async function globalSetup(): Promise<() => Promise<void>> {
  const root = path.resolve(import.meta.dirname, '..', '..');
  if (!process.env.BERTH_E2E_NO_BUILD) {
    execFileSync('npx', ['vite', 'build', '--config', 'renderer/vite.config.ts', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
  }
  const registry = await startRegistry();
  const podman = await startPodman({ insecureRegistries: [registry.address] });
  // Seed the registry with the test image so pulls have something to fetch.
  await podman.podman(['tag', 'localhost/berth-test:latest', `${registry.address}/berth/busybox:1`]);
  await podman.podman(['push', '--tls-verify=false', `${registry.address}/berth/busybox:1`]);
  await podman.podman(['rmi', `${registry.address}/berth/busybox:1`]);
  const logs: string[] = [];
  const serve = await runServe({ host: '127.0.0.1', port: 0, engine: podman.url, allowHosts: [], staticDir: path.join(root, 'dist', 'renderer') }, (m) => logs.push(m));
  await serve.core.ready;
  const info: E2EInfo = {
    url: serve.url,
    origin: new URL(serve.url).origin,
    token: new URLSearchParams(new URL(serve.url).hash.slice(1)).get('token') ?? '',
    podman: {
      dir: podman.dir,
      url: podman.url,
      env: {
        CONTAINERS_CONF: podman.env.CONTAINERS_CONF!,
        CONTAINERS_REGISTRIES_CONF: podman.env.CONTAINERS_REGISTRIES_CONF!,
        REGISTRY_AUTH_FILE: podman.env.REGISTRY_AUTH_FILE!,
        TMPDIR: podman.env.TMPDIR!,
      },
    },
    registry: registry.address,
  };
  mkdirSync(path.dirname(INFO_FILE), { recursive: true });
  writeFileSync(INFO_FILE, JSON.stringify(info, null, 2));
  process.env.BERTH_E2E_INFO = JSON.stringify(info);
  return async () => {
    await serve.stop().catch(() => undefined);
    await podman.teardown().catch(() => undefined);
    await registry.teardown().catch(() => undefined);
  };
}
