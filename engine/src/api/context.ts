/** What every API module gets: the transport and the engine's capabilities. */
import { EngineError } from '../errors.js';
import type { HttpTransport } from '../transport/http-transport.js';
import type { Capabilities } from './capabilities.js';

/** libpod accepts this prefix on Podman 4.x and 5.x alike. */
export const LIBPOD_PREFIX = '/v4.0.0/libpod';
/** Docker-compatible API version we speak (Docker 20.10+, Podman's compat layer). */
export const COMPAT_PREFIX = '/v1.41';

export class ApiContext {
  constructor(
    readonly transport: HttpTransport,
    readonly caps: Capabilities,
  ) {}

  get isPodman(): boolean {
    return this.caps.flavor === 'podman';
  }

  libpod(path: string): string {
    return LIBPOD_PREFIX + path;
  }

  compat(path: string): string {
    return COMPAT_PREFIX + path;
  }

  /** Podman-only operations fail clearly on Docker. */
  requirePodman(operation: string): void {
    if (!this.isPodman) {
      throw new EngineError({
        kind: 'unsupported',
        operation,
        engineMessage: 'this needs Podman; the connected engine is Docker',
        hint: 'Connect Berth to a Podman engine to use pods and kube YAML.',
      });
    }
  }
}

/**
 * Path segment for an id or name: always encoded, never trusted. A bare `.`
 * or `..` would be a dot-segment that the engine's router cleans away (a 301
 * to another path), so those dots are encoded too.
 */
export function seg(idOrName: string): string {
  const s = encodeURIComponent(idOrName);
  return s === '.' || s === '..' ? s.replaceAll('.', '%2E') : s;
}
