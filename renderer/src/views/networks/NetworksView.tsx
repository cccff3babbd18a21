/** Networks: live list, create, inspect, remove (with force), prune unused. */
import { useCallback, useEffect, useMemo, useState, type FormEvent } from 'react';
import { schemas, type NetworkRow } from '../../../../electron/contract/index.js';
import { bridge } from '../../bridge/client';
import { Badge, CheckboxField, EmptyState, formatDate, IconButton, notify, shortId, TextAreaField, TextField, timeAgo, type Column } from '../../components';
import { useMultiEngine } from '../../stores/engines';
import { EngineSelect, engineColumn } from '../settings/engines/shared';
import { ActionButton, LabelList, parseLabels, RowActions, zodMessage } from '../images/common';
import { InspectDialog } from '../images/InspectDialog';
import { ForceRemoveDialog } from '../common/ForceRemoveDialog';
import { PruneDialog } from '../common/PruneDialog';
import { ResourceListView } from '../common/ResourceListView';
import { FormDialog } from '../common/FormDialog';
import { useSubmit } from '../common/useSubmit';

type DialogState = { kind: 'create' } | { kind: 'prune' } | { kind: 'remove' | 'inspect'; network: NetworkRow };

/** Networks the engine owns; it refuses to remove them. */
const BUILT_IN = new Set(['podman', 'bridge', 'host', 'none']);

function CreateNetworkDialog({ onClose }: { onClose: () => void }) {
  const [name, setName] = useState('');
  const [engine, setEngine] = useState<string | undefined>();
  const [subnet, setSubnet] = useState('');
  const [internal, setInternal] = useState(false);
  const [labels, setLabels] = useState('');
  const [errors, setErrors] = useState<{ name?: string | undefined; subnet?: string | undefined; labels?: string | undefined }>({});
  const { busy, failure, run } = useSubmit();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const n = name.trim();
    const s = subnet.trim();
    const l = parseLabels(labels);
    const next = {
      name: !n ? 'A network needs a name' : zodMessage(schemas.ResourceName, n),
      subnet: s ? zodMessage(schemas.NetworkCreateInput.shape.subnet, s) : undefined,
      labels: l.error,
    };
    setErrors(next);
    if (next.name || next.subnet || next.labels) return;
    await run(async () => {
      await bridge.networks.create.mutate({ ...(engine ? { engine } : {}), name: n, ...(s ? { subnet: s } : {}), ...(internal ? { internal: true } : {}), ...(Object.keys(l.labels).length ? { labels: l.labels } : {}) });
      notify({ kind: 'success', title: `Created network ${n}` });
      onClose();
    });
  };
  return (
    <FormDialog
      title="Create a network"
      submitLabel="Create"
      busy={busy}
      failure={failure}
      failureTitle="Could not create the network"
      onSubmit={(e) => void submit(e)}
      onClose={onClose}
    >
      <EngineSelect value={engine} onChange={setEngine} />
      <TextField label="Name" required autoFocus value={name} placeholder="app-net" error={errors.name} onChange={(e) => setName(e.target.value)} />
      <TextField label="Subnet" value={subnet} placeholder="10.89.5.0/24" hint="Optional: the engine picks a free one when empty." error={errors.subnet} onChange={(e) => setSubnet(e.target.value)} />
      <CheckboxField label="Internal" checked={internal} onChange={setInternal} hint="Containers on an internal network cannot reach the outside world." />
      <TextAreaField label="Labels" value={labels} placeholder={'app=web'} hint="One key=value per line." error={errors.labels} onChange={(e) => setLabels(e.target.value)} />
    </FormDialog>
  );
}

function RemoveNetworkDialog({ network, onClose }: { network: NetworkRow; onClose: () => void }) {
  return (
    <ForceRemoveDialog
      title={`Remove network ${network.name}?`}
      message={
        <>
          <p>
            The network <strong>{network.name}</strong> is removed. Containers that use it must be connected to another network to talk to each other.
          </p>
          <p className="muted">If a container uses it, the engine refuses unless you choose Force: Podman then removes those containers (and their pods) too.</p>
        </>
      }
      remove={async (force) => {
        await bridge.networks.remove.mutate({ engine: network.engine, id: network.name, ...(force ? { force: true } : {}) });
        notify({ kind: 'success', title: `Removed network ${network.name}` });
      }}
      onClose={onClose}
    />
  );
}

function PruneNetworksDialog({ onClose }: { onClose: () => void }) {
  return (
    <PruneDialog
      title="Remove unused networks?"
      message={<p>Every network that no container uses is removed. The engine's default network is kept.</p>}
      prune={async (engine) => {
        const r = await bridge.networks.prune.mutate(engine ? { engine } : {});
        notify({ kind: 'success', title: r.removed.length ? `Removed ${r.removed.length} network${r.removed.length === 1 ? '' : 's'}` : 'No unused networks to remove' });
      }}
      onClose={onClose}
    />
  );
}

export function NetworksView() {
  const multi = useMultiEngine();
  // Podman 4.3 announces no network changes: re-read the list (differences only) whenever the view opens.
  useEffect(() => {
    void bridge.live.resync.mutate({ kind: 'networks' }).catch(() => undefined);
  }, []);
  const [dialog, setDialog] = useState<DialogState | null>(null);
  const close = useCallback(() => setDialog(null), []);

  const columns = useMemo<Column<NetworkRow>[]>(
    () => [
      { id: 'name', header: 'Name', rowHeader: true, width: 'minmax(180px, 2fr)', sort: (a, b) => a.name.localeCompare(b.name), cell: (n) => <span className="rv-name">{n.name}</span> },
      ...(multi ? [engineColumn<NetworkRow>((n) => n.engine)] : []),
      { id: 'id', header: 'ID', width: '120px', cell: (n) => <span className="mono">{shortId(n.id)}</span> },
      { id: 'driver', header: 'Driver', width: '90px', cell: (n) => n.driver },
      {
        id: 'subnets',
        header: 'Subnets',
        width: 'minmax(160px, 2fr)',
        cell: (n) =>
          n.subnets.length ? (
            <span className="mono rv-name" title={n.subnets.map((s) => (s.gateway ? `${s.subnet} (gateway ${s.gateway})` : s.subnet)).join('\n')}>
              {n.subnets.map((s) => s.subnet).join(', ')}
            </span>
          ) : (
            <span className="muted">—</span>
          ),
      },
      { id: 'internal', header: 'Internal', width: '80px', cell: (n) => (n.internal ? <Badge tone="info">internal</Badge> : <span className="muted">no</span>) },
      { id: 'created', header: 'Created', width: '130px', sort: (a, b) => a.created - b.created, cell: (n) => <span title={formatDate(n.created)}>{timeAgo(n.created)}</span> },
      { id: 'labels', header: 'Labels', width: 'minmax(120px, 1.5fr)', cell: (n) => <LabelList labels={n.labels} max={2} /> },
      {
        id: 'actions',
        header: 'Actions',
        headerHidden: true,
        width: '80px',
        cell: (n) => (
          <RowActions>
            <ActionButton label={`Inspect ${n.name}`} icon="inspect" onClick={() => setDialog({ kind: 'inspect', network: n })} />
            <IconButton
              label={BUILT_IN.has(n.name) ? `${n.name} is built in and cannot be removed` : `Remove ${n.name}`}
              icon="trash"
              disabled={BUILT_IN.has(n.name)}
              onClick={() => setDialog({ kind: 'remove', network: n })}
            />
          </RowActions>
        ),
      },
    ],
    [multi],
  );

  return (
    <ResourceListView
      kind="networks"
      title="Networks"
      noun="network"
      columns={columns}
      matches={(n, q) => n.name.toLowerCase().includes(q) || n.id.startsWith(q) || n.subnets.some((s) => s.subnet.includes(q))}
      onActivate={(n) => setDialog({ kind: 'inspect', network: n })}
      onCreate={() => setDialog({ kind: 'create' })}
      onPrune={() => setDialog({ kind: 'prune' })}
      empty={
        <EmptyState title="No networks" icon="networks" />
      }
    >
      {dialog?.kind === 'create' ? <CreateNetworkDialog onClose={close} /> : null}
      {dialog?.kind === 'prune' ? <PruneNetworksDialog onClose={close} /> : null}
      {dialog?.kind === 'remove' ? <RemoveNetworkDialog network={dialog.network} onClose={close} /> : null}
      {dialog?.kind === 'inspect' ? (
        <InspectDialog title={`Inspect network ${dialog.network.name}`} queryKey={['networks', 'inspect', dialog.network.engine, dialog.network.id]} load={() => bridge.networks.inspect.query({ engine: dialog.network.engine, id: dialog.network.name })} onClose={close} />
      ) : null}
    </ResourceListView>
  );
}

export default NetworksView;
