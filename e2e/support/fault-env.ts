/**
 * A private engine for fault tests: this worker's own isolated Podman (so a
 * test can stop and start its API service) and its own `serve` against it,
 * optionally through a socket proxy that can stall calls (fault-proxy.ts).
 * The global setup's engine is never disturbed.
 */
import { expect, type Page } from '@playwright/test';
import path from 'node:path';
import { startPodman, type PodmanHarness } from '../../engine/test/harness/podman-harness.js';
import { runServe } from '../../electron/serve/serve-cli.js';
import { startFaultProxy, type FaultProxy } from './fault-proxy.js';

export interface FaultEnv {
  h: PodmanHarness;
  url: string;
  proxy?: FaultProxy | undefined;
  /** Names of all containers, as `podman ps -a` shows them (infra containers excluded). */
  psNames(): Promise<string[]>;
  stop(): Promise<void>;
}

export async function startFaultEnv(opts: { proxy?: boolean } = {}): Promise<FaultEnv> {
  const root = path.resolve(import.meta.dirname, '..', '..');
  const h = await startPodman();
  let proxy: FaultProxy | undefined;
  let engine = h.url;
  try {
    if (opts.proxy) {
      proxy = await startFaultProxy(h.socket, path.join(h.dir, 'proxy.sock'));
      engine = `unix://${proxy.socket}`;
    }
    const serve = await runServe({ host: '127.0.0.1', port: 0, engine, allowHosts: [], staticDir: path.join(root, 'dist', 'renderer') }, () => undefined);
    await serve.core.ready;
    return {
      h,
      url: serve.url,
      proxy,
      async psNames() {
        const list = JSON.parse((await h.podman(['ps', '-a', '--format', 'json'])) || '[]') as { Names?: string[]; IsInfra?: boolean }[];
        return list
          .filter((c) => !c.IsInfra)
          .map((c) => c.Names?.[0] ?? '')
          .sort();
      },
      async stop() {
        await serve.stop().catch(() => undefined);
        await proxy?.close().catch(() => undefined);
        await h.teardown().catch(() => undefined);
      },
    };
  } catch (e) {
    await proxy?.close().catch(() => undefined);
    await h.teardown().catch(() => undefined);
    throw e;
  }
}

/** Opens this env's app (the token URL; the page keeps the token) in `page`, optionally on a view. */
export async function openFaultApp(page: Page, url: string, view?: string): Promise<void> {
  await page.goto(url);
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
  if (view) {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: view, exact: true }).click();
    await expect(page.getByRole('heading', { level: 1, name: new RegExp(`^${view}`) })).toBeVisible();
  }
}

/** Collects page errors (uncaught exceptions) and console errors so a test can assert nothing crashed. */
export function watchCrashes(page: Page): { pageErrors: string[]; consoleErrors: string[] } {
  const out = { pageErrors: [] as string[], consoleErrors: [] as string[] };
  page.on('pageerror', (e) => out.pageErrors.push(String(e?.stack ?? e)));
  page.on('console', (m) => {
    if (m.type() === 'error') out.consoleErrors.push(m.text());
  });
  page.on('crash', () => out.pageErrors.push('renderer crashed'));
  return out;
}

/**
 * The names in a virtualized grid: scrolls its body top to bottom and
 * collects every row's accessible name (rows outside the window are not in
 * the DOM). Group rows (with a ", N items" suffix) are skipped.
 */
export async function gridRowNames(page: Page, grid: string): Promise<string[]> {
  return page.evaluate(async (label) => {
    const g = document.querySelector(`[role="grid"][aria-label="${label}"]`);
    const body = g?.querySelector<HTMLElement>('.dt-body');
    if (!g || !body) throw new Error(`no grid ${label}`);
    const names = new Set<string>();
    const dupes: string[] = [];
    const frame = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    body.scrollTop = 0;
    await frame();
    for (let guard = 0; guard < 10_000; guard++) {
      const seen = new Set<string>();
      for (const row of body.querySelectorAll<HTMLElement>('[role="row"][aria-label]')) {
        if (row.querySelector('.dt-group-cell')) continue;
        const n = row.getAttribute('aria-label')!;
        if (seen.has(n)) dupes.push(n);
        seen.add(n);
        names.add(n);
      }
      if (body.scrollTop + body.clientHeight >= body.scrollHeight - 1) break;
      body.scrollTop += Math.max(40, body.clientHeight - 60);
      await frame();
    }
    body.scrollTop = 0;
    if (dupes.length) throw new Error(`duplicate rows in the same frame: ${dupes.join(', ')}`);
    return [...names].sort();
  }, grid);
}
