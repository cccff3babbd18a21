/** A compose run as it goes: which tool, the command, the tool's own output, then how it ended and what it left behind. */
import { useEffect, useRef } from 'react';
import { ErrorMessage, ProgressBar } from '../../components';
import type { RunState } from './useComposeRun';

export function leftSummary(left: RunState['left']): string | undefined {
  if (!left) return undefined;
  const parts = [
    left.containers.length ? `${left.containers.length} container${left.containers.length === 1 ? '' : 's'} (${left.containers.join(', ')})` : '',
    left.networks.length ? `network${left.networks.length === 1 ? '' : 's'} ${left.networks.join(', ')}` : '',
    left.volumes.length ? `volume${left.volumes.length === 1 ? '' : 's'} ${left.volumes.join(', ')}` : '',
  ].filter(Boolean);
  return parts.length ? parts.join('; ') : undefined;
}

export function RunPanel({ state, what }: { state: RunState; what: string }) {
  const logRef = useRef<HTMLPreElement>(null);
  const stick = useRef(true);
  useEffect(() => {
    const el = logRef.current;
    if (el && stick.current) el.scrollTop = el.scrollHeight;
  }, [state.lines]);
  const tool = state.provider ? `${state.provider}${state.version ? ` ${state.version}` : ''}` : undefined;
  const r = state.result;
  return (
    <div className="compose-run">
      <div className="rv-status-line" role="status">
        {state.phase === 'running' ? `${what}${tool ? ` with ${tool}` : ''}…` : null}
        {state.phase === 'done' ? `${what}: done${tool ? ` (${tool})` : ''}` : null}
        {state.phase === 'cancelled' ? `${what}: cancelled; the tool was stopped` : null}
        {state.phase === 'failed' ? `${what}: failed${r?.exitCode != null ? ` (exit code ${r.exitCode})` : ''}` : null}
      </div>
      {state.phase === 'running' ? <ProgressBar label={what} /> : null}
      {state.argv.length ? (
        <div className="compose-argv muted mono" title="The command Berth ran (no shell)">
          $ {state.argv.join(' ')}
        </div>
      ) : null}
      <pre
        ref={logRef}
        className="rv-log mono compose-output"
        tabIndex={0}
        aria-label="Compose output"
        onScroll={(e) => {
          const el = e.currentTarget;
          stick.current = el.scrollHeight - el.scrollTop - el.clientHeight < 24;
        }}
      >
        {state.dropped ? `… ${state.dropped.toLocaleString()} earlier lines not shown …\n` : ''}
        {state.lines.map((l, i) => (
          <span key={i} className={l.stream === 'stderr' ? 'compose-stderr' : undefined}>
            {l.line}
            {'\n'}
          </span>
        ))}
      </pre>
      {state.phase === 'failed' && state.error ? <ErrorMessage described={state.error} /> : null}
      {state.phase === 'failed' && r ? (
        <ErrorMessage
          described={{
            title: `${what} failed${r.exitCode != null ? ` with exit code ${r.exitCode}` : ''}`,
            detail: r.message ? `${state.provider ?? 'The tool'} said: ${r.message}` : undefined,
            hint: 'Fix the compose file or the cause above, then run it again.',
          }}
        />
      ) : null}
    </div>
  );
}
