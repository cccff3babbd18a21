/**
 * Long image jobs (pull, push, build) live here, not in their dialogs, so the
 * user can hide the dialog and keep working: the job goes on, the Images
 * toolbar shows it, and a notification says when it finished (an OS
 * notification too when the window is hidden).
 */
import { create } from 'zustand';
import type { ProgressEvent } from '../../../../electron/contract/index.js';
import { bridge, describeError } from '../../bridge/client';
import { describeStreamError, notify, type DescribedError } from '../../components';

export type JobKind = 'pull' | 'push' | 'build';

export interface LayerProgress {
  id: string;
  status: string;
  current?: number | undefined;
  total?: number | undefined;
}

export interface Job {
  id: number;
  kind: JobKind;
  /** What it works on: the reference, destination or build folder. */
  target: string;
  state: 'running' | 'done' | 'failed' | 'cancelled';
  status: string;
  layers: LayerProgress[];
  /** Build output / status lines (bounded). */
  log: string[];
  logDropped: number;
  resultId?: string | undefined;
  error?: DescribedError | undefined;
  startedAt: number;
  /** The dialog showing this job is open (no notification needed then). */
  watched: boolean;
  /** The engine it runs on (undefined: the primary one). */
  engine?: string | undefined;
}

interface JobsState {
  jobs: Job[];
}

export const useJobs = create<JobsState>(() => ({ jobs: [] }));

const MAX_LOG_LINES = 5000;
const cancels = new Map<number, () => void>();
let nextId = 1;

function update(id: number, fn: (j: Job) => Partial<Job>): void {
  useJobs.setState((s) => ({ jobs: s.jobs.map((j) => (j.id === id ? { ...j, ...fn(j) } : j)) }));
}

const VERB: Record<JobKind, [string, string, string]> = {
  pull: ['Pulling', 'Pulled', 'Pull'],
  push: ['Pushing', 'Pushed', 'Push'],
  build: ['Building', 'Built', 'Build'],
};

export function jobTitle(j: Pick<Job, 'kind' | 'target' | 'state'>): string {
  const [ing, ed, verb] = VERB[j.kind];
  if (j.state === 'running') return `${ing} ${j.target}`;
  if (j.state === 'done') return `${ed} ${j.target}`;
  if (j.state === 'cancelled') return `${verb} of ${j.target} cancelled`;
  return `${verb} of ${j.target} failed`;
}

function finished(id: number): void {
  cancels.delete(id);
  const j = useJobs.getState().jobs.find((x) => x.id === id);
  if (!j || j.state === 'cancelled') return;
  // Tell the user when they are elsewhere: dialog hidden, or window hidden.
  if (!j.watched || document.hidden) {
    notify({
      kind: j.state === 'done' ? 'success' : 'error',
      title: jobTitle(j),
      detail: j.state === 'done' ? (j.resultId ? `Image ${j.resultId.replace(/^sha256:/, '').slice(0, 12)}` : undefined) : (j.error?.detail ?? j.error?.title),
      hint: j.state === 'failed' ? j.error?.hint : undefined,
      system: true,
    });
  }
}

function onEvent(id: number, ev: ProgressEvent): void {
  switch (ev.kind) {
    case 'status':
      update(id, (j) => ({ status: ev.message, ...appendLog(j, ev.message) }));
      return;
    case 'layer':
      update(id, (j) => {
        const layers = j.layers.slice();
        const i = layers.findIndex((l) => l.id === ev.id);
        const next: LayerProgress = { id: ev.id, status: ev.status, current: ev.current ?? (i >= 0 ? layers[i]!.current : undefined), total: ev.total ?? (i >= 0 ? layers[i]!.total : undefined) };
        if (/complete|exists|already|done|pushed|mounted/i.test(ev.status) && next.total) next.current = next.total;
        if (i >= 0) layers[i] = next;
        else layers.push(next);
        return { layers };
      });
      return;
    case 'log':
      update(id, (j) => appendLog(j, ev.text));
      return;
    case 'done':
      update(id, (j) => ({ state: 'done', status: ev.message ?? 'Done', resultId: ev.id ?? j.resultId }));
      finished(id);
      return;
    case 'error':
      update(id, () => ({ state: 'failed', error: describeStreamError(ev.error) }));
      finished(id);
      return;
  }
}

function appendLog(j: Job, text: string): Partial<Job> {
  const lines = text.replace(/\r\n?/g, '\n').replace(/\n$/, '').split('\n');
  let log = j.log.concat(lines);
  let dropped = j.logDropped;
  if (log.length > MAX_LOG_LINES) {
    dropped += log.length - MAX_LOG_LINES;
    log = log.slice(log.length - MAX_LOG_LINES);
  }
  return { log, logDropped: dropped };
}

export interface StartPull {
  kind: 'pull';
  input: { engine?: string | undefined; reference: string; tlsVerify: boolean; auth?: { username: string; password: string } | undefined };
}
export interface StartPush {
  kind: 'push';
  input: { engine?: string | undefined; reference: string; destination?: string | undefined; tlsVerify: boolean; auth?: { username: string; password: string } | undefined };
}
export interface StartBuild {
  kind: 'build';
  input: { engine?: string | undefined; contextDir: string; containerfile?: string | undefined; tag?: string | undefined };
}

/** Starts a job and returns its id. The dialog that started it is watching it. */
export function startJob(start: StartPull | StartPush | StartBuild): number {
  const id = nextId++;
  const target = start.kind === 'pull' ? start.input.reference : start.kind === 'push' ? (start.input.destination ?? start.input.reference) : (start.input.tag ?? start.input.contextDir);
  const job: Job = { id, kind: start.kind, target, state: 'running', status: 'Starting…', layers: [], log: [], logDropped: 0, startedAt: Date.now(), watched: true, engine: start.input.engine };
  useJobs.setState((s) => ({ jobs: [...s.jobs.filter((j) => j.state === 'running' || j.watched).slice(-19), job] }));
  const handlers = {
    onData: (ev: ProgressEvent) => onEvent(id, ev),
    onError: (err: unknown) => {
      update(id, () => ({ state: 'failed', error: describeError(err) }));
      finished(id);
    },
    onComplete: () => {
      // The stream ended without a done/error event: count it as done.
      const j = useJobs.getState().jobs.find((x) => x.id === id);
      if (j?.state === 'running') {
        update(id, () => ({ state: 'done', status: 'Done' }));
        finished(id);
      }
    },
  };
  const sub =
    start.kind === 'pull'
      ? bridge.images.pull.subscribe(start.input, handlers)
      : start.kind === 'push'
        ? bridge.images.push.subscribe(start.input, handlers)
        : bridge.images.build.subscribe(start.input, handlers);
  cancels.set(id, () => sub.unsubscribe());
  return id;
}

/** Cancel: unsubscribing aborts the engine request on the main side. */
export function cancelJob(id: number): void {
  cancels.get(id)?.();
  cancels.delete(id);
  update(id, (j) => (j.state === 'running' ? { state: 'cancelled', status: 'Cancelled' } : {}));
}

export function watchJob(id: number, watched: boolean): void {
  update(id, () => ({ watched }));
}

/** Forget finished jobs nobody looks at. */
export function forgetJob(id: number): void {
  useJobs.setState((s) => ({ jobs: s.jobs.filter((j) => j.id !== id) }));
}
