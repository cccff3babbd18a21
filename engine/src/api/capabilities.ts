/**
 * What the engine at the other end can do, decided once from its version.
 * The few API differences between Podman releases (and Docker) are gated
 * here and nowhere else.
 */
export type EngineFlavor = 'podman' | 'docker';

export interface Capabilities {
  flavor: EngineFlavor;
  /** Engine version ("4.3.1", "24.0.7"). */
  version: string;
  /** The API version the server reports (Libpod-API-Version or Api-Version). */
  apiVersion: string;
  /** Pods exist only on Podman. */
  pods: boolean;
  /** libpod path for playing kube YAML: `/kube/play` (4.1+) or `/play/kube` (older). */
  kubePlayPath: '/kube/play' | '/play/kube';
  /** `DELETE`-style `exec/{id}/remove` exists from Podman 4.9. */
  execRemove: boolean;
  /** In Podman 4.x inspect's Config.Entrypoint is a string, in 5.x an array. */
  entrypointIsArray: boolean;
}

export function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.+-]/).map((x) => Number.parseInt(x, 10));
  const pb = b.split(/[.+-]/).map((x) => Number.parseInt(x, 10));
  for (let i = 0; i < 3; i++) {
    const x = Number.isFinite(pa[i]) ? pa[i]! : 0;
    const y = Number.isFinite(pb[i]) ? pb[i]! : 0;
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

export function capabilitiesFor(flavor: EngineFlavor, version: string, apiVersion = version): Capabilities {
  const podman = flavor === 'podman';
  const atLeast = (v: string) => podman && compareVersions(version, v) >= 0;
  return {
    flavor,
    version,
    apiVersion,
    pods: podman,
    kubePlayPath: atLeast('4.1.0') ? '/kube/play' : '/play/kube',
    execRemove: atLeast('4.9.0'),
    entrypointIsArray: atLeast('5.0.0'),
  };
}

/** Podman's service marks itself with this header; Docker does not send it. */
export function flavorFromHeaders(headers: Record<string, string | string[] | undefined>): {
  flavor: EngineFlavor;
  apiVersion: string;
} {
  const libpod = headers['libpod-api-version'];
  if (typeof libpod === 'string' && libpod) return { flavor: 'podman', apiVersion: libpod };
  const api = headers['api-version'];
  return { flavor: 'docker', apiVersion: typeof api === 'string' ? api : '' };
}
