/**
 * Keyboard shortcuts: Ctrl/Cmd+K or "/" focus search, Ctrl/Cmd+R refresh,
 * Ctrl/Cmd+1..7 switch views. Menu/tray commands from the main side
 * (bridge.app.commands) do the same.
 */
import { useEffect } from 'react';
import { bridge } from '../bridge/client';
import { navigate, parseHash, viewForShortcut } from '../stores/ui';
import { focusSearch, refreshAll } from './actions';

function editable(el: EventTarget | null): boolean {
  if (!(el instanceof HTMLElement)) return false;
  if (el.isContentEditable) return true;
  if (el.closest('.xterm')) return true;
  const tag = el.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag === 'INPUT') {
    const type = (el as HTMLInputElement).type;
    return !['checkbox', 'radio', 'button', 'submit', 'reset'].includes(type);
  }
  return false;
}

export function useShortcuts(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const mod = e.ctrlKey || e.metaKey;
      if (document.querySelector('dialog[open]')) return;
      if (mod && !e.altKey && !e.shiftKey) {
        const k = e.key.toLowerCase();
        if (k === 'k') {
          e.preventDefault();
          focusSearch();
          return;
        }
        if (k === 'r') {
          e.preventDefault();
          void refreshAll();
          return;
        }
        const view = viewForShortcut(Number(e.key));
        if (view) {
          e.preventDefault();
          navigate(view);
          return;
        }
      }
      if (e.key === '/' && !mod && !e.altKey && !editable(e.target)) {
        e.preventDefault();
        focusSearch();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  useEffect(() => {
    let stopped = false;
    let sub: { unsubscribe: () => void } | undefined;
    const start = () => {
      if (stopped) return;
      sub = bridge.app.commands.subscribe(undefined, {
        onData: (cmd) => {
          if (cmd.kind === 'navigate') navigate(parseHash(cmd.route.startsWith('#') ? cmd.route : `#/${cmd.route.replace(/^\//, '')}`));
          else if (cmd.kind === 'refresh') void refreshAll();
          else if (cmd.kind === 'search') focusSearch();
        },
        onError: () => setTimeout(start, 5000),
      });
    };
    start();
    return () => {
      stopped = true;
      sub?.unsubscribe();
    };
  }, []);
}
