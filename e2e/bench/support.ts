/**
 * Helpers for the UI benchmarks (e2e/bench/ui.bench.ts): statistics, the
 * clock shared by Node and Chromium, CPU of process trees read from /proc,
 * the in-page probe (long tasks, WebSocket arrivals, row paints) and CPU
 * profiles summarized by self time.
 *
 * Page-side code is kept as strings: this project's Node tsconfig has no DOM
 * types, and the probe must be injected before the app's own scripts run.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';

/** Epoch milliseconds with sub-millisecond resolution (the same formula runs in the page). */
export function nowEpoch(): number {
  return performance.timeOrigin + performance.now();
}

export function percentile(xs: readonly number[], p: number): number {
  const v = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return Number.NaN;
  const i = Math.min(v.length - 1, Math.max(0, Math.ceil((p / 100) * v.length) - 1));
  return v[i]!;
}

export function p50(xs: readonly number[]): number {
  return percentile(xs, 50);
}

export function p95(xs: readonly number[]): number {
  return percentile(xs, 95);
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export function fmtMs(v: number | undefined, digits = 1): string {
  return v === undefined || !Number.isFinite(v) ? '–' : `${v.toFixed(digits)} ms`;
}

export function fmtMiB(bytes: number | undefined): string {
  return bytes === undefined || !Number.isFinite(bytes) ? '–' : `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

// ---- /proc --------------------------------------------------------------------------------

let ticks = 100;
/** Set the kernel clock tick (from `getconf CLK_TCK`). */
export function setClockTicks(n: number): void {
  if (n > 0) ticks = n;
}

interface ProcStat {
  pid: number;
  ppid: number;
  cpuMs: number;
}

function readStat(pid: number): ProcStat | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { pid, ppid: Number(f[1]), cpuMs: ((Number(f[11]) + Number(f[12])) * 1000) / ticks };
  } catch {
    return undefined;
  }
}

export function cmdline(pid: number): string[] {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
  } catch {
    return [];
  }
}

function allPids(): number[] {
  return readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .map(Number);
}

/** Descendants of `root` (not root itself). */
export function descendants(root: number): number[] {
  const stats = allPids()
    .map(readStat)
    .filter((s): s is ProcStat => !!s);
  const children = new Map<number, number[]>();
  for (const s of stats) {
    const list = children.get(s.ppid) ?? [];
    list.push(s.pid);
    children.set(s.ppid, list);
  }
  const out: number[] = [];
  const stack = [...(children.get(root) ?? [])];
  while (stack.length) {
    const pid = stack.pop()!;
    out.push(pid);
    stack.push(...(children.get(pid) ?? []));
  }
  return out;
}

export type ChromiumRole = 'browser' | 'renderer' | 'gpu' | 'utility' | 'other';

/** Chromium processes started by this Node process, by role (`--type=`). */
export function chromiumProcesses(): { pid: number; role: ChromiumRole }[] {
  const out: { pid: number; role: ChromiumRole }[] = [];
  for (const pid of descendants(process.pid)) {
    // Chromium rewrites its argv into one space-separated string.
    const cmd = cmdline(pid).join(' ').split(' ');
    if (!cmd[0] || !/chrom/i.test(path.basename(cmd[0]))) continue;
    const type = cmd.find((a) => a.startsWith('--type='))?.slice('--type='.length);
    const role: ChromiumRole = !type ? 'browser' : type === 'renderer' ? 'renderer' : type === 'gpu-process' ? 'gpu' : type === 'utility' ? 'utility' : 'other';
    out.push({ pid, role });
  }
  return out;
}

/** CPU ms of each live pid (missing ones are left out). */
export function cpuOf(pids: readonly number[]): Map<number, number> {
  const m = new Map<number, number>();
  for (const pid of pids) {
    const s = readStat(pid);
    if (s) m.set(pid, s.cpuMs);
  }
  return m;
}

/** conmon processes of the harness's containers (their cmdline names the harness dir). */
export function conmonPids(harnessDir: string): number[] {
  return allPids().filter((pid) => {
    const cmd = cmdline(pid);
    return !!cmd[0] && path.basename(cmd[0]) === 'conmon' && cmd.some((a) => a.includes(harnessDir));
  });
}

// ---- CPU profiles -------------------------------------------------------------------------

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  hitCount?: number;
  children?: number[];
}

export interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

/** The functions with the most self time (ms), for a report. */
export function topSelfTime(profile: CpuProfile, n = 12): { fn: string; where: string; ms: number }[] {
  const selfUs = new Map<number, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  for (let i = 0; i < samples.length; i++) {
    const d = deltas[i + 1] ?? deltas[i] ?? 0;
    selfUs.set(samples[i]!, (selfUs.get(samples[i]!) ?? 0) + d);
  }
  const byFn = new Map<string, { fn: string; where: string; ms: number }>();
  for (const node of profile.nodes) {
    const us = selfUs.get(node.id) ?? 0;
    if (!us) continue;
    const cf = node.callFrame;
    const fn = cf.functionName || '(anonymous)';
    const file = cf.url ? cf.url.replace(/^.*\/(node_modules\/|assets\/|engine\/|electron\/|renderer\/)/, '$1') : '';
    const where = file ? `${file}:${cf.lineNumber + 1}` : '';
    const key = `${fn}@${where}`;
    const e = byFn.get(key) ?? { fn, where, ms: 0 };
    e.ms += us / 1000;
    byFn.set(key, e);
  }
  return [...byFn.values()].sort((a, b) => b.ms - a.ms).slice(0, n);
}

export async function saveProfile(dir: string, name: string, profile: unknown): Promise<string> {
  const file = path.join(dir, `${name}.cpuprofile`);
  await writeFile(file, JSON.stringify(profile));
  return file;
}

// ---- Chromium traces ---------------------------------------------------------------------------

export const TRACE_CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8', 'v8.execute', 'blink', 'toplevel'];
/** Just the main-thread tasks, with their wall and thread (CPU) durations: cheap enough to keep on while measuring. */
export const LEAN_TRACE_CATEGORIES = ['disabled-by-default-devtools.timeline'];

export interface TaskTimes {
  /** Tasks over 50 ms of wall time on the busiest renderer main thread. */
  over50Wall: number;
  /** Tasks over 50 ms of thread CPU time. */
  over50Cpu: number;
  over100Cpu: number;
  longestWallMs: number;
  /** Thread CPU time of the longest-by-CPU task. */
  longestCpuMs: number;
  /** CPU time of the longest-by-wall task (how much of that stall was the page's own work). */
  cpuOfLongestWallMs: number;
}

/**
 * Wall versus CPU time of the renderer main thread's tasks. On a busy machine
 * a task's wall time includes the time its thread waited for a core; the
 * trace's thread duration (tdur) is the page's own work.
 */
export function taskTimes(trace: { traceEvents: TraceEvent[] }): TaskTimes {
  const evs = trace.traceEvents;
  const mains = new Set(evs.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
  const byThread = new Map<string, TraceEvent[]>();
  for (const e of evs) {
    if (e.name !== 'RunTask' || e.ph !== 'X' || !mains.has(`${e.pid}:${e.tid}`)) continue;
    const k = `${e.pid}:${e.tid}`;
    const list = byThread.get(k) ?? [];
    list.push(e);
    byThread.set(k, list);
  }
  const busiest = [...byThread.values()].sort((a, b) => b.reduce((s, e) => s + (e.tdur ?? 0), 0) - a.reduce((s, e) => s + (e.tdur ?? 0), 0))[0] ?? [];
  const wall = (e: TraceEvent) => (e.dur ?? 0) / 1000;
  const cpu = (e: TraceEvent) => (e.tdur ?? 0) / 1000;
  const longestWall = busiest.reduce<TraceEvent | undefined>((m, e) => (!m || wall(e) > wall(m) ? e : m), undefined);
  return {
    over50Wall: busiest.filter((e) => wall(e) > 50).length,
    over50Cpu: busiest.filter((e) => cpu(e) > 50).length,
    over100Cpu: busiest.filter((e) => cpu(e) > 100).length,
    longestWallMs: longestWall ? wall(longestWall) : 0,
    longestCpuMs: busiest.reduce((m, e) => Math.max(m, cpu(e)), 0),
    cpuOfLongestWallMs: longestWall ? cpu(longestWall) : 0,
  };
}

export interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  tdur?: number;
  pid: number;
  tid: number;
  args?: { name?: string; data?: { functionName?: string; url?: string; lineNumber?: number; type?: string } };
}

/**
 * Where the renderer main thread's long tasks (> 50 ms) spend their time:
 * self time of the trace events nested in them, by event name (script calls
 * carry their function and file).
 */
export function longTaskBreakdown(trace: { traceEvents: TraceEvent[] }, minMs = 50): { count: number; longest: number; totalMs: number; top: { label: string; ms: number }[] } {
  const evs = trace.traceEvents;
  const main = evs.find(
    (e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain' && evs.some((x) => x.pid === e.pid && x.tid === e.tid && x.name === 'RunTask' && (x.dur ?? 0) > minMs * 1000),
  );
  if (!main) return { count: 0, longest: 0, totalMs: 0, top: [] };
  const onMain = evs.filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === 'X' && e.dur !== undefined).sort((a, b) => a.ts - b.ts || b.dur! - a.dur!);
  const tasks = onMain.filter((e) => e.name === 'RunTask' && e.dur! > minMs * 1000);
  const self = new Map<string, number>();
  const label = (e: TraceEvent): string => {
    const d = e.args?.data;
    if (d?.functionName || d?.url)
      return `${e.name}(${d.functionName || '?'} ${(d.url ?? '').replace(/^.*\/(assets|node_modules)\//, '$1/')}${d.lineNumber !== undefined ? `:${d.lineNumber + 1}` : ''})`;
    if (e.name === 'EventDispatch' && d?.type) return `EventDispatch(${d.type})`;
    return e.name;
  };
  for (const t of tasks) {
    // The profiler's own start-up lands in a task; it is not the page's work.
    if (onMain.some((e) => e.name.startsWith('CpuProfiler::') && e.ts >= t.ts && e.ts <= t.ts + t.dur!)) continue;
    const inside = onMain.filter((e) => e !== t && e.ts >= t.ts && e.ts + e.dur! <= t.ts + t.dur!);
    const stack: { e: TraceEvent; child: number }[] = [{ e: t, child: 0 }];
    const close = (upTo: number) => {
      while (stack.length > 1 && stack[stack.length - 1]!.e.ts + stack[stack.length - 1]!.e.dur! <= upTo) {
        const top = stack.pop()!;
        const k = label(top.e);
        self.set(k, (self.get(k) ?? 0) + (top.e.dur! - top.child) / 1000);
        stack[stack.length - 1]!.child += top.e.dur!;
      }
    };
    for (const e of inside) {
      close(e.ts);
      stack.push({ e, child: 0 });
    }
    close(Number.POSITIVE_INFINITY);
    const rest = (t.dur! - stack[0]!.child) / 1000;
    self.set('(task, unattributed)', (self.get('(task, unattributed)') ?? 0) + rest);
  }
  const top = [...self.entries()]
    .map(([k, ms]) => ({ label: k, ms }))
    .sort((a, b) => b.ms - a.ms)
    .slice(0, 8);
  return { count: tasks.length, longest: Math.max(...tasks.map((t) => t.dur! / 1000)), totalMs: tasks.reduce((s, t) => s + t.dur! / 1000, 0), top };
}

// ---- the in-page probe --------------------------------------------------------------------

/**
 * Injected before the app's scripts (addInitScript). Records:
 *  - every long task (PerformanceObserver 'longtask'), as epoch start + duration;
 *  - WebSocket messages that carry a live snapshot (arrival time, size), and a
 *    total count/bytes of all messages;
 *  - on request (`__bench.watchRows(names)`), each change of the state badge
 *    in a named row of a grid: DOM time, and the time after the next paint
 *    (requestAnimationFrame, then a message-channel task, which runs after the
 *    frame was produced);
 *  - on request (`__bench.watchFirstRow(grid)`), when the first data row of a
 *    grid appears and is painted;
 *  - on request (`__bench.watchText(selector, text)`), when an element's text
 *    first contains a string (e.g. the last log line) and is painted.
 * All times are epoch ms: performance.timeOrigin + performance.now(), the same
 * formula as the Node side (see calibrateClock for the residual offset).
 */
export const PAGE_PROBE = String.raw`
(() => {
  const now = () => performance.timeOrigin + performance.now();
  const afterPaint = (cb) => requestAnimationFrame(() => { const ch = new MessageChannel(); ch.port1.onmessage = () => cb(now()); ch.port2.postMessage(0); });
  const b = window.__bench = { longtasks: [], snapshots: [], wsCount: 0, wsBytes: 0, rowEvents: [], firstRow: null, texts: {} };
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) b.longtasks.push({ start: performance.timeOrigin + e.startTime, dur: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  } catch (e) { b.longtaskError = String(e); }
  const Orig = window.WebSocket;
  class ProbeSocket extends Orig {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (ev) => {
        const t = now();
        const d = ev.data;
        const len = typeof d === 'string' ? d.length : (d && (d.byteLength ?? d.size)) || 0;
        b.wsCount++;
        b.wsBytes += len;
        if (typeof d === 'string' && d.slice(0, 400).includes('"snapshot"')) b.snapshots.push({ t, len, head: d.slice(0, 160) });
      });
    }
  }
  window.WebSocket = ProbeSocket;

  let rowObserver = null;
  b.watchRows = (names) => {
    if (rowObserver) rowObserver.disconnect();
    const last = new Map();
    const check = () => {
      const t = now();
      for (const name of names) {
        const row = document.querySelector('[role="row"][aria-label="' + CSS.escape(name) + '"]');
        const state = row ? (row.querySelector('.badge') || {}).textContent || '' : '';
        if (last.get(name) !== state) {
          last.set(name, state);
          const rec = { name, state, dom: t, paint: 0 };
          b.rowEvents.push(rec);
          afterPaint((p) => { rec.paint = p; });
        }
      }
    };
    rowObserver = new MutationObserver(check);
    rowObserver.observe(document.body, { subtree: true, childList: true, characterData: true });
    check();
  };
  b.stopRows = () => { if (rowObserver) rowObserver.disconnect(); rowObserver = null; };

  b.watchFirstRow = (gridLabel) => {
    const find = () => document.querySelector('[role="grid"][aria-label="' + CSS.escape(gridLabel) + '"] .dt-body [role="row"][aria-rowindex]:not(.dt-empty-row)');
    const done = () => {
      const t = now();
      const row = find();
      b.firstRow = { dom: t, paint: 0, name: row.getAttribute('aria-label'), rowsInDom: document.querySelectorAll('[role="grid"][aria-label="' + CSS.escape(gridLabel) + '"] .dt-body [role="row"]').length };
      afterPaint((p) => { b.firstRow.paint = p; });
    };
    if (find()) return done();
    const mo = new MutationObserver(() => { if (find()) { mo.disconnect(); done(); } });
    mo.observe(document, { subtree: true, childList: true });
  };

  b.watchText = (key, selector, text) => {
    const rec = b.texts[key] = { dom: 0, paint: 0 };
    const test = () => { const el = document.querySelector(selector); return !!el && (el.textContent || '').includes(text); };
    const done = () => { rec.dom = now(); afterPaint((p) => { rec.paint = p; }); };
    if (test()) return done();
    const mo = new MutationObserver(() => { if (test()) { mo.disconnect(); done(); } });
    mo.observe(document.body, { subtree: true, childList: true, characterData: true });
  };
})();
`;
