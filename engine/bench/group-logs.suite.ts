/**
 * Combined logs (a compose project's 10 services × 100,000 lines each):
 * Berth's time-ordered merge of the members' streams against the same ten
 * streams read side by side without merging (raw http, dockerode) and the
 * podman CLI's own multi-container `podman logs --names` (not time-ordered).
 * Judged: complete and in order, memory bounded, and the merge's cost.
 */
import { connectEngine, type EngineClient } from '../src/client.js';
import { mergeLogs } from '../src/api/log-merge.js';
import { startPodman, TEST_IMAGE } from '../test/harness/podman-harness.js';
import { findServicePid, initClock, median, pool, timeChild, timeInProcess, type Sample } from './measure.js';
import { DockerodePeer, RawSocket } from './peers.js';
import { registerSuite, type BenchContext, type BenchRow, type SuiteResult, type Verdict } from './registry.js';
import path from 'node:path';

export const CASE_GROUP = 'combined-log-10x100k-lines';
const LIBPOD = '/v4.0.0/libpod';

interface MergeCheck {
  lines: number;
  /** Per member: lines seen, and whether they came in their own order. */
  perMember: { lines: number; inOrder: boolean }[];
  timeOrdered: boolean;
  /** Peak heap growth during the read (sampled every 10 ms). */
  heapGrowth: number;
}

async function berthMerged(client: EngineClient, ids: string[], names: string[]): Promise<MergeCheck> {
  const heap0 = process.memoryUsage().heapUsed;
  let peak = heap0;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().heapUsed)), 10);
  try {
    const members = ids.map((id, i) => ({ name: names[i]!, batches: client.logs.lineBatches(id, { follow: false, timestamps: true }) }));
    const perMember = ids.map(() => ({ lines: 0, inOrder: true, next: 1 }));
    let lines = 0;
    let lastTime = -Infinity;
    let timeOrdered = true;
    for await (const ev of mergeLogs(members, { settleMs: Infinity })) {
      if (ev.kind === 'ended') continue;
      for (let i = 0; i < ev.lines.length; i++) {
        const m = perMember[ev.member[i]!]!;
        // Each line is "<service> <n>": n counts up from 1 within a member.
        const n = Number(ev.lines[i]!.slice(ev.lines[i]!.indexOf(' ') + 1));
        if (n !== m.next) m.inOrder = false;
        m.next = n + 1;
        m.lines++;
        const t = ev.time[i]!;
        if (t < lastTime) timeOrdered = false;
        lastTime = t;
      }
      lines += ev.lines.length;
    }
    return { lines, perMember: perMember.map(({ lines: l, inOrder }) => ({ lines: l, inOrder })), timeOrdered, heapGrowth: peak - heap0 };
  } finally {
    clearInterval(sampler);
  }
}

async function runGroupSuite(ctx: BenchContext): Promise<SuiteResult> {
  const services = 10;
  const N = ctx.quick ? 10_000 : 100_000;
  const runs = 3;
  const rows: BenchRow[] = [];
  const verdicts: Verdict[] = [];
  const notes: string[] = [];
  await initClock();
  ctx.log('group-logs: starting the isolated Podman');
  const h = await startPodman();
  const teardown = ctx.onCleanup(async () => {
    ctx.log('group-logs: tearing the harness down');
    await h.teardown();
  });
  const raw = new RawSocket(h.socket);
  const dockerode = new DockerodePeer(h.socket);
  let client: EngineClient | undefined;
  try {
    const servicePid = findServicePid(h.socket);
    const names = Array.from({ length: services }, (_, i) => `svc${i}`);
    const ids: string[] = [];
    const t = performance.now();
    for (const name of names) {
      const r = await raw.json<{ Id: string }>('POST', `${LIBPOD}/containers/create`, {
        image: TEST_IMAGE,
        name: `bench_${name}_1`,
        command: ['sh', '-c', `seq 1 ${N} | sed 's/^/${name} /'`],
        labels: { 'com.docker.compose.project': 'bench', 'com.docker.compose.service': name },
      });
      ids.push(r.Id);
    }
    // All at once, so their lines interleave in time as a real project's do.
    await pool(ids, services, async (id) => {
      (await raw.request('POST', `${LIBPOD}/containers/${id}/start`)).resume();
    });
    await h.podman(['wait', ...ids], { timeoutMs: 600_000 });
    ctx.log(`group-logs: ${services} × ${N.toLocaleString('en')} lines written in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    client = await connectEngine({ address: h.url });
    const berth = client;
    const global = ['--root', path.join(h.dir, 'root'), '--runroot', path.join(h.dir, 'run'), '--tmpdir', path.join(h.dir, 'tmp'), '--storage-driver', 'overlay'];
    const logPath = (id: string) => `${LIBPOD}/containers/${id}/logs?follow=false&stdout=true&stderr=true&timestamps=true`;

    type Run = () => Promise<Sample<number>>;
    const checks: MergeCheck[] = [];
    const subjects: { name: string; run: Run }[] = [
      {
        name: 'berth',
        run: async () => {
          const s = await timeInProcess(() => berthMerged(berth, ids, names), servicePid);
          checks.push(s.result);
          return { ...s, result: s.result.lines };
        },
      },
      { name: 'raw-socket', run: () => timeInProcess(async () => (await Promise.all(ids.map((id) => raw.logLines(logPath(id))))).reduce((a, c) => a + c.lines, 0), servicePid) },
      { name: 'dockerode', run: () => timeInProcess(async () => (await Promise.all(ids.map((id) => dockerode.logExited(id)))).reduce((a, c) => a + c.lines, 0), servicePid) },
      {
        name: 'podman-cli',
        run: async () => {
          const s = await timeChild('podman', [...global, 'logs', '--names', '-t', ...ids], { env: h.env, servicePid });
          return { ...s, result: Number.NaN };
        },
      },
    ];
    const samples = new Map<string, Sample<number>[]>(subjects.map((s) => [s.name, []]));
    for (const s of subjects) await s.run(); // warm-up
    checks.length = 0;
    for (let r = 0; r < runs; r++) {
      for (let k = 0; k < subjects.length; k++) {
        const s = subjects[(r + k) % subjects.length]!;
        const sample = await s.run();
        samples.get(s.name)!.push(sample);
        ctx.log(`  ${CASE_GROUP} round ${r + 1}/${runs}: ${s.name} ${sample.wallMs.toFixed(0)} ms wall, ${sample.cpuMs.toFixed(0)} ms cpu`);
      }
    }
    for (const [subject, xs] of samples) {
      rows.push({ case: CASE_GROUP, subject, metric: 'wall-ms', value: median(xs.map((x) => x.wallMs)) });
      const cpu = median(xs.map((x) => x.cpuMs));
      if (!Number.isNaN(cpu)) rows.push({ case: CASE_GROUP, subject, metric: 'cpu-ms', value: cpu });
      const lines = median(xs.map((x) => x.result));
      if (!Number.isNaN(lines)) rows.push({ case: CASE_GROUP, subject, metric: 'lines', value: lines });
    }
    const v = (subject: string, metric: string) => rows.find((r) => r.case === CASE_GROUP && r.subject === subject && r.metric === metric)?.value ?? Number.NaN;
    const ratio = (peer: string, metric: string, label: string) => {
      const x = Number((v('berth', metric) / v(peer, metric)).toFixed(3));
      rows.push({ case: CASE_GROUP, subject: 'berth', metric: label, value: x });
      return x;
    };
    const vsRaw = ratio('raw-socket', 'wall-ms', 'ratio-wall-vs-raw');
    ratio('dockerode', 'wall-ms', 'ratio-wall-vs-dockerode');
    const vsCli = ratio('podman-cli', 'wall-ms', 'ratio-wall-vs-podman-cli');
    ratio('raw-socket', 'cpu-ms', 'ratio-cpu-vs-raw');

    const total = services * N;
    const bad = checks.flatMap((c, run) => [
      ...(c.lines !== total ? [`run ${run + 1}: ${c.lines} lines of ${total}`] : []),
      ...c.perMember.flatMap((m, i) => (m.lines !== N || !m.inOrder ? [`run ${run + 1}: ${names[i]} ${m.lines} lines${m.inOrder ? '' : ', out of order'}`] : [])),
      ...(c.timeOrdered ? [] : [`run ${run + 1}: not in time order`]),
    ]);
    verdicts.push({
      target: `${CASE_GROUP}: complete, each member in its order, all in time order (Berth)`,
      met: bad.length === 0,
      detail: bad.length ? bad.slice(0, 5).join(' | ') : `${total.toLocaleString('en')} lines, ${runs} of ${runs} runs`,
    });
    const growth = Math.max(...checks.map((c) => c.heapGrowth));
    verdicts.push({
      target: `${CASE_GROUP}: memory bounded (heap growth < 64 MiB while merging)`,
      met: growth < 64 * 1024 * 1024,
      detail: `peak heap growth ${(growth / 1024 / 1024).toFixed(1)} MiB`,
    });
    verdicts.push({ target: `${CASE_GROUP}: Berth's merged read ≤ 1.5× ten unmerged raw reads`, met: vsRaw <= 1.5, detail: `${vsRaw.toFixed(2)}×` });
    verdicts.push({ target: `${CASE_GROUP}: Berth faster than \`podman logs --names\` of the ten`, met: vsCli < 1, detail: `${vsCli.toFixed(2)}×` });
    notes.push(
      `${CASE_GROUP}: raw-socket and dockerode read the ten logs side by side without merging them (the cost floor); podman-cli is one \`podman logs --names -t\` of the ten, whose output is not in time order.`,
    );
    return { rows, verdicts, notes };
  } finally {
    client?.close();
    raw.close();
    await teardown();
  }
}

registerSuite({ name: 'group-logs', description: 'Combined log of 10 services × 100,000 lines: Berth merge vs raw http, dockerode, podman logs --names', run: runGroupSuite });
