/** Volumes: live list, create, inspect, remove (with force), prune unused. */
import { useCallback, useMemo, useState } from 'react';
import { schemas, type VolumeRow } from '../../../../electron/contract/index.js';
import { bridge } from '../../bridge/client';
import { Badge, Button, TextAreaField, TextField, type Column } from '../../components';
import { VolumeFilesDialog } from './VolumeFilesDialog';
import { useMultiEngine } from '../../stores/engines';
import { engineColumn } from '../settings/engines/shared';
import { parseLabels, zodMessage } from '../images/common';
import { CreateEmptyState } from '../common/CreateEmptyState';
import { CreateResourceDialog, type EngineTarget } from '../common/CreateResourceDialog';
import { ForceRemoveDialog } from '../common/ForceRemoveDialog';
import { PruneDialog } from '../common/PruneDialog';
import { ResourceInspectDialog } from '../common/ResourceInspectDialog';
import { ResourceListView, type RowDialog } from '../common/ResourceListView';

type DialogState = { kind: 'create' } | { kind: 'prune' } | { kind: 'files'; row: VolumeRow } | RowDialog<VolumeRow>;

function CreateVolumeDialog({ onClose }: { onClose: () => void }) {
  const [name, setName] = useState('');
  const [driver, setDriver] = useState('');
  const [labels, setLabels] = useState('');
  const [errors, setErrors] = useState<{ name?: string | undefined; labels?: string | undefined }>({});
  const n = name.trim();
  const l = parseLabels(labels);
  const validate = () => {
    const next = { name: n ? zodMessage(schemas.ResourceName, n) : undefined, labels: l.error };
    setErrors(next);
    return !next.name && !next.labels;
  };
  const create = async (on: EngineTarget) => {
    const r = await bridge.volumes.create.mutate({
      ...on,
      ...(n ? { name: n } : {}),
      ...(driver.trim() ? { driver: driver.trim() } : {}),
      ...(Object.keys(l.labels).length ? { labels: l.labels } : {}),
    });
    return r.name;
  };
  return (
    <CreateResourceDialog noun="volume" validate={validate} create={create} onClose={onClose}>
      <TextField label="Name" autoFocus value={name} placeholder="app-data" hint="Optional: the engine picks a random name when empty." error={errors.name} onChange={(e) => setName(e.target.value)} />
      <TextField label="Driver" value={driver} placeholder="local" hint="Optional: the volume driver (default local)." onChange={(e) => setDriver(e.target.value)} />
      <TextAreaField label="Labels" value={labels} placeholder={'app=web'} hint="One key=value per line." error={errors.labels} onChange={(e) => setLabels(e.target.value)} />
    </CreateResourceDialog>
  );
}

function RemoveVolumeDialog({ volume, onClose }: { volume: VolumeRow; onClose: () => void }) {
  return (
    <ForceRemoveDialog
      noun="volume"
      name={volume.name}
      message={
        <>
          <p>
            The volume <strong>{volume.name}</strong> and all the data in it are deleted permanently.
          </p>
          {volume.inUse ? (
            <div className="rv-warning" role="note">
              <span>
                <strong>A container uses this volume.</strong> Without Force the engine refuses. With Force, Podman first removes the containers that use it.
              </span>
            </div>
          ) : null}
        </>
      }
      remove={(force) => bridge.volumes.remove.mutate({ engine: volume.engine, id: volume.name, ...(force ? { force: true } : {}) })}
      onClose={onClose}
    />
  );
}

export function VolumesView() {
  const multi = useMultiEngine();
  const [dialog, setDialog] = useState<DialogState | null>(null);
  const close = useCallback(() => setDialog(null), []);

  const columns = useMemo<Column<VolumeRow>[]>(
    () => [
      {
        id: 'name',
        header: 'Name',
        rowHeader: true,
        width: 'minmax(200px, 2fr)',
        sort: (a, b) => a.name.localeCompare(b.name),
        cell: (v) => (
          <span className="rv-name" title={v.name}>
            {v.name}
          </span>
        ),
      },
      ...(multi ? [engineColumn<VolumeRow>((v) => v.engine)] : []),
      { id: 'driver', header: 'Driver', width: '90px', cell: (v) => v.driver },
      {
        id: 'mountpoint',
        header: 'Mount point',
        width: 'minmax(200px, 3fr)',
        cell: (v) => (
          <span className="mono rv-name" title={v.mountpoint}>
            {v.mountpoint}
          </span>
        ),
      },
      {
        id: 'used',
        header: 'In use',
        width: '80px',
        cell: (v) => (v.inUse ? <Badge tone="success">in use</Badge> : v.inUse === false ? <span className="muted">unused</span> : <span className="muted">—</span>),
      },
      {
        id: 'files',
        header: 'Files',
        headerHidden: true,
        width: '80px',
        cell: (v) => (
          <Button size="small" aria-label={`Files of ${v.name}`} onClick={() => setDialog({ kind: 'files', row: v })}>
            Files
          </Button>
        ),
      },
    ],
    [multi],
  );

  return (
    <ResourceListView
      kind="volumes"
      title="Volumes"
      noun="volume"
      columns={columns}
      matches={(v, q) => v.name.toLowerCase().includes(q) || v.driver.toLowerCase().includes(q) || v.mountpoint.toLowerCase().includes(q)}
      onRowDialog={setDialog}
      onCreate={() => setDialog({ kind: 'create' })}
      onPrune={() => setDialog({ kind: 'prune' })}
      empty={
        <CreateEmptyState title="No volumes yet" icon="volumes" createLabel="Create a volume" onCreate={() => setDialog({ kind: 'create' })}>
          Volumes keep data that outlives containers.
        </CreateEmptyState>
      }
    >
      {dialog?.kind === 'create' ? <CreateVolumeDialog onClose={close} /> : null}
      {dialog?.kind === 'prune' ? (
        <PruneDialog
          noun="volume"
          message={<p>Every volume that no container uses is deleted, with all its data. This cannot be undone.</p>}
          prune={(engine) => bridge.volumes.prune.mutate(engine ? { engine } : {})}
          onClose={close}
        />
      ) : null}
      {dialog?.kind === 'files' ? <VolumeFilesDialog volume={dialog.row} onClose={close} /> : null}
      {dialog?.kind === 'remove' ? <RemoveVolumeDialog volume={dialog.row} onClose={close} /> : null}
      {dialog?.kind === 'inspect' ? <ResourceInspectDialog kind="volumes" noun="volume" engine={dialog.row.engine} id={dialog.row.name} name={dialog.row.name} onClose={close} /> : null}
    </ResourceListView>
  );
}

export default VolumesView;
