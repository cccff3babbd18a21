/**
 * A container's health check: what it runs and how often, its verdict, and
 * its last results with their output; "Run the check now" (Podman: without
 * systemd, Podman 4.3 runs no timer, so this is how a check runs there). The
 * details are read again whenever the row's health changes (the engine's
 * health_status event updates the row), never polled.
 */
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { ContainerRow, HealthDetails } from '../../../../electron/contract/index.js';
import { bridge } from '../../bridge/client';
import { Button, EmptyState, ErrorMessage, formatDate, HealthBadge, QueryWait } from '../../components';
import { SimpleTable } from '../common/SimpleTable';

const secs = (ms: number | undefined, fallback: string) => (ms === undefined ? fallback : ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`);

function describeTest(test: string[]): string {
  if (test[0] === 'CMD-SHELL') return test.slice(1).join(' ');
  if (test[0] === 'CMD') return test.slice(1).join(' ');
  return test.join(' ');
}

export function HealthTab({ c }: { c: ContainerRow }) {
  const key = ['containers', 'health', c.engine, c.id, c.health ?? 'none', c.status] as const;
  const q = useQuery({ queryKey: key, queryFn: ({ signal }) => bridge.containers.details.query({ engine: c.engine, id: c.id }, { signal }), staleTime: 0 });
  const [running, setRunning] = useState(false);
  const [failure, setFailure] = useState<unknown>(undefined);
  const [verdict, setVerdict] = useState<string | undefined>();
  const runNow = async () => {
    setRunning(true);
    setFailure(undefined);
    try {
      const r = await bridge.containers.healthcheck.mutate({ engine: c.engine, id: c.id });
      setVerdict(r.status);
      await q.refetch();
    } catch (e) {
      setFailure(e);
    } finally {
      setRunning(false);
    }
  };
  if (q.error) return <ErrorMessage error={q.error} title={`Could not read the health check of ${c.name}`} onRetry={() => void q.refetch()} />;
  if (!q.data) return <QueryWait label="Reading the health check" queryKey={key} onRetry={() => void q.refetch()} />;
  const h: HealthDetails | undefined = q.data.health;
  if (!h) {
    return (
      <EmptyState title={`${c.name} has no health check`} icon="info">
        A health check is a command the engine runs in the container to tell whether it works. Set one when you create a container (Duplicate this one to add it).
      </EmptyState>
    );
  }
  const isRunning = c.state === 'running';
  return (
    <div className="details-body health-tab" style={{ paddingTop: 0, gap: 12 }}>
      <div className="toolbar">
        <span>
          Status: {h.status ? <HealthBadge health={h.status} /> : <span className="muted">no result yet</span>}
          {h.failingStreak > 0 ? (
            <span className="muted">
              {' '}
              · {h.failingStreak} failure{h.failingStreak === 1 ? '' : 's'} in a row
            </span>
          ) : null}
        </span>
        <Button size="small" icon="play" onClick={() => void runNow()} busy={running} disabled={!isRunning} title={isRunning ? undefined : 'The check runs inside the container: start it first'}>
          Run the check now
        </Button>
        {verdict ? (
          <span role="status" className="muted">
            The check says: {verdict}
          </span>
        ) : null}
      </div>
      {failure !== undefined ? <ErrorMessage error={failure} title="Could not run the health check" /> : null}
      <dl className="kv">
        <dt>Command</dt>
        <dd className="mono">{describeTest(h.test)}</dd>
        <dt>Runs</dt>
        <dd>{h.test[0] === 'CMD-SHELL' ? "in the container's shell" : 'directly (no shell)'}</dd>
        <dt>Interval</dt>
        <dd>{secs(h.intervalMs, 'the engine default (30 s)')}</dd>
        <dt>Timeout</dt>
        <dd>{secs(h.timeoutMs, 'the engine default (30 s)')}</dd>
        <dt>Start period</dt>
        <dd>{secs(h.startPeriodMs, 'none')}</dd>
        <dt>Retries</dt>
        <dd>{h.retries ?? 'the engine default (3)'}</dd>
      </dl>
      <SimpleTable
        caption={`Last health check results of ${c.name}`}
        region={`Health check results of ${c.name}`}
        headers={['Started', 'Took', 'Exit code', 'Output']}
        rows={[...h.log].reverse()}
        row={(l, i) => (
          <tr key={i}>
            <td>{formatDate(l.start)}</td>
            <td>{l.end >= l.start ? `${l.end - l.start} ms` : ''}</td>
            <td>{l.exitCode === 0 ? '0 (passed)' : `${l.exitCode} (failed)`}</td>
            <td className="mono">{l.output.trim() || <span className="muted">no output</span>}</td>
          </tr>
        )}
      />
      {h.log.length === 0 ? <p className="muted">The check has not run yet.</p> : null}
    </div>
  );
}
