/**
 * The Files tab's transfers of one large file (200 MB; 20 MB with --quick),
 * the way the browser makes them: an HTTP PUT of the bytes to a one-time
 * link from serve (spooled, then streamed into the engine's archive PUT) and
 * a GET of a download link (the archive GET, untarred on the fly), against
 * `podman cp` in both directions on the same isolated Podman. Each transfer is
 * checked (sha256 of what arrived) and the process's memory is sampled during
 * it, so "fast" cannot come from buffering the file.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, open, rm } from 'node:fs/promises';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { findServicePid, initClock, median, timeChild, timeInProcess, type Sample } from '../../engine/bench/measure.js';
import { registerSuite, type BenchContext, type BenchRow, type SuiteResult, type Verdict } from '../../engine/bench/registry.js';
import { startPodman, TEST_IMAGE } from '../../engine/test/harness/podman-harness.js';
import { connectEngine } from '../../engine/src/client.js';
import { runServe } from '../../electron/serve/serve-cli.js';
import { ensureRendererBuilt } from '../../electron/test/security/support/bridge-rig.js';

const CASE_UP = 'files-upload';
const CASE_DOWN = 'files-download';
const MiB = 1024 * 1024;

/** Peak RSS and heap growth of this process while `fn` runs (sampled every 10 ms). */
async function withMemory<T>(fn: () => Promise<T>): Promise<{ result: T; rssGrowth: number; heapGrowth: number }> {
  const m0 = process.memoryUsage();
  let rss = m0.rss;
  let heap = m0.heapUsed;
  const t = setInterval(() => {
    const m = process.memoryUsage();
    rss = Math.max(rss, m.rss);
    heap = Math.max(heap, m.heapUsed);
  }, 10);
  try {
    return { result: await fn(), rssGrowth: rss - m0.rss, heapGrowth: heap - m0.heapUsed };
  } finally {
    clearInterval(t);
  }
}

async function sha256File(file: string): Promise<string> {
  const h = createHash('sha256');
  await pipeline(createReadStream(file), h);
  return h.digest('hex');
}

function put(origin: string, url: string, file: string, size: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${origin}${url}`, { method: 'PUT', headers: { Origin: origin, 'Sec-Fetch-Site': 'same-origin', 'Content-Length': String(size) } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    createReadStream(file).pipe(req);
  });
}

function get(origin: string, url: string, to: string): Promise<number> {
  return new Promise((resolve, reject) => {
    http
      .get(`${origin}${url}`, { headers: { Origin: origin, 'Sec-Fetch-Site': 'same-origin' } }, (res) => {
        pipeline(res, createWriteStream(to)).then(() => resolve(res.statusCode ?? 0), reject);
      })
      .on('error', reject);
  });
}

async function runFilesSuite(ctx: BenchContext): Promise<SuiteResult> {
  const size = (ctx.quick ? 20 : 200) * MiB;
  const runs = 3;
  const rows: BenchRow[] = [];
  const verdicts: Verdict[] = [];
  const notes: string[] = [];
  await initClock();
  ctx.log('files: starting the isolated Podman and serve');
  const h = await startPodman();
  const work = await mkdtemp(path.join(tmpdir(), 'berth-bench-files-'));
  const serve = await runServe({ host: '127.0.0.1', port: 0, engine: h.url, allowHosts: [], staticDir: ensureRendererBuilt() }, () => undefined);
  const teardown = ctx.onCleanup(async () => {
    await serve.stop();
    await h.teardown();
    await rm(work, { recursive: true, force: true });
  });
  try {
    const origin = new URL(serve.url).origin;
    const servicePid = findServicePid(h.socket);
    await h.podman(['run', '-d', '--name', 'files', TEST_IMAGE, 'sh', '-c', 'mkdir -p /up /cp && sleep 3600']);
    const src = path.join(work, 'big.bin');
    // Random bytes: nothing along the way can shortcut by compressing.
    const f = await open(src, 'w');
    for (let done = 0; done < size; done += 8 * MiB) await f.write(randomBytes(Math.min(8 * MiB, size - done)));
    await f.close();
    const want = await sha256File(src);
    const global = ['--root', path.join(h.dir, 'root'), '--runroot', path.join(h.dir, 'run'), '--tmpdir', path.join(h.dir, 'tmp'), '--storage-driver', 'overlay'];
    const client = await connectEngine({ address: h.url });
    ctx.onCleanup(() => client.close());
    const inContainer = async (p: string) => (await h.podman(['exec', 'files', 'sha256sum', p], { timeoutMs: 120_000 })).split(' ')[0];

    const mem: Record<string, { rss: number; heap: number }[]> = { up: [], down: [] };
    const bad: string[] = [];
    type Run = () => Promise<Sample<unknown>>;
    const subjects: { case: string; subject: string; run: Run; check: () => Promise<void> }[] = [
      {
        case: CASE_UP,
        subject: 'berth',
        run: async () => {
          const url = serve.core.files.uploadLink({ id: 'files', dir: '/up', name: 'big.bin', size });
          const s = await timeInProcess(() => withMemory(() => put(origin, url, src, size)), servicePid);
          if (s.result.result !== 204) bad.push(`upload answered ${s.result.result}`);
          mem.up!.push({ rss: s.result.rssGrowth, heap: s.result.heapGrowth });
          return s;
        },
        check: async () => {
          if ((await inContainer('/up/big.bin')) !== want) bad.push('the uploaded file differs');
        },
      },
      {
        // The main side's half alone: the spooled file into the engine (what follows the browser's PUT).
        case: CASE_UP,
        subject: 'berth-engine-leg',
        run: () => timeInProcess(() => client.files.upload('files', '/up', 'leg.bin', { stream: createReadStream(src, { highWaterMark: MiB }), size }), servicePid),
        check: async () => {
          if ((await inContainer('/up/leg.bin')) !== want) bad.push('the engine leg wrote a different file');
        },
      },
      {
        case: CASE_UP,
        subject: 'podman-cli',
        run: () => timeChild('podman', [...global, 'cp', src, 'files:/cp/big.bin'], { env: h.env, servicePid }),
        check: async () => {
          if ((await inContainer('/cp/big.bin')) !== want) bad.push('podman cp in: the file differs');
        },
      },
      {
        case: CASE_DOWN,
        subject: 'berth',
        run: async () => {
          const url = serve.core.files.downloadLink({ id: 'files', path: '/up/big.bin' });
          const s = await timeInProcess(() => withMemory(() => get(origin, url, path.join(work, 'down.bin'))), servicePid);
          mem.down!.push({ rss: s.result.rssGrowth, heap: s.result.heapGrowth });
          return s;
        },
        check: async () => {
          if ((await sha256File(path.join(work, 'down.bin'))) !== want) bad.push('the downloaded file differs');
        },
      },
      {
        case: CASE_DOWN,
        subject: 'podman-cli',
        run: async () => {
          await rm(path.join(work, 'cp.bin'), { force: true });
          return timeChild('podman', [...global, 'cp', 'files:/up/big.bin', path.join(work, 'cp.bin')], { env: h.env, servicePid });
        },
        check: async () => {
          if ((await sha256File(path.join(work, 'cp.bin'))) !== want) bad.push('podman cp out: the file differs');
        },
      },
    ];
    const samples = new Map<string, Sample<unknown>[]>();
    for (const s of subjects) await s.run(); // warm-up (and the first upload the downloads read)
    mem.up!.length = 0;
    mem.down!.length = 0;
    for (let r = 0; r < runs; r++) {
      for (const s of subjects) {
        const sample = await s.run();
        await s.check();
        const k = `${s.case}/${s.subject}`;
        samples.set(k, [...(samples.get(k) ?? []), sample]);
        ctx.log(`  ${s.case} round ${r + 1}/${runs}: ${s.subject} ${sample.wallMs.toFixed(0)} ms wall, ${sample.cpuMs.toFixed(0)} ms cpu`);
      }
    }
    const mbps = (ms: number) => Number((size / MiB / (ms / 1000)).toFixed(1));
    for (const [k, xs] of samples) {
      const [c, subject] = k.split('/') as [string, string];
      const wall = median(xs.map((x) => x.wallMs));
      rows.push({ case: c, subject, metric: 'wall-ms', value: Math.round(wall) });
      rows.push({ case: c, subject, metric: 'MiB-per-s', value: mbps(wall) });
      const cpu = median(xs.map((x) => x.cpuMs));
      if (!Number.isNaN(cpu)) rows.push({ case: c, subject, metric: 'cpu-ms', value: Math.round(cpu) });
    }
    const v = (c: string, subject: string) => rows.find((r) => r.case === c && r.subject === subject && r.metric === 'wall-ms')?.value ?? Number.NaN;
    for (const [c, subject] of [
      [CASE_UP, 'berth'],
      [CASE_UP, 'berth-engine-leg'],
      [CASE_DOWN, 'berth'],
    ] as const) {
      const ratio = Number((v(c, subject) / v(c, 'podman-cli')).toFixed(2));
      rows.push({ case: c, subject, metric: 'ratio-wall-vs-podman-cli', value: ratio });
    }
    const r = (c: string, subject: string) => rows.find((x) => x.case === c && x.subject === subject && x.metric === 'ratio-wall-vs-podman-cli')?.value ?? Number.NaN;
    verdicts.push({ target: `${CASE_DOWN} (${size / MiB} MiB): Berth within 1.5× of \`podman cp\``, met: r(CASE_DOWN, 'berth') <= 1.5, detail: `${r(CASE_DOWN, 'berth').toFixed(2)}×` });
    verdicts.push({
      target: `${CASE_UP} (${size / MiB} MiB): Berth's engine leg within 1.5× of \`podman cp\` (the whole upload is spooled first by design, so it is the browser's transfer plus this)`,
      met: r(CASE_UP, 'berth-engine-leg') <= 1.5,
      detail: `engine leg ${r(CASE_UP, 'berth-engine-leg').toFixed(2)}×, whole upload ${r(CASE_UP, 'berth').toFixed(2)}×`,
    });
    for (const [which, list] of Object.entries(mem)) {
      const rss = Math.max(...list.map((m) => m.rss));
      const heap = Math.max(...list.map((m) => m.heap));
      rows.push({ case: which === 'up' ? CASE_UP : CASE_DOWN, subject: 'berth', metric: 'rss-growth-MiB', value: Number((rss / MiB).toFixed(1)) });
      verdicts.push({
        target: `${which === 'up' ? CASE_UP : CASE_DOWN}: memory bounded (RSS growth < 64 MiB for a ${size / MiB} MiB file)`,
        met: rss < 64 * MiB,
        detail: `RSS +${(rss / MiB).toFixed(1)} MiB, heap +${(heap / MiB).toFixed(1)} MiB`,
      });
    }
    verdicts.push({ target: 'files: every transfer arrived whole (sha256)', met: bad.length === 0, detail: bad.length ? bad.slice(0, 4).join(' | ') : `${runs + 1} rounds × 4 transfers` });
    notes.push(
      `files: Berth's upload is an HTTP PUT to serve (as the browser sends it), spooled to a private file in ${tmpdir()} and size-checked, then streamed to the engine's archive PUT; its download is the archive GET untarred on the fly. The client and serve share this process, so its memory counts both.`,
    );
    return { rows, verdicts, notes };
  } finally {
    await teardown();
  }
}

registerSuite({ name: 'files', description: 'Files tab: a 200 MB upload and download through serve vs podman cp', run: runFilesSuite });
