/** A compose project's page: its services and containers, the combined log of all of them, and (on Podman) one Kubernetes YAML for the project. */
import { useMemo, useState } from 'react';
import { Button, EmptyState, StateBadge, TabPanel, Tabs } from '../../components';
import { LogsPane } from '../../panes/logs/LogsPane';
import { engineForRoute, useEngines, usePrimaryEngineId } from '../../stores/engines';
import { navigate, replaceRoute, routeHash } from '../../stores/ui';
import { PortLinks } from '../containers/containerActions';
import { KubeYamlPanel } from '../common/KubeYamlPanel';
import { SimpleTable } from '../common/SimpleTable';
import { ComposeDialogs, useProjects, type ComposeDialog } from './ComposeDialogs';
import { ProjectActions, projectState, type Project } from './projectActions';

const TABS = [
  { id: 'services', label: 'Services' },
  { id: 'logs', label: 'Logs' },
  { id: 'kube', label: 'Kube' },
];

export function ProjectDetails({ name, engine, tab }: { name: string; engine: string | undefined; tab: string | undefined }) {
  const { projects, ready } = useProjects();
  const primary = usePrimaryEngineId();
  const on = engine ?? primary;
  const p = projects.find((x) => x.name === name && (!on || x.engine === on)) ?? (engine ? undefined : projects.find((x) => x.name === name));
  const [dialog, setDialog] = useState<ComposeDialog | null>(null);
  const selected = TABS.some((t) => t.id === tab) ? tab! : 'services';
  const select = (t: string) => replaceRoute({ view: 'compose', id: name, tab: t, engine });
  const members = useMemo(() => p?.services.flatMap((s) => s.containers.map((c) => ({ id: c.id, name: s.containers.length > 1 ? c.name : s.name }))) ?? [], [p]);
  const membersKey = members.map((m) => m.id).join(',');
  // A new member set (scaled, recreated) restarts the combined log; the same set keeps it.
  const stableMembers = useMemo(() => members, [membersKey]);

  const crumb = (
    <nav className="breadcrumb" aria-label="Breadcrumb">
      <a href={routeHash({ view: 'compose' })}>Compose</a>
      <span aria-hidden="true">/</span>
      <span aria-current="page">{name}</span>
    </nav>
  );
  // The dialogs stay at one place in the tree: a Down that removes the last container must not remount (and so cancel) itself.
  const dialogs = <ComposeDialogs dialog={dialog} onClose={() => setDialog(null)} onDialog={setDialog} />;
  if (!p) {
    return (
      <>
        <div className="view">
          {crumb}
          {ready ? (
            <EmptyState title={`There is no compose project “${name}”`} icon="containers" action={<Button onClick={() => navigate('compose')}>Back to Compose</Button>}>
              It has no containers on this engine (it may have been taken down).
            </EmptyState>
          ) : (
            <EmptyState title="Loading…" />
          )}
        </div>
        {dialogs}
      </>
    );
  }
  return (
    <>
      <div className="view details-view">
        {crumb}
        <div className="details-header">
          <h1>{p.name}</h1>
          <StateBadge state={projectState(p)} />
          <span className="muted mono" title={`made by ${p.madeBy}`}>
            {p.workingDir ?? ''}
          </span>
          <div style={{ flex: 1 }} />
          <ProjectActions p={p} text onDown={() => setDialog({ kind: 'down', engine: p.engine, project: p.name })} onRemove={() => setDialog({ kind: 'remove', p })} />
        </div>
        <Tabs label={`Project ${p.name}`} tabs={TABS} selected={selected} onSelect={select} idPrefix="cmp" />
        <div className="details-body">
          <TabPanel idPrefix="cmp" id="services" selected={selected}>
            <Services p={p} />
          </TabPanel>
          <TabPanel idPrefix="cmp" id="logs" selected={selected}>
            {selected === 'logs' ? <LogsPane members={stableMembers} engine={p.engine} name={p.name} /> : null}
          </TabPanel>
          <TabPanel idPrefix="cmp" id="kube" selected={selected}>
            {selected === 'kube' ? <KubeTab p={p} /> : null}
          </TabPanel>
        </div>
      </div>
      {dialogs}
    </>
  );
}

function Services({ p }: { p: Project }) {
  const rows = p.services.flatMap((s) => s.containers.map((c) => ({ s: s.name, c })));
  return (
    <div className="compose-services">
      <SimpleTable
        caption={`Services of ${p.name}`}
        headers={['Service', 'Container', 'State', 'Image', 'Ports']}
        rows={rows}
        row={({ s, c }) => (
          <tr key={c.id}>
            <td>{s}</td>
            <td>
              <a href={routeHash({ view: 'containers', id: c.id, engine: engineForRoute(c.engine) })}>{c.name}</a>
            </td>
            <td>
              <StateBadge state={c.state} title={c.status} />
            </td>
            <td className="mono">{c.image}</td>
            <td>
              <PortLinks c={c} />
            </td>
          </tr>
        )}
      />
      {p.configFiles.length ? (
        <p className="muted">
          Files: <span className="mono">{p.configFiles.join(', ')}</span>
        </p>
      ) : null}
    </div>
  );
}

function KubeTab({ p }: { p: Project }) {
  const { list } = useEngines();
  const kind = list.find((e) => e.id === p.engine)?.kind;
  if (kind === 'docker') return <EmptyState title="Kubernetes YAML needs Podman">Docker Engine cannot generate Kubernetes YAML; run the project on a Podman engine.</EmptyState>;
  return <KubeYamlPanel engine={p.engine} names={p.containers.map((c) => c.id)} label={p.name} />;
}
