import { useQuery } from '@tanstack/react-query';
import { bridge } from '../../bridge/client';
import { Button, ErrorMessage, formatBytes, ProgressBar } from '../../components';
import { engineName, useConnectionInfo } from '../../app/Header';
import { useContainerCounts } from '../../app/useContainerCounts';
import { useConnection } from '../../stores/connection';
import { useLiveSelect } from '../../stores/live';
import { routeHash, type ViewId } from '../../stores/ui';
import type { EntityKind } from '../../../../electron/contract/index.js';
import { useState } from 'react';
import { useMultiEngine, useNoEngine } from '../../stores/engines';
import { Onboarding } from '../onboarding/Onboarding';
import { EngineCards } from '../settings/engines/EngineCards';
import { EngineSelect } from '../settings/engines/shared';
import { SimpleTable, type TableHeader } from '../common/SimpleTable';

function CountCard({ kind, title, extra }: { kind: EntityKind & ViewId; title: string; extra?: (n: number) => React.ReactNode }) {
  const n = useLiveSelect(kind, (s) => s.list.length);
  const ready = useLiveSelect(kind, (s) => s.ready);
  return (
    <a className="card card-link" href={routeHash({ view: kind })} aria-label={ready ? `${title}: ${n}` : `${title}: loading`}>
      <span className="card-title">{title}</span>
      <span className="card-value">{ready ? n : '…'}</span>
      {ready && extra ? <span className="muted">{extra(n)}</span> : null}
    </a>
  );
}

function ContainersCard() {
  const { running, total, ready } = useContainerCounts();
  return (
    <a className="card card-link" href={routeHash({ view: 'containers' })} aria-label={ready ? `Containers: ${running} running of ${total}` : 'Containers: loading'}>
      <span className="card-title">Containers</span>
      <span className="card-value">{ready ? `${running} / ${total}` : '…'}</span>
      <span className="muted">running / total</span>
    </a>
  );
}

function ConnectionSection() {
  const health = useConnection((s) => s.health);
  const bridgeState = useConnection((s) => s.bridge);
  const { data: info, error, isLoading, refetch } = useConnectionInfo();
  const state = bridgeState === 'closed' ? 'disconnected' : (health?.state ?? 'connecting');
  return (
    <section className="section" aria-labelledby="dash-conn">
      <h2 id="dash-conn">Connection</h2>
      {error ? <ErrorMessage error={error} title="Could not read the engine connection" onRetry={() => void refetch()} /> : null}
      {isLoading ? <p className="muted">Reading the connection…</p> : null}
      {!isLoading && !error && !info ? <p>No container engine was found. Start Podman or Docker; Berth connects as soon as it is available.</p> : null}
      {info ? (
        <dl className="kv">
          <dt>Engine</dt>
          <dd>
            {engineName(info.kind)} {info.version} <span className="muted">(API {info.apiVersion})</span>
          </dd>
          <dt>Connection</dt>
          <dd>{info.label}</dd>
          <dt>Socket</dt>
          <dd className="mono">{info.socket}</dd>
          <dt>Mode</dt>
          <dd>
            {info.rootless ? 'Rootless' : 'Rootful'}
            {info.embedded ? ' · started by Berth' : ''}
          </dd>
          <dt>Found by</dt>
          <dd>{info.source}</dd>
          <dt>Health</dt>
          <dd>
            <span className={`health-inline state-${state}`}>
              <span className={`health-dot health-${state}`} aria-hidden="true" />
              {state === 'healthy'
                ? 'Healthy'
                : state === 'unreachable'
                  ? `Unreachable${health?.message ? `: ${health.message}` : ''}`
                  : state === 'disconnected'
                    ? 'Berth’s background service is disconnected; reconnecting'
                    : 'Connecting…'}
            </span>
            {state === 'unreachable' && health?.error?.hint ? <div className="muted">{health.error.hint}</div> : null}
          </dd>
        </dl>
      ) : null}
    </section>
  );
}

const DISK_HEADERS: TableHeader[] = ['Kind', { label: 'Total', num: true }, { label: 'Active', num: true }, { label: 'Size', num: true }, { label: 'Reclaimable', num: true }];

function DiskUsageSection() {
  const [engine, setEngine] = useState<string | undefined>();
  const q = useQuery({ queryKey: ['system', 'diskUsage', engine ?? ''], queryFn: () => bridge.system.diskUsage.query(engine ? { engine } : {}), staleTime: 30_000 });
  const labels = { images: 'Images', containers: 'Containers', volumes: 'Volumes' } as const;
  return (
    <section className="section" aria-labelledby="dash-disk">
      <div className="view-header">
        <h2 id="dash-disk">Disk usage</h2>
        <Button size="small" icon="refresh" onClick={() => void q.refetch()} busy={q.isFetching}>
          Refresh disk usage
        </Button>
      </div>
      <div className="settings-section">
        <EngineSelect value={engine} onChange={setEngine} label="Disk usage of engine" />
      </div>
      {q.error ? <ErrorMessage error={q.error} title="Could not read disk usage" onRetry={() => void q.refetch()} /> : null}
      {q.isLoading ? <ProgressBar label="Reading disk usage" /> : null}
      {q.data ? (
        <SimpleTable
          caption="Disk usage by kind"
          headers={DISK_HEADERS}
          rows={q.data}
          row={(r) => (
            <tr key={r.kind}>
              <th scope="row">{labels[r.kind] ?? r.kind}</th>
              <td className="num">{r.total}</td>
              <td className="num">{r.active}</td>
              <td className="num">{formatBytes(r.size)}</td>
              <td className="num">
                {formatBytes(r.reclaimable)}
                {r.size > 0 ? <span className="muted"> ({Math.round((r.reclaimable / r.size) * 100)}%)</span> : null}
              </td>
            </tr>
          )}
        />
      ) : null}
    </section>
  );
}

export function DashboardView() {
  const multi = useMultiEngine();
  const noEngine = useNoEngine();
  return (
    <div className="view view-scroll">
      <div className="view-header">
        <h1>Dashboard</h1>
      </div>
      {noEngine ? <Onboarding /> : null}
      {multi ? <EngineCards /> : <ConnectionSection />}
      <section className="section" aria-labelledby="dash-counts">
        <h2 id="dash-counts">Resources</h2>
        <div className="cards">
          <ContainersCard />
          <CountCard kind="pods" title="Pods" />
          <CountCard kind="images" title="Images" />
          <CountCard kind="volumes" title="Volumes" />
          <CountCard kind="networks" title="Networks" />
        </div>
      </section>
      {noEngine ? null : <DiskUsageSection />}
    </div>
  );
}
