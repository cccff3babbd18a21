/**
 * Compose: every project on the engines, from the labels Docker Compose and
 * podman-compose write (the engine's own grouping rule), live from the
 * container rows. A project row expands to its containers; group actions,
 * Down, combined logs and Kube on the project's page; Compose up from a file.
 */
import { useCallback, useMemo, useState } from 'react';
import type { ContainerRow } from '../../../../electron/contract/index.js';
import { Button, DataTable, ErrorMessage, StateBadge, type Column } from '../../components';
import { engineForRoute, useMultiEngine } from '../../stores/engines';
import { navigate, useRoute } from '../../stores/ui';
import { PortLinks } from '../containers/containerActions';
import { CreateEmptyState } from '../common/CreateEmptyState';
import { ListEmpty } from '../common/ListEmpty';
import { actionsColumn } from '../common/resourceColumns';
import { ResourceToolbar } from '../common/ResourceToolbar';
import { ExpandToggle } from '../common/ExpandToggle';
import { toggled } from '../common/toggled';
import { RowActions, ViewFrame } from '../images/common';
import { engineColumn } from '../settings/engines/shared';
import { ComposeDialogs, useProjects, type ComposeDialog } from './ComposeDialogs';
import { ProjectDetails } from './ProjectDetails';
import { ProjectActions, projectState, type Project } from './projectActions';
import './compose.css';

type Row = { type: 'project'; key: string; p: Project; expanded: boolean } | { type: 'container'; key: string; p: Project; c: ContainerRow; service: string };

function stateText(p: Project): string {
  return Object.entries(p.states)
    .sort((a, b) => b[1] - a[1])
    .map(([s, n]) => `${n} ${s}`)
    .join(', ');
}

export function ComposeView() {
  const route = useRoute();
  if (route.id) return <ProjectDetails name={route.id} engine={route.engine} tab={route.tab} />;
  return <ComposeList />;
}

function ComposeList() {
  const { projects, ready, error } = useProjects();
  const multi = useMultiEngine();
  const [query, setQuery] = useState('');
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(() => new Set());
  const [dialog, setDialog] = useState<ComposeDialog | null>(null);
  const close = useCallback(() => setDialog(null), []);
  const toggle = useCallback((key: string) => setExpanded((prev) => toggled(prev, key)), []);
  const open = useCallback((p: Project, tab?: string) => navigate({ view: 'compose', id: p.name, ...(tab ? { tab } : {}), engine: engineForRoute(p.engine) }), []);

  const rows = useMemo(() => {
    const q = query.trim().toLowerCase();
    const out: Row[] = [];
    for (const p of projects) {
      const hit = !q || p.name.toLowerCase().includes(q) || p.services.some((s) => s.name.toLowerCase().includes(q));
      if (!hit) continue;
      const isOpen = expanded.has(p.key);
      out.push({ type: 'project', key: p.key, p, expanded: isOpen });
      if (isOpen) for (const s of p.services) for (const c of s.containers) out.push({ type: 'container', key: `${p.key}/${c.id}`, p, c, service: s.name });
    }
    return out;
  }, [projects, query, expanded]);

  const columns = useMemo<Column<Row>[]>(
    () => [
      {
        id: 'name',
        header: 'Name',
        rowHeader: true,
        width: 'minmax(200px, 2fr)',
        cell: (r) =>
          r.type === 'project' ? (
            <span className="pod-name">
              <ExpandToggle expanded={r.expanded} name={r.p.name} onToggle={() => toggle(r.key)} />
              <a className="rv-name" href={`#/compose/${encodeURIComponent(r.p.name)}${r.p.engine && multi ? `?engine=${encodeURIComponent(r.p.engine)}` : ''}`}>
                {r.p.name}
              </a>
            </span>
          ) : (
            <span className="pod-child">
              <span className="rv-name">{r.c.name}</span>
              <span className="muted rv-sub">{r.service}</span>
            </span>
          ),
      },
      ...(multi ? [engineColumn<Row>((r) => (r.type === 'project' ? r.p.engine : undefined))] : []),
      {
        id: 'status',
        header: 'Status',
        width: '130px',
        cell: (r) => (r.type === 'project' ? <StateBadge state={projectState(r.p)} title={stateText(r.p)} /> : <StateBadge state={r.c.state} title={r.c.status} />),
      },
      {
        id: 'services',
        header: 'Services',
        width: 'minmax(140px, 2fr)',
        cell: (r) =>
          r.type === 'project' ? (
            <span title={r.p.services.map((s) => s.name).join(', ')}>
              {r.p.services.length} · <span className="muted">{stateText(r.p)}</span>
            </span>
          ) : (
            <span className="muted">{r.c.status}</span>
          ),
      },
      {
        id: 'ports',
        header: 'Ports',
        width: 'minmax(100px, 1fr)',
        cell: (r) =>
          r.type === 'container' ? (
            <PortLinks c={r.c} />
          ) : (
            <span className="compose-ports">
              {r.p.containers
                .filter((c) => c.ports.some((x) => x.hostPort))
                .map((c) => (
                  <PortLinks key={c.id} c={c} />
                ))}
            </span>
          ),
      },
      {
        id: 'folder',
        header: 'Folder',
        width: 'minmax(120px, 2fr)',
        cell: (r) =>
          r.type === 'project' ? (
            <span className="mono muted compose-folder" title={`${r.p.workingDir ?? 'unknown folder'} · made by ${r.p.madeBy}`}>
              {r.p.workingDir ?? '—'}
            </span>
          ) : null,
      },
      actionsColumn<Row>('230px', (r) =>
        r.type === 'project' ? (
          <ProjectActions
            p={r.p}
            onLogs={() => open(r.p, 'logs')}
            onDown={() => setDialog({ kind: 'down', engine: r.p.engine, project: r.p.name })}
            onRemove={() => setDialog({ kind: 'remove', p: r.p })}
          />
        ) : (
          <RowActions>
            <Button size="small" variant="ghost" onClick={() => navigate({ view: 'containers', id: r.c.id, engine: engineForRoute(r.c.engine) })} aria-label={`Open container ${r.c.name}`}>
              Open
            </Button>
          </RowActions>
        ),
      ),
    ],
    [toggle, multi, open],
  );

  return (
    <ViewFrame
      title="Compose"
      count={ready ? projects.length : undefined}
      toolbar={<ResourceToolbar label="Compose actions" searchLabel="Search projects" query={query} onQuery={setQuery} createLabel="Compose up" onCreate={() => setDialog({ kind: 'up' })} />}
    >
      {error && !ready ? <ErrorMessage error={error} title="Could not list containers" /> : null}
      <DataTable
        label="Compose projects"
        rows={rows}
        columns={columns}
        getKey={(r) => r.key}
        getName={(r) => (r.type === 'project' ? r.p.name : `${r.c.name} (service ${r.service} of ${r.p.name})`)}
        onActivate={(r) => (r.type === 'project' ? open(r.p) : navigate({ view: 'containers', id: r.c.id, engine: engineForRoute(r.c.engine) }))}
        empty={
          <ListEmpty ready={ready} query={query} loading="Loading projects…" noun="project">
            <CreateEmptyState title="No compose projects" icon="containers" createLabel="Compose up" onCreate={() => setDialog({ kind: 'up' })}>
              Run a compose file (docker-compose.yml, compose.yaml) with the compose tool you have; projects started from a terminal show here too.
            </CreateEmptyState>
          </ListEmpty>
        }
      />
      <ComposeDialogs dialog={dialog} onClose={close} onDialog={setDialog} />
    </ViewFrame>
  );
}

export default ComposeView;
