/**
 * A container's log, or the combined log of several (a compose project, a
 * pod: lines of all members in time order, each after its name), live, in xterm.js.
 *
 * Batches from `bridge.containers.logs` are written as one xterm write each;
 * LogSink (log-sink.ts) uses the write callbacks as flow control and keeps
 * memory bounded: while xterm is behind or the user paused following, batches
 * wait, and what waits never exceeds what the scrollback could show anyway.
 * The full log is always one click away (Download full log).
 */
import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { Terminal } from '@xterm/xterm';
import { FitAddon } from '@xterm/addon-fit';
import { SearchAddon, type ISearchOptions } from '@xterm/addon-search';
import { WebLinksAddon } from '@xterm/addon-web-links';
import '@xterm/xterm/css/xterm.css';
import type { BridgeErrorData, GroupLogEvent, LogBatch, LogEvent } from '../../../../electron/contract/index.js';
import { bridge, describeError, engineError, onBridgeConnection } from '../../bridge/client';
import { Button, IconButton } from '../../components/Button';
import { ErrorMessage, type DescribedError } from '../../components/ErrorMessage';
import { describeStreamError } from '../../components/stream-error';
import { Icon } from '../../components/Icon';
import { SelectOptions } from '../../components/SelectOptions';
import { bufferText, copyText, currentTheme, fitToHost, followTheme, isDark, openLink, screenReaderSetting, scrollbackSetting, TERMINAL_FONT, fontSizeSetting } from '../terminal/xterm-setup';
import { useLiveXtermSettings } from '../useLiveXtermSettings';
import { formatBatches, formatGroupBatches, LogSink, memberPrefixes, type SinkState } from './log-sink';
import '../xterm-pane.css';
import './logs.css';

export interface LogMember {
  id: string;
  name: string;
}

export interface LogsPaneProps {
  /** One container's log… */
  containerId?: string | undefined;
  /** …or the combined log of these (at most 64), with a member filter. */
  members?: readonly LogMember[] | undefined;
  /** The engine the container lives on (an EngineEntry id); the primary one when absent. */
  engine?: string | undefined;
  /** The container's (or project's) name, for labels ("Logs of web") and the download's file name. Defaults to the id. */
  name?: string | undefined;
}

type TailChoice = '100' | '1000' | '10000' | 'all';
const TAIL_OPTIONS: { value: TailChoice; label: string }[] = [
  { value: '100', label: 'Last 100 lines' },
  { value: '1000', label: 'Last 1,000 lines' },
  { value: '10000', label: 'Last 10,000 lines' },
  { value: 'all', label: 'All lines' },
];

type StreamStatus =
  { state: 'connecting' } | { state: 'interrupted'; attempt: number } | { state: 'streaming' } | { state: 'ended'; reason: 'exited' | 'complete' } | { state: 'error'; error: DescribedError };

/**
 * Where the pane stands in the log: the second (engine timestamps have
 * second precision on Podman 4.x) of the last line shown, and how many lines
 * of that second it has shown. When the engine connection drops mid-follow,
 * the pane asks again from that second (`since`) and skips the lines of that
 * second it already has (entries replay in log order): nothing twice, nothing lost.
 */
interface LogCursor {
  sec: number;
  seen: number;
}

/** Failures of the stream itself (the engine went away), as opposed to an answer from the engine. */
const RESUMABLE = new Set(['stream-interrupted', 'unreachable', 'timeout']);
const RESUME_DELAY_MS = 1000;
const RESUME_MAX_ATTEMPTS = 300;
/** A combined log's first seconds: members ending then had stopped before (their backlog just ended). */
const QUIET_START_MS = 3000;

/** RFC 3339, one nanosecond before second `sec` starts: the engine's `since` is exclusive. */
function sinceBefore(sec: number): string {
  return new Date((sec - 1) * 1000).toISOString().replace(/\.\d{3}Z$/, '.999999999Z');
}

/** Drops what a resumed read repeats, and moves the cursor over what it keeps. */
function advance(batches: readonly LogBatch[], cursor: LogCursor, skip: { sec: number; left: number } | null): LogBatch[] {
  const out: LogBatch[] = [];
  for (const b of batches) {
    const times = b.times;
    if (!times) {
      out.push(b);
      continue;
    }
    let lines: string[] | null = null;
    let kept: number[] | null = null;
    for (let i = 0; i < b.lines.length; i++) {
      const sec = Math.floor(times[i]! / 1000);
      if (skip && Number.isFinite(sec) && (sec < skip.sec || (sec === skip.sec && skip.left > 0))) {
        if (sec === skip.sec) skip.left--;
        if (!lines) {
          lines = b.lines.slice(0, i);
          kept = times.slice(0, i);
        }
        continue;
      }
      if (skip) skip.left = 0;
      if (Number.isFinite(sec)) {
        if (sec === cursor.sec) cursor.seen++;
        else {
          cursor.sec = sec;
          cursor.seen = 1;
        }
      }
      if (lines) {
        lines.push(b.lines[i]!);
        kept!.push(times[i]!);
      }
    }
    if (!lines) out.push(b);
    else if (lines.length) out.push({ stream: b.stream, lines, times: kept! });
  }
  return out;
}

function searchDecorations(): ISearchOptions['decorations'] {
  return isDark()
    ? { matchBackground: '#5c4b00', matchBorder: '#b89500', matchOverviewRuler: '#b89500', activeMatchBackground: '#a35200', activeMatchBorder: '#ff9632', activeMatchColorOverviewRuler: '#ff9632' }
    : { matchBackground: '#fff1a8', matchBorder: '#d4b000', matchOverviewRuler: '#d4b000', activeMatchBackground: '#ffb86b', activeMatchBorder: '#e07000', activeMatchColorOverviewRuler: '#e07000' };
}

export function LogsPane({ containerId, members, engine, name }: LogsPaneProps) {
  const label = name || containerId || 'combined';
  /** Combined log: the member shown alone ('' = all). */
  const [only, setOnly] = useState('');
  const shown = members ? (only ? members.filter((m) => m.id === only) : members) : undefined;
  const shownKey = shown?.map((m) => `${m.id}\0${m.name}`).join('\n');
  const memberId = useId();
  const hostRef = useRef<HTMLDivElement>(null);
  const termRef = useRef<Terminal | null>(null);
  const fitRef = useRef<FitAddon | null>(null);
  const searchRef = useRef<SearchAddon | null>(null);
  const sinkRef = useRef<LogSink | null>(null);
  const searchInputRef = useRef<HTMLInputElement>(null);
  /** A search is active (results are shown only then). */
  const searchingRef = useRef(false);

  const [follow, setFollow] = useState(true);
  const [timestamps, setTimestamps] = useState(false);
  const [tail, setTail] = useState<TailChoice>('1000');
  const [restartKey, setRestartKey] = useState(0);
  /** Bumped to resume an interrupted follow from `resumeRef` (no reset of the view). */
  const [resumeKey, setResumeKey] = useState(0);
  const resumeRef = useRef<{ cursor: LogCursor; attempt: number } | null>(null);
  const cursorRef = useRef<LogCursor>({ sec: Number.NaN, seen: 0 });
  const [status, setStatus] = useState<StreamStatus>({ state: 'connecting' });
  const [sinkState, setSinkState] = useState<SinkState>({ pendingLines: 0, droppedLines: 0, catchingUp: false });
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<{ index: number; count: number } | null>(null);
  const [notice, setNotice] = useState('');
  const tailId = useId();
  const searchId = useId();

  // The terminal itself: created once per pane.
  useEffect(() => {
    const host = hostRef.current;
    if (!host) return;
    const term = new Terminal({
      scrollback: scrollbackSetting(),
      disableStdin: true,
      cursorBlink: false,
      cursorStyle: 'bar',
      cursorInactiveStyle: 'none',
      convertEol: false,
      allowProposedApi: true, // search decorations
      screenReaderMode: screenReaderSetting(),
      fontFamily: TERMINAL_FONT,
      fontSize: fontSizeSetting(),
      theme: currentTheme(),
      rightClickSelectsWord: false,
    });
    const fit = new FitAddon();
    const search = new SearchAddon({ highlightLimit: 1000 });
    term.loadAddon(fit);
    term.loadAddon(search);
    term.loadAddon(new WebLinksAddon(openLink));
    term.open(host);
    // Read-only view: keys scroll instead of typing; Ctrl/Cmd+F goes to the search box.
    term.attachCustomKeyEventHandler((e) => {
      if (e.type !== 'keydown') return true;
      const mod = e.ctrlKey || e.metaKey;
      if (mod && e.key.toLowerCase() === 'f') {
        e.preventDefault();
        searchInputRef.current?.focus();
        searchInputRef.current?.select();
        return false;
      }
      if (mod && e.key.toLowerCase() === 'c' && term.hasSelection()) {
        void copyText(term.getSelection());
        return false;
      }
      switch (e.key) {
        case 'PageUp':
          term.scrollPages(-1);
          return false;
        case 'PageDown':
          term.scrollPages(1);
          return false;
        case 'ArrowUp':
          term.scrollLines(-1);
          return false;
        case 'ArrowDown':
          term.scrollLines(1);
          return false;
        case 'Home':
          term.scrollToTop();
          return false;
        case 'End':
          term.scrollToBottom();
          return false;
      }
      return true;
    });
    const unTheme = followTheme(term);
    const results = search.onDidChangeResults((r) => {
      if (searchingRef.current) setResults({ index: r.resultIndex, count: r.resultCount });
    });
    const sink = new LogSink(term, {
      keepLines: () => (term.options.scrollback ?? 10_000) + term.rows,
      onState: setSinkState,
    });
    termRef.current = term;
    fitRef.current = fit;
    searchRef.current = search;
    sinkRef.current = sink;

    const unFit = fitToHost(host, fit);

    return () => {
      unFit();
      results.dispose();
      unTheme();
      sink.reset();
      term.dispose();
      termRef.current = null;
      fitRef.current = null;
      searchRef.current = null;
      sinkRef.current = null;
    };
  }, []);

  // Settings apply while the pane is open, the scrollback too.
  useLiveXtermSettings({ term: termRef, fit: fitRef, host: hostRef }, true);

  // After the bridge reconnects, start over: a resent subscription would replay the tail.
  useEffect(() => {
    let wasClosed = false;
    return onBridgeConnection((state) => {
      if (state === 'closed') wasClosed = true;
      else if (wasClosed) {
        wasClosed = false;
        setRestartKey((k) => k + 1);
      }
    });
  }, []);

  // The stream: one subscription per (container, tail, timestamps, restart).
  useEffect(() => {
    const term = termRef.current;
    const sink = sinkRef.current;
    if (!term || !sink) return;
    const resume = resumeRef.current;
    resumeRef.current = null;
    const cursor = cursorRef.current;
    let skip: { sec: number; left: number } | null = null;
    if (resume && Number.isFinite(resume.cursor.sec)) {
      // Same view, same stream: ask again from the last second shown.
      skip = { sec: resume.cursor.sec, left: resume.cursor.seen };
    } else {
      sink.reset();
      term.reset();
      searchingRef.current = false;
      searchRef.current?.clearDecorations();
      setResults(null);
      setStatus({ state: 'connecting' });
      cursor.sec = Number.NaN;
      cursor.seen = 0;
    }
    const attempt = resume?.attempt ?? 0;
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    // The engine went away mid-stream: say so, and try again shortly from where the view stands.
    const interrupted = (error: BridgeErrorData | undefined): boolean => {
      if (!error || !RESUMABLE.has(error.kind) || attempt >= RESUME_MAX_ATTEMPTS) return false;
      setStatus({ state: 'interrupted', attempt: attempt + 1 });
      timer = setTimeout(() => {
        if (!live) return;
        resumeRef.current = { cursor: { ...cursor }, attempt: attempt + 1 };
        if (Number.isFinite(cursor.sec)) setResumeKey((k) => k + 1);
        else setRestartKey((k) => k + 1);
      }, RESUME_DELAY_MS);
      return true;
    };
    const handlers = {
      onStarted: () => {
        if (live) setStatus({ state: 'streaming' });
      },
      onError: (err: unknown) => {
        if (!live) return;
        if (!interrupted(engineError(err))) setStatus({ state: 'error', error: describeError(err) });
      },
    };
    const onEvent = (ev: LogEvent, format: (batches: LogBatch[]) => { text: string; lines: number }) => {
      if (ev.kind === 'chunk') {
        const { text, lines } = format(ev.batches);
        if (lines) sink.push(text, lines);
      } else if (ev.kind === 'end') {
        setStatus({ state: 'ended', reason: ev.reason });
      } else if (ev.kind === 'error') {
        if (!interrupted(ev.error)) setStatus({ state: 'error', error: describeStreamError(ev.error) });
      }
    };
    const group = shownKey ? shownKey.split('\n').map((l) => ({ id: l.split('\0')[0]!, name: l.split('\0')[1]! })) : undefined;
    const sub = group
      ? // Combined: no cursor (members interleave by time); an interrupted follow starts over.
        (() => {
          const prefixes = memberPrefixes(group.map((m) => m.name));
          const openedAt = performance.now();
          return bridge.containers.groupLogs.subscribe(
            { ...(engine ? { engine } : {}), ids: group.map((m) => m.id), follow: true, ...(tail === 'all' ? {} : { tail: Number(tail) }) },
            {
              ...handlers,
              onData: (ev: GroupLogEvent) => {
                if (!live) return;
                if (ev.kind === 'member-ended') {
                  // Members that had already stopped end with their backlog: only one that stops while the pane follows is announced.
                  if (!ev.error && performance.now() - openedAt < QUIET_START_MS) return;
                  const m = group[ev.member];
                  const why = ev.error ? `: ${describeStreamError(ev.error).title}` : '';
                  if (m) sink.push(`${prefixes[ev.member]}\x1b[2m(${m.name} stopped${why}; the others go on)\x1b[0m\r\n`, 1);
                } else onEvent(ev, (batches) => formatGroupBatches(batches, prefixes, timestamps));
              },
            },
          );
        })()
      : bridge.containers.logs.subscribe(
          {
            ...(engine ? { engine } : {}),
            id: containerId ?? '',
            follow: true,
            // Engine timestamps always: they are how an interrupted follow resumes (shown only when asked for).
            timestamps: true,
            ...(skip ? { since: sinceBefore(skip.sec) } : tail === 'all' ? {} : { tail: Number(tail) }),
          },
          {
            ...handlers,
            onData: (ev: LogEvent) => {
              if (live) onEvent(ev, (batches) => formatBatches(advance(batches, cursor, skip), timestamps));
            },
          },
        );
    return () => {
      live = false;
      clearTimeout(timer);
      sub.unsubscribe();
    };
  }, [containerId, shownKey, engine, tail, timestamps, restartKey, resumeKey]);

  // Follow: pausing holds new batches (bounded) and stops auto-scroll; resuming catches up at the bottom.
  useEffect(() => {
    const sink = sinkRef.current;
    if (!sink) return;
    sink.setPaused(!follow);
    if (follow) termRef.current?.scrollToBottom();
  }, [follow]);

  const find = useCallback((direction: 'next' | 'prev', incremental = false) => {
    const search = searchRef.current;
    const q = searchInputRef.current?.value ?? '';
    if (!search) return;
    if (!q) {
      searchingRef.current = false;
      search.clearDecorations();
      setResults(null);
      return;
    }
    searchingRef.current = true;
    const opts: ISearchOptions = { decorations: searchDecorations(), incremental };
    const found = direction === 'next' ? search.findNext(q, opts) : search.findPrevious(q, opts);
    if (!found) setResults({ index: -1, count: 0 });
  }, []);

  const onCopy = async () => {
    const term = termRef.current;
    if (!term) return;
    const text = term.hasSelection() ? term.getSelection() : bufferText(term);
    try {
      await copyText(text);
      const n = text ? text.split('\n').length : 0;
      setNotice(term.hasSelection() ? `Copied the selection (${n.toLocaleString()} line${n === 1 ? '' : 's'})` : `Copied ${n.toLocaleString()} line${n === 1 ? '' : 's'}`);
    } catch (e) {
      setNotice(`Could not copy: ${describeError(e).title}`);
    }
  };

  const onClear = () => {
    searchingRef.current = false;
    sinkRef.current?.reset();
    termRef.current?.clear();
    searchRef.current?.clearDecorations();
    setResults(null);
    setNotice('Cleared the view; new lines keep arriving');
  };

  useEffect(() => {
    if (!notice) return;
    const t = setTimeout(() => setNotice(''), 4000);
    return () => clearTimeout(t);
  }, [notice]);

  const fileName = `${label.replace(/[^a-zA-Z0-9_.-]+/g, '_')}.log`;
  // The link is a one-time ticket from the bridge: a plain GET that carries no cookie or token.
  const download = async () => {
    try {
      const e = engine ? { engine } : {};
      const { url } = shown
        ? await bridge.containers.groupLogDownload.mutate({ ...e, ids: shown.map((m) => m.id), names: shown.map((m) => m.name), timestamps })
        : await bridge.containers.logDownload.mutate({ ...e, id: containerId ?? '', timestamps });
      const a = document.createElement('a');
      a.href = url;
      a.download = fileName;
      document.body.append(a);
      a.click();
      a.remove();
    } catch (e) {
      setNotice(`Download failed: ${describeError(e).title}`);
    }
  };

  let statusText: string;
  switch (status.state) {
    case 'connecting':
      statusText = 'Connecting…';
      break;
    case 'streaming':
      statusText = !follow ? 'Paused' : sinkState.catchingUp ? 'Catching up…' : 'Following';
      break;
    case 'ended':
      statusText = members
        ? status.reason === 'exited'
          ? 'Every container stopped'
          : 'None running · end of log'
        : status.reason === 'exited'
          ? 'Container exited'
          : 'Container not running · end of log';
      break;
    case 'interrupted':
      statusText = 'Lost the engine connection · resuming from the last line shown when it is back…';
      break;
    case 'error':
      statusText = 'Log stream failed';
      break;
  }

  const resultText =
    results == null ? '' : results.count === 0 ? 'No matches' : results.index < 0 ? `${results.count.toLocaleString()}+ matches` : `${results.index + 1} of ${results.count.toLocaleString()}`;

  return (
    <div className="xterm-pane logs-pane">
      <div className="logs-toolbar" role="group" aria-label="Log controls">
        <Button
          size="small"
          variant={follow ? 'primary' : 'default'}
          aria-pressed={follow}
          icon={follow ? 'pause' : 'play'}
          onClick={() => setFollow((f) => !f)}
          title={follow ? 'Pause: stop scrolling and hold new lines' : 'Resume following the newest lines'}
        >
          Follow
        </Button>
        <Button size="small" variant={timestamps ? 'primary' : 'default'} aria-pressed={timestamps} onClick={() => setTimestamps((t) => !t)} title="Show the engine's timestamp before each line">
          Timestamps
        </Button>
        <label className="logs-tail" htmlFor={tailId}>
          <span>Tail</span>
          <select id={tailId} className="input select logs-select" value={tail} onChange={(e) => setTail(e.target.value as TailChoice)}>
            <SelectOptions options={TAIL_OPTIONS} />
          </select>
        </label>
        {members && members.length > 1 ? (
          <label className="logs-tail" htmlFor={memberId}>
            <span>Show</span>
            <select id={memberId} className="input select logs-select" value={only} onChange={(e) => setOnly(e.target.value)}>
              <SelectOptions options={[{ value: '', label: `All ${members.length}` }, ...members.map((m) => ({ value: m.id, label: m.name }))]} />
            </select>
          </label>
        ) : null}
        <div className="logs-search" role="search">
          <Icon name="search" size={14} className="logs-search-icon" />
          <label htmlFor={searchId} className="visually-hidden">
            Search logs
          </label>
          <input
            ref={searchInputRef}
            id={searchId}
            type="search"
            className="input logs-search-input"
            placeholder="Search logs"
            value={query}
            spellCheck={false}
            autoComplete="off"
            aria-describedby={resultText ? `${searchId}-results` : undefined}
            onChange={(e) => {
              setQuery(e.target.value);
              if (!e.target.value) {
                searchingRef.current = false;
                searchRef.current?.clearDecorations();
                setResults(null);
              } else {
                // Search as the user types, but only after the value landed in the input.
                queueMicrotask(() => find('next', true));
              }
            }}
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault();
                find(e.shiftKey ? 'prev' : 'next');
              } else if (e.key === 'Escape' && query) {
                e.preventDefault();
                e.stopPropagation();
                setQuery('');
                searchingRef.current = false;
                searchRef.current?.clearDecorations();
                setResults(null);
              }
            }}
          />
          <span id={`${searchId}-results`} className="logs-search-results muted" aria-live="polite">
            {resultText}
          </span>
          <IconButton label="Previous match" icon="chevronDown" className="flip" onClick={() => find('prev')} disabled={!query} />
          <IconButton label="Next match" icon="chevronDown" onClick={() => find('next')} disabled={!query} />
        </div>
        <div className="logs-toolbar-spacer" />
        <Button size="small" onClick={onClear} title="Clear the view (the log itself is kept)">
          Clear
        </Button>
        <Button size="small" icon="copy" onClick={() => void onCopy()} title="Copy the selection, or every line in the view">
          Copy
        </Button>
        <button type="button" className="btn btn-default btn-small" onClick={() => void download()} title="Download the complete log as a file">
          <Icon name="download" size={14} />
          Download full log
        </button>
      </div>
      <div className="xterm-pane-body logs-body">
        <div ref={hostRef} className="xterm-pane-host logs-xterm" role="region" aria-label={`Logs of ${label}`} />
      </div>
      <div className={`xterm-pane-status logs-status logs-status-${status.state}`}>
        <span role="status" className="xterm-pane-status-text logs-status-text">
          {status.state === 'ended' ? <Icon name="info" size={14} /> : null}
          {statusText}
          {notice ? <span className="logs-notice"> · {notice}</span> : null}
        </span>
        {status.state === 'streaming' && !follow && sinkState.pendingLines > 0 ? (
          <span className="muted">
            {sinkState.pendingLines.toLocaleString()} new line{sinkState.pendingLines === 1 ? '' : 's'} waiting
            {sinkState.droppedLines > 0 ? ` (${sinkState.droppedLines.toLocaleString()} older ones beyond the scrollback)` : ''}
          </span>
        ) : null}
        {status.state === 'ended' || status.state === 'error' ? (
          <Button size="small" icon="refresh" onClick={() => setRestartKey((k) => k + 1)}>
            Reload logs
          </Button>
        ) : null}
      </div>
      {status.state === 'error' ? <ErrorMessage described={status.error} compact /> : null}
    </div>
  );
}

export default LogsPane;
