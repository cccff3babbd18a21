/**
 * What the logs and terminal panes share about xterm.js: a theme that follows
 * the OS light/dark setting, user settings read from localStorage, a clipboard
 * write that works without the async Clipboard API, a safe link opener, and
 * fitting the terminal to its host.
 */
import type { FitAddon } from '@xterm/addon-fit';
import type { ITheme, Terminal } from '@xterm/xterm';

const DARK: ITheme = {
  background: '#1e1e1e',
  foreground: '#d4d4d4',
  cursor: '#d4d4d4',
  cursorAccent: '#1e1e1e',
  selectionBackground: '#264f78',
  black: '#000000',
  red: '#f14c4c',
  green: '#23d18b',
  yellow: '#f5f543',
  blue: '#3b8eea',
  magenta: '#d670d6',
  cyan: '#29b8db',
  white: '#e5e5e5',
  brightBlack: '#8a8a8a',
  brightRed: '#f14c4c',
  brightGreen: '#23d18b',
  brightYellow: '#f5f543',
  brightBlue: '#3b8eea',
  brightMagenta: '#d670d6',
  brightCyan: '#29b8db',
  brightWhite: '#ffffff',
};

const LIGHT: ITheme = {
  background: '#ffffff',
  foreground: '#1f1f1f',
  cursor: '#1f1f1f',
  cursorAccent: '#ffffff',
  selectionBackground: '#add6ff',
  black: '#000000',
  red: '#b91c1c',
  green: '#107c10',
  yellow: '#8a6d00',
  blue: '#0451a5',
  magenta: '#a21caf',
  cyan: '#0e7490',
  white: '#555555',
  brightBlack: '#666666',
  brightRed: '#cd3131',
  brightGreen: '#14a10e',
  brightYellow: '#946b00',
  brightBlue: '#0451a5',
  brightMagenta: '#bc05bc',
  brightCyan: '#0598bc',
  brightWhite: '#333333',
};

const darkQuery = typeof window !== 'undefined' && window.matchMedia ? window.matchMedia('(prefers-color-scheme: dark)') : undefined;

/**
 * A theme colour as the page shows it now, as rgb(…). The variables hold
 * light-dark() pairs, which only a computed colour resolves, so read one
 * off a probe; '' when the variable is not set.
 */
function cssVar(name: string): string {
  if (!getComputedStyle(document.documentElement).getPropertyValue(name).trim()) return '';
  const probe = document.createElement('span');
  probe.style.color = `var(${name})`;
  document.documentElement.append(probe);
  const color = getComputedStyle(probe).color;
  probe.remove();
  return color;
}

/** Relative luminance of an rgb(…) colour, or undefined when it is not one. */
function luminance(rgb: string): number | undefined {
  const m = /^rgba?\((\d+),\s*(\d+),\s*(\d+)/.exec(rgb);
  if (!m) return undefined;
  return (0.2126 * Number(m[1]) + 0.7152 * Number(m[2]) + 0.0722 * Number(m[3])) / 255;
}

/** True when the app shows its dark theme (Settings' html[data-theme] wins over the OS). */
export function isDark(): boolean {
  const forced = document.documentElement.dataset.theme;
  if (forced === 'dark') return true;
  if (forced === 'light') return false;
  const l = luminance(cssVar('--bg'));
  if (l !== undefined) return l < 0.5;
  return !!darkQuery?.matches;
}

/** The app's own background/foreground/selection colours with an ANSI palette that reads well on them. */
export function currentTheme(): ITheme {
  const base = isDark() ? DARK : LIGHT;
  const bg = cssVar('--bg');
  const fg = cssVar('--fg');
  const sel = cssVar('--bg-selected');
  return {
    ...base,
    ...(bg ? { background: bg, cursorAccent: bg } : {}),
    ...(fg ? { foreground: fg, cursor: fg } : {}),
    ...(sel ? { selectionBackground: sel } : {}),
  };
}

/** Keep a terminal's colours in step with the OS theme and the Settings choice; returns the unsubscribe. */
export function followTheme(term: Terminal): () => void {
  const onChange = () => {
    term.options.theme = currentTheme();
  };
  darkQuery?.addEventListener('change', onChange);
  const mo = new MutationObserver(onChange);
  mo.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme', 'class', 'style'] });
  return () => {
    darkQuery?.removeEventListener('change', onChange);
    mo.disconnect();
  };
}

/**
 * Keeps a terminal fitted to its host: once now and after every size change,
 * in the next frame, and only while the host is shown (a hidden pane has no
 * size to fit). Returns the stop.
 */
export function fitToHost(host: HTMLElement, fit: FitAddon): () => void {
  let frame = 0;
  const refit = () => {
    cancelAnimationFrame(frame);
    frame = requestAnimationFrame(() => {
      if (host.clientWidth > 0 && host.clientHeight > 0) {
        try {
          fit.fit();
        } catch {
          // not laid out yet
        }
      }
    });
  };
  const ro = new ResizeObserver(refit);
  ro.observe(host);
  refit();
  return () => {
    cancelAnimationFrame(frame);
    ro.disconnect();
  };
}

export const TERMINAL_FONT = 'ui-monospace, "Cascadia Mono", "SF Mono", Menlo, Consolas, "DejaVu Sans Mono", "Liberation Mono", monospace';

function readSetting(key: string): string | null {
  try {
    return window.localStorage.getItem(key);
  } catch {
    return null;
  }
}

/** Lines of scrollback the user chose in Settings (localStorage 'berth.scrollback'), default 10,000. */
export function scrollbackSetting(): number {
  const n = Number(readSetting('berth.scrollback'));
  return Number.isFinite(n) && n >= 100 ? Math.min(Math.floor(n), 1_000_000) : 10_000;
}

/** xterm's screen reader mode costs speed, so it is off unless the user turned it on ('berth.screenReaderMode' = 'true'). */
export function screenReaderSetting(): boolean {
  return readSetting('berth.screenReaderMode') === 'true';
}

export function fontSizeSetting(): number {
  const n = Number(readSetting('berth.terminalFontSize'));
  return Number.isFinite(n) && n >= 8 && n <= 32 ? n : 13;
}

/** Copy text; falls back to a hidden textarea when the Clipboard API is refused (e.g. by a permission handler). */
export async function copyText(text: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
    return;
  } catch {
    // fall through
  }
  const ta = document.createElement('textarea');
  ta.value = text;
  ta.setAttribute('readonly', '');
  ta.style.position = 'fixed';
  ta.style.opacity = '0';
  document.body.appendChild(ta);
  const active = document.activeElement as HTMLElement | null;
  ta.select();
  try {
    if (!document.execCommand('copy')) throw new Error('The clipboard is not available');
  } finally {
    ta.remove();
    active?.focus();
  }
}

/** Links in output open only when they are http(s), in a new window without opener. */
export function openLink(_event: MouseEvent, uri: string): void {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return;
  window.open(url.href, '_blank', 'noopener,noreferrer');
}

/** Every line of the buffer (scrollback included) as plain text. */
export function bufferText(term: Terminal): string {
  const buf = term.buffer.active;
  const out: string[] = [];
  let line = '';
  for (let i = 0; i < buf.length; i++) {
    const l = buf.getLine(i);
    if (!l) continue;
    const text = l.translateToString(true);
    if (l.isWrapped) line += text;
    else {
      if (i > 0) out.push(line);
      line = text;
    }
  }
  out.push(line);
  while (out.length && out[out.length - 1] === '') out.pop();
  return out.join('\n');
}
