import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { bridge } from '../bridge/client';
import { IconButton } from '../components';
import { useConnection } from '../stores/connection';
import { refreshAll } from './actions';
import { TraySummary } from './TraySummary';
import { useContainerCounts } from './useContainerCounts';

/** The engine's connection info (kind, version, socket …), refetched when health changes. */
export function useConnectionInfo() {
  const bridgeState = useConnection((s) => s.bridge);
  return useQuery({ queryKey: ['system', 'connection'], queryFn: () => bridge.system.connection.query(), enabled: bridgeState !== 'closed' });
}

/** Refetch the connection info (and disk usage) when the engine comes back; mounted once, by the header. */
function useRefreshOnRecovery() {
  const healthState = useConnection((s) => s.health?.state);
  const bridgeState = useConnection((s) => s.bridge);
  const client = useQueryClient();
  useEffect(() => {
    if (healthState === 'healthy' && bridgeState === 'open') void client.invalidateQueries({ queryKey: ['system'] });
  }, [healthState, bridgeState, client]);
}

export function engineName(kind: string | undefined): string {
  return kind === 'docker' ? 'Docker' : kind === 'podman' ? 'Podman' : 'Engine';
}

/**
 * The header's engine summary (in serve mode this is also the "tray
 * summary"): engine kind and version, a health dot with words, and how many
 * containers run.
 */
export function Header() {
  const health = useConnection((s) => s.health);
  const bridgeState = useConnection((s) => s.bridge);
  useRefreshOnRecovery();
  const { data: info } = useConnectionInfo();
  const { running, total, ready } = useContainerCounts();

  const state = bridgeState === 'closed' ? 'disconnected' : (health?.state ?? 'connecting');
  const stateText = state === 'healthy' ? 'Connected' : state === 'unreachable' ? 'Unreachable' : state === 'disconnected' ? 'Berth disconnected' : 'Connecting…';
  return (
    <header className="app-header">
      <section className="engine-summary" aria-label="Engine status">
        <span className={`health-dot health-${state}`} aria-hidden="true" />
        <span className="engine-name">
          {engineName(info?.kind)}
          {info?.version ? <span className="muted"> {info.version}</span> : null}
          {info ? <span className="muted"> · {info.rootless ? 'rootless' : 'rootful'}</span> : null}
        </span>
        <span className={`engine-state state-${state}`}>{stateText}</span>
        {ready ? (
          <span className="engine-running">
            <strong>{running}</strong> of {total} container{total === 1 ? '' : 's'} running
          </span>
        ) : null}
      </section>
      <TraySummary />
      <IconButton label="Refresh (Ctrl+R)" icon="refresh" onClick={() => void refreshAll()} />
    </header>
  );
}
