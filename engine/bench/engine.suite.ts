/**
 * The engine suite: listing 1,000 containers and reading a 1,000,000-line
 * log (exited, and running while followed) on the harness's isolated Podman.
 *
 * In-process subjects (Berth's engine core, a raw `http` request, dockerode)
 * are timed warm in this one process, interleaved round by round so that
 * noise from other work on the machine spreads over all of them. curl and
 * the podman CLI are outside references (wall time, and their CPU from the
 * kernel's accounting of reaped children).
 */
import path from 'node:path';
import { connectEngine, type EngineClient } from '../src/client.js';
import { startPodman, TEST_IMAGE, type PodmanHarness } from '../test/harness/podman-harness.js';
import { findServicePid, initClock, median, pool, timeChild, timeInProcess, type Sample } from './measure.js';
import { DockerodePeer, RawSocket, type LogCount } from './peers.js';
import { registerSuite, type BenchContext, type BenchRow, type BenchSubject, type SuiteResult, type Verdict } from './registry.js';

export const CASE_LIST = 'list-1000-containers';
export const CASE_LOG_EXITED = 'read-log-1m-lines-exited';
export const CASE_LOG_FOLLOWED = 'read-log-1m-lines-followed';

const LIBPOD = '/v4.0.0/libpod';

interface Config {
  containers: number;
  logLines: number;
  listRuns: number;
  logRuns: number;
  followRuns: number;
  /** Seconds the followed container sleeps after writing. */
  followSleep: number;
}

function config(quick: boolean): Config {
  return quick
    ? { containers: 100, logLines: 100_000, listRuns: 7, logRuns: 3, followRuns: 3, followSleep: 2 }
    : { containers: 1000, logLines: 1_000_000, listRuns: 7, logRuns: 3, followRuns: 3, followSleep: 3 };
}

/** One subject of one case: a name and one measured run. */
interface Subject<T> {
  name: BenchSubject;
  run(): Promise<Sample<T>>;
}

/** Everything measured for one subject in one case. */
interface Series<T> {
  subject: BenchSubject;
  samples: Sample<T>[];
}

const fmt = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

/**
 * Warm every subject once, then `runs` rounds; each round runs every subject
 * once, starting at a different subject so no one always goes first.
 */
async function interleaved<T>(ctx: BenchContext, label: string, subjects: Subject<T>[], runs: number, warm: Subject<T>[] | null): Promise<Series<T>[]> {
  if (warm) {
    for (const s of warm) {
      ctx.log(`  ${label}: warm-up ${s.name}`);
      await s.run();
    }
  }
  const series = subjects.map((s) => ({ subject: s.name, samples: [] as Sample<T>[] }));
  for (let r = 0; r < runs; r++) {
    for (let k = 0; k < subjects.length; k++) {
      if (ctx.signal.aborted) throw new Error('interrupted');
      const i = (r + k) % subjects.length;
      const sample = await subjects[i]!.run();
      series[i]!.samples.push(sample);
      ctx.log(`  ${label} round ${r + 1}/${runs}: ${subjects[i]!.name} ${sample.wallMs.toFixed(0)} ms wall, ${sample.cpuMs.toFixed(0)} ms cpu`);
    }
  }
  return series;
}

function seriesRows<T>(caseName: string, s: Series<T>, extra: (samples: Sample<T>[]) => BenchRow[] = () => []): BenchRow[] {
  const rows: BenchRow[] = [{ case: caseName, subject: s.subject, metric: 'wall-ms', value: median(s.samples.map((x) => x.wallMs)) }];
  const cpu = median(s.samples.map((x) => x.cpuMs));
  if (!Number.isNaN(cpu)) rows.push({ case: caseName, subject: s.subject, metric: 'cpu-ms', value: cpu });
  const server = median(s.samples.map((x) => x.serverCpuMs));
  if (!Number.isNaN(server)) rows.push({ case: caseName, subject: s.subject, metric: 'engine-cpu-ms', value: server, printOnly: true });
  return [...rows, ...extra(s.samples)];
}

function value(rows: BenchRow[], caseName: string, subject: string, metric: string): number {
  return rows.find((r) => r.case === caseName && r.subject === subject && r.metric === metric)?.value ?? Number.NaN;
}

function ratioRow(rows: BenchRow[], caseName: string, metric: 'wall-ms' | 'cpu-ms', peer: string, label: string): BenchRow {
  const v = value(rows, caseName, 'berth', metric) / value(rows, caseName, peer, metric);
  return { case: caseName, subject: 'berth', metric: label, value: Number(v.toFixed(3)) };
}

function verdict(target: string, ratio: number, limit: number, strict = false): Verdict {
  const met = Number.isFinite(ratio) && (strict ? ratio < limit : ratio <= limit);
  return { target, met, detail: Number.isFinite(ratio) ? `${ratio.toFixed(2)}× (target ${strict ? '<' : '≤'} ${limit}×)` : 'not measured' };
}

/** The podman CLI on the harness's storage, for timeChild (same flags the harness uses). */
function podmanCli(h: PodmanHarness): (args: string[]) => [string, string[]] {
  const global = ['--root', path.join(h.dir, 'root'), '--runroot', path.join(h.dir, 'run'), '--tmpdir', path.join(h.dir, 'tmp'), '--storage-driver', 'overlay'];
  return (args) => ['podman', [...global, ...args]];
}

function checkLog(got: LogCount, expected: number): string | undefined {
  const problems: string[] = [];
  if (got.lines !== expected) problems.push(`${got.lines} lines, expected ${expected}`);
  if (got.first !== '1') problems.push(`first line ${JSON.stringify(got.first.slice(0, 40))}, expected "1"`);
  if (got.last !== String(expected)) problems.push(`last line ${JSON.stringify(got.last.slice(0, 40))}, expected "${expected}"`);
  return problems.length ? problems.join('; ') : undefined;
}

/** Berth's line reader, counting lines and keeping the first and last. */
async function berthLog(client: EngineClient, id: string, follow: boolean): Promise<LogCount> {
  let lines = 0;
  let first: string | undefined;
  let last = '';
  for await (const b of client.logs.lineBatches(id, { follow })) {
    const n = b.lines.length;
    if (n === 0) continue;
    lines += n;
    if (first === undefined) first = b.lines[0]!;
    last = b.lines[n - 1]!;
  }
  return { lines, bytes: Number.NaN, first: first ?? '', last };
}

async function createContainers(raw: RawSocket, names: string[], command: string[]): Promise<string[]> {
  const ids: string[] = new Array<string>(names.length);
  // The API, not the CLI: one `podman create` costs ~35 ms of process start and
  // storage setup here whatever the concurrency; the service creates one in ~10 ms.
  await pool(names, 8, async (name, i) => {
    const r = await raw.json<{ Id: string }>('POST', `${LIBPOD}/containers/create`, { image: TEST_IMAGE, name, command, labels: { 'berth.bench': '1' } });
    ids[i] = r.Id;
  });
  return ids;
}

async function startContainer(raw: RawSocket, id: string): Promise<void> {
  const res = await raw.request('POST', `${LIBPOD}/containers/${encodeURIComponent(id)}/start`);
  res.resume();
}

async function runEngineSuite(ctx: BenchContext): Promise<SuiteResult> {
  const cfg = config(ctx.quick);
  const rows: BenchRow[] = [];
  const verdicts: Verdict[] = [];
  const notes: string[] = [];
  await initClock();

  const tSetup = performance.now();
  ctx.log('engine: starting the isolated Podman');
  const h = await startPodman();
  const teardown = ctx.onCleanup(async () => {
    ctx.log('engine: tearing the harness down');
    await h.teardown();
  });
  let client: EngineClient | undefined;
  const raw = new RawSocket(h.socket);
  const dockerode = new DockerodePeer(h.socket);
  try {
    const tHarness = performance.now() - tSetup;
    const servicePid = findServicePid(h.socket);
    if (servicePid === undefined) notes.push('engine service pid not found: engine CPU not reported');
    const cli = podmanCli(h);
    const env = h.env;

    // ---- setup: the containers to list, the logs to read -------------------------------
    let t = performance.now();
    const names = Array.from({ length: cfg.containers }, (_, i) => `bench-${String(i).padStart(4, '0')}`);
    await createContainers(raw, names, ['true']);
    const tCreate = performance.now() - t;
    ctx.log(`engine: ${cfg.containers} containers created in ${fmt(tCreate)}`);
    client = await connectEngine({ address: h.url });
    const berth = client;

    // ---- list ----------------------------------------------------------------------------
    ctx.log(`engine: ${CASE_LIST}`);
    const listPath = `${LIBPOD}/containers/json?all=true`;
    const counts: Record<string, number[]> = {};
    const noteCount = (s: string, n: number): void => {
      (counts[s] ??= []).push(n);
    };
    const listSubjects: Subject<number>[] = [
      {
        name: 'berth',
        run: () => timeInProcess(async () => (await berth.containers.list({ all: true })).length, servicePid),
      },
      { name: 'raw-socket', run: () => timeInProcess(async () => (await raw.list(listPath)).count, servicePid) },
      { name: 'dockerode', run: () => timeInProcess(async () => (await dockerode.list()).count, servicePid) },
      {
        name: 'curl',
        run: async () => {
          const s = await timeChild('curl', ['-sf', '--unix-socket', h.socket, '-o', '/dev/null', '-w', '%{size_download}', `http://d${listPath}`], { captureStdout: true, servicePid });
          return { ...s, result: Number(s.result.stdout) };
        },
      },
      {
        name: 'podman-cli',
        run: async () => {
          const [file, args] = cli(['ps', '-a', '--format', 'json']);
          const s = await timeChild(file, args, { env, servicePid });
          return { ...s, result: Number.NaN };
        },
      },
    ];
    const listSeries = await interleaved(ctx, 'list', listSubjects, cfg.listRuns, listSubjects);
    for (const s of listSeries) {
      for (const x of s.samples) noteCount(s.subject, x.result);
      rows.push(
        ...seriesRows(CASE_LIST, s, (samples) =>
          s.subject === 'curl' || s.subject === 'raw-socket'
            ? [{ case: CASE_LIST, subject: s.subject, metric: 'bytes', value: median(s.subject === 'curl' ? samples.map((x) => x.result) : [Number.NaN]) }]
            : [],
        ),
      );
    }
    // raw's bytes: measure once more outside the timed runs (the timed run returns the count only).
    const rawList = await raw.list(listPath);
    const rawBytesRow = rows.find((r) => r.case === CASE_LIST && r.subject === 'raw-socket' && r.metric === 'bytes');
    if (rawBytesRow) rawBytesRow.value = rawList.bytes;
    for (const s of ['berth', 'raw-socket', 'dockerode']) {
      const bad = (counts[s] ?? []).filter((n) => n !== cfg.containers);
      if (bad.length) notes.push(`list: ${s} returned ${bad.join(', ')} containers instead of ${cfg.containers}`);
    }
    const listOk = !(counts.berth ?? []).some((n) => n !== cfg.containers);
    verdicts.push({ target: `${CASE_LIST}: complete`, met: listOk, detail: listOk ? `${cfg.containers} rows every run` : `rows: ${(counts.berth ?? []).join(', ')}` });
    rows.push(ratioRow(rows, CASE_LIST, 'wall-ms', 'raw-socket', 'ratio-wall-vs-raw'));
    rows.push(ratioRow(rows, CASE_LIST, 'wall-ms', 'dockerode', 'ratio-wall-vs-dockerode'));
    rows.push(ratioRow(rows, CASE_LIST, 'cpu-ms', 'raw-socket', 'ratio-cpu-vs-raw'));
    verdicts.push(verdict(`${CASE_LIST}: Berth wall ≤ 1.1× raw http + JSON.parse`, value(rows, CASE_LIST, 'berth', 'ratio-wall-vs-raw'), 1.1));
    verdicts.push(verdict(`${CASE_LIST}: Berth faster than dockerode`, value(rows, CASE_LIST, 'berth', 'ratio-wall-vs-dockerode'), 1, true));

    // ---- the logs: generate them ---------------------------------------------------------
    const L = cfg.logLines;
    t = performance.now();
    const [bigLog] = await createContainers(raw, ['bench-log'], ['seq', '1', String(L)]);
    // The warm-up log is small: it warms code paths and connections, not the page cache.
    const [warmSmall] = await createContainers(raw, ['bench-log-warm'], ['seq', '1', '20000']);
    await startContainer(raw, warmSmall!);
    await startContainer(raw, bigLog!);
    await h.podman(['wait', warmSmall!, bigLog!], { timeoutMs: 600_000 });
    const tLogGen = performance.now() - t;
    ctx.log(`engine: ${L.toLocaleString('en')}-line log written in ${fmt(tLogGen)}`);

    // ---- read the exited log -------------------------------------------------------------
    ctx.log(`engine: ${CASE_LOG_EXITED}`);
    const logPath = (id: string, follow: boolean): string => `${LIBPOD}/containers/${encodeURIComponent(id)}/logs?follow=${follow}&stdout=true&stderr=true`;
    const failures: Record<string, string[]> = {};
    const fail = (c: string, s: string, problem: string | undefined): void => {
      if (problem) (failures[`${c} ${s}`] ??= []).push(problem);
    };
    const exitedSubjects = (id: string, lines: number): Subject<LogCount>[] => [
      {
        name: 'berth',
        run: async () => {
          const s = await timeInProcess(() => berthLog(berth, id, false), servicePid);
          if (id === bigLog) fail(CASE_LOG_EXITED, 'berth', checkLog(s.result, lines));
          return s;
        },
      },
      {
        name: 'raw-socket',
        run: async () => {
          const s = await timeInProcess(() => raw.logLines(logPath(id, false)), servicePid);
          if (id === bigLog && s.result.lines !== lines) fail(CASE_LOG_EXITED, 'raw-socket', `${s.result.lines} lines`);
          return s;
        },
      },
      {
        name: 'dockerode',
        run: async () => {
          const s = await timeInProcess(() => dockerode.logExited(id), servicePid);
          if (id === bigLog && s.result.lines !== lines) fail(CASE_LOG_EXITED, 'dockerode', `${s.result.lines} lines`);
          return s;
        },
      },
      {
        name: 'curl',
        run: async () => {
          const s = await timeChild('curl', ['-sf', '--unix-socket', h.socket, '-o', '/dev/null', '-w', '%{size_download}', `http://d${logPath(id, false)}`], { captureStdout: true, servicePid });
          return { ...s, result: { lines: Number.NaN, bytes: Number(s.result.stdout), first: '', last: '' } };
        },
      },
      {
        name: 'podman-cli',
        run: async () => {
          const [file, args] = cli(['logs', id]);
          const s = await timeChild(file, args, { env, servicePid });
          return { ...s, result: { lines: Number.NaN, bytes: Number.NaN, first: '', last: '' } };
        },
      },
    ];
    const logExtra =
      (c: string, subject: string) =>
      (samples: Sample<LogCount>[]): BenchRow[] => {
        const out: BenchRow[] = [];
        const lines = median(samples.map((x) => x.result.lines));
        const bytes = median(samples.map((x) => x.result.bytes));
        if (!Number.isNaN(bytes)) out.push({ case: c, subject, metric: 'bytes', value: bytes });
        if (!Number.isNaN(lines)) out.push({ case: c, subject, metric: 'lines', value: lines });
        return out;
      };
    const exitedSeries = await interleaved(ctx, 'log exited', exitedSubjects(bigLog!, L), cfg.logRuns, exitedSubjects(warmSmall!, 20000));
    for (const s of exitedSeries) rows.push(...seriesRows(CASE_LOG_EXITED, s, logExtra(CASE_LOG_EXITED, s.subject)));
    logVerdicts(rows, verdicts, CASE_LOG_EXITED, failures, cfg.logRuns, L);

    // dockerode with follow=true on the exited container (podman #21914): a note, not a subject.
    const partial = await dockerode.logFollow(bigLog!);
    notes.push(
      `${CASE_LOG_EXITED}: dockerode with follow=true on the exited container got ${partial.lines.toLocaleString('en')} of ${L.toLocaleString('en')} lines (podman #21914); Berth reads an exited container without follow.`,
    );

    // ---- follow a running log ------------------------------------------------------------
    ctx.log(`engine: ${CASE_LOG_FOLLOWED}`);
    const followSubjects = ['berth', 'raw-socket', 'dockerode'] as const;
    const followCmd = (n: number, sleep: number): string[] => ['sh', '-c', `seq 1 ${n}; sleep ${sleep}`];
    const warmFollowIds = await createContainers(
      raw,
      followSubjects.map((s) => `bench-follow-warm-${s}`),
      followCmd(20000, 1),
    );
    const followNames: string[] = [];
    for (let r = 0; r < cfg.followRuns; r++) for (const s of followSubjects) followNames.push(`bench-follow-${r}-${s}`);
    const followIds = await createContainers(raw, followNames, followCmd(L, cfg.followSleep));
    const queue = new Map<string, string[]>();
    for (let r = 0; r < cfg.followRuns; r++) followSubjects.forEach((s, k) => (queue.get(s) ?? queue.set(s, []).get(s)!).push(followIds[r * followSubjects.length + k]!));
    const followReaders: Record<(typeof followSubjects)[number], (id: string) => Promise<LogCount>> = {
      berth: (id) => berthLog(berth, id, true),
      'raw-socket': (id) => raw.logLines(logPath(id, true)),
      dockerode: (id) => dockerode.logFollow(id),
    };
    // Each run starts a fresh container and follows it from the start until it exits.
    const followSubject = (s: (typeof followSubjects)[number], ids: () => string, lines: number, check: boolean): Subject<LogCount> => ({
      name: s,
      run: async () => {
        const id = ids();
        await startContainer(raw, id);
        const sample = await timeInProcess(() => followReaders[s](id), servicePid);
        if (check) fail(CASE_LOG_FOLLOWED, s, s === 'berth' ? checkLog(sample.result, lines) : sample.result.lines !== lines ? `${sample.result.lines} lines` : undefined);
        return sample;
      },
    });
    const warmQueue = [...warmFollowIds];
    const followSeries = await interleaved(
      ctx,
      'log followed',
      followSubjects.map((s) => followSubject(s, () => queue.get(s)!.shift()!, L, true)),
      cfg.followRuns,
      followSubjects.map((s) => followSubject(s, () => warmQueue.shift()!, 20000, false)),
    );
    for (const s of followSeries) rows.push(...seriesRows(CASE_LOG_FOLLOWED, s, logExtra(CASE_LOG_FOLLOWED, s.subject)));
    for (const s of followSeries) {
      const got = s.samples.map((x) => x.result.lines);
      if (s.subject !== 'berth' && got.some((n) => n !== L)) {
        notes.push(
          `${CASE_LOG_FOLLOWED}: ${s.subject} got ${got.map((n) => n.toLocaleString('en')).join(', ')} of ${L.toLocaleString('en')} lines (a follow can end short when the container exits, podman #21914)`,
        );
      }
    }
    logVerdicts(rows, verdicts, CASE_LOG_FOLLOWED, failures, cfg.followRuns, L);
    // The raw and dockerode follows are not complete on Podman 4.3; a complete reference is the raw read of the exited log.
    const followedVsExited = value(rows, CASE_LOG_FOLLOWED, 'berth', 'wall-ms') / value(rows, CASE_LOG_EXITED, 'raw-socket', 'wall-ms');
    notes.push(
      `${CASE_LOG_FOLLOWED}: Berth's complete followed read took ${followedVsExited.toFixed(2)}× the wall time of a raw read of the whole exited log (${CASE_LOG_EXITED}), and ${(value(rows, CASE_LOG_FOLLOWED, 'berth', 'engine-cpu-ms') / value(rows, CASE_LOG_EXITED, 'raw-socket', 'engine-cpu-ms')).toFixed(2)}× its engine CPU.`,
    );
    notes.push(
      `${CASE_LOG_FOLLOWED}: each run starts a fresh container (seq 1 ${L}; sleep ${cfg.followSleep}) and follows it from the start until it exits, so wall time includes the writer and the sleep.`,
    );

    const tTotalSetup = tHarness + tCreate + tLogGen;
    notes.unshift(
      `setup: harness ${fmt(tHarness)}, ${cfg.containers} containers created in ${fmt(tCreate)} (API, 8 at a time), ${L.toLocaleString('en')}-line log written in ${fmt(tLogGen)}; ${fmt(tTotalSetup)} in all`,
    );
    return { rows, verdicts, notes };
  } finally {
    client?.close();
    raw.close();
    await teardown();
  }
}

function logVerdicts(rows: BenchRow[], verdicts: Verdict[], c: string, failures: Record<string, string[]>, runs: number, lines: number): void {
  const problems = failures[`${c} berth`] ?? [];
  verdicts.push({
    target: `${c}: complete (Berth)`,
    met: problems.length === 0,
    detail: problems.length === 0 ? `${lines.toLocaleString('en')} lines, first "1", last "${lines}", ${runs} of ${runs} runs` : [...new Set(problems)].join(' | '),
  });
  rows.push(ratioRow(rows, c, 'wall-ms', 'raw-socket', 'ratio-wall-vs-raw'));
  rows.push(ratioRow(rows, c, 'cpu-ms', 'raw-socket', 'ratio-cpu-vs-raw'));
  rows.push(ratioRow(rows, c, 'wall-ms', 'dockerode', 'ratio-wall-vs-dockerode'));
  rows.push(ratioRow(rows, c, 'cpu-ms', 'dockerode', 'ratio-cpu-vs-dockerode'));
  const rawShort = (failures[`${c} raw-socket`] ?? []).length > 0;
  const wall = verdict(`${c}: Berth wall ≤ 1.05× raw http + bare demux`, value(rows, c, 'berth', 'ratio-wall-vs-raw'), 1.05);
  if (rawShort) wall.detail += ' (the raw follow ended short, see notes: not like for like)';
  verdicts.push(wall);
  const dShort = (failures[`${c} dockerode`] ?? []).length > 0;
  const cpu = verdict(`${c}: Berth client CPU ≤ 0.5× dockerode's`, value(rows, c, 'berth', 'ratio-cpu-vs-dockerode'), 0.5);
  if (dShort) cpu.detail += ' (dockerode got fewer lines, see notes)';
  verdicts.push(cpu);
}

registerSuite({
  name: 'engine',
  description: 'Engine core vs raw http, dockerode, curl and the podman CLI: list 1,000 containers, read a 1,000,000-line log',
  run: runEngineSuite,
});
