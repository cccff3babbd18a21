/**
 * Kubernetes YAML (Podman only): generate YAML from containers or pods, play
 * a YAML (create its pods and containers) and tear it down again.
 *
 * The play path differs by version (`/kube/play` from 4.1, `/play/kube`
 * before); ctx.caps.kubePlayPath has the right one.
 */
import { EngineError, isEngineError } from '../errors.js';
import { errText } from './wire-values.js';
import { seg, type ApiContext } from './context.js';

export interface KubeGenerateOptions {
  /** Also generate a Service for the published ports (default false). */
  service?: boolean;
}

export interface KubePlayOptions {
  /** Start the containers after creating them (engine default: true). */
  start?: boolean;
  /** Attach the pods to this network instead of the engine's default kube network. */
  network?: string;
}

/** One pod created by a play. */
export interface KubePlayedPod {
  id: string;
  /** Ids of the pod's containers (infra not included). */
  containers: string[];
  initContainers: string[];
  /** Containers that were created but failed to start, with the engine's message. */
  containerErrors: string[];
}

export interface KubePlayResult {
  pods: KubePlayedPod[];
  /** Volumes the YAML created (PersistentVolumeClaims). */
  volumes: string[];
  /** The engine's reply. */
  raw: Record<string, unknown>;
}

export interface KubeTeardownResult {
  /** Ids of pods stopped and removed. */
  stoppedPods: string[];
  removedPods: string[];
  /** Pods that could not be stopped or removed, with the engine's message. */
  errors: string[];
}

interface PlayReply {
  Pods?: { ID?: string; Containers?: string[] | null; InitContainers?: string[] | null; ContainerErrors?: string[] | null }[] | null;
  Volumes?: { Name?: string }[] | null;
  StopReport?: { Id?: string; Errs?: unknown[] | null }[] | null;
  RmReport?: { Id?: string; Err?: unknown }[] | null;
}

const NO_DETAILS = 'failed (the engine gave no details)';

/** Messages libpod gives for YAML it cannot parse or does not support. */
const BAD_YAML = /yaml|kube kind|not a standalone object|unmarshal|could not be split/i;

/** Re-type a play/teardown error: unparsable or unsupported YAML is the user's input, not an engine fault. */
function yamlError(e: unknown): unknown {
  if (!isEngineError(e) || e.kind !== 'engine') return e;
  const text = `${e.engineMessage ?? ''} ${e.engineCause ?? ''}`;
  if (!BAD_YAML.test(text)) return e;
  return new EngineError({
    kind: 'invalid-argument',
    operation: e.operation,
    status: e.status,
    engineMessage: e.engineMessage,
    engineCause: e.engineCause,
    socket: e.socket,
    hint: 'Check the YAML: Podman plays Kubernetes Pod, Deployment, PersistentVolumeClaim and ConfigMap documents (a ConfigMap only together with a Pod that uses it).',
    cause: e,
  });
}

/**
 * Names of the pods a YAML would create: `metadata.name` of each Pod and
 * `<name>-pod` of each Deployment. A light line scan, used only to tear down
 * on engines without the DELETE play endpoint; it understands the block-style
 * YAML Podman itself generates, not every YAML.
 */
export function podNamesInYaml(yaml: string): string[] {
  const names: string[] = [];
  for (const doc of yaml.split(/^---[^\S\n]*$/m)) {
    const kind = /^kind:[^\S\n]*["']?([A-Za-z]+)["']?[^\S\n]*$/m.exec(doc)?.[1];
    if (kind !== 'Pod' && kind !== 'Deployment') continue;
    const lines = doc.split('\n');
    const meta = lines.findIndex((l) => /^metadata:\s*$/.test(l));
    if (meta < 0) continue;
    for (let i = meta + 1; i < lines.length; i++) {
      const line = lines[i]!;
      if (/^\S/.test(line)) break;
      const m = /^( +)name:[^\S\n]*["']?([^"'\s#]+)["']?\s*(#.*)?$/.exec(line);
      // Only the first indentation level under metadata (not labels/annotations).
      if (m && m[1]!.length === (/^( +)/.exec(lines[meta + 1] ?? '')?.[1]?.length ?? -1)) {
        names.push(kind === 'Deployment' ? `${m[2]}-pod` : m[2]!);
        break;
      }
    }
  }
  return names;
}

export class KubeApi {
  constructor(private readonly ctx: ApiContext) {}

  /** Kubernetes YAML describing the given containers and/or pods (by name or id). */
  async generate(names: string[], opts: KubeGenerateOptions = {}): Promise<string> {
    const operation = `Generate Kubernetes YAML for ${names.join(', ')}`;
    this.ctx.requirePodman(operation);
    if (names.length === 0) {
      throw new EngineError({ kind: 'invalid-argument', operation: 'Generate Kubernetes YAML', engineMessage: 'no container or pod given', hint: 'Select at least one container or pod.' });
    }
    try {
      return await this.ctx.transport.text({
        path: this.ctx.libpod('/generate/kube'),
        query: { names, service: opts.service ?? false },
        operation,
      });
    } catch (e) {
      if (!isEngineError(e) || e.kind !== 'engine') throw e;
      const retype = (kind: 'not-found' | 'invalid-argument', hint?: string) =>
        new EngineError({ kind, operation, status: e.status, engineMessage: e.engineMessage, engineCause: e.engineCause, hint, socket: e.socket, cause: e });
      // libpod answers an unknown name with HTTP 500 `name or ID "x" not found`.
      if (/not found|no such/i.test(e.engineMessage ?? '')) throw retype('not-found');
      if (/use generate on the pod itself/i.test(e.engineMessage ?? '')) {
        throw retype('invalid-argument', 'This container belongs to a pod: generate the YAML for its pod instead.');
      }
      throw e;
    }
  }

  /** Create (and by default start) the pods, containers and volumes a YAML describes. */
  async play(yaml: string, opts: KubePlayOptions = {}): Promise<KubePlayResult> {
    const operation = 'Play Kubernetes YAML';
    this.ctx.requirePodman(operation);
    let reply: PlayReply & Record<string, unknown>;
    try {
      reply = await this.ctx.transport.json<PlayReply & Record<string, unknown>>({
        method: 'POST',
        path: this.ctx.libpod(this.ctx.caps.kubePlayPath),
        query: { start: opts.start, network: opts.network },
        body: yaml,
        headers: this.yamlHeaders(yaml),
        operation,
        timeoutMs: 300_000,
      });
    } catch (e) {
      throw yamlError(e);
    }
    return {
      pods: (reply?.Pods ?? []).map((p) => ({
        id: String(p.ID ?? ''),
        containers: [...(p.Containers ?? [])],
        initContainers: [...(p.InitContainers ?? [])],
        containerErrors: [...(p.ContainerErrors ?? [])],
      })),
      volumes: (reply?.Volumes ?? []).map((v) => String(v.Name ?? '')),
      raw: reply ?? {},
    };
  }

  /**
   * Stop and remove what a previous play of the same YAML created. Uses the
   * engine's DELETE on the play path; on an engine without it, removes the
   * pods named in the YAML instead.
   */
  async teardown(yaml: string): Promise<KubeTeardownResult> {
    const operation = 'Tear down Kubernetes YAML';
    this.ctx.requirePodman(operation);
    let reply: PlayReply;
    try {
      reply = await this.ctx.transport.json<PlayReply>({
        method: 'DELETE',
        path: this.ctx.libpod(this.ctx.caps.kubePlayPath),
        body: yaml,
        headers: this.yamlHeaders(yaml),
        operation,
        timeoutMs: 300_000,
      });
    } catch (e) {
      if (isEngineError(e) && (e.status === 405 || (e.status === 404 && /page not found/i.test(e.engineMessage ?? '')))) {
        return this.teardownByName(yaml, operation);
      }
      throw yamlError(e);
    }
    const result: KubeTeardownResult = { stoppedPods: [], removedPods: [], errors: [] };
    for (const s of reply?.StopReport ?? []) {
      const errs = s.Errs ?? [];
      if (errs.length) result.errors.push(...errs.map((e) => errText(e, NO_DETAILS)));
      else result.stoppedPods.push(String(s.Id ?? ''));
    }
    for (const r of reply?.RmReport ?? []) {
      if (r.Err) result.errors.push(errText(r.Err, NO_DETAILS));
      else result.removedPods.push(String(r.Id ?? ''));
    }
    return result;
  }

  private async teardownByName(yaml: string, operation: string): Promise<KubeTeardownResult> {
    const names = podNamesInYaml(yaml);
    if (names.length === 0) {
      throw new EngineError({ kind: 'invalid-argument', operation, engineMessage: 'the YAML names no Pod or Deployment', hint: 'Tear down a YAML that was played before.' });
    }
    const result: KubeTeardownResult = { stoppedPods: [], removedPods: [], errors: [] };
    for (const name of names) {
      try {
        await this.ctx.transport.json({ method: 'DELETE', path: this.ctx.libpod(`/pods/${seg(name)}`), query: { force: true }, operation: `Remove pod ${name}` });
        result.stoppedPods.push(name);
        result.removedPods.push(name);
      } catch (e) {
        result.errors.push(isEngineError(e) ? e.message : String(e));
      }
    }
    return result;
  }

  private yamlHeaders(yaml: string): Record<string, string> {
    return { 'Content-Type': 'application/yaml', 'Content-Length': String(Buffer.byteLength(yaml)) };
  }
}
