/**
 * The setup most integration files share: one isolated Podman for the suite
 * with a libpod client and a Docker-API client on the same service. The hooks
 * go in the suite `podmanSuite` is called in (the file, or a describe).
 */
import { after, before } from 'node:test';
import { connectEngine, type EngineClient } from '../../src/client.js';
import { startPodman, type HarnessOptions, type PodmanHarness } from './podman-harness.js';

export interface PodmanSuite {
  h: PodmanHarness;
  libpod: EngineClient;
  docker: EngineClient;
}

/**
 * Starts the harness and both clients before the suite's tests and hands them
 * to `ready` (a file keeps its own names for them, and does its own setup
 * there: Node 20 runs a file's top-level `before` hooks concurrently, so a
 * second hook could not count on the harness); closes the clients and tears
 * the harness down after. `opts` may be computed first (a registry started
 * for its address).
 */
export function podmanSuite(ready: (suite: PodmanSuite) => unknown, opts: HarnessOptions | (() => Promise<HarnessOptions>) = {}): void {
  let h: PodmanHarness | undefined;
  const clients: EngineClient[] = [];
  before(async () => {
    h = await startPodman(typeof opts === 'function' ? await opts() : opts);
    const address = h.url;
    // Settled, not Promise.all: a client that connected is closed even when the other failed.
    const settled = await Promise.allSettled([connectEngine({ address }), connectEngine({ address, flavor: 'docker' })]);
    for (const r of settled) if (r.status === 'fulfilled') clients.push(r.value);
    for (const r of settled) if (r.status === 'rejected') throw r.reason;
    const [libpod, docker] = clients as [EngineClient, EngineClient];
    await ready({ h, libpod, docker });
  });
  after(async () => {
    for (const c of clients) c.close();
    await h?.teardown();
  });
}
