import type { FitAddon } from '@xterm/addon-fit';
import type { Terminal } from '@xterm/xterm';
import { useEffect, type RefObject } from 'react';
import { useSettings } from '../stores/settings';

/**
 * Applies Settings to a pane's open terminal as the user changes them: font
 * size, screen-reader mode and, where the pane keeps it live, the scrollback;
 * then refits it if it is shown (a hidden pane refits when it appears).
 */
export function useLiveXtermSettings(refs: { term: RefObject<Terminal | null>; fit: RefObject<FitAddon | null>; host: RefObject<HTMLElement | null> }, liveScrollback: boolean): void {
  const scrollback = useSettings((st) => (liveScrollback ? st.scrollback : undefined));
  const fontSize = useSettings((st) => st.terminalFontSize);
  const screenReader = useSettings((st) => st.screenReaderMode);
  const { term: termRef, fit: fitRef, host: hostRef } = refs;
  useEffect(() => {
    const term = termRef.current;
    if (!term) return;
    if (scrollback !== undefined) term.options.scrollback = scrollback;
    term.options.fontSize = fontSize;
    term.options.screenReaderMode = screenReader;
    const host = hostRef.current;
    if (host && host.clientWidth > 0) {
      try {
        fitRef.current?.fit();
      } catch {
        // hidden
      }
    }
  }, [termRef, fitRef, hostRef, scrollback, fontSize, screenReader]);
}
