/**
 * An interactive shell in a running container, in xterm.js.
 *
 * The session is opened with the terminal's fitted size, output arrives on a
 * subscription, keystrokes typed within one animation frame go out as one
 * input call (and never overtake each other), and size changes are debounced.
 * The parent keeps this pane mounted while hidden; it refits when shown. The
 * session is closed on unmount.
 */
import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { Terminal } from '@xterm/xterm';
import { FitAddon } from '@xterm/addon-fit';
import { WebLinksAddon } from '@xterm/addon-web-links';
import '@xterm/xterm/css/xterm.css';
import type { TerminalEvent } from '../../../../electron/contract/index.js';
import { bridge, describeError } from '../../bridge/client';
import { Button } from '../../components/Button';
import { ErrorMessage, type DescribedError } from '../../components/ErrorMessage';
import { describeStreamError } from '../../components/stream-error';
import { Icon } from '../../components/Icon';
import { copyText, currentTheme, fitToHost, followTheme, fontSizeSetting, openLink, screenReaderSetting, scrollbackSetting, TERMINAL_FONT } from './xterm-setup';
import '../xterm-pane.css';
import { useLiveXtermSettings } from '../useLiveXtermSettings';
import './terminal.css';

export interface TerminalPaneProps {
  containerId: string;
  /** The engine the container lives on (an EngineEntry id); the primary one when absent. */
  engine?: string | undefined;
  running: boolean;
  /** The container's name, for labels ("Terminal of web"). Defaults to the id. */
  name?: string | undefined;
}

type Phase =
  | { state: 'not-running' }
  | { state: 'opening' }
  | { state: 'open'; shell: string }
  | { state: 'shell-exited'; code: number | null }
  | { state: 'container-stopped' }
  | { state: 'error'; error: DescribedError };

const MAX_INPUT = 60 * 1024;
const RESIZE_DEBOUNCE_MS = 120;

export function TerminalPane({ containerId, engine, running, name }: TerminalPaneProps) {
  const label = name || containerId;
  const hostRef = useRef<HTMLDivElement>(null);
  const paneRef = useRef<HTMLDivElement>(null);
  const termRef = useRef<Terminal | null>(null);
  const fitRef = useRef<FitAddon | null>(null);
  /** The live session, if any: where input and resizes go. */
  const sessionRef = useRef<string | null>(null);
  /** A session is being opened: keystrokes typed meanwhile wait for it instead of being dropped. */
  const openingRef = useRef(false);
  /** Sends what was typed while the session was opening (set by the input effect). */
  const kickRef = useRef<() => void>(() => undefined);
  const [phase, setPhase] = useState<Phase>(running ? { state: 'opening' } : { state: 'not-running' });
  const [connectKey, setConnectKey] = useState(0);
  const hadSession = useRef(false);
  const hintId = useId();

  // The terminal: created once per pane.
  useEffect(() => {
    const host = hostRef.current;
    if (!host) return;
    const term = new Terminal({
      scrollback: Math.min(scrollbackSetting(), 50_000),
      cursorBlink: true,
      screenReaderMode: screenReaderSetting(),
      fontFamily: TERMINAL_FONT,
      fontSize: fontSizeSetting(),
      theme: currentTheme(),
      macOptionIsMeta: true,
    });
    const fit = new FitAddon();
    term.loadAddon(fit);
    term.loadAddon(new WebLinksAddon(openLink));
    term.open(host);
    // The person opened the Terminal tab to type: take the keyboard at once.
    term.focus();
    termRef.current = term;
    fitRef.current = fit;
    const unTheme = followTheme(term);

    term.attachCustomKeyEventHandler((e) => {
      if (e.type !== 'keydown') return true;
      // A way out of the terminal for keyboard users (Tab belongs to the shell).
      if (e.key === 'Escape' && e.shiftKey) {
        e.preventDefault();
        const next = paneRef.current?.querySelector<HTMLElement>('.term-status button');
        if (next) next.focus();
        else paneRef.current?.focus();
        return false;
      }
      // Ctrl+Shift+C copies the selection (Ctrl+C stays an interrupt for the shell).
      if (e.ctrlKey && e.shiftKey && e.key.toLowerCase() === 'c') {
        if (term.hasSelection()) void copyText(term.getSelection());
        e.preventDefault();
        return false;
      }
      return true;
    });

    // Keystrokes typed within one frame go out together; a send never overtakes the previous one.
    let buffer = '';
    let scheduled = 0;
    let sending = false;
    const flush = () => {
      scheduled = 0;
      const session = sessionRef.current;
      if (sending || !buffer) return;
      if (!session) {
        // Still opening: keep what was typed (in order) until the session exists; otherwise there is nowhere to send it.
        if (!openingRef.current) buffer = '';
        return;
      }
      const data = buffer.slice(0, MAX_INPUT);
      buffer = buffer.slice(data.length);
      sending = true;
      bridge.terminal.input
        .mutate({ session, data })
        .catch(() => {
          // The output subscription reports a dead session; typing into it is not worth a second message.
        })
        .finally(() => {
          sending = false;
          if (buffer && !scheduled) scheduled = requestAnimationFrame(flush);
        });
    };
    const onData = term.onData((d) => {
      if (!sessionRef.current && !openingRef.current) return;
      if (!sessionRef.current && buffer.length > MAX_INPUT) return; // typed ahead more than one message holds
      buffer += d;
      if (!scheduled && !sending) scheduled = requestAnimationFrame(flush);
    });
    kickRef.current = () => {
      if (buffer && !scheduled && !sending) scheduled = requestAnimationFrame(flush);
    };

    // Size: fit to the host (only when visible), tell the engine after it settles.
    let resizeTimer: ReturnType<typeof setTimeout> | undefined;
    const onResize = term.onResize(({ cols, rows }) => {
      clearTimeout(resizeTimer);
      resizeTimer = setTimeout(() => {
        const session = sessionRef.current;
        if (session) bridge.terminal.resize.mutate({ session, cols, rows }).catch(() => {});
      }, RESIZE_DEBOUNCE_MS);
    });
    const unFit = fitToHost(host, fit);

    return () => {
      unFit();
      cancelAnimationFrame(scheduled);
      clearTimeout(resizeTimer);
      onData.dispose();
      onResize.dispose();
      unTheme();
      term.dispose();
      termRef.current = null;
      fitRef.current = null;
    };
  }, []);

  // Settings apply while the pane is open; the scrollback from the next time it opens.
  useLiveXtermSettings({ term: termRef, fit: fitRef, host: hostRef }, false);

  // The session: opened while the container runs; closed when it stops, on reconnect and on unmount.
  useEffect(() => {
    const term = termRef.current;
    if (!term) return;
    if (!running) {
      setPhase(hadSession.current ? { state: 'container-stopped' } : { state: 'not-running' });
      return;
    }
    let cancelled = false;
    let session: string | null = null;
    let unsubscribe: (() => void) | null = null;
    setPhase({ state: 'opening' });
    openingRef.current = true;

    const host = hostRef.current;
    if (host && host.clientWidth > 0 && host.clientHeight > 0) {
      try {
        fitRef.current?.fit();
      } catch {
        // keep the current size
      }
    }
    const cols = Math.max(2, Math.min(1000, term.cols || 80));
    const rows = Math.max(1, Math.min(1000, term.rows || 24));

    bridge.terminal.open
      .mutate({ ...(engine ? { engine } : {}), id: containerId, cols, rows })
      .then((res) => {
        if (cancelled) {
          void bridge.terminal.close.mutate({ session: res.session }).catch(() => {});
          return;
        }
        session = res.session;
        sessionRef.current = res.session;
        openingRef.current = false;
        hadSession.current = true;
        setPhase({ state: 'open', shell: res.shell });
        const sub = bridge.terminal.output.subscribe(
          { session: res.session },
          {
            onData: (ev: TerminalEvent) => {
              if (cancelled) return;
              if (ev.kind === 'data') term.write(ev.data);
              else if (ev.kind === 'exit') {
                sessionRef.current = null;
                setPhase(ev.containerRunning ? { state: 'shell-exited', code: ev.code } : { state: 'container-stopped' });
              } else if (ev.kind === 'error') {
                sessionRef.current = null;
                setPhase({ state: 'error', error: describeStreamError(ev.error) });
              }
            },
            onError: (err) => {
              if (cancelled) return;
              sessionRef.current = null;
              setPhase({ state: 'error', error: describeError(err) });
            },
          },
        );
        unsubscribe = () => sub.unsubscribe();
        // The size may have changed while the session was opening.
        if (term.cols !== cols || term.rows !== rows) void bridge.terminal.resize.mutate({ session: res.session, cols: term.cols, rows: term.rows }).catch(() => {});
        // What was typed while it opened goes now, before anything typed later (the main side holds it until the shell is up).
        kickRef.current();
      })
      .catch((err) => {
        openingRef.current = false;
        if (!cancelled) setPhase({ state: 'error', error: describeError(err) });
      });

    return () => {
      cancelled = true;
      openingRef.current = false;
      unsubscribe?.();
      if (sessionRef.current === session) sessionRef.current = null;
      if (session) void bridge.terminal.close.mutate({ session }).catch(() => {});
    };
  }, [containerId, engine, running, connectKey]);

  const reconnect = () => {
    const term = termRef.current;
    if (term) {
      term.write('\r\n\x1b[2m── reconnecting ──\x1b[0m\r\n');
    }
    setConnectKey((k) => k + 1);
    requestAnimationFrame(() => termRef.current?.focus());
  };

  let status: ReactNode;
  switch (phase.state) {
    case 'not-running':
      status = <span>The container is not running. Start it to open a shell.</span>;
      break;
    case 'opening':
      status = <span>Opening a shell…</span>;
      break;
    case 'open':
      status = (
        <span>
          Connected · <span className="mono">{phase.shell}</span>
        </span>
      );
      break;
    case 'shell-exited':
      status = (
        <span className="xterm-pane-status-text term-status-warn">
          <Icon name="info" size={14} /> Shell exited{phase.code != null ? ` (code ${phase.code})` : ''} — the container is still running.
        </span>
      );
      break;
    case 'container-stopped':
      status = (
        <span className="xterm-pane-status-text term-status-warn">
          <Icon name="info" size={14} /> The container stopped; the shell ended.
        </span>
      );
      break;
    case 'error':
      status = <span className="term-status-error">Terminal failed</span>;
      break;
  }

  const canReconnect = running && (phase.state === 'shell-exited' || phase.state === 'error' || phase.state === 'container-stopped');

  return (
    <div className="xterm-pane term-pane" ref={paneRef} tabIndex={-1}>
      <div className="xterm-pane-body term-body">
        <div ref={hostRef} className="xterm-pane-host term-xterm" role="region" aria-label={`Terminal of ${label}`} aria-describedby={hintId} />
        {phase.state === 'not-running' ? (
          <div className="term-overlay" aria-hidden="true">
            <p>The container is not running. Start it to open a shell.</p>
          </div>
        ) : null}
      </div>
      <div className="xterm-pane-status term-status">
        <span role="status" className="xterm-pane-status-text term-status-text">
          {status}
        </span>
        {canReconnect ? (
          <Button size="small" icon="refresh" onClick={reconnect}>
            Reconnect
          </Button>
        ) : null}
        <span className="term-spacer" />
        <span id={hintId} className="muted term-hint">
          Shift+Esc leaves the terminal · Ctrl+Shift+C copies
        </span>
      </div>
      {phase.state === 'error' ? <ErrorMessage described={phase.error} compact /> : null}
    </div>
  );
}

export default TerminalPane;
