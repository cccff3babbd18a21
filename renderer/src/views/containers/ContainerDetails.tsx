import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import type { ContainerRow } from '../../../../electron/contract/index.js';
import { bridge } from '../../bridge/client';
import { Button, EmptyState, ErrorMessage, formatBytes, formatDate, formatPercent, JsonView, notify, ProgressBar, QueryWait, shortId, Sparkline, StateBadge, TabPanel, Tabs } from '../../components';
import { LogsPane } from '../../panes/logs/LogsPane';
import { TerminalPane } from '../../panes/terminal/TerminalPane';
import { useLive } from '../../stores/live';
import { usePrimaryEngineId } from '../../stores/engines';
import { statsKey, useStats, useStatsError, useWatchStats } from '../../stores/stats';
import { navigate, replaceRoute, routeHash } from '../../stores/ui';
import { ContainerActions, PortLinks } from './containerActions';
import { ProcessesTab } from './ProcessesTab';
import { FileBrowser } from '../files/FileBrowser';
import { HealthTab } from './HealthTab';
import { RemoveDialog } from './RemoveDialog';
import { RenameDialog } from './RenameDialog';
import { KubeYamlPanel } from '../common/KubeYamlPanel';
import { SimpleTable } from '../common/SimpleTable';

const TABS = [
  { id: 'summary', label: 'Summary' },
  { id: 'logs', label: 'Logs' },
  { id: 'terminal', label: 'Terminal' },
  { id: 'processes', label: 'Processes' },
  { id: 'files', label: 'Files' },
  { id: 'health', label: 'Health' },
  { id: 'inspect', label: 'Inspect' },
  { id: 'kube', label: 'Kube' },
  { id: 'stats', label: 'Stats' },
];

const inspectKey = (c: Pick<ContainerRow, 'id' | 'engine'>) => ['containers', 'inspect', c.engine, c.id] as const;

function useInspect(c: Pick<ContainerRow, 'id' | 'engine'>) {
  // The signal lets Cancel (QueryWait) drop the wait; the engine's own answer is then ignored.
  return useQuery({ queryKey: inspectKey(c), queryFn: ({ signal }) => bridge.containers.inspect.query({ engine: c.engine, id: c.id }, { signal }) });
}

/**
 * The container for a route id: by id, by name, or by id prefix, on the
 * route's engine (the primary one when the route names none; then any engine
 * as a last resort, for links made before the engines were known).
 */
function useContainer(idOrName: string, engine: string | undefined): { c: ContainerRow | undefined; ready: boolean } {
  const { items, byKey, ready } = useLive('containers');
  const primary = usePrimaryEngineId();
  const c = useMemo(() => {
    const find = (list: readonly ContainerRow[]) =>
      list.find((x) => x.id === idOrName) ?? list.find((x) => x.name === idOrName) ?? (idOrName.length >= 6 ? list.find((x) => x.id.startsWith(idOrName)) : undefined);
    const on = engine ?? primary;
    if (on) {
      const hit = byKey.get(`${on}/${idOrName}`) ?? find(items.filter((x) => x.engine === on));
      if (hit || engine) return hit;
    }
    return find(items);
  }, [byKey, items, idOrName, engine, primary]);
  return { c, ready };
}

/** The engine's typed details (command, mounts, times) for the Summary tab; the Inspect tab shows the raw JSON. */
function useDetails(c: Pick<ContainerRow, 'id' | 'engine'>) {
  return useQuery({ queryKey: ['containers', 'details', c.engine, c.id], queryFn: ({ signal }) => bridge.containers.details.query({ engine: c.engine, id: c.id }, { signal }) });
}

function Summary({ c }: { c: ContainerRow }) {
  const details = useDetails(c);
  const data = details.data;
  const mounts = data?.mounts ?? [];
  const labels = Object.entries(c.labels).sort(([a], [b]) => a.localeCompare(b));
  const project = c.composeProject;
  const cmd = c.command ?? data?.command.join(' ');
  return (
    <div className="summary-grid">
      <section aria-labelledby="sum-general">
        <h2 id="sum-general" className="visually-hidden">
          General
        </h2>
        <dl className="kv">
          <dt>State</dt>
          <dd>
            <StateBadge state={c.state} /> <span className="muted">{c.status}</span>
            {c.exitCode != null && c.state === 'exited' ? <span className="muted"> · exit code {c.exitCode}</span> : null}
          </dd>
          <dt>Id</dt>
          <dd className="mono">{shortId(c.id)}</dd>
          <dt>Image</dt>
          <dd className="mono">{c.image}</dd>
          <dt>Command</dt>
          <dd className="mono">{cmd || '—'}</dd>
          <dt>Ports</dt>
          <dd>
            <PortLinks c={c} />
          </dd>
          <dt>Pod</dt>
          <dd>{c.pod ? <a href={routeHash({ view: 'pods', id: c.pod.id })}>{c.pod.name}</a> : '—'}</dd>
          {project ? (
            <>
              <dt>Compose project</dt>
              <dd>{project}</dd>
            </>
          ) : null}
          <dt>Created</dt>
          <dd>{formatDate(c.created)}</dd>
          <dt>Started</dt>
          <dd>{c.startedAt ? formatDate(c.startedAt) : data?.startedAt ? formatDate(data.startedAt) : '—'}</dd>
        </dl>
      </section>
      <section aria-labelledby="sum-mounts" className="section">
        <h2 id="sum-mounts">Mounts</h2>
        {details.error ? <ErrorMessage error={details.error} title="Could not read the mounts" compact /> : null}
        {details.isLoading ? <span className="muted">Loading…</span> : null}
        {data && !mounts.length ? <span className="muted">No mounts.</span> : null}
        {mounts.length ? (
          <SimpleTable
            headers={['Type', 'Source', 'Path in container', 'Mode']}
            rows={mounts}
            row={(m, i) => (
              <tr key={`${m.destination}-${i}`}>
                <td>{m.type || '—'}</td>
                <td className="mono">{m.type === 'volume' && m.name ? m.name : m.source || '—'}</td>
                <td className="mono">{m.destination || '—'}</td>
                <td>{m.readOnly ? 'read-only' : 'read-write'}</td>
              </tr>
            )}
          />
        ) : null}
      </section>
      <section aria-labelledby="sum-labels" className="section">
        <h2 id="sum-labels">Labels</h2>
        {labels.length ? (
          <SimpleTable
            headers={['Key', 'Value']}
            rows={labels}
            row={([k, v]) => (
              <tr key={k}>
                <td className="mono">{k}</td>
                <td className="mono">{v}</td>
              </tr>
            )}
          />
        ) : (
          <span className="muted">No labels.</span>
        )}
      </section>
    </div>
  );
}

function InspectTab({ c }: { c: ContainerRow }) {
  const q = useInspect(c);
  if (q.error) return <ErrorMessage error={q.error} title={`Could not inspect ${c.name}`} onRetry={() => void q.refetch()} />;
  if (!q.data) return <QueryWait label={`Inspecting ${c.name}`} queryKey={inspectKey(c)} onRetry={() => void q.refetch()} />;
  return <JsonView value={q.data} label={`Inspect data for ${c.name}`} />;
}

function KubeTab({ c }: { c: ContainerRow }) {
  return <KubeYamlPanel engine={c.engine} names={[c.id]} label={c.name} />;
}

function StatsTab({ c }: { c: ContainerRow }) {
  const running = c.state === 'running';
  useWatchStats(running ? [statsKey(c.engine, c.id)] : []);
  const s = useStats(statsKey(c.engine, c.id));
  const error = useStatsError();
  if (!running) return <EmptyState title={`${c.name} is not running`}>Start it to see live CPU and memory use.</EmptyState>;
  if (!s && error !== undefined) return <ErrorMessage error={error} title={`Could not read live stats of ${c.name}`} />;
  if (!s) return <ProgressBar label="Waiting for the first stats sample" />;
  const l = s.latest;
  const memPct = l.memLimit > 0 ? (l.memUsage / l.memLimit) * 100 : undefined;
  return (
    <div className="stats-grid">
      <div className="card stat-card">
        <span className="card-title">CPU</span>
        <span className="card-value">{formatPercent(l.cpuPercent)}</span>
        <Sparkline values={s.cpu} max={100} width={260} height={48} label={`CPU use over the last ${s.cpu.length} samples, now ${formatPercent(l.cpuPercent)}`} />
      </div>
      <div className="card stat-card">
        <span className="card-title">Memory</span>
        <span className="card-value">{formatBytes(l.memUsage)}</span>
        <span className="muted">
          of {formatBytes(l.memLimit)}
          {memPct !== undefined ? ` (${formatPercent(memPct)})` : ''}
        </span>
        <Sparkline values={s.mem} width={260} height={48} color="var(--chart-2)" label={`Memory use over the last ${s.mem.length} samples, now ${formatBytes(l.memUsage)}`} />
      </div>
      <div className="card">
        <span className="card-title">Network</span>
        <span>Received {formatBytes(l.netRx)}</span>
        <span>Sent {formatBytes(l.netTx)}</span>
      </div>
      <div className="card">
        <span className="card-title">Disk</span>
        <span>Read {formatBytes(l.blockRead)}</span>
        <span>Written {formatBytes(l.blockWrite)}</span>
      </div>
      <div className="card">
        <span className="card-title">Processes</span>
        <span className="card-value">{l.pids}</span>
      </div>
    </div>
  );
}

export function ContainerDetails({ idOrName, tab, engine }: { idOrName: string; tab: string | undefined; engine?: string | undefined }) {
  const { c, ready } = useContainer(idOrName, engine);
  const selected = TABS.some((t) => t.id === tab) ? tab! : 'summary';
  const [visited, setVisited] = useState<ReadonlySet<string>>(() => new Set([selected]));
  const [removing, setRemoving] = useState<ContainerRow[] | null>(null);
  const [renaming, setRenaming] = useState(false);
  if (!visited.has(selected)) setVisited(new Set([...visited, selected]));
  // When the container goes away while shown (removed elsewhere), say so by the name the user saw, not the route's id.
  const [lastName, setLastName] = useState<string | undefined>(undefined);
  if (c && c.name !== lastName) setLastName(c.name);

  const select = (t: string) => replaceRoute({ view: 'containers', id: idOrName, tab: t, engine });

  if (!c) {
    return (
      <div className="view">
        <nav className="breadcrumb" aria-label="Breadcrumb">
          <a href={routeHash({ view: 'containers' })}>Containers</a>
        </nav>
        {ready ? (
          <EmptyState title={`There is no container “${lastName ?? idOrName}”`} icon="containers" action={<Button onClick={() => navigate('containers')}>Back to containers</Button>}>
            It may have been removed.
          </EmptyState>
        ) : (
          <EmptyState title="Loading…" />
        )}
      </div>
    );
  }
  const running = c.state === 'running';
  return (
    <div className="view details-view">
      <nav className="breadcrumb" aria-label="Breadcrumb">
        <a href={routeHash({ view: 'containers' })}>Containers</a>
        <span aria-hidden="true">/</span>
        <span aria-current="page">{c.name}</span>
      </nav>
      <div className="details-header">
        <h1>{c.name}</h1>
        <StateBadge state={c.state} title={c.status} />
        <span className="muted mono">{c.image}</span>
        <div style={{ flex: 1 }} />
        <Button size="small" onClick={() => setRenaming(true)}>
          Rename
        </Button>
        <ContainerActions c={c} onRemove={(x) => setRemoving([x])} text />
      </div>
      <Tabs label={`Container ${c.name}`} tabs={TABS} selected={selected} onSelect={select} idPrefix="ctr" />
      <div className="details-body">
        <TabPanel idPrefix="ctr" id="summary" selected={selected}>
          <Summary c={c} />
        </TabPanel>
        <TabPanel idPrefix="ctr" id="logs" selected={selected}>
          <LogsPane containerId={c.id} engine={c.engine} name={c.name} />
        </TabPanel>
        {/* The terminal stays mounted (hidden) once opened, so the shell survives tab switches. */}
        <TabPanel idPrefix="ctr" id="terminal" selected={selected} keepMounted>
          {visited.has('terminal') ? <TerminalPane containerId={c.id} engine={c.engine} running={running} name={c.name} /> : null}
        </TabPanel>
        <TabPanel idPrefix="ctr" id="processes" selected={selected}>
          {selected === 'processes' ? <ProcessesTab c={c} /> : null}
        </TabPanel>
        <TabPanel idPrefix="ctr" id="files" selected={selected}>
          {selected === 'files' ? <FileBrowser engine={c.engine} id={c.id} label={c.name} running={running} /> : null}
        </TabPanel>
        <TabPanel idPrefix="ctr" id="health" selected={selected}>
          {selected === 'health' ? <HealthTab c={c} /> : null}
        </TabPanel>
        <TabPanel idPrefix="ctr" id="inspect" selected={selected}>
          <InspectTab c={c} />
        </TabPanel>
        <TabPanel idPrefix="ctr" id="kube" selected={selected}>
          <KubeTab c={c} />
        </TabPanel>
        <TabPanel idPrefix="ctr" id="stats" selected={selected}>
          <StatsTab c={c} />
        </TabPanel>
      </div>
      {renaming ? (
        <RenameDialog
          c={c}
          onClose={() => setRenaming(false)}
          onRenamed={(name) => {
            setRenaming(false);
            notify({ kind: 'success', title: `Renamed ${c.name} to ${name}` });
            // The route may name the container by its old name: point it at the id.
            replaceRoute({ view: 'containers', id: c.id, tab: selected, engine });
          }}
        />
      ) : null}
      <RemoveDialog targets={removing} onClose={() => setRemoving(null)} onRemoved={() => navigate('containers')} />
    </div>
  );
}
