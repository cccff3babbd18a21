/**
 * User settings kept in localStorage (keys shared with the logs/terminal
 * panes: berth.scrollback, berth.terminalFontSize, berth.screenReaderMode).
 */
import { create } from 'zustand';
import { COMPOSE_PROVIDER_IDS, type ComposeProviderId } from '../../../electron/contract/index.js';

export type ThemeChoice = 'system' | 'light' | 'dark';

function read(key: string): string | null {
  try {
    return window.localStorage.getItem(key);
  } catch {
    return null;
  }
}
function write(key: string, value: string): void {
  try {
    window.localStorage.setItem(key, value);
  } catch {
    /* storage refused: keep the value for this session */
  }
}

export const DEFAULT_SCROLLBACK = 10_000;

function readScrollback(): number {
  const n = Number(read('berth.scrollback'));
  return Number.isFinite(n) && n >= 100 ? Math.min(Math.floor(n), 1_000_000) : DEFAULT_SCROLLBACK;
}
function readTheme(): ThemeChoice {
  const t = read('berth.theme');
  return t === 'light' || t === 'dark' ? t : 'system';
}

interface SettingsState {
  theme: ThemeChoice;
  scrollback: number;
  terminalFontSize: number;
  screenReaderMode: boolean;
  /** The compose tool to use ('' = the first found: docker compose, docker-compose, podman compose, podman-compose). */
  composeProvider: ComposeProviderId | '';
}

export const useSettings = create<SettingsState>(() => ({
  theme: readTheme(),
  scrollback: readScrollback(),
  terminalFontSize: (() => {
    const n = Number(read('berth.terminalFontSize'));
    return Number.isFinite(n) && n >= 8 && n <= 32 ? n : 13;
  })(),
  screenReaderMode: read('berth.screenReaderMode') === 'true',
  composeProvider: (COMPOSE_PROVIDER_IDS as readonly string[]).includes(read('berth.composeProvider') ?? '') ? (read('berth.composeProvider') as ComposeProviderId) : '',
}));

export function setComposeProvider(id: ComposeProviderId | ''): void {
  write('berth.composeProvider', id);
  useSettings.setState({ composeProvider: id });
}

export function applyTheme(theme: ThemeChoice): void {
  const root = document.documentElement;
  if (theme === 'system') delete root.dataset.theme;
  else root.dataset.theme = theme;
}

export function setTheme(theme: ThemeChoice): void {
  write('berth.theme', theme);
  applyTheme(theme);
  useSettings.setState({ theme });
}

export function setScrollback(lines: number): void {
  write('berth.scrollback', String(lines));
  useSettings.setState({ scrollback: lines });
}

export function setTerminalFontSize(size: number): void {
  write('berth.terminalFontSize', String(size));
  useSettings.setState({ terminalFontSize: size });
}

export function setScreenReaderMode(on: boolean): void {
  write('berth.screenReaderMode', String(on));
  useSettings.setState({ screenReaderMode: on });
}
