/**
 * Compose over the bridge: the provider for an engine (found once, then
 * cached a minute), up and down as streams of the provider's output, group
 * actions by label, and a folder browser for the machine Berth runs on.
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import {
  chooseProvider,
  configFilesOf,
  composeInstallAdvice,
  detectComposeProviders,
  downByApi,
  hostSetup,
  planCompose,
  probeHost,
  projectAction,
  projectResources,
  providerSpec,
  runCompose,
  type ComposeOp,
  type ComposeRunEvent,
  type ComposePlan,
  EngineError,
  type EngineClient,
} from '../../../engine/src/index.js';
import type { BridgeServices } from '../../contract/services.js';
import type { ComposeOutputLine, ComposeProviderId, ComposeProvidersWire, ComposeRunEventWire } from '../../contract/types.js';
import { errorData } from '../../contract/error-wire.js';
import type { ClientOf } from './service-support.js';

const DETECT_TTL_MS = 60_000;
const MAX_BROWSE_ENTRIES = 2000;
const LINES_DELAY_MS = 50;

export function composeService(c: ClientOf): BridgeServices['compose'] {
  let found: { at: number; list: ReturnType<typeof detectComposeProviders> } | undefined;
  const detect = () => {
    if (!found || Date.now() - found.at > DETECT_TTL_MS) found = { at: Date.now(), list: detectComposeProviders() };
    return found.list;
  };
  const providers = async (client: EngineClient, preferred?: ComposeProviderId): Promise<ComposeProvidersWire> => {
    const list = await detect();
    const chosen = chooseProvider(list, { preferred, engineKind: client.caps.flavor === 'podman' ? 'podman' : 'docker' });
    return { providers: list, chosen, ...(chosen ? {} : { advice: composeInstallAdvice(hostSetup(probeHost()).os) }) };
  };

  async function* run(client: EngineClient, plan: ComposePlan, op: ComposeOp, preferred: ComposeProviderId | undefined, signal: AbortSignal): AsyncGenerator<ComposeRunEventWire> {
    const p = await providers(client, preferred);
    if (!p.chosen) {
      throw new EngineError({ kind: 'unsupported', operation: op.op === 'up' ? 'Compose up' : 'Compose down', engineMessage: 'no compose provider is installed', hint: p.advice });
    }
    const spec = providerSpec(p.chosen.id);
    // Lines go out as they come, gathered for up to LINES_DELAY_MS so a burst is one message.
    const it = runCompose({ spec, engineUri: client.address.uri, plan, op, signal })[Symbol.asyncIterator]();
    let lines: ComposeOutputLine[] = [];
    let firstAt = 0;
    try {
      for (;;) {
        const next = it.next();
        let r: IteratorResult<ComposeRunEvent> | 'tick';
        for (;;) {
          if (!lines.length) r = await next;
          else {
            let timer: NodeJS.Timeout | undefined;
            r = await Promise.race([next, new Promise<'tick'>((res) => (timer = setTimeout(() => res('tick'), Math.max(0, firstAt + LINES_DELAY_MS - Date.now()))))]);
            clearTimeout(timer);
          }
          if (r !== 'tick') break;
          yield { kind: 'lines', lines };
          lines = [];
        }
        if (r.done) break;
        const ev = r.value;
        if (ev.kind === 'started') yield { kind: 'started', provider: spec.label, version: p.chosen.version, argv: ev.argv, via: 'provider' };
        else if (ev.kind === 'line') {
          if (!lines.length) firstAt = Date.now();
          lines.push({ stream: ev.stream, line: ev.line });
          if (lines.length >= 200) {
            yield { kind: 'lines', lines };
            lines = [];
          }
        } else {
          if (lines.length) yield { kind: 'lines', lines };
          lines = [];
          // A failed or cancelled up says what it left, so the user can take it down.
          const left = ev.result.ok ? undefined : await projectResources(client, plan.projectName).catch(() => undefined);
          yield { kind: 'done', result: ev.result, left };
        }
      }
    } finally {
      void it.return?.(undefined);
    }
  }

  return {
    providers: ({ engine, provider }) => providers(c(engine), provider),
    plan: async ({ files, projectName, profiles, envFile }) => {
      const plan = await planCompose({ files, projectName, profiles, envFile });
      return { dir: plan.dir, files: plan.files, projectName: plan.projectName, services: plan.services, profiles: [...new Set(plan.services.flatMap((s) => s.profiles))], active: plan.active };
    },
    up: async function* ({ engine, files, projectName, profiles, envFile, provider }, { signal }) {
      try {
        const client = c(engine);
        const plan = await planCompose({ files, projectName, profiles, envFile });
        yield* run(client, plan, { op: 'up' }, provider, signal);
      } catch (e) {
        if (!signal.aborted) yield { kind: 'error', error: errorData(e) };
      }
    },
    down: async function* ({ engine, project, volumes, provider }, { signal }) {
      try {
        const client = c(engine);
        const { containers } = await projectResources(client, project);
        const first = containers.length ? (await client.containers.list({ all: true, filters: { label: [`com.docker.compose.project=${project}`] } }))[0] : undefined;
        const files = first ? configFilesOf(first.labels) : [];
        const plan = files.length ? await planCompose({ files, projectName: project }, 'Compose down').catch(() => undefined) : undefined;
        if (plan) {
          yield* run(client, plan, { op: 'down', volumes }, provider, signal);
          return;
        }
        // The compose files are gone (or never were known): down by label through the API.
        yield { kind: 'started', provider: 'the engine API', argv: [], via: 'api' };
        const r = await downByApi(client, project, { volumes });
        if (r.done.length) yield { kind: 'lines', lines: r.done.map((n) => ({ stream: 'stdout' as const, line: `Removed ${n}` })) };
        const failed = r.failed.map((f) => `${f.name}: ${errorData(f.error).message}`);
        if (failed.length) yield { kind: 'lines', lines: failed.map((line) => ({ stream: 'stderr' as const, line })) };
        yield { kind: 'done', result: { ok: failed.length === 0, exitCode: failed.length ? 1 : 0, cancelled: false, ...(failed.length ? { message: failed.join('\n') } : {}) } };
      } catch (e) {
        if (!signal.aborted) yield { kind: 'error', error: errorData(e) };
      }
    },
    action: async ({ engine, project, action }) => {
      const r = await projectAction(c(engine), project, action);
      return { done: r.done, failed: r.failed.map((f) => ({ name: f.name, error: errorData(f.error) })) };
    },
    browse: async ({ dir }) => {
      const at = path.resolve(dir ?? process.env.HOME ?? '/');
      const entries = await readdir(at, { withFileTypes: true }).catch((e: NodeJS.ErrnoException) => {
        throw new EngineError({
          kind: 'invalid-argument',
          operation: 'Open folder',
          engineMessage: `${at}: ${e.code === 'ENOENT' ? 'no such folder' : e.code === 'EACCES' ? 'permission denied' : e.message}`,
          hint: 'Choose another folder.',
        });
      });
      const shown = entries
        .filter((e) => !e.name.startsWith('.') && (e.isDirectory() || (e.isFile() && /\.ya?ml$/i.test(e.name))))
        .map((e) => ({ name: e.name, path: path.join(at, e.name), kind: e.isDirectory() ? ('dir' as const) : ('file' as const) }))
        .sort((a, b) => (a.kind === b.kind ? a.name.localeCompare(b.name) : a.kind === 'dir' ? -1 : 1));
      const parent = path.dirname(at);
      return { dir: at, ...(parent !== at ? { parent } : {}), entries: shown.slice(0, MAX_BROWSE_ENTRIES), truncated: shown.length > MAX_BROWSE_ENTRIES };
    },
  };
}
