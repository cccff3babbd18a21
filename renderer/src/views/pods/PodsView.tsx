/**
 * Pods: a live table where each pod row expands to its containers, with
 * start/stop/restart/remove, Kubernetes YAML (generate and play) and create.
 */
import { PruneDialog } from '../common/PruneDialog';
import { useCallback, useMemo, useState } from 'react';
import type { PodRow } from '../../../../electron/contract/index.js';
import { bridge } from '../../bridge/client';
import { Button, DataTable, ErrorMessage, IconButton, notifyError, shortId, StateBadge, type Column } from '../../components';
import { useLive } from '../../stores/live';
import { engineForRoute, useMultiEngine } from '../../stores/engines';
import { engineColumn } from '../settings/engines/shared';
import { navigate } from '../../stores/ui';
import { ActionButton, ExtraIconSvg, RowActions, ViewFrame } from '../images/common';
import { CreateEmptyState } from '../common/CreateEmptyState';
import { ListEmpty } from '../common/ListEmpty';
import { actionsColumn, createdColumn, labelsColumn } from '../common/resourceColumns';
import { ResourceInspectDialog } from '../common/ResourceInspectDialog';
import { ResourceToolbar } from '../common/ResourceToolbar';
import { ExpandToggle } from '../common/ExpandToggle';
import { toggled } from '../common/toggled';
import { CreatePodDialog, KubeYamlDialog, PlayKubeDialog, PodLogsDialog, RemovePodDialog } from './PodDialogs';
import './pods.css';

type PodContainer = PodRow['containers'][number];
type Row = { type: 'pod'; key: string; pod: PodRow; expanded: boolean } | { type: 'container'; key: string; pod: PodRow; container: PodContainer };

type DialogState = { kind: 'create' } | { kind: 'play' } | { kind: 'prune' } | { kind: 'remove' | 'yaml' | 'inspect' | 'logs'; pod: PodRow };

// Row wrappers keep their identity while the pod object does, so memoized rows stay put.
const podRows = new WeakMap<PodRow, { collapsed?: Row; expanded?: Row; children?: Row[] }>();
function rowsFor(pod: PodRow, expanded: boolean): Row[] {
  let c = podRows.get(pod);
  if (!c) podRows.set(pod, (c = {}));
  const k = `${pod.engine}/${pod.id}`;
  const head = expanded ? (c.expanded ??= { type: 'pod', key: k, pod, expanded: true }) : (c.collapsed ??= { type: 'pod', key: k, pod, expanded: false });
  if (!expanded) return [head];
  c.children ??= pod.containers.map((container) => ({ type: 'container', key: `${k}/${container.id}`, pod, container }));
  return [head, ...c.children];
}

function PodActions({ pod, onDialog }: { pod: PodRow; onDialog: (d: DialogState) => void }) {
  const [busy, setBusy] = useState<string | null>(null);
  const running = /running|degraded/i.test(pod.status);
  const act = async (action: 'start' | 'stop' | 'restart') => {
    setBusy(action);
    try {
      await bridge.pods.action.mutate({ engine: pod.engine, id: pod.id, action });
    } catch (e) {
      notifyError(e, `Could not ${action} pod ${pod.name}`);
    } finally {
      setBusy(null);
    }
  };
  return (
    <RowActions>
      <IconButton label={`Start ${pod.name}`} icon="play" busy={busy === 'start'} disabled={!!busy || /^running$/i.test(pod.status)} onClick={() => void act('start')} />
      <IconButton label={`Stop ${pod.name}`} icon="stop" busy={busy === 'stop'} disabled={!!busy || !running} onClick={() => void act('stop')} />
      <IconButton label={`Restart ${pod.name}`} icon="restart" busy={busy === 'restart'} disabled={!!busy} onClick={() => void act('restart')} />
      <IconButton label={`Logs of ${pod.name}`} icon="logs" disabled={pod.containers.length === 0} onClick={() => onDialog({ kind: 'logs', pod })} />
      <ActionButton label={`Kubernetes YAML for ${pod.name}`} icon="yaml" onClick={() => onDialog({ kind: 'yaml', pod })} />
      <ActionButton label={`Inspect ${pod.name}`} icon="inspect" onClick={() => onDialog({ kind: 'inspect', pod })} />
      <IconButton label={`Remove ${pod.name}`} icon="trash" disabled={!!busy} onClick={() => onDialog({ kind: 'remove', pod })} />
    </RowActions>
  );
}

export function PodsView() {
  const { items, ready, error } = useLive('pods');
  const multi = useMultiEngine();
  const [query, setQuery] = useState('');
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(() => new Set());
  const [dialog, setDialog] = useState<DialogState | null>(null);
  const close = useCallback(() => setDialog(null), []);

  const toggle = useCallback((id: string) => setExpanded((prev) => toggled(prev, id)), []);

  const rows = useMemo(() => {
    const q = query.trim().toLowerCase();
    const pods = [...items]
      .filter((p) => !q || p.name.toLowerCase().includes(q) || p.id.startsWith(q) || p.containers.some((c) => c.name.toLowerCase().includes(q)))
      .sort((a, b) => a.name.localeCompare(b.name));
    return pods.flatMap((p) => rowsFor(p, expanded.has(`${p.engine}/${p.id}`) || (!!q && p.containers.some((c) => c.name.toLowerCase().includes(q)))));
  }, [items, query, expanded]);

  const columns = useMemo<Column<Row>[]>(
    () => [
      {
        id: 'name',
        header: 'Name',
        rowHeader: true,
        width: 'minmax(220px, 3fr)',
        cell: (r) =>
          r.type === 'pod' ? (
            <span className="pod-name">
              <ExpandToggle expanded={r.expanded} name={r.pod.name} onToggle={() => toggle(`${r.pod.engine}/${r.pod.id}`)} disabled={r.pod.containers.length === 0} />
              <span className="rv-name">{r.pod.name}</span>
            </span>
          ) : (
            <span className="pod-child">
              <span className="rv-name">{r.container.name}</span>
              <span className="muted rv-sub">container</span>
            </span>
          ),
      },
      ...(multi ? [engineColumn<Row>((r) => (r.type === 'pod' ? r.pod.engine : undefined))] : []),
      {
        id: 'status',
        header: 'Status',
        width: '120px',
        cell: (r) => (r.type === 'pod' ? <StateBadge state={r.pod.status} /> : <StateBadge state={r.container.state} />),
      },
      {
        id: 'containers',
        header: 'Containers',
        width: '110px',
        cell: (r) => {
          if (r.type !== 'pod') return <span className="mono muted">{shortId(r.container.id)}</span>;
          const n = r.pod.containers.length;
          const run = r.pod.containers.filter((c) => c.state === 'running').length;
          return n ? `${run} of ${n} running` : <span className="muted">none</span>;
        },
      },
      createdColumn<Row>((r) => (r.type === 'pod' ? r.pod.created : null), { sortable: false }),
      labelsColumn<Row>((r) => (r.type === 'pod' ? r.pod.labels : null), 'minmax(120px, 2fr)'),
      actionsColumn<Row>('230px', (r) =>
        r.type === 'pod' ? (
          <PodActions pod={r.pod} onDialog={setDialog} />
        ) : (
          <RowActions>
            <Button
              size="small"
              variant="ghost"
              onClick={() => navigate({ view: 'containers', id: r.container.id, engine: engineForRoute(r.pod.engine) })}
              aria-label={`Open container ${r.container.name}`}
            >
              Open
            </Button>
          </RowActions>
        ),
      ),
    ],
    [toggle, multi],
  );

  return (
    <ViewFrame
      title="Pods"
      count={ready ? items.length : undefined}
      toolbar={
        <ResourceToolbar
          label="Pod actions"
          searchLabel="Search pods"
          query={query}
          onQuery={setQuery}
          createLabel="Create pod"
          onCreate={() => setDialog({ kind: 'create' })}
          onPrune={() => setDialog({ kind: 'prune' })}
        >
          <Button onClick={() => setDialog({ kind: 'play' })}>
            <ExtraIconSvg name="yaml" />
            Play Kubernetes YAML
          </Button>
        </ResourceToolbar>
      }
    >
      {error && !ready ? <ErrorMessage error={error} title="Could not list pods" /> : null}
      <DataTable
        label="Pods"
        rows={rows}
        columns={columns}
        getKey={(r) => r.key}
        getName={(r) => (r.type === 'pod' ? r.pod.name : `${r.container.name} (in pod ${r.pod.name})`)}
        onActivate={(r) => (r.type === 'pod' ? toggle(`${r.pod.engine}/${r.pod.id}`) : navigate({ view: 'containers', id: r.container.id, engine: engineForRoute(r.pod.engine) }))}
        empty={
          <ListEmpty ready={ready} query={query} loading="Loading pods…" noun="pod">
            <CreateEmptyState title="No pods yet" icon="pods" createLabel="Create a pod" onCreate={() => setDialog({ kind: 'create' })}>
              A pod groups containers that share a network and ports. Create one, or play a Kubernetes YAML file.
            </CreateEmptyState>
          </ListEmpty>
        }
      />
      {dialog?.kind === 'create' ? <CreatePodDialog onClose={close} /> : null}
      {dialog?.kind === 'play' ? <PlayKubeDialog onClose={close} /> : null}
      {dialog?.kind === 'prune' ? (
        <PruneDialog
          noun="pod"
          title="Remove stopped pods?"
          message={<p>Every pod that has stopped (exited) is removed, with its containers. Running pods, and pods created but never started, stay.</p>}
          prune={(engine) => bridge.pods.prune.mutate(engine ? { engine } : {})}
          onClose={close}
        />
      ) : null}
      {dialog?.kind === 'remove' ? <RemovePodDialog pod={dialog.pod} onClose={close} /> : null}
      {dialog?.kind === 'logs' ? <PodLogsDialog pod={dialog.pod} onClose={close} /> : null}
      {dialog?.kind === 'yaml' ? <KubeYamlDialog pod={dialog.pod} onClose={close} /> : null}
      {dialog?.kind === 'inspect' ? <ResourceInspectDialog kind="pods" noun="pod" engine={dialog.pod.engine} id={dialog.pod.id} name={dialog.pod.name} onClose={close} /> : null}
    </ViewFrame>
  );
}

export default PodsView;
