import { memo, useCallback, useMemo, useState, useSyncExternalStore } from 'react';
import type { BulkResult, ContainerRow } from '../../../../electron/contract/index.js';
import { bridge } from '../../bridge/client';
import {
  Button,
  DataTable,
  EmptyState,
  ErrorMessage,
  formatBytes,
  formatPercent,
  notify,
  notifyError,
  SearchField,
  Segmented,
  StateBadge,
  timeAgo,
  Toolbar,
  ToolbarSpacer,
  type Column,
  type RowGroup,
} from '../../components';
import { CheckboxField, SelectField } from '../../components/FormField';
import { HealthBadge } from '../../components/Badge';
import { compareNatural } from '../../components/format';
import { byEngine, engineForRoute, useMultiEngine } from '../../stores/engines';
import { keyOf, useLive } from '../../stores/live';
import { statsKey, useStats, useStatsError, useWatchStats } from '../../stores/stats';
import { navigate, openCreateContainer, useRoute } from '../../stores/ui';
import { ContainerActions, PortLinks } from './containerActions';
import { engineColumn } from '../settings/engines/shared';
import { ContainerDetails } from './ContainerDetails';
import { PruneDialog } from '../common/PruneDialog';
import { RemoveDialog } from './RemoveDialog';
import './containers.css';

type StateFilter = 'all' | 'running' | 'stopped';

function groupOf(c: ContainerRow): RowGroup | undefined {
  if (c.pod) return { key: `pod:${c.engine}/${c.pod.id}`, label: `Pod ${c.pod.name}` };
  // The engine reads the compose labels (Docker Compose and podman-compose) into composeProject.
  const p = c.composeProject;
  if (p) return { key: `compose:${c.engine}/${p}`, label: `Compose project ${p}` };
  return undefined;
}

const getKey = (c: ContainerRow) => keyOf('containers', c);
const getName = (c: ContainerRow) => c.name;

/** A clock that ticks once a minute, for relative times. */
let minuteListeners = new Set<() => void>();
let minuteNow = Date.now();
setInterval(() => {
  minuteNow = Date.now();
  minuteListeners.forEach((l) => l());
}, 60_000);
function useMinute(): number {
  return useSyncExternalStore(
    (l) => {
      minuteListeners.add(l);
      return () => {
        minuteListeners.delete(l);
        if (!minuteListeners.size) minuteListeners = new Set();
      };
    },
    () => minuteNow,
  );
}

const Created = memo(function Created({ t }: { t: number }) {
  const now = useMinute();
  return <span title={new Date(t < 1e12 ? t * 1000 : t).toLocaleString()}>{timeAgo(t, now)}</span>;
});

/** A running container's latest CPU or memory use ("…" until the first sample, "—" when stopped or stats fail). */
const StatCell = memo(function StatCell({ c, metric }: { c: ContainerRow; metric: 'cpu' | 'mem' }) {
  const s = useStats(statsKey(c.engine, c.id));
  const failed = useStatsError() !== undefined;
  if (c.state !== 'running') return <span className="muted">—</span>;
  if (!s && failed)
    return (
      <span className="muted" title="Stats are not available">
        —
      </span>
    );
  if (!s) return <span>…</span>;
  return <span>{metric === 'cpu' ? formatPercent(s.latest.cpuPercent) : formatBytes(s.latest.memUsage)}</span>;
});

function matches(c: ContainerRow, q: string): boolean {
  if (!q) return true;
  return (
    c.name.toLowerCase().includes(q) ||
    c.image.toLowerCase().includes(q) ||
    c.state.toLowerCase().includes(q) ||
    c.id.startsWith(q) ||
    (c.pod?.name.toLowerCase().includes(q) ?? false) ||
    (c.composeProject?.toLowerCase().includes(q) ?? false)
  );
}

function isRunning(c: ContainerRow): boolean {
  return c.state === 'running' || c.state === 'paused';
}

function reportBulk(verb: string, rows: ContainerRow[], r: BulkResult): void {
  const names = new Map(rows.map((c) => [c.id, c.name]));
  const failed = r.results.filter((x) => !x.ok);
  if (!failed.length) notify({ kind: 'success', title: `${verb} ${r.results.length} container${r.results.length === 1 ? '' : 's'}` });
  else
    notify({
      kind: 'error',
      title: `${verb} ${r.results.length - failed.length} of ${r.results.length} containers`,
      detail: failed.map((x) => `${names.get(x.id) ?? x.id}: ${x.error?.engineMessage ?? x.error?.message ?? 'failed'}`).join('; '),
    });
}

type HealthFilter = 'any' | 'healthy' | 'unhealthy' | 'starting' | 'none';
const HEALTH_FILTERS: { value: HealthFilter; label: string }[] = [
  { value: 'any', label: 'Any health' },
  { value: 'unhealthy', label: 'Unhealthy' },
  { value: 'starting', label: 'Starting' },
  { value: 'healthy', label: 'Healthy' },
  { value: 'none', label: 'No health check' },
];
const healthMatches = (c: ContainerRow, f: HealthFilter) => f === 'any' || (f === 'none' ? !c.health : c.health === f);

function ContainerList() {
  const { items, ready, error } = useLive('containers');
  const multi = useMultiEngine();
  const [query, setQuery] = useState('');
  const [stateFilter, setStateFilter] = useState<StateFilter>('all');
  const [healthFilter, setHealthFilter] = useState<HealthFilter>('any');
  const [grouped, setGrouped] = useState(true);
  const [selected, setSelected] = useState<Set<string>>(() => new Set());
  const [removing, setRemoving] = useState<ContainerRow[] | null>(null);
  const [pruning, setPruning] = useState(false);
  const [bulkBusy, setBulkBusy] = useState<string | null>(null);
  const [visible, setVisible] = useState<string[]>([]);

  const q = query.trim().toLowerCase();
  const rows = useMemo(
    () => items.filter((c) => !c.isInfra && matches(c, q) && (stateFilter === 'all' || (stateFilter === 'running' ? isRunning(c) : !isRunning(c))) && healthMatches(c, healthFilter)),
    [items, q, stateFilter, healthFilter],
  );
  const byId = useMemo(() => new Map(items.map((c) => [keyOf('containers', c), c])), [items]);
  const selectedRows = useMemo(() => [...selected].map((id) => byId.get(id)).filter((c): c is ContainerRow => !!c), [selected, byId]);

  // Stats only for the running containers on screen.
  const visibleRunning = useMemo(() => visible.filter((k) => byId.get(k)?.state === 'running').slice(0, 200), [visible, byId]);
  useWatchStats(visibleRunning);

  const onRemove = useCallback((c: ContainerRow) => setRemoving([c]), []);

  const columns = useMemo<Column<ContainerRow>[]>(
    () => [
      {
        id: 'name',
        header: 'Name',
        width: 'minmax(140px, 2fr)',
        rowHeader: true,
        sort: (a, b) => compareNatural(a.name, b.name),
        cell: (c) => (
          <button type="button" className="link-button" onClick={() => navigate({ view: 'containers', id: c.id, engine: engineForRoute(c.engine) })} title={`Open details of ${c.name}`}>
            {c.name}
          </button>
        ),
      },
      ...(multi ? [engineColumn<ContainerRow>((c) => c.engine)] : []),
      { id: 'image', header: 'Image', width: 'minmax(120px, 2fr)', sort: (a, b) => compareNatural(a.image, b.image), cell: (c) => <span title={c.image}>{c.image}</span> },
      {
        id: 'state',
        header: 'State',
        width: '190px',
        sort: (a, b) => compareNatural(a.state, b.state),
        cell: (c) => (
          <span className="state-cell">
            <StateBadge state={c.state} title={c.status} />
            {c.health ? <HealthBadge health={c.health} /> : null}
          </span>
        ),
      },
      { id: 'ports', header: 'Ports', width: 'minmax(110px, 1fr)', cell: (c) => <PortLinks c={c} /> },
      { id: 'created', header: 'Created', width: '120px', sort: (a, b) => a.created - b.created, cell: (c) => <Created t={c.created} /> },
      { id: 'cpu', header: 'CPU', width: '64px', align: 'end', cell: (c) => <StatCell c={c} metric="cpu" /> },
      { id: 'mem', header: 'Memory', width: '84px', align: 'end', cell: (c) => <StatCell c={c} metric="mem" /> },
      { id: 'actions', header: 'Actions', headerHidden: true, width: '172px', align: 'end', cell: (c) => <ContainerActions c={c} onRemove={onRemove} /> },
    ],
    [onRemove, multi],
  );

  const bulk = async (action: 'start' | 'stop') => {
    const targets = selectedRows.filter((c) => (action === 'start' ? !isRunning(c) : isRunning(c)));
    if (!targets.length) {
      notify({ kind: 'info', title: action === 'start' ? 'The selected containers are already running' : 'None of the selected containers is running' });
      return;
    }
    setBulkBusy(action);
    try {
      // One bulk call per engine; the results are reported together.
      const parts = await Promise.all([...byEngine(targets)].map(([engine, rows]) => bridge.containers.bulk.mutate({ engine, ids: rows.map((c) => c.id), action })));
      reportBulk(action === 'start' ? 'Started' : 'Stopped', targets, { results: parts.flatMap((p) => p.results) });
    } catch (e) {
      notifyError(e, `Could not ${action} the selected containers`);
    }
    setBulkBusy(null);
  };

  const total = items.filter((c) => !c.isInfra).length;

  return (
    <div className="view">
      <div className="view-header">
        <h1>Containers</h1>
        {selectedRows.length ? (
          <div className="bulk-actions" role="group" aria-label="Actions on selected containers">
            <span className="muted">{selectedRows.length} selected</span>
            <Button size="small" icon="play" busy={bulkBusy === 'start'} disabled={!!bulkBusy} onClick={() => void bulk('start')}>
              Start selected
            </Button>
            <Button size="small" icon="stop" busy={bulkBusy === 'stop'} disabled={!!bulkBusy} onClick={() => void bulk('stop')}>
              Stop selected
            </Button>
            <Button size="small" icon="trash" disabled={!!bulkBusy} onClick={() => setRemoving(selectedRows)}>
              Remove selected
            </Button>
          </div>
        ) : null}
        <Button onClick={() => setPruning(true)}>Remove stopped</Button>
        <Button variant="primary" icon="plus" onClick={() => openCreateContainer()}>
          Create container
        </Button>
      </div>
      <Toolbar>
        <SearchField label="Search containers" placeholder="Search containers (Ctrl+K)" value={query} onChange={setQuery} />
        <Segmented
          label="Show"
          value={stateFilter}
          onChange={setStateFilter}
          options={[
            { value: 'all', label: 'All' },
            { value: 'running', label: 'Running' },
            { value: 'stopped', label: 'Stopped' },
          ]}
        />
        <SelectField label="Health" value={healthFilter} onChange={(e) => setHealthFilter(e.target.value as HealthFilter)} options={HEALTH_FILTERS} />
        <CheckboxField label="Group by pod and project" checked={grouped} onChange={setGrouped} />
        <ToolbarSpacer />
        <span className="muted">{ready ? (rows.length === total ? `${total} container${total === 1 ? '' : 's'}` : `${rows.length} of ${total} containers`) : ''}</span>
      </Toolbar>
      {error && !ready ? <ErrorMessage error={error} title="Could not list containers" /> : null}
      <DataTable
        label="Containers"
        rows={rows}
        columns={columns}
        getKey={getKey}
        getName={getName}
        selectable
        selected={selected}
        onSelectedChange={setSelected}
        onActivate={(c) => navigate({ view: 'containers', id: c.id, engine: engineForRoute(c.engine) })}
        groupOf={grouped ? groupOf : undefined}
        initialSort={{ id: 'name', dir: 'asc' }}
        onVisibleRowsChange={setVisible}
        empty={
          !ready ? (
            <EmptyState title="Loading containers…" />
          ) : total === 0 ? (
            <EmptyState
              title="No containers yet"
              icon="containers"
              action={
                <Button variant="primary" icon="plus" onClick={() => openCreateContainer()}>
                  Create container
                </Button>
              }
            >
              Create one from an image, or pull an image first in Images.
            </EmptyState>
          ) : (
            <EmptyState title="No container matches">Change the search text or the filter.</EmptyState>
          )
        }
      />
      <RemoveDialog
        targets={removing}
        onClose={() => setRemoving(null)}
        onRemoved={(ids) =>
          setSelected((prev) => {
            const next = new Set(prev);
            ids.forEach((id) => next.delete(id));
            return next;
          })
        }
      />
      {pruning ? (
        <PruneDialog
          noun="stopped container"
          title="Remove every stopped container?"
          message="Removes every container that is not running (exited or only created), with the files it wrote. Running and paused containers stay."
          prune={(engine) => bridge.containers.prune.mutate(engine ? { engine } : {})}
          onClose={() => setPruning(false)}
        />
      ) : null}
    </div>
  );
}

export function ContainersView() {
  const route = useRoute();
  if (route.id) return <ContainerDetails key={`${route.engine ?? ''}/${route.id}`} idOrName={route.id} tab={route.tab} engine={route.engine} />;
  return <ContainerList />;
}
