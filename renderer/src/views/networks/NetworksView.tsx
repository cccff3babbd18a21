/** Networks: live list, create, inspect, remove (with force), prune unused. */
import { useCallback, useEffect, useMemo, useState } from 'react';
import { schemas, type NetworkRow } from '../../../../electron/contract/index.js';
import { bridge } from '../../bridge/client';
import { Badge, CheckboxField, EmptyState, shortId, TextAreaField, TextField, type Column } from '../../components';
import { useMultiEngine } from '../../stores/engines';
import { engineColumn } from '../settings/engines/shared';
import { parseLabels, zodMessage } from '../images/common';
import { CreateResourceDialog, type EngineTarget } from '../common/CreateResourceDialog';
import { ForceRemoveDialog } from '../common/ForceRemoveDialog';
import { PruneDialog } from '../common/PruneDialog';
import { ResourceInspectDialog } from '../common/ResourceInspectDialog';
import { ResourceListView, type RowDialog } from '../common/ResourceListView';

type DialogState = { kind: 'create' } | { kind: 'prune' } | RowDialog<NetworkRow>;

/** Networks the engine owns; it refuses to remove them. */
const BUILT_IN = new Set(['podman', 'bridge', 'host', 'none']);
const builtInRefusal = (n: NetworkRow) => (BUILT_IN.has(n.name) ? `${n.name} is built in and cannot be removed` : undefined);

function CreateNetworkDialog({ onClose }: { onClose: () => void }) {
  const [name, setName] = useState('');
  const [subnet, setSubnet] = useState('');
  const [internal, setInternal] = useState(false);
  const [labels, setLabels] = useState('');
  const [errors, setErrors] = useState<{ name?: string | undefined; subnet?: string | undefined; labels?: string | undefined }>({});
  const n = name.trim();
  const s = subnet.trim();
  const l = parseLabels(labels);
  const validate = () => {
    const next = {
      name: !n ? 'A network needs a name' : zodMessage(schemas.ResourceName, n),
      subnet: s ? zodMessage(schemas.NetworkCreateInput.shape.subnet, s) : undefined,
      labels: l.error,
    };
    setErrors(next);
    return !next.name && !next.subnet && !next.labels;
  };
  const create = async (on: EngineTarget) => {
    await bridge.networks.create.mutate({ ...on, name: n, ...(s ? { subnet: s } : {}), ...(internal ? { internal: true } : {}), ...(Object.keys(l.labels).length ? { labels: l.labels } : {}) });
    return n;
  };
  return (
    <CreateResourceDialog noun="network" validate={validate} create={create} onClose={onClose}>
      <TextField label="Name" required autoFocus value={name} placeholder="app-net" error={errors.name} onChange={(e) => setName(e.target.value)} />
      <TextField label="Subnet" value={subnet} placeholder="10.89.5.0/24" hint="Optional: the engine picks a free one when empty." error={errors.subnet} onChange={(e) => setSubnet(e.target.value)} />
      <CheckboxField label="Internal" checked={internal} onChange={setInternal} hint="Containers on an internal network cannot reach the outside world." />
      <TextAreaField label="Labels" value={labels} placeholder={'app=web'} hint="One key=value per line." error={errors.labels} onChange={(e) => setLabels(e.target.value)} />
    </CreateResourceDialog>
  );
}

function RemoveNetworkDialog({ network, onClose }: { network: NetworkRow; onClose: () => void }) {
  return (
    <ForceRemoveDialog
      noun="network"
      name={network.name}
      message={
        <>
          <p>
            The network <strong>{network.name}</strong> is removed. Containers that use it must be connected to another network to talk to each other.
          </p>
          <p className="muted">If a container uses it, the engine refuses unless you choose Force: Podman then removes those containers (and their pods) too.</p>
        </>
      }
      remove={(force) => bridge.networks.remove.mutate({ engine: network.engine, id: network.name, ...(force ? { force: true } : {}) })}
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
      onRowDialog={setDialog}
      refusal={builtInRefusal}
      onCreate={() => setDialog({ kind: 'create' })}
      onPrune={() => setDialog({ kind: 'prune' })}
      empty={<EmptyState title="No networks" icon="networks" />}
    >
      {dialog?.kind === 'create' ? <CreateNetworkDialog onClose={close} /> : null}
      {dialog?.kind === 'prune' ? (
        <PruneDialog
          noun="network"
          message={<p>Every network that no container uses is removed. The engine's default network is kept.</p>}
          prune={(engine) => bridge.networks.prune.mutate(engine ? { engine } : {})}
          onClose={close}
        />
      ) : null}
      {dialog?.kind === 'remove' ? <RemoveNetworkDialog network={dialog.row} onClose={close} /> : null}
      {dialog?.kind === 'inspect' ? <ResourceInspectDialog kind="networks" noun="network" engine={dialog.row.engine} id={dialog.row.name} name={dialog.row.name} onClose={close} /> : null}
    </ResourceListView>
  );
}

export default NetworksView;
