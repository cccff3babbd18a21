/**
 * Podman secrets: list, inspect, create, remove. A secret's value goes to
 * the engine once, as the body of the create call, and is never read back:
 * inspect does not ask for it (`showsecret`), and nothing here logs it.
 * Docker keeps secrets only in swarm mode, which Berth does not manage: on
 * Docker the list is empty and the rest says it needs Podman.
 */
import type { SecretDetails, SecretSummary } from '../models/secrets.js';
import { seg, type ApiContext } from './context.js';
import { epochMs } from './wire-values.js';

export type { SecretDetails, SecretSummary };

interface RawSecret {
  ID?: string;
  Spec?: { Name?: string; Driver?: { Name?: string; Options?: Record<string, string> | null }; Labels?: Record<string, string> | null };
  CreatedAt?: string;
  UpdatedAt?: string;
}

export function secretFrom(raw: RawSecret): SecretDetails {
  return {
    id: String(raw.ID ?? ''),
    name: String(raw.Spec?.Name ?? ''),
    driver: String(raw.Spec?.Driver?.Name ?? ''),
    created: epochMs(raw.CreatedAt),
    updated: epochMs(raw.UpdatedAt),
    labels: { ...(raw.Spec?.Labels ?? {}) },
    driverOptions: { ...(raw.Spec?.Driver?.Options ?? {}) },
  };
}

export interface SecretCreateOptions {
  name: string;
  /** The secret itself: sent once, never returned. */
  value: string | Buffer;
  driver?: string;
  labels?: Record<string, string>;
}

export class SecretsApi {
  constructor(private readonly ctx: ApiContext) {}

  async list(): Promise<SecretSummary[]> {
    if (!this.ctx.isPodman) return [];
    const rows = await this.ctx.transport.json<RawSecret[] | null>({ path: this.ctx.libpod('/secrets/json'), operation: 'List secrets' });
    return (rows ?? []).map((r) => {
      const { driverOptions: _, ...summary } = secretFrom(r);
      return summary;
    });
  }

  /** A secret's metadata, without its value. */
  async inspect(nameOrId: string): Promise<SecretDetails> {
    const operation = `Inspect secret ${nameOrId}`;
    this.ctx.requirePodman(operation);
    return secretFrom(await this.ctx.transport.json<RawSecret>({ path: this.ctx.libpod(`/secrets/${seg(nameOrId)}/json`), operation }));
  }

  /** Store a new secret; an existing name is refused by the engine (`name-in-use`). */
  async create(opts: SecretCreateOptions): Promise<{ id: string }> {
    const operation = `Create secret ${opts.name}`;
    this.ctx.requirePodman(operation);
    const reply = await this.ctx.transport.json<{ ID?: string }>({
      method: 'POST',
      path: this.ctx.libpod('/secrets/create'),
      query: { name: opts.name, driver: opts.driver ?? 'file', labels: opts.labels && Object.keys(opts.labels).length ? JSON.stringify(opts.labels) : undefined },
      body: typeof opts.value === 'string' ? Buffer.from(opts.value, 'utf8') : opts.value,
      operation,
    });
    return { id: String(reply?.ID ?? '') };
  }

  async remove(nameOrId: string): Promise<void> {
    const operation = `Remove secret ${nameOrId}`;
    this.ctx.requirePodman(operation);
    await this.ctx.transport.call({ method: 'DELETE', path: this.ctx.libpod(`/secrets/${seg(nameOrId)}`), operation });
  }
}
