/**
 * The UI suite of `npm run bench`: Berth's renderer in Debian's Chromium,
 * driven by Playwright, against `serve` running in this very process (so the
 * main side's events and CPU can be measured directly), on the harness's
 * isolated real Podman. Everything is measured from outside the app: no
 * marks in renderer/, electron/ or engine/src.
 *
 * Cases (stable names, also in the JSON rows):
 *  - live-event-to-store: engine event emitted by the EventStream → LiveStore
 *    patch (the immediate, event-derived one, and the one confirmed by the
 *    coalesced re-read), for `podman start` / `podman stop` actions.
 *  - event-to-row-painted: the same event arriving in serve's Connection →
 *    the row's state badge changed in the page and a frame produced.
 *  - cli-start-to-row-painted: `podman start` spawned → row painted (includes
 *    the CLI itself and the engine's 250 ms events-file polling).
 *  - idle-100-containers: CPU of serve (this process), Chromium's processes and
 *    the Podman service over an idle minute with the Containers view open.
 *  - log-pane-1m-lines: a followed container writing 1,000,000 lines at full
 *    speed, and "All lines" of an exited 1,000,000-line container: long tasks,
 *    JS heap (start/peak/end), time until the last line is painted.
 *  - combined-log-10x100k: a compose project of 10 exited services with
 *    100,000 lines each, its Logs tab, then "All lines": the merged million
 *    lines through the combined pane (long tasks, heap, last line painted).
 *  - containers-5000: snapshot message arrival → first row painted, long
 *    tasks while scrolling top to bottom (wheel) and by keyboard, and the cost
 *    of one live update with 5,000 rows.
 *
 * Environment (run.ts takes no suite options): BERTH_BENCH_NO_BUILD=1 skips
 * the renderer build, BERTH_BENCH_PROFILE=DIR saves CPU profiles (Chromium via
 * CDP, Node via the inspector) of the slow phases and lists their top
 * functions, BERTH_BENCH_CASES=a,b runs only some cases (the event cases run
 * together), BERTH_BENCH_CONTAINERS=N overrides the big-list count.
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import http from 'node:http';
import { cpus } from 'node:os';
import path from 'node:path';
import { Session } from 'node:inspector/promises';
import { chromium, type Browser, type BrowserContext, type CDPSession, type Page } from '@playwright/test';
import { Connection } from '../../engine/src/connection.js';
import type { EngineEvent } from '../../engine/src/api/events.js';
import { localCall } from '../../electron/contract/call.js';
import { LiveStore, type Patch } from '../../engine/src/live/live-store.js';
import { engineSources } from '../../engine/src/live/sources.js';
import type { ContainerSummary } from '../../engine/src/api/containers.js';
import { startPodman, TEST_IMAGE, type PodmanHarness } from '../../engine/test/harness/podman-harness.js';
import { findServicePid, pool } from '../../engine/bench/measure.js';
import type { BenchContext, BenchRow, BenchSuite, SuiteResult, Verdict } from '../../engine/bench/registry.js';
import { runServe } from '../../electron/serve/serve-cli.js';
import {
  chromiumProcesses,
  conmonPids,
  cpuOf,
  fmtMiB,
  fmtMs,
  nowEpoch,
  p50,
  p95,
  PAGE_PROBE,
  saveProfile,
  setClockTicks,
  sleep,
  LEAN_TRACE_CATEGORIES,
  longTaskBreakdown,
  topSelfTime,
  taskTimes,
  TRACE_CATEGORIES,
  type CpuProfile,
  type TaskTimes,
  type TraceEvent,
} from './support.js';

export const CASES = ['live-event-to-store', 'event-to-row-painted', 'cli-start-to-row-painted', 'containers-5000', 'log-pane-1m-lines', 'combined-log-10x100k', 'idle-100-containers'] as const;

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const CHROMIUM = process.env.BERTH_CHROMIUM ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'];

interface Config {
  actions: number;
  idleContainers: number;
  idleRunning: number;
  idleSeconds: number;
  logLines: number;
  bigList: number;
  /** Longest we spend creating the big list's containers (ms). */
  createBudgetMs: number;
  /** Created with the CLI first, to know what the CLI costs here. */
  cliSample: number;
}

function config(quick: boolean): Config {
  const c: Config = quick
    ? { actions: 12, idleContainers: 30, idleRunning: 6, idleSeconds: 15, logLines: 100_000, bigList: 500, createBudgetMs: 90_000, cliSample: 40 }
    : { actions: 50, idleContainers: 100, idleRunning: 20, idleSeconds: 60, logLines: 1_000_000, bigList: 5000, createBudgetMs: 420_000, cliSample: 200 };
  const n = Number(process.env.BERTH_BENCH_CONTAINERS);
  if (Number.isInteger(n) && n > 0) c.bigList = n;
  return c;
}

/** What a run collects; turned into rows, verdicts and notes at the end. */
class Out {
  rows: BenchRow[] = [];
  verdicts: Verdict[] = [];
  notes: string[] = [];
  lines: string[] = [];
  row(c: string, metric: string, value: number, subject = 'berth'): void {
    if (Number.isFinite(value)) this.rows.push({ case: c, subject, metric, value: Number(value.toFixed(3)) });
  }
  verdict(target: string, met: boolean, detail: string): void {
    this.verdicts.push({ target, met, detail });
  }
}

// ---- environment ----------------------------------------------------------------------------

interface Env {
  ctx: BenchContext;
  cfg: Config;
  h: PodmanHarness;
  serve: Awaited<ReturnType<typeof runServe>>;
  serveLog: string[];
  browser: Browser;
  context: BrowserContext;
  servicePid: number | undefined;
  profileDir: string | undefined;
  out: Out;
  /** Main-thread task times from the last traced phase. */
  lastTasks?: TaskTimes | undefined;
}

function cliArgs(h: PodmanHarness, args: string[]): string[] {
  return ['--root', path.join(h.dir, 'root'), '--runroot', path.join(h.dir, 'run'), '--tmpdir', path.join(h.dir, 'tmp'), '--storage-driver', 'overlay', ...args];
}

/** The podman CLI on the harness storage, resolving when the process exits. */
function podmanCli(h: PodmanHarness, args: string[], timeoutMs = 120_000): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('podman', cliArgs(h, args), { env: h.env, timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`podman ${args.join(' ')}: ${stderr || err.message}`));
      else resolve(stdout);
    });
  });
}

/** One libpod API call on the harness socket (JSON in, JSON out). */
function api<T>(h: PodmanHarness, method: string, p: string, body?: unknown): Promise<T> {
  return new Promise((resolve, reject) => {
    const data = body === undefined ? undefined : JSON.stringify(body);
    const req = http.request(
      { socketPath: h.socket, path: `/v4.0.0/libpod${p}`, method, headers: data ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) } : {} },
      (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (d: string) => (text += d));
        res.on('end', () => {
          if ((res.statusCode ?? 500) >= 300) reject(new Error(`${method} ${p}: ${res.statusCode} ${text.slice(0, 300)}`));
          else resolve((text ? JSON.parse(text) : undefined) as T);
        });
      },
    );
    req.on('error', reject);
    req.end(data);
  });
}

async function fastTeardown(h: PodmanHarness, log: (m: string) => void): Promise<void> {
  // Running containers own conmon processes and network namespaces: remove them properly.
  const running = (await podmanCli(h, ['ps', '-q']).catch(() => '')).split('\n').filter(Boolean);
  if (running.length) await podmanCli(h, ['rm', '-f', '-t', '0', ...running], 300_000).catch((e: Error) => log(`  teardown: ${e.message}`));
  const total = (await podmanCli(h, ['ps', '-aq']).catch(() => '')).split('\n').filter(Boolean).length;
  if (total <= 300) {
    await h.teardown();
    return;
  }
  // Thousands of created-only containers: they hold no processes, mounts or
  // namespaces; drop the whole private storage instead of removing one by one.
  log(`  teardown: ${total} created containers; dropping the harness storage at once`);
  await h.stopService();
  const mounts = readFileSync('/proc/self/mounts', 'utf8')
    .split('\n')
    .map((l) => l.split(' ')[1] ?? '')
    .filter((m) => m.startsWith(h.dir + '/'))
    .sort((a, b) => b.length - a.length);
  for (const m of mounts) await new Promise<void>((r) => execFile('umount', ['-l', m], () => r()));
  const { rm } = await import('node:fs/promises');
  await rm(h.dir, { recursive: true, force: true }).catch(() => undefined);
}

async function setup(ctx: BenchContext, cfg: Config, out: Out): Promise<{ env: Env; cleanup: () => Promise<void> }> {
  try {
    setClockTicks(Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()));
  } catch {
    // 100
  }
  const profileDir = process.env.BERTH_BENCH_PROFILE ? path.resolve(process.env.BERTH_BENCH_PROFILE) : undefined;
  if (profileDir) mkdirSync(profileDir, { recursive: true });
  // Profiling serves an unminified build (same code, readable function names in the profiles).
  const staticDir = profileDir ? path.join(profileDir, 'renderer') : path.join(ROOT, 'dist', 'renderer');
  if (profileDir || (!process.env.BERTH_BENCH_NO_BUILD && !process.env.BERTH_E2E_NO_BUILD)) {
    ctx.log(`  building the renderer (vite${profileDir ? ', unminified' : ''})…`);
    const t = performance.now();
    const extra = profileDir ? ['--minify', 'false', '--outDir', staticDir, '--emptyOutDir'] : [];
    execFileSync('npx', ['vite', 'build', '--config', 'renderer/vite.config.ts', '--logLevel', 'warn', ...extra], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
    ctx.log(`  built in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  }
  let h: PodmanHarness | undefined;
  let serve: Env['serve'] | undefined;
  let browser: Browser | undefined;
  const cleanup = ctx.onCleanup(async () => {
    await browser?.close().catch(() => undefined);
    await serve?.stop().catch(() => undefined);
    if (h) await fastTeardown(h, ctx.log).catch((e: Error) => ctx.log(`  teardown failed: ${e.message}`));
  });
  try {
    h = await startPodman();
    const serveLog: string[] = [];
    serve = await runServe({ host: '127.0.0.1', port: 0, engine: h.url, allowHosts: [], staticDir }, (m) => serveLog.push(m));
    await serve.core.ready;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    await context.addInitScript({ content: PAGE_PROBE });
    return { env: { ctx, cfg, h, serve, serveLog, browser, context, servicePid: findServicePid(h.socket), profileDir, out }, cleanup };
  } catch (e) {
    await cleanup();
    throw e;
  }
}

// ---- page helpers ---------------------------------------------------------------------------

async function openPage(env: Env, hash: string): Promise<Page> {
  const page = await env.context.newPage();
  await page.goto(env.serve.url);
  await waitTrue(page, 'document.readyState === "complete"', 30_000);
  await page.evaluate(`location.hash = ${JSON.stringify(hash)}`);
  return page;
}

/**
 * Offset of the page's clock from ours (page − node, ms), from the round trip
 * with the smallest delay: both sides use timeOrigin + now(), whose origins
 * are read from the wall clock at different moments and can disagree by a
 * millisecond or more.
 */
async function calibrateClock(page: Page): Promise<{ offset: number; rtt: number }> {
  let best = { offset: 0, rtt: Number.POSITIVE_INFINITY };
  for (let i = 0; i < 25; i++) {
    const t0 = nowEpoch();
    const tp = await page.evaluate<number>('performance.timeOrigin + performance.now()');
    const t1 = nowEpoch();
    if (t1 - t0 < best.rtt) best = { offset: tp - (t0 + t1) / 2, rtt: t1 - t0 };
  }
  return best;
}

interface LongTask {
  start: number;
  dur: number;
}

async function longTasks(page: Page, from: number, to: number): Promise<LongTask[]> {
  const all = await page.evaluate<LongTask[]>('window.__bench.longtasks');
  return all.filter((t) => t.start + t.dur >= from && t.start <= to);
}

const maxDur = (ts: LongTask[]): number => ts.reduce((m, t) => Math.max(m, t.dur), 0);

/**
 * Poll an expression in the page until it is truthy. (Playwright's
 * waitForFunction evaluates strings with eval, which Berth's CSP refuses;
 * page.evaluate goes through the debugger protocol and is not affected.)
 */
async function waitTrue(page: Page, expr: string, timeoutMs: number, intervalMs = 25): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    if (await page.evaluate<boolean>(`!!(${expr})`)) return;
    if (performance.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${expr.slice(0, 160)}`);
    await sleep(intervalMs);
  }
}

async function heapUsed(cdp: CDPSession): Promise<number> {
  const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
  return metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? Number.NaN;
}

/** CPU profiles of a phase (page and/or this process) when BERTH_BENCH_PROFILE is set; top functions go to the notes. */
async function profiled<T>(env: Env, name: string, page: Page | undefined, node: boolean, fn: () => Promise<T>): Promise<T> {
  env.lastTasks = undefined;
  if (!env.profileDir) {
    if (!page) return fn();
    // Always: a lean trace of the page's main-thread tasks (wall and CPU time).
    await env.browser.startTracing(page, { categories: LEAN_TRACE_CATEGORIES });
    try {
      return await fn();
    } finally {
      const trace = await env.browser.stopTracing();
      env.lastTasks = taskTimes(JSON.parse(trace.toString('utf8')) as { traceEvents: TraceEvent[] });
    }
  }
  const cdp = page ? await page.context().newCDPSession(page) : undefined;
  const session = node ? new Session() : undefined;
  if (page) await env.browser.startTracing(page, { categories: TRACE_CATEGORIES });
  if (cdp) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    await cdp.send('Profiler.start');
  }
  if (session) {
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.start');
  }
  try {
    return await fn();
  } finally {
    const report = (who: string, profile: CpuProfile) => {
      const total = (profile.endTime - profile.startTime) / 1000;
      const top = topSelfTime(profile, 10)
        .filter((t) => !/^\((idle|program|garbage collector)\)$/.test(t.fn) || t.ms > 5)
        .map((t) => `${t.fn} ${t.where} ${t.ms.toFixed(0)} ms`);
      env.out.notes.push(`profile ${name}/${who} (${total.toFixed(0)} ms): ${top.join('; ')}`);
    };
    if (page) {
      const trace = await env.browser.stopTracing();
      await writeFile(path.join(env.profileDir, `${name}-trace.json`), trace);
      const parsed = JSON.parse(trace.toString('utf8')) as { traceEvents: TraceEvent[] };
      env.lastTasks = taskTimes(parsed);
      const lt = longTaskBreakdown(parsed);
      if (lt.count)
        env.out.notes.push(
          `trace ${name}: ${lt.count} tasks > 50 ms on the renderer main thread (longest ${lt.longest.toFixed(0)} ms, ${lt.totalMs.toFixed(0)} ms in all); their self time: ${lt.top.map((x) => `${x.label} ${x.ms.toFixed(0)} ms`).join('; ')}`,
        );
      else env.out.notes.push(`trace ${name}: no task > 50 ms on the renderer main thread`);
    }
    if (cdp) {
      const { profile } = (await cdp.send('Profiler.stop')) as { profile: CpuProfile };
      await saveProfile(env.profileDir, `${name}-renderer`, profile);
      report('renderer', profile);
      await cdp.detach().catch(() => undefined);
    }
    if (session) {
      const { profile } = (await session.post('Profiler.stop')) as unknown as { profile: CpuProfile };
      await saveProfile(env.profileDir, `${name}-node`, profile);
      report('serve', profile);
      session.disconnect();
    }
  }
}

// ---- 1, 2: events → store → row painted --------------------------------------------------------

interface StoreRecord {
  id: string;
  state: string;
  t: number;
  /** Emitted while the EventStream's 'event' listener ran (the event-derived update). */
  immediate: boolean;
  /** Emission time of the event being handled (immediate updates only). */
  eventT: number;
}

interface EvRecord {
  id: string;
  action: string;
  /** Arrival (performance.now() of this process). */
  t: number;
  /** The engine's own timestamp of the event (epoch ms). */
  engineTime: number;
}

interface RowEvent {
  name: string;
  state: string;
  dom: number;
  paint: number;
}

const IMPLIES: Record<'start' | 'stop', { state: string; actions: string[] }> = {
  start: { state: 'running', actions: ['start'] },
  stop: { state: 'exited', actions: ['die', 'stop'] },
};

async function eventCases(env: Env): Promise<void> {
  const { h, cfg, ctx, out } = env;
  const names = Array.from({ length: 5 }, (_, i) => `bench-ev-${i}`);
  for (const n of names) await podmanCli(h, ['create', '--name', n, TEST_IMAGE, 'sleep', '3600']);

  // Engine level: our own Connection and LiveStore (as app-core builds them), with a listener
  // registered in front of the store's so we see the emission moment.
  const conn = await Connection.open({ address: h.url });
  const store = new LiveStore({ sources: engineSources(conn.client) });
  await store.resync();
  const storeLog: StoreRecord[] = [];
  const engineEvents: EvRecord[] = [];
  let handling: { t: number } | undefined;
  conn.onEvent((ev: EngineEvent) => {
    const t = performance.now();
    if (ev.type === 'container') engineEvents.push({ id: ev.id, action: ev.action, t, engineTime: ev.time });
    handling = { t };
    try {
      store.handleEvent(ev);
    } finally {
      handling = undefined;
    }
  });
  store.subscribe<ContainerSummary>('containers', (patch: Patch<ContainerSummary>) => {
    if (patch.kind !== 'upsert') return;
    const t = performance.now();
    for (const c of patch.items) storeLog.push({ id: c.id, state: c.state, t, immediate: handling !== undefined, eventT: handling?.t ?? Number.NaN });
  });

  // Main-process level: serve's own connection (the one the UI is fed from).
  const serveConn = env.serve.core.connection();
  if (!serveConn) throw new Error('serve has no engine connection');
  const serveEvents: EvRecord[] = [];
  const offServe = serveConn.onEvent((ev) => {
    if (ev.type === 'container') serveEvents.push({ id: ev.id, action: ev.action, t: performance.now(), engineTime: ev.time });
  });

  const page = await openPage(env, '#/containers');
  try {
    for (const n of names) await page.getByRole('row', { name: n, exact: true }).waitFor({ timeout: 20_000 });
    const clock = await calibrateClock(page);
    out.notes.push(`clock: page − node offset ${clock.offset.toFixed(2)} ms (best round trip ${clock.rtt.toFixed(2)} ms); page times are corrected by it`);
    await page.evaluate(`window.__bench.watchRows(${JSON.stringify(names)})`);
    const ids = new Map<string, string>();
    for (const c of store.items<ContainerSummary>('containers')) ids.set(c.name, c.id);
    // performance.now() of this process ↔ epoch: epoch = timeOrigin + now.
    const toNode = (pageEpoch: number): number => pageEpoch - clock.offset - performance.timeOrigin;

    interface Action {
      kind: 'start' | 'stop';
      name: string;
      id: string;
      tCmd: number;
      tCmdDone: number;
    }
    const actions: Action[] = [];
    const t0 = nowEpoch();
    await profiled(env, 'events', page, true, async () => {
      for (let i = 0; i < cfg.actions; i++) {
        if (ctx.signal.aborted) throw new Error('interrupted');
        const name = names[i % names.length]!;
        const kind: 'start' | 'stop' = Math.floor(i / names.length) % 2 === 0 ? 'start' : 'stop';
        const want = IMPLIES[kind].state;
        const id = ids.get(name)!;
        const tCmd = performance.now();
        await podmanCli(h, kind === 'start' ? ['start', name] : ['stop', '-t', '0', name]);
        const tCmdDone = performance.now();
        actions.push({ kind, name, id, tCmd, tCmdDone });
        const sinceEpoch = tCmd + performance.timeOrigin + clock.offset;
        await waitTrue(page, `window.__bench.rowEvents.some((r) => r.name === ${JSON.stringify(name)} && r.state === ${JSON.stringify(want)} && r.dom >= ${sinceEpoch} && r.paint > 0)`, 15_000);
        const deadline = performance.now() + 5000;
        while (!storeLog.some((r) => r.id === id && !r.immediate && r.state === want && r.t >= tCmd) && performance.now() < deadline) await sleep(10);
        // Spread the actions over the engine's 250 ms polling phase.
        await sleep(150 + Math.random() * 250);
      }
    });
    const rowEvents = await page.evaluate<RowEvent[]>('window.__bench.rowEvents');
    await page.evaluate('window.__bench.stopRows()');
    ctx.log(`  ${actions.length} actions in ${((nowEpoch() - t0) / 1000).toFixed(1)} s`);

    const immediate: number[] = [];
    const confirmed: number[] = [];
    const toPaint: number[] = [];
    const cliToPaint: number[] = [];
    const cliStopToPaint: number[] = [];
    const engineShare: number[] = [];
    const cliToEngine: number[] = [];
    const cliDur: number[] = [];
    let paintedBeforeImplying = 0;
    let missing = 0;
    for (let i = 0; i < actions.length; i++) {
      const a = actions[i]!;
      const end = actions[i + 1]?.tCmd ?? Number.POSITIVE_INFINITY;
      const want = IMPLIES[a.kind];
      cliDur.push(a.tCmdDone - a.tCmd);
      // 1. engine level
      const evs = engineEvents.filter((e) => e.id === a.id && e.t >= a.tCmd && e.t < end);
      const imm = storeLog.find((r) => r.id === a.id && r.immediate && r.state === want.state && r.t >= a.tCmd && r.t < end);
      if (imm) immediate.push(imm.t - imm.eventT);
      const conf = storeLog.find((r) => r.id === a.id && !r.immediate && r.state === want.state && r.t >= a.tCmd && r.t < end);
      if (conf && evs[0]) confirmed.push(conf.t - evs[0].t);
      // 2. main process → painted
      const sev = serveEvents.filter((e) => e.id === a.id && e.t >= a.tCmd && e.t < end);
      const row = rowEvents.find((r) => r.name === a.name && r.state === want.state && toNode(r.dom) >= a.tCmd - 1 && toNode(r.dom) < end);
      if (!row || !row.paint || sev.length === 0) {
        missing++;
        continue;
      }
      const painted = toNode(row.paint);
      let cause = sev.find((e) => want.actions.includes(e.action));
      if (!cause || cause.t > painted) {
        paintedBeforeImplying++;
        cause = [...sev].reverse().find((e) => e.t <= painted) ?? sev[0]!;
      }
      toPaint.push(painted - cause.t);
      engineShare.push(cause.t + performance.timeOrigin - cause.engineTime);
      cliToEngine.push(cause.engineTime - (a.tCmd + performance.timeOrigin));
      if (a.kind === 'start') cliToPaint.push(painted - a.tCmd);
      else cliStopToPaint.push(painted - a.tCmd);
    }

    out.row('live-event-to-store', 'p50-ms', p50(immediate));
    out.row('live-event-to-store', 'p95-ms', p95(immediate));
    out.row('live-event-to-store', 'confirmed-p50-ms', p50(confirmed));
    out.row('live-event-to-store', 'confirmed-p95-ms', p95(confirmed));
    out.row('live-event-to-store', 'samples', immediate.length);
    out.verdict(
      'engine event arrives → store updated: p50 ≤ 20 ms',
      p50(immediate) <= 20,
      `immediate p50 ${fmtMs(p50(immediate), 2)}, p95 ${fmtMs(p95(immediate), 2)}; confirmed by re-read p50 ${fmtMs(p50(confirmed))}, p95 ${fmtMs(p95(confirmed))} (${immediate.length} events)`,
    );
    out.lines.push(
      `live-event-to-store        immediate p50 ${fmtMs(p50(immediate), 3)}  p95 ${fmtMs(p95(immediate), 3)} | confirmed by re-read (from the action's first event) p50 ${fmtMs(p50(confirmed))}  p95 ${fmtMs(p95(confirmed))}  [n=${immediate.length}/${confirmed.length}]`,
    );

    out.row('event-to-row-painted', 'p50-ms', p50(toPaint));
    out.row('event-to-row-painted', 'p95-ms', p95(toPaint));
    out.row('event-to-row-painted', 'samples', toPaint.length);
    out.verdict(
      'event arrives in main → row painted: p50 ≤ 50 ms',
      p50(toPaint) <= 50,
      `p50 ${fmtMs(p50(toPaint))}, p95 ${fmtMs(p95(toPaint))} (${toPaint.length} actions${missing ? `, ${missing} not measured` : ''})`,
    );
    out.lines.push(
      `event-to-row-painted       p50 ${fmtMs(p50(toPaint))}  p95 ${fmtMs(p95(toPaint))}  max ${fmtMs(Math.max(...toPaint))}  [n=${toPaint.length}${paintedBeforeImplying ? `, ${paintedBeforeImplying} painted from a re-read before the start/die event` : ''}]`,
    );

    out.row('cli-start-to-row-painted', 'p50-ms', p50(cliToPaint));
    out.row('cli-start-to-row-painted', 'p95-ms', p95(cliToPaint));
    out.row('cli-start-to-row-painted', 'stop-p50-ms', p50(cliStopToPaint));
    out.row('cli-start-to-row-painted', 'stop-p95-ms', p95(cliStopToPaint));
    out.row('cli-start-to-row-painted', 'engine-event-delay-p50-ms', p50(engineShare), 'podman');
    out.row('cli-start-to-row-painted', 'engine-event-delay-p95-ms', p95(engineShare), 'podman');
    out.row('cli-start-to-row-painted', 'cli-to-engine-event-p50-ms', p50(cliToEngine), 'podman');
    out.row('cli-start-to-row-painted', 'cli-process-p50-ms', p50(cliDur), 'podman');
    out.lines.push(
      `cli-start-to-row-painted   start p50 ${fmtMs(p50(cliToPaint))}  p95 ${fmtMs(p95(cliToPaint))} | stop -t 0 p50 ${fmtMs(p50(cliStopToPaint))}  p95 ${fmtMs(p95(cliStopToPaint))}`,
      `  of which the engine: CLI spawned → event's own timestamp p50 ${fmtMs(p50(cliToEngine))}; event timestamp → arrival (events-file polling) p50 ${fmtMs(p50(engineShare))}  p95 ${fmtMs(p95(engineShare))}; the CLI process lives p50 ${fmtMs(p50(cliDur))}`,
    );
  } finally {
    offServe();
    await page.close().catch(() => undefined);
    await conn.close();
  }
}

// ---- 5: idle ----------------------------------------------------------------------------------

async function idleCase(env: Env): Promise<void> {
  const { h, cfg, ctx, out } = env;
  const have = (await podmanCli(h, ['ps', '-aq'])).split('\n').filter(Boolean).length;
  const running = (await podmanCli(h, ['ps', '-q'])).split('\n').filter(Boolean).length;
  const toRun = Math.max(0, cfg.idleRunning - running);
  const toCreate = Math.max(0, cfg.idleContainers - have - toRun);
  ctx.log(`  idle: adding ${toRun} running and ${toCreate} created containers`);
  await pool([...Array(toRun).keys()], 2, async (i) => {
    await podmanCli(h, ['run', '-d', '--name', `bench-idle-run-${i}`, TEST_IMAGE, 'sleep', '3600']);
  });
  await pool([...Array(toCreate).keys()], 4, async (i) => {
    await api(h, 'POST', '/containers/create', { name: `bench-idle-${i}`, image: TEST_IMAGE, command: ['sleep', '3600'] });
  });
  const total = (await podmanCli(h, ['ps', '-aq'])).split('\n').filter(Boolean).length;

  const page = await openPage(env, '#/containers');
  try {
    await page.getByText(`${total} containers`, { exact: true }).waitFor({ timeout: 30_000 });
    await sleep(5000); // let first stats rounds and lazy chunks settle
    const chrome = chromiumProcesses();
    const pids = chrome.map((c) => c.pid);
    const conmons = conmonPids(h.dir);
    const ws0 = await page.evaluate<{ n: number; b: number }>('({ n: window.__bench.wsCount, b: window.__bench.wsBytes })');
    const c0 = process.cpuUsage();
    const p0 = cpuOf([...pids, ...(env.servicePid ? [env.servicePid] : []), ...conmons]);
    const t0 = performance.now();
    await sleep(cfg.idleSeconds * 1000);
    const secs = (performance.now() - t0) / 1000;
    const p1 = cpuOf([...pids, ...(env.servicePid ? [env.servicePid] : []), ...conmons]);
    const c = process.cpuUsage(c0);
    const ws1 = await page.evaluate<{ n: number; b: number }>('({ n: window.__bench.wsCount, b: window.__bench.wsBytes })');
    const delta = (pid: number) => (p1.get(pid) ?? Number.NaN) - (p0.get(pid) ?? Number.NaN);
    const serveS = (c.user + c.system) / 1e6;
    const byRole = (role: string) => chrome.filter((x) => x.role === role).reduce((s, x) => s + (Number.isFinite(delta(x.pid)) ? delta(x.pid) : 0), 0) / 1000;
    const renderer = byRole('renderer');
    const browser = byRole('browser');
    const otherChrome = byRole('gpu') + byRole('utility') + byRole('other');
    const service = env.servicePid ? delta(env.servicePid) / 1000 : Number.NaN;
    const conmon = conmons.reduce((s, p) => s + (Number.isFinite(delta(p)) ? delta(p) : 0), 0) / 1000;
    const berth = serveS + renderer;
    const k = 'idle-100-containers';
    out.row(k, 'berth-cpu-s', berth);
    out.row(k, 'serve-cpu-s', serveS, 'serve');
    out.row(k, 'renderer-cpu-s', renderer, 'chromium-renderer');
    out.row(k, 'browser-cpu-s', browser, 'chromium-browser');
    out.row(k, 'chromium-other-cpu-s', otherChrome, 'chromium-other');
    out.row(k, 'service-cpu-s', service, 'podman');
    out.row(k, 'conmon-cpu-s', conmon, 'podman');
    out.row(k, 'seconds', secs);
    out.row(k, 'ws-messages', ws1.n - ws0.n);
    out.row(k, 'ws-bytes', ws1.b - ws0.b);
    out.verdict(
      `idle, ${total} containers, ${cfg.idleSeconds} s: < 0.5 CPU-s in Berth (serve + renderer)`,
      berth < 0.5 * (cfg.idleSeconds / 60),
      `${berth.toFixed(3)} CPU-s (serve ${serveS.toFixed(3)}, renderer ${renderer.toFixed(3)}) over ${secs.toFixed(0)} s${cfg.idleSeconds !== 60 ? ` (target scaled to ${((0.5 * cfg.idleSeconds) / 60).toFixed(3)})` : ''}`,
    );
    out.lines.push(
      `idle-100-containers        ${total} containers (${cfg.idleRunning} running), ${secs.toFixed(0)} s: serve ${serveS.toFixed(3)} + renderer ${renderer.toFixed(3)} = ${berth.toFixed(3)} CPU-s | chromium browser ${browser.toFixed(3)}, other ${otherChrome.toFixed(3)} | podman service ${service.toFixed(3)}, conmon ${conmon.toFixed(3)} | ${ws1.n - ws0.n} bridge messages (${((ws1.b - ws0.b) / 1024).toFixed(0)} KiB)`,
    );
    // Profiles change what they measure: take them after the measured window, never during it.
    await profiled(env, 'idle', page, true, () => sleep(Math.min(20, cfg.idleSeconds) * 1000));
  } finally {
    await page.close().catch(() => undefined);
  }
}

// ---- 4: log pane ------------------------------------------------------------------------------

/**
 * One log pane (a container's, or a compose project's combined log) from
 * `trigger` until the line BENCH-END is painted: long tasks, JS heap, times.
 * `last` is the container that writes BENCH-END (for when it was written).
 */
async function measurePane(env: Env, label: string, target: { route: string; region: string; last: string }, trigger: (page: Page) => Promise<void>, waitGone: boolean, before?: () => Promise<void>) {
  const { h } = env;
  await before?.();
  const page = await openPage(env, target.route);
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('Performance.enable');
    await page.getByRole('region', { name: target.region }).waitFor({ timeout: 20_000 });
    await sleep(500);
    const clock = await calibrateClock(page);
    await cdp.send('HeapProfiler.collectGarbage');
    const heapStart = await heapUsed(cdp);
    await page.evaluate(`(() => {
      const b = window.__bench;
      const rec = b.texts.last = { dom: 0, paint: 0, gone: ${waitGone ? 'false' : 'true'} };
      const test = () => { const el = document.querySelector('.logs-xterm .xterm-rows') || document.querySelector('.logs-xterm'); return !!el && (el.textContent || '').includes('BENCH-END'); };
      const tick = () => {
        if (!rec.gone) { if (!test()) rec.gone = true; }
        else if (!rec.dom && test()) { rec.dom = performance.timeOrigin + performance.now(); requestAnimationFrame(() => { const ch = new MessageChannel(); ch.port1.onmessage = () => { rec.paint = performance.timeOrigin + performance.now(); }; ch.port2.postMessage(0); }); return; }
        requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    })()`);
    // First big bridge message after this point = the log's data arriving.
    await page.evaluate(
      `(() => { const b = window.__bench; const n0 = b.wsBytes; b.firstData = 0; const poll = () => { if (b.wsBytes - n0 > 2048) { b.firstData = performance.timeOrigin + performance.now(); return; } setTimeout(poll, 2); }; poll(); })()`,
    );
    const tTrigger = nowEpoch();
    let peak = heapStart;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        const v = await heapUsed(cdp).catch(() => Number.NaN);
        if (v > peak) peak = v;
        await sleep(200);
      }
    })();
    await profiled(env, `logs-${label}`, page, true, async () => {
      await trigger(page);
      await waitTrue(page, 'window.__bench.texts.last && window.__bench.texts.last.paint > 0', 300_000, 100).catch(async (e: Error) => {
        const status = await page
          .locator('.logs-status-text')
          .textContent()
          .catch(() => '?');
        const rows = await page.evaluate<string>(`((document.querySelector('.logs-xterm .xterm-rows') || document.querySelector('.logs-xterm') || {}).textContent || '').slice(-200)`).catch(() => '?');
        throw new Error(`${e.message}; pane status "${status}", last text ${JSON.stringify(rows)}`);
      });
    });
    const cpuTasks = env.lastTasks;
    const rec = await page.evaluate<{ dom: number; paint: number }>('window.__bench.texts.last');
    // When the container wrote its last line: the log file's own timestamp of it.
    const lastLine = (await podmanCli(h, ['logs', '-t', '--tail', '1', target.last]).catch(() => '')).trim();
    const stamp = /^(\S+)\s/.exec(lastLine)?.[1];
    const wroteLast = stamp ? Date.parse(stamp.replace(/(\.\d{3})\d+/, '$1')) : Number.NaN;
    const firstData = await page.evaluate<number>('window.__bench.firstData');
    await sleep(1500);
    sampling = false;
    await sampler;
    const heapEndLive = await heapUsed(cdp);
    await cdp.send('HeapProfiler.collectGarbage');
    const heapEnd = await heapUsed(cdp);
    const from = tTrigger + clock.offset;
    const tasks = await longTasks(page, from, rec.paint + 1500);
    const status = await page
      .locator('.logs-status-text')
      .textContent()
      .catch(() => '');
    const lastShownMs = rec.paint - clock.offset - tTrigger;
    const dataToLast = firstData ? rec.paint - firstData : Number.NaN;
    const afterWriter = rec.paint - clock.offset - wroteLast;
    return { heapStart, peak, heapEndLive, heapEnd, tasks, cpuTasks, lastShownMs, dataToLast, afterWriter, status: status ?? '' };
  } finally {
    await cdp.detach().catch(() => undefined);
    await page.close().catch(() => undefined);
  }
}

async function logCase(env: Env): Promise<void> {
  const { h, cfg, ctx, out } = env;
  const N = cfg.logLines;
  const k = 'log-pane-1m-lines';
  const script = (tail: string) => `echo BENCH-START; seq 1 ${N}; echo BENCH-END${tail}`;

  // Followed: the container runs (quietly for a few seconds) and its Logs tab is open and
  // following before it writes; it keeps running afterwards, so the pane keeps following.
  const fname = 'bench-log-follow';
  const quiet = 8;
  const fid = (await podmanCli(h, ['create', '--name', fname, TEST_IMAGE, 'sh', '-c', `sleep ${quiet}; ${script('; sleep 3600')}`])).trim();
  ctx.log(`  logs: following ${N.toLocaleString('en')} lines`);
  let started = 0;
  const followed = await measurePane(
    env,
    'followed',
    { route: `#/containers/${fid}/logs`, region: `Logs of ${fname}`, last: fname },
    async () => {
      const wait = started + quiet * 1000 - nowEpoch();
      if (wait < 500) throw new Error(`the pane took too long to open (${quiet} s): the container already writes`);
    },
    false,
    async () => {
      await podmanCli(h, ['start', fname]);
      started = nowEpoch();
    },
  );

  // Exited: written first, then "All lines" in the pane (the default tail shows the last 1,000).
  const ename = 'bench-log-exited';
  const eid = (await podmanCli(h, ['create', '--name', ename, TEST_IMAGE, 'sh', '-c', script('')])).trim();
  await podmanCli(h, ['start', ename]);
  await podmanCli(h, ['wait', ename], 300_000);
  ctx.log(`  logs: all ${N.toLocaleString('en')} lines of an exited container`);
  const exited = await measurePane(
    env,
    'exited',
    { route: `#/containers/${eid}/logs`, region: `Logs of ${ename}`, last: ename },
    async (page) => {
      await page
        .getByText('BENCH-END')
        .first()
        .waitFor({ timeout: 20_000 })
        .catch(() => undefined);
      await page.getByLabel('Tail').selectOption('all');
    },
    true,
  );

  for (const [label, r] of [
    ['followed', followed],
    ['exited', exited],
  ] as const) {
    out.row(k, `${label}-longest-task-ms`, maxDur(r.tasks));
    out.row(k, `${label}-tasks-over-100ms`, r.tasks.filter((t) => t.dur > 100).length);
    if (r.cpuTasks) {
      out.row(k, `${label}-longest-task-cpu-ms`, r.cpuTasks.longestCpuMs);
      out.row(k, `${label}-tasks-over-100ms-cpu`, r.cpuTasks.over100Cpu);
    }
    out.row(k, `${label}-last-line-shown-ms`, r.lastShownMs);
    out.row(k, `${label}-data-to-last-line-ms`, r.dataToLast);
    if (label === 'followed') out.row(k, 'followed-writer-done-to-last-line-ms', r.afterWriter);
    out.row(k, `${label}-heap-start-bytes`, r.heapStart);
    out.row(k, `${label}-heap-peak-bytes`, r.peak);
    out.row(k, `${label}-heap-end-bytes`, r.heapEnd);
    out.lines.push(
      `log-pane-1m-lines ${label.padEnd(8)} last line painted ${fmtMs(r.dataToLast, 0)} after the first log data reached the page${label === 'exited' ? ` (${fmtMs(r.lastShownMs, 0)} after choosing All lines)` : `, ${fmtMs(r.afterWriter, 0)} after the container wrote it`} | longest task ${fmtMs(maxDur(r.tasks), 0)}, ${r.tasks.filter((t) => t.dur > 100).length} over 100 ms, ${r.tasks.length} over 50 ms${r.cpuTasks ? ` (by the main thread's own CPU time: longest ${fmtMs(r.cpuTasks.longestCpuMs, 0)}, ${r.cpuTasks.over100Cpu} over 100 ms, ${r.cpuTasks.over50Cpu} over 50 ms; the longest stall used ${fmtMs(r.cpuTasks.cpuOfLongestWallMs, 0)} of CPU)` : ''} | heap start ${fmtMiB(r.heapStart)}, peak ${fmtMiB(r.peak)}, end ${fmtMiB(r.heapEndLive)} (${fmtMiB(r.heapEnd)} after GC) | status "${r.status.trim()}"`,
    );
  }
  const worst = Math.max(maxDur(followed.tasks), maxDur(exited.tasks));
  const worstCpu = Math.max(followed.cpuTasks?.longestCpuMs ?? Number.NaN, exited.cpuTasks?.longestCpuMs ?? Number.NaN);
  out.verdict(
    `log pane, ${N.toLocaleString('en')} lines: no main-thread stall > 100 ms`,
    worst <= 100,
    `longest task ${worst.toFixed(0)} ms wall (followed ${maxDur(followed.tasks).toFixed(0)}, exited/All lines ${maxDur(exited.tasks).toFixed(0)}); longest by the thread's own CPU time ${fmtMs(worstCpu, 0)}`,
  );
  const bounded = Math.max(followed.peak, exited.peak) < 256 * 1024 * 1024 && Math.max(followed.heapEnd, exited.heapEnd) < 128 * 1024 * 1024;
  out.verdict(
    `log pane, ${N.toLocaleString('en')} lines: renderer memory bounded`,
    bounded,
    `JS heap peak ${fmtMiB(Math.max(followed.peak, exited.peak))}, after GC ${fmtMiB(followed.heapEnd)} / ${fmtMiB(exited.heapEnd)} (bounded = peak < 256 MiB and < 128 MiB after GC)`,
  );
}

// ---- 4b: combined log of a compose project ---------------------------------------------------

async function groupLogCase(env: Env): Promise<void> {
  const { h, cfg, ctx, out } = env;
  const k = 'combined-log-10x100k';
  const services = 10;
  const each = cfg.logLines / services;
  const project = 'benchgroup';
  const names = Array.from({ length: services }, (_, i) => `${project}_svc${i}_1`);
  const label = (svc: string) => ['--label', `com.docker.compose.project=${project}`, '--label', `com.docker.compose.service=${svc}`];
  for (let i = 0; i < services; i++) await podmanCli(h, ['create', '--name', names[i]!, ...label(`svc${i}`), TEST_IMAGE, 'sh', '-c', `seq 1 ${each} | sed 's/^/svc${i} /'`]);
  await pool(names, services, async (n) => void (await podmanCli(h, ['start', n])));
  await podmanCli(h, ['wait', ...names], 300_000);
  // A marker service writes BENCH-END after all of them, so it is the last line in time order.
  const marker = `${project}_zend_1`;
  await podmanCli(h, ['run', '--name', marker, ...label('zend'), TEST_IMAGE, 'sh', '-c', 'sleep 1; echo BENCH-END']);
  names.push(marker);
  ctx.log(`  combined logs: ${services} × ${each.toLocaleString('en')} lines, then All lines`);
  const r = await measurePane(
    env,
    'all',
    { route: `#/compose/${project}/logs`, region: `Logs of ${project}`, last: marker },
    async (page) => {
      // The default view (last 1,000 lines of each) first; on Podman 4.3 a tail reads the whole log, so it may still be coming.
      await page
        .getByText('BENCH-END')
        .first()
        .waitFor({ timeout: 60_000 })
        .catch(() => undefined);
      await page.getByLabel('Tail').selectOption('all');
    },
    true,
  );
  out.row(k, 'longest-task-ms', maxDur(r.tasks));
  out.row(k, 'tasks-over-100ms', r.tasks.filter((t) => t.dur > 100).length);
  if (r.cpuTasks) out.row(k, 'longest-task-cpu-ms', r.cpuTasks.longestCpuMs);
  out.row(k, 'last-line-shown-ms', r.lastShownMs);
  out.row(k, 'heap-peak-bytes', r.peak);
  out.row(k, 'heap-end-bytes', r.heapEnd);
  out.lines.push(
    `combined-log-10x100k  ${(services * each).toLocaleString('en')} merged lines: last line painted ${fmtMs(r.lastShownMs, 0)} after choosing All lines | longest task ${fmtMs(maxDur(r.tasks), 0)}, ${r.tasks.filter((t) => t.dur > 100).length} over 100 ms${r.cpuTasks ? ` (own CPU: longest ${fmtMs(r.cpuTasks.longestCpuMs, 0)})` : ''} | heap start ${fmtMiB(r.heapStart)}, peak ${fmtMiB(r.peak)}, end ${fmtMiB(r.heapEnd)} after GC | status "${r.status.trim()}"`,
  );
  out.verdict(
    `combined log, ${services} × ${each.toLocaleString('en')} lines: no main-thread stall > 100 ms`,
    maxDur(r.tasks) <= 100,
    `longest task ${maxDur(r.tasks).toFixed(0)} ms wall; own CPU ${fmtMs(r.cpuTasks?.longestCpuMs ?? Number.NaN, 0)}`,
  );
  out.verdict(
    `combined log, ${services} × ${each.toLocaleString('en')} lines: renderer memory bounded`,
    r.peak < 256 * 1024 * 1024 && r.heapEnd < 128 * 1024 * 1024,
    `JS heap peak ${fmtMiB(r.peak)}, after GC ${fmtMiB(r.heapEnd)} (bounded = peak < 256 MiB and < 128 MiB after GC)`,
  );
  for (const n of names) await podmanCli(h, ['rm', '-f', n]).catch(() => undefined);
}

// ---- 3: 5,000 containers ---------------------------------------------------------------------

async function bigListCase(env: Env): Promise<void> {
  const { h, cfg, ctx, out } = env;
  const k = 'containers-5000';
  const have = (await podmanCli(h, ['ps', '-aq'])).split('\n').filter(Boolean).length;
  let need = Math.max(0, cfg.bigList - have);
  // What the CLI costs here: a sample of `podman create`, two at a time.
  const sample = Math.min(cfg.cliSample, need);
  let t = performance.now();
  await pool([...Array(sample).keys()], 2, async (i) => {
    await podmanCli(h, ['create', '--name', `bench-big-cli-${i}`, TEST_IMAGE, 'sleep', '3600']);
  });
  const cliEach = sample ? (performance.now() - t) / sample : Number.NaN;
  need -= sample;
  const cliEstimate = (cliEach * cfg.bigList) / 1000;
  out.notes.push(
    `containers-5000: ${sample} \`podman create\` (2 at a time) took ${((cliEach * sample) / 1000).toFixed(1)} s, ${cliEach.toFixed(0)} ms each: ${cfg.bigList.toLocaleString('en')} would take ~${(cliEstimate / 60).toFixed(1)} min with the CLI, so the rest are created by the same engine through its libpod API (POST /containers/create, 4 in flight), which skips the CLI's process start; they are real containers all the same`,
  );
  out.row(k, 'cli-create-ms-each', cliEach, 'podman');
  const viaCli = cliEstimate <= 360;
  if (viaCli) out.notes.pop();
  t = performance.now();
  let created = 0;
  const deadline = t + cfg.createBudgetMs;
  let outOfTime = false;
  await pool([...Array(need).keys()], viaCli ? 2 : 4, async (i) => {
    if (performance.now() > deadline || ctx.signal.aborted) {
      outOfTime = true;
      return;
    }
    if (viaCli) await podmanCli(h, ['create', '--name', `bench-big-${i}`, TEST_IMAGE, 'sleep', '3600']);
    else await api(h, 'POST', '/containers/create', { name: `bench-big-${i}`, image: TEST_IMAGE, command: ['sleep', '3600'] });
    created++;
    if (created % 500 === 0) ctx.log(`  created ${created}/${need} (${((performance.now() - t) / created).toFixed(0)} ms each)`);
  });
  const apiEach = created ? (performance.now() - t) / created : Number.NaN;
  out.row(k, 'api-create-ms-each', apiEach, 'podman');
  const total = (await podmanCli(h, ['ps', '-aq'])).split('\n').filter(Boolean).length;
  out.row(k, 'containers', total);
  if (outOfTime || total < cfg.bigList) {
    out.notes.push(
      `containers-5000: ONLY ${total} REAL CONTAINERS: creating stopped at the ${(cfg.createBudgetMs / 60000).toFixed(1)}-minute budget. Figures below are for ${total}; nothing is extrapolated in the rows.`,
    );
  }
  out.notes.push(
    `containers-5000: ${created} more created ${viaCli ? 'with the CLI (2 at a time)' : 'through the API'} in ${((created * apiEach) / 1000).toFixed(0)} s (${apiEach.toFixed(0)} ms each on average)`,
  );
  // Let serve's live store catch up with the creation burst before the page opens.
  const inStore = await waitServeCaughtUp(env, total, 120_000);
  if (inStore < total) out.notes.push(`containers-5000: serve's live store held ${inStore} of ${total} containers after 2 minutes`);
  await sleep(2000);

  const page = await env.context.newPage();
  try {
    // A fresh load straight into the Containers view (the session cookie is already set), so the
    // snapshot arrives after the page started and nothing was rendered from an earlier one.
    await page.addInitScript({ content: `window.__bench.watchFirstRow('Containers')` });
    const tNav = nowEpoch();
    await page.goto(`${new URL(env.serve.url).origin}/#/containers`);
    await waitTrue(page, 'window.__bench.firstRow && window.__bench.firstRow.paint > 0', 60_000, 20);
    const clock = await calibrateClock(page);
    const first = await page.evaluate<{ dom: number; paint: number; rowsInDom: number }>('window.__bench.firstRow');
    const snaps = await page.evaluate<{ t: number; len: number; head: string }[]>('window.__bench.snapshots');
    const snap = snaps.filter((s) => s.t <= first.dom).sort((a, b) => b.len - a.len)[0];
    await page.getByText(`${total} containers`, { exact: true }).waitFor({ timeout: 60_000 });
    const dataToPaint = snap ? first.paint - snap.t : Number.NaN;
    const navToPaint = first.paint - clock.offset - tNav;
    const firstTasks = snap ? await longTasks(page, snap.t - 1, first.paint) : [];
    out.row(k, 'data-to-first-paint-ms', dataToPaint);
    out.row(k, 'load-to-first-paint-ms', navToPaint);
    out.row(k, 'snapshot-bytes', snap?.len ?? Number.NaN);
    out.row(k, 'first-paint-longest-task-ms', maxDur(firstTasks));
    out.verdict(
      `${total.toLocaleString('en')} containers: first paint ≤ 500 ms after data`,
      dataToPaint <= 500,
      `${fmtMs(dataToPaint, 0)} from the snapshot message (${((snap?.len ?? 0) / 1024 / 1024).toFixed(1)} MiB) to the first row painted; ${fmtMs(navToPaint, 0)} from starting to load the page`,
    );

    // Scroll top to bottom with the mouse wheel.
    await sleep(1000);
    const body = page.locator('[role="grid"][aria-label="Containers"] .dt-body');
    const box = await body.boundingBox();
    if (!box) throw new Error('no grid body');
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    const sWheel = nowEpoch() + clock.offset;
    let steps = 0;
    const scrolled = await profiled(env, 'scroll-5000', page, false, async () => {
      for (; steps < 2000; steps++) {
        await page.mouse.wheel(0, 600);
        const atEnd = await page.evaluate<boolean>(
          `new Promise((r) => requestAnimationFrame(() => { const el = document.querySelector('[role="grid"][aria-label="Containers"] .dt-body'); r(el.scrollTop + el.clientHeight >= el.scrollHeight - 2); }))`,
        );
        if (atEnd) return true;
      }
      return false;
    });
    const wheelCpu = env.lastTasks;
    await sleep(300);
    const eWheel = nowEpoch() + clock.offset;
    const wheelTasks = await longTasks(page, sWheel, eWheel);
    // Keyboard: focus a row, then PageDown ×60, End, Home.
    await page.locator('[role="grid"][aria-label="Containers"] .dt-body [role="row"] [role="gridcell"]').nth(3).click();
    const sKey = nowEpoch() + clock.offset;
    await profiled(env, 'keys-5000', page, false, async () => {
      await page.keyboard.press('Home');
      for (let i = 0; i < 60; i++) {
        await page.keyboard.press('PageDown');
        await page.evaluate('new Promise((r) => requestAnimationFrame(() => r(0)))');
      }
      await page.keyboard.press('End');
      await sleep(200);
      await page.keyboard.press('Home');
      await sleep(300);
    });
    const keyCpu = env.lastTasks;
    const eKey = nowEpoch() + clock.offset;
    const keyTasks = await longTasks(page, sKey, eKey);
    out.row(k, 'scroll-wheel-longest-task-ms', maxDur(wheelTasks));
    out.row(k, 'scroll-wheel-tasks-over-50ms', wheelTasks.filter((x) => x.dur > 50).length);
    out.row(k, 'scroll-wheel-ms', eWheel - sWheel);
    out.row(k, 'scroll-keyboard-longest-task-ms', maxDur(keyTasks));
    if (wheelCpu) out.row(k, 'scroll-wheel-longest-task-cpu-ms', wheelCpu.longestCpuMs);
    if (keyCpu) out.row(k, 'scroll-keyboard-longest-task-cpu-ms', keyCpu.longestCpuMs);
    const worstScroll = Math.max(maxDur(wheelTasks), maxDur(keyTasks));
    out.verdict(
      `${total.toLocaleString('en')} containers: no long task > 50 ms while scrolling`,
      worstScroll <= 50 && scrolled,
      `wheel: ${wheelTasks.length} long tasks, longest ${fmtMs(maxDur(wheelTasks), 0)} over ${steps + 1} wheel steps${scrolled ? ' to the bottom' : ' (did NOT reach the bottom)'}; keyboard: ${keyTasks.length} long tasks, longest ${fmtMs(maxDur(keyTasks), 0)}; by the main thread's own CPU time the longest task is ${fmtMs(wheelCpu?.longestCpuMs, 0)} (wheel) / ${fmtMs(keyCpu?.longestCpuMs, 0)} (keyboard)`,
    );

    // One live update with the big list on screen: start a container, watch its row.
    const evName = 'a-bench-update'; // sorts first: its row is on screen
    await podmanCli(h, ['create', '--name', evName, TEST_IMAGE, 'sleep', '3600']);
    await page
      .getByText(`${total + 1} containers`, { exact: true })
      .waitFor({ timeout: 30_000 })
      .catch(() => undefined);
    const ids = new Map<string, number>();
    const upd: { paint: number; tasks: LongTask[] }[] = [];
    await profiled(env, 'update-5000', page, true, async () => {
      for (let i = 0; i < 4; i++) {
        const running = (await podmanCli(h, ['inspect', '--format', '{{.State.Running}}', evName])).trim() === 'true';
        const want = running ? 'exited' : 'running';
        await page.evaluate(`window.__bench.rowEvents = []; window.__bench.watchRows([${JSON.stringify(evName)}])`);
        await page
          .getByRole('row', { name: evName, exact: true })
          .scrollIntoViewIfNeeded()
          .catch(() => undefined);
        const tCmd = nowEpoch();
        await podmanCli(h, running ? ['stop', '-t', '0', evName] : ['start', evName]);
        const ok = await waitTrue(page, `window.__bench.rowEvents.some((r) => r.state === ${JSON.stringify(want)} && r.paint > 0)`, 15_000)
          .then(() => true)
          .catch(() => false);
        const rows = await page.evaluate<RowEvent[]>('window.__bench.rowEvents');
        const r = rows.find((x) => x.state === want);
        await sleep(1500); // the re-read's patch follows
        const tasks = await longTasks(page, tCmd + clock.offset, nowEpoch() + clock.offset);
        if (ok && r) upd.push({ paint: r.paint - clock.offset - tCmd, tasks });
        ids.set(want, (ids.get(want) ?? 0) + 1);
      }
    });
    const updCpu = env.lastTasks;
    await page.evaluate('window.__bench.stopRows()');
    if (updCpu) out.row(k, 'update-longest-task-cpu-ms', updCpu.longestCpuMs);
    const updWorst = Math.max(0, ...upd.map((u) => maxDur(u.tasks)));
    out.row(k, 'update-longest-task-ms', updWorst);
    out.row(k, 'update-cli-to-paint-p50-ms', p50(upd.map((u) => u.paint)));
    out.lines.push(
      `containers-5000            ${total} real containers: snapshot (${((snap?.len ?? 0) / 1024 / 1024).toFixed(2)} MiB) → first row painted ${fmtMs(dataToPaint, 0)} (page load started → painted ${fmtMs(navToPaint, 0)}; longest task meanwhile ${fmtMs(maxDur(firstTasks), 0)}; ${first.rowsInDom} rows in the DOM)`,
      `  scrolling: wheel ${steps + 1} steps in ${fmtMs(eWheel - sWheel, 0)}, ${wheelTasks.length} long tasks (longest ${fmtMs(maxDur(wheelTasks), 0)}); keyboard ${keyTasks.length} long tasks (longest ${fmtMs(maxDur(keyTasks), 0)})`,
      `  one start/stop with ${total} rows: CLI → row painted p50 ${fmtMs(p50(upd.map((u) => u.paint)), 0)}; longest task per update ${upd.map((u) => maxDur(u.tasks).toFixed(0)).join(', ')} ms (${upd.map((u) => u.tasks.length).join(', ')} long tasks); by the main thread's own CPU time the longest task is ${fmtMs(updCpu?.longestCpuMs, 0)}`,
    );
  } finally {
    await page.close().catch(() => undefined);
  }
}

/** Wait until serve's live store (through the same live.watch a window uses) holds `total` containers. */
async function waitServeCaughtUp(env: Env, total: number, timeoutMs: number): Promise<number> {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), timeoutMs);
  const keys = new Set<string>();
  try {
    const stream = env.serve.core.services.live.containers(undefined, localCall(abort.signal));
    for await (const patch of stream) {
      if (patch.kind === 'snapshot') keys.clear();
      if (patch.kind === 'remove') for (const k of patch.keys) keys.delete(k);
      else for (const it of patch.items) keys.add(it.id);
      if (keys.size >= total) break;
    }
  } catch {
    // timed out
  } finally {
    clearTimeout(timer);
    abort.abort();
  }
  return keys.size;
}

// ---- the suite --------------------------------------------------------------------------------

function loadAverage(): string {
  try {
    return readFileSync('/proc/loadavg', 'utf8').split(' ')[0] ?? '?';
  } catch {
    return '?';
  }
}

function wanted(): Set<string> {
  const list = process.env.BERTH_BENCH_CASES?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return new Set(list?.length ? list : CASES);
}

export async function runUi(ctx: BenchContext): Promise<SuiteResult> {
  const cfg = config(ctx.quick);
  const out = new Out();
  const want = wanted();
  const { env, cleanup } = await setup(ctx, cfg, out);
  const t0 = performance.now();
  const loads: string[] = [];
  try {
    const step = async (name: string, fn: () => Promise<void>) => {
      const s = performance.now();
      const load0 = loadAverage();
      ctx.log(`  ${name}…`);
      try {
        await fn();
      } catch (e) {
        if (ctx.signal.aborted) throw e;
        out.notes.push(`${name} FAILED: ${(e as Error).message.split('\n')[0]}`);
        ctx.log(`  ${name} failed: ${(e as Error).stack ?? String(e)}`);
      }
      ctx.log(`  ${name} took ${((performance.now() - s) / 1000).toFixed(1)} s`);
      loads.push(`${name} ${load0} → ${loadAverage()}`);
    };
    if (want.has('live-event-to-store') || want.has('event-to-row-painted') || want.has('cli-start-to-row-painted')) await step('events', () => eventCases(env));
    if (want.has('idle-100-containers')) await step('idle', () => idleCase(env));
    if (want.has('log-pane-1m-lines')) await step('logs', () => logCase(env));
    if (want.has('combined-log-10x100k')) await step('combined logs', () => groupLogCase(env));
    if (want.has('containers-5000')) await step('big list', () => bigListCase(env));
  } finally {
    ctx.log(`  UI cases took ${((performance.now() - t0) / 1000).toFixed(0)} s; tearing down…`);
    const s = performance.now();
    await cleanup();
    ctx.log(`  teardown took ${((performance.now() - s) / 1000).toFixed(1)} s`);
  }
  out.notes.unshift(...out.lines);
  out.notes.push(`machine: ${cpus().length} CPUs; 1-minute load average at the start → end of each phase: ${loads.join(', ')} (other work on the machine inflates every figure here)`);
  out.notes.push(`setup: Chromium ${env.browser.version()} headless (${CHROMIUM}), serve in this process; ${ctx.quick ? 'QUICK run: smaller counts' : 'full run'}`);
  return { rows: out.rows, verdicts: out.verdicts, notes: out.notes };
}

const suite: BenchSuite = {
  name: 'ui',
  description: "Berth's UI in Chromium against serve: event → store → painted row, idle CPU, 1M-line log pane, 5,000-row table",
  run: runUi,
};

export default suite;
