/**
 * One compose run (up or down) as it streams: the provider and its argv, its
 * output lines (the last MAX_LINES kept), then how it ended and what it left.
 * Cancel closes the stream; the bridge then stops the provider (SIGINT, then
 * SIGTERM, then SIGKILL), as Ctrl+C would in a terminal.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ComposeRunEventWire, ComposeRunResult, ProjectResourcesWire } from '../../../../electron/contract/index.js';
import { describeError } from '../../bridge/client';
import type { DescribedError } from '../../components/ErrorMessage';
import { describeStreamError } from '../../components/stream-error';

const MAX_LINES = 5000;

export type RunPhase = 'idle' | 'running' | 'done' | 'failed' | 'cancelled';

export interface RunState {
  phase: RunPhase;
  provider?: string | undefined;
  version?: string | undefined;
  argv: string[];
  via?: 'provider' | 'api' | undefined;
  lines: { stream: 'stdout' | 'stderr'; line: string }[];
  dropped: number;
  result?: ComposeRunResult | undefined;
  left?: ProjectResourcesWire | undefined;
  error?: DescribedError | undefined;
}

const IDLE: RunState = { phase: 'idle', argv: [], lines: [], dropped: 0 };

type Subscribe = (handlers: { onData: (ev: ComposeRunEventWire) => void; onError: (err: unknown) => void }) => { unsubscribe: () => void };

export function useComposeRun() {
  const [state, setState] = useState<RunState>(IDLE);
  const sub = useRef<{ unsubscribe: () => void } | null>(null);

  const stop = () => {
    sub.current?.unsubscribe();
    sub.current = null;
  };
  useEffect(() => stop, []);

  const start = useCallback((subscribe: Subscribe) => {
    stop();
    setState({ ...IDLE, phase: 'running' });
    sub.current = subscribe({
      onData: (ev) =>
        setState((s) => {
          switch (ev.kind) {
            case 'started':
              return { ...s, provider: ev.provider, version: ev.version, argv: ev.argv, via: ev.via };
            case 'lines': {
              const all = s.lines.concat(ev.lines);
              const over = Math.max(0, all.length - MAX_LINES);
              return { ...s, lines: over ? all.slice(over) : all, dropped: s.dropped + over };
            }
            case 'done':
              sub.current = null;
              return { ...s, phase: ev.result.ok ? 'done' : ev.result.cancelled ? 'cancelled' : 'failed', result: ev.result, left: ev.left };
            case 'error':
              sub.current = null;
              return { ...s, phase: 'failed', error: describeStreamError(ev.error) };
          }
        }),
      onError: (err) => {
        sub.current = null;
        setState((s) => ({ ...s, phase: 'failed', error: describeError(err) }));
      },
    });
  }, []);

  const cancel = useCallback(() => {
    stop();
    setState((s) => (s.phase === 'running' ? { ...s, phase: 'cancelled' } : s));
  }, []);

  const reset = useCallback(() => {
    stop();
    setState(IDLE);
  }, []);

  return { state, start, cancel, reset };
}
