/**
 * The tray as data: a pure function from what Berth knows (engines and
 * machines, running containers, the window, operations in flight) to a menu
 * description, the icon's state and its tooltip. No Electron import: the thin
 * wiring in tray.electron.ts turns this into a native menu, and the unit
 * tests check every rule here.
 */
import type { ContainerRow, EngineEntry, MachinesState, TrayIconState, TrayMenuItem } from '../contract/types.js';

export type { TrayAction, TrayIconState, TrayMenuItem } from '../contract/types.js';

/** An engine or a `podman machine`, as the tray shows it. */
export interface TrayTarget {
  /** Engine id, or machine name. */
  id: string;
  kind: 'engine' | 'machine';
  label: string;
  state: TrayIconState;
  /** Words for the state when they say more than the state (e.g. "Stopping…"). */
  stateText?: string | undefined;
  canStart: boolean;
  canStop: boolean;
}

/** An operation Berth is running, so its menu items are disabled and say so. */
export interface TrayBusy {
  target: 'container' | 'engine' | 'machine';
  /** `engine/id` for a container; the target's id otherwise. */
  id: string;
  operation: 'start' | 'stop' | 'restart';
}

export interface TrayState {
  targets: TrayTarget[];
  /** Every container Berth sees; the tray keeps the running ones. */
  containers: ContainerRow[];
  windowVisible: boolean;
  busy: TrayBusy[];
  /** "Keep Berth in the tray when its window closes". */
  closeToTray?: boolean | undefined;
}

/** How many running containers the menu lists; the rest open the Containers view. */
export const TRAY_CONTAINER_LIMIT = 10;
/** Longest label (in characters as a person counts them) before it is ellipsized. */
export const TRAY_LABEL_MAX = 40;
/** Windows keeps 127 characters of a tray tooltip. */
export const TRAY_TOOLTIP_MAX = 127;

const STATE_WORDS: Record<TrayIconState, string> = { running: 'Running', starting: 'Starting…', stopped: 'Stopped', error: 'Error' };

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * A name as a plain menu label: control and bidi-override characters removed
 * (a name cannot break the line or reverse the text), ellipsized by
 * graphemes (an emoji or accented letter is never cut in half), and `&`
 * doubled, because Electron reads a single `&` as a keyboard mnemonic on
 * Windows and Linux and drops it on macOS; `&&` shows one `&` everywhere.
 * Everything else, shell metacharacters included, stays as it is: labels are
 * text, never run.
 */
export function menuLabel(text: string, max = TRAY_LABEL_MAX): string {
  const clean = text
    .replace(/[\p{Cc}\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const graphemes = [...segmenter.segment(clean)].map((s) => s.segment);
  const short =
    graphemes.length > max
      ? `${graphemes
          .slice(0, max - 1)
          .join('')
          .trimEnd()}…`
      : clean;
  return short.replace(/&/g, '&&');
}

/** The menu's list: running, not a pod's infra container, most recently started first (then created, then name). */
export function runningContainers(containers: readonly ContainerRow[]): ContainerRow[] {
  const when = (c: ContainerRow) => c.startedAt ?? c.created ?? 0;
  return containers.filter((c) => c.state === 'running' && !c.isInfra).sort((a, b) => when(b) - when(a) || b.created - a.created || a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
}

/** The route that opens a container's logs, on its own engine. */
export function logsRoute(c: Pick<ContainerRow, 'id' | 'engine'>): string {
  const base = `containers/${encodeURIComponent(c.id)}/logs`;
  return c.engine ? `${base}?engine=${encodeURIComponent(c.engine)}` : base;
}

/** Error wins, then starting, then running; nothing running (or nothing at all) is stopped. */
export function trayIconState(state: Pick<TrayState, 'targets' | 'busy'>): TrayIconState {
  const states = state.targets.map((t) => effectiveState(t, state.busy));
  if (states.includes('error')) return 'error';
  if (states.includes('starting')) return 'starting';
  if (states.includes('running')) return 'running';
  return 'stopped';
}

/** One line: how many containers run and how the engines are; at most 127 characters. */
export function trayTooltip(state: Pick<TrayState, 'targets' | 'busy' | 'containers'>): string {
  const icon = trayIconState(state);
  const running = runningContainers(state.containers).length;
  const plain = (s: string) =>
    s
      .replace(/[\p{Cc}\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu, ' ')
      .replace(/\s+/g, ' ')
      .trim();
  let text: string;
  if (state.targets.length === 0) text = 'Berth: no container engine';
  else if (icon === 'error') {
    const failed = state.targets.filter((t) => effectiveState(t, state.busy) === 'error').map((t) => plain(t.label));
    text = `Berth: ${failed.join(', ')} ${failed.length === 1 ? 'has' : 'have'} a problem`;
  } else if (icon === 'starting') text = 'Berth: starting…';
  else if (icon === 'stopped') text = 'Berth: engine stopped';
  else text = `Berth: ${running === 0 ? 'no containers' : running === 1 ? '1 container' : `${running} containers`} running`;
  if (icon !== 'running' && icon !== 'stopped' && running > 0) text += ` · ${running} running`;
  const chars = [...segmenter.segment(text)].map((s) => s.segment);
  return chars.length > TRAY_TOOLTIP_MAX ? `${chars.slice(0, TRAY_TOOLTIP_MAX - 1).join('')}…` : text;
}

function busyOf(busy: readonly TrayBusy[], target: TrayBusy['target'], id: string): TrayBusy | undefined {
  return busy.find((b) => b.target === target && b.id === id);
}

function effectiveState(t: TrayTarget, busy: readonly TrayBusy[]): TrayIconState {
  // A start Berth asked for shows as starting before the engine says so.
  if (t.state !== 'error' && busyOf(busy, t.kind, t.id)?.operation === 'start') return 'starting';
  return t.state;
}

const BUSY_WORDS: Record<TrayBusy['operation'], string> = { start: 'Starting…', stop: 'Stopping…', restart: 'Restarting…' };

function targetItem(t: TrayTarget, busy: readonly TrayBusy[]): TrayMenuItem {
  const op = busyOf(busy, t.kind, t.id);
  const words = op ? BUSY_WORDS[op.operation] : (t.stateText ?? STATE_WORDS[t.state]);
  const label = `${menuLabel(t.label)} — ${words}`;
  if (!t.canStart && !t.canStop && !op) {
    // A plain socket: Berth cannot start or stop it; clicking shows it in Settings.
    return { label, action: { kind: 'navigate', route: t.kind === 'machine' ? 'machines' : 'settings' } };
  }
  return {
    label,
    submenu: [
      { label: 'Start', enabled: t.canStart && !op, action: { kind: 'target', operation: 'start', target: t.kind, id: t.id } },
      { label: 'Stop', enabled: t.canStop && !op, action: { kind: 'target', operation: 'stop', target: t.kind, id: t.id } },
    ],
  };
}

function containerItem(c: ContainerRow, busy: readonly TrayBusy[], engineLabel: string | undefined): TrayMenuItem {
  const op = busyOf(busy, 'container', `${c.engine}/${c.id}`);
  const name = menuLabel(c.name || c.id.slice(0, 12));
  const where = engineLabel ? ` (${menuLabel(engineLabel, 20)})` : '';
  return {
    label: `${name}${where}${op ? ` — ${BUSY_WORDS[op.operation]}` : ''}`,
    submenu: [
      { label: 'Stop', enabled: !op, action: { kind: 'container', operation: 'stop', engine: c.engine, id: c.id } },
      { label: 'Restart', enabled: !op, action: { kind: 'container', operation: 'restart', engine: c.engine, id: c.id } },
      { label: 'Open logs', action: { kind: 'container', operation: 'logs', engine: c.engine, id: c.id } },
    ],
  };
}

/** The whole tray menu, top to bottom. */
export function trayMenu(state: TrayState): TrayMenuItem[] {
  const items: TrayMenuItem[] = [{ label: 'Open Berth', action: { kind: 'open' } }];
  if (state.windowVisible) items.push({ label: 'Hide Berth', action: { kind: 'hide' } });
  items.push({ type: 'separator' });

  if (state.targets.length === 0) items.push({ label: 'No container engine found', enabled: false }, { label: 'Set up an engine…', action: { kind: 'navigate', route: 'dashboard' } });
  else for (const t of state.targets) items.push(targetItem(t, state.busy));
  items.push({ type: 'separator' });

  const running = runningContainers(state.containers);
  // With containers from several engines, each says where it runs.
  const engines = new Set(running.map((c) => c.engine));
  const labels = new Map(state.targets.filter((t) => t.kind === 'engine').map((t) => [t.id, t.label]));
  if (running.length === 0) items.push({ label: 'No running containers', enabled: false });
  else {
    items.push({ label: 'Running containers', enabled: false });
    for (const c of running.slice(0, TRAY_CONTAINER_LIMIT)) items.push(containerItem(c, state.busy, engines.size > 1 ? (labels.get(c.engine) ?? c.engine) : undefined));
    const more = running.length - TRAY_CONTAINER_LIMIT;
    if (more > 0) items.push({ label: `${more} more running…`, action: { kind: 'navigate', route: 'containers' } });
  }
  items.push({ type: 'separator' });

  if (state.closeToTray !== undefined) {
    items.push({ label: 'Keep Berth in the tray when its window closes', type: 'checkbox', checked: state.closeToTray, action: { kind: 'toggle-close-to-tray', value: !state.closeToTray } });
  }
  items.push({ label: 'Quit Berth', action: { kind: 'quit' } });
  return items;
}

/**
 * Engines and machines as the tray lists them. Hidden engines are left out,
 * and so is a machine's own engine: the machine's row says the same and can
 * start and stop it. Berth cannot start or stop a plain socket.
 */
export function trayTargets(engines: readonly EngineEntry[], machines: MachinesState | undefined): TrayTarget[] {
  const out: TrayTarget[] = [];
  const listed = machines?.supported ? machines.machines : [];
  const isListedMachine = (e: EngineEntry) => e.source === 'machine' && listed.some((m) => e.label === `machine ${m.name}` || e.label === m.name || (!!m.socket && e.address.endsWith(m.socket)));
  for (const e of engines) {
    if (!e.enabled || isListedMachine(e)) continue;
    const state: TrayIconState = e.health.state === 'healthy' ? 'running' : e.health.state === 'connecting' ? 'starting' : 'error';
    const label = e.embedded ? `${e.label} (Berth's own)` : e.label;
    out.push({ id: e.id, kind: 'engine', label, state, stateText: e.health.state === 'unreachable' ? 'Unreachable' : undefined, canStart: false, canStop: false });
  }
  for (const m of listed) {
    const busy = !!m.busy;
    const state: TrayIconState = m.state === 'error' ? 'error' : m.state === 'running' ? 'running' : m.state === 'starting' || m.state === 'stopping' ? 'starting' : 'stopped';
    const stateText = m.state === 'stopping' ? 'Stopping…' : m.state === 'unknown' ? 'Unknown' : undefined;
    out.push({
      id: m.name,
      kind: 'machine',
      label: `${m.name} (machine)`,
      state,
      stateText,
      canStart: !busy && (m.state === 'stopped' || m.state === 'error' || m.state === 'unknown'),
      canStop: !busy && (m.state === 'running' || m.state === 'starting'),
    });
  }
  return out;
}

/** The icon file for a state, relative to the tray icons folder. */
export function trayIconFile(platform: NodeJS.Platform, state: TrayIconState): string {
  // macOS: black template images (the system tints them for light and dark bars); Electron finds the @2x file itself.
  if (platform === 'darwin') return state === 'running' ? 'trayTemplate.png' : `tray-${state}Template.png`;
  // Windows: an .ico with 16–48 px, so each display scale gets a drawn size, not a scaled one.
  if (platform === 'win32') return `tray-${state}.ico`;
  // Linux: 32 px; StatusNotifier hosts scale it to the panel (22–24 px usually) themselves.
  return `tray-${state}.png`;
}
