/**
 * The machines backend over the engine's VM manager: keeps the last list,
 * follows status changes and progress lines, and turns a running machine's
 * API socket into an engine connection (and drops it when it stops).
 */
import { findOnPath, MachineManager, type MachineStatus, type Machine } from '../../../engine/src/index.js';
import type { MachineRow, MachinesState } from '../../contract/types.js';
import { hostLimits, unsupportedMachines, type MachineBackend } from './machines-service.js';

export interface MachineHooks {
  engineAvailable(name: string, address: string): void;
  engineGone(name: string, address: string): void;
  log(message: string): void;
}

const PROGRESS_LINES = 8;

export function createMachineBackend(hooks: MachineHooks, opts: { platform?: NodeJS.Platform; env?: NodeJS.ProcessEnv; uid?: number | undefined } = {}): MachineBackend {
  const platform = opts.platform ?? process.platform;
  const env = opts.env ?? process.env;
  const podman = findOnPath('podman', env, platform);
  if (!podman) return unsupportedMachines('Podman is not installed, so there are no machines to manage. Install Podman first (see the Dashboard).');
  const uid = 'uid' in opts ? opts.uid : process.getuid?.();
  if (platform === 'linux' && uid === 0) {
    return unsupportedMachines('`podman machine` does not run as root. On Linux containers run natively; machines are for macOS and Windows (or a non-root Linux user).');
  }

  const manager = new MachineManager({ podman, env, platform });
  const listeners = new Set<() => void>();
  const changed = () => listeners.forEach((l) => l());
  const progress = new Map<string, { operation: string; lines: string[] }>();
  let machines: Machine[] = [];
  let listed = false;
  let listError: string | undefined;

  const refresh = async () => {
    try {
      machines = await manager.list();
      listError = undefined;
    } catch (e) {
      listError = (e as Error).message;
    }
    listed = true;
    changed();
  };

  manager.on('change', (s: MachineStatus) => {
    if (!s.operation) progress.delete(s.name);
    if (s.machine) machines = [...machines.filter((m) => m.name !== s.name), s.machine];
    changed();
    if (!s.operation) void refresh();
  });
  manager.on('progress', (p) => {
    const entry = progress.get(p.name) ?? { operation: p.operation, lines: [] };
    entry.operation = p.operation;
    entry.lines = [...entry.lines, p.line].slice(-PROGRESS_LINES);
    progress.set(p.name, entry);
    changed();
  });
  manager.on('removed', ({ name }) => {
    machines = machines.filter((m) => m.name !== name);
    changed();
  });
  manager.on('engine-available', (e) => hooks.engineAvailable(e.name, e.address));
  manager.on('engine-gone', (e) => hooks.engineGone(e.name, e.address));

  const row = (m: Machine): MachineRow => {
    const status = manager.status(m.name);
    const busy = progress.get(m.name);
    return {
      name: m.name,
      provider: String(m.provider ?? ''),
      state: status?.state ?? m.state ?? 'unknown',
      cpus: m.cpus ?? 0,
      memoryBytes: m.memoryBytes ?? 0,
      diskBytes: m.diskBytes ?? 0,
      isDefault: !!m.isDefault,
      lastUp: m.lastUp ?? undefined,
      socket: m.address ?? undefined,
      rootful: m.rootful ?? undefined,
      userModeNetworking: m.userModeNetworking ?? undefined,
      busy: status?.operation ? { operation: status.operation, lines: busy?.lines ?? [] } : undefined,
      error: status?.state === 'error' && status.error ? { message: status.error.message, lines: status.lastOutput.slice(-20), hint: status.error.hint } : undefined,
    };
  };

  void refresh();
  const act = async (fn: () => Promise<unknown>) => {
    try {
      await fn();
    } finally {
      void refresh();
    }
  };

  return {
    state: async (): Promise<MachinesState> => {
      if (!listed) await refresh();
      return { supported: true, ...(listError ? { reason: listError } : {}), host: hostLimits(), machines: machines.map(row).sort((a, b) => a.name.localeCompare(b.name)) };
    },
    onChange: (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    create: (input) =>
      act(async () => {
        await manager.init({
          name: input.name,
          ...(input.cpus ? { cpus: input.cpus } : {}),
          ...(input.memoryMiB ? { memoryMiB: input.memoryMiB } : {}),
          ...(input.diskGiB ? { diskGiB: input.diskGiB } : {}),
          ...(input.rootful !== undefined ? { rootful: input.rootful } : {}),
          ...(input.image ? { image: input.image } : {}),
          ...(input.userModeNetworking !== undefined ? { userModeNetworking: input.userModeNetworking } : {}),
          ...(input.provider ? { provider: input.provider } : {}),
          // Podman's default (`local`) asks timedatectl on Linux, which fails without systemd: name the zone.
          ...(hostTimeZone() ? { timezone: hostTimeZone() } : {}),
        });
        if (input.start) await manager.start(input.name);
      }),
    start: (name) => act(() => manager.start(name)),
    stop: (name) => act(() => manager.stop(name)),
    restart: (name) => act(() => manager.restart(name)),
    remove: (name) => act(() => manager.remove(name)),
    set: ({ name, ...opts }) => act(() => manager.set(name, opts)),
    setDefault: (name) => act(() => manager.makeDefault(name)),
    cancel: async (name) => {
      manager.cancel(name);
    },
    dispose: () => manager.dispose(),
  };
}

/** The host's IANA time zone when it has a usable name ("Europe/Berlin", "UTC"). */
function hostTimeZone(): string | undefined {
  const tz = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return tz && /^[A-Za-z0-9_+\-/]+$/.test(tz) ? tz : undefined;
}
