/**
 * Development and end-to-end testing: an isolated test Podman (never your
 * own storage), a local registry, and `serve` against them. Prints the URL.
 *   node --import tsx electron/serve/dev-serve.ts [--port 0] [--no-build]
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { startPodman } from '../../engine/test/harness/podman-harness.js';
import { startRegistry } from '../../engine/test/harness/registry-harness.js';
import { runServe } from './serve-cli.js';

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const port = Number(args[args.indexOf('--port') + 1] ?? 0) || 0;
  const root = path.resolve(import.meta.dirname, '..', '..');
  if (!args.includes('--no-build')) {
    execFileSync('npx', ['vite', 'build', '--config', 'renderer/vite.config.ts', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
  }
  const registry = await startRegistry();
  const podman = await startPodman({ insecureRegistries: [registry.address] });
  const running = await runServe({ host: '127.0.0.1', port, engine: podman.url, allowHosts: [], staticDir: path.join(root, 'dist', 'renderer') });
  const info = { url: running.url, podmanUrl: podman.url, podmanDir: podman.dir, registry: registry.address, env: { CONTAINERS_CONF: podman.env.CONTAINERS_CONF } };
  const infoFile = args.includes('--info') ? args[args.indexOf('--info') + 1] : undefined;
  if (infoFile) writeFileSync(infoFile, JSON.stringify(info, null, 2));
  console.log(`Berth UI: ${running.url}`);
  console.log(`test podman: ${podman.url} (storage ${podman.dir}); registry ${registry.address}`);
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await running.stop().catch(() => undefined);
    await podman.teardown().catch(() => undefined);
    await registry.teardown().catch(() => undefined);
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

main().catch((e) => {
  console.error(`dev-serve: ${(e as Error).stack ?? e}`);
  process.exit(1);
});
