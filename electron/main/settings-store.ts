/**
 * Berth's own settings on disk (engines the user added, engines hidden,
 * close-to-tray): a small JSON file, written atomically. Unknown or broken
 * content is set aside rather than trusted.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';

export interface UserEngine {
  address: string;
  label?: string | undefined;
}

export interface Settings {
  engines: UserEngine[];
  /** Ids of engines the user chose not to show. */
  hiddenEngines: string[];
  closeToTray: boolean;
}

const DEFAULTS: Settings = { engines: [], hiddenEngines: [], closeToTray: true };

export function defaultSettingsFile(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CONFIG_HOME || (env.HOME ? path.join(env.HOME, '.config') : '.');
  return path.join(base, 'berth', 'settings.json');
}

function sanitize(raw: unknown): Settings {
  const o = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const engines = Array.isArray(o.engines)
    ? o.engines
        .filter((e): e is { address: string; label?: unknown } => !!e && typeof e === 'object' && typeof (e as { address?: unknown }).address === 'string')
        .map((e) => ({ address: e.address, ...(typeof e.label === 'string' ? { label: e.label } : {}) }))
    : [];
  const hiddenEngines = Array.isArray(o.hiddenEngines) ? o.hiddenEngines.filter((x): x is string => typeof x === 'string') : [];
  const closeToTray = typeof o.closeToTray === 'boolean' ? o.closeToTray : DEFAULTS.closeToTray;
  return { engines, hiddenEngines, closeToTray };
}

export class SettingsStore {
  private current: Settings = { ...DEFAULTS };
  private writing: Promise<void> = Promise.resolve();

  constructor(readonly file: string | undefined) {}

  async load(): Promise<Settings> {
    if (!this.file) return this.current;
    try {
      this.current = sanitize(JSON.parse(await readFile(this.file, 'utf8')));
    } catch {
      this.current = { ...DEFAULTS };
    }
    return this.current;
  }

  get(): Settings {
    return this.current;
  }

  update(change: (s: Settings) => Settings): Promise<void> {
    this.current = sanitize(change(structuredClone(this.current)));
    const file = this.file;
    if (!file) return Promise.resolve();
    const data = JSON.stringify(this.current, null, 2);
    this.writing = this.writing.then(async () => {
      await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
      const tmp = `${file}.${process.pid}.tmp`;
      await writeFile(tmp, data, { mode: 0o600 });
      await rename(tmp, file);
    });
    return this.writing;
  }
}
