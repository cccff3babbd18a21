/** Volumes: live list, create, inspect, remove (with force), prune unused. */
import { useCallback, useMemo, useState, type FormEvent } from 'react';
import { schemas, type VolumeRow } from '../../../../electron/contract/index.js';
import { bridge } from '../../bridge/client';
import { Badge, Button, EmptyState, formatBytes, formatDate, IconButton, notify, TextAreaField, TextField, timeAgo, type Column } from '../../components';
import { useMultiEngine } from '../../stores/engines';
import { EngineSelect, engineColumn } from '../settings/engines/shared';
import { ActionButton, LabelList, parseLabels, RowActions, zodMessage } from '../images/common';
import { InspectDialog } from '../images/InspectDialog';
import { ForceRemoveDialog } from '../common/ForceRemoveDialog';
import { PruneDialog } from '../common/PruneDialog';
import { ResourceListView } from '../common/ResourceListView';
import { FormDialog } from '../common/FormDialog';
import { useSubmit } from '../common/useSubmit';

type DialogState = { kind: 'create' } | { kind: 'prune' } | { kind: 'remove' | 'inspect'; volume: VolumeRow };

function CreateVolumeDialog({ onClose }: { onClose: () => void }) {
  const [name, setName] = useState('');
  const [engine, setEngine] = useState<string | undefined>();
  const [driver, setDriver] = useState('');
  const [labels, setLabels] = useState('');
  const [errors, setErrors] = useState<{ name?: string | undefined; labels?: string | undefined }>({});
  const { busy, failure, run } = useSubmit();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const n = name.trim();
    const l = parseLabels(labels);
    const next = { name: n ? zodMessage(schemas.ResourceName, n) : undefined, labels: l.error };
    setErrors(next);
    if (next.name || next.labels) return;
    await run(async () => {
      const r = await bridge.volumes.create.mutate({ ...(engine ? { engine } : {}), ...(n ? { name: n } : {}), ...(driver.trim() ? { driver: driver.trim() } : {}), ...(Object.keys(l.labels).length ? { labels: l.labels } : {}) });
      notify({ kind: 'success', title: `Created volume ${r.name}` });
      onClose();
    });
  };
  return (
    <FormDialog
      title="Create a volume"
      submitLabel="Create"
      busy={busy}
      failure={failure}
      failureTitle="Could not create the volume"
      onSubmit={(e) => void submit(e)}
      onClose={onClose}
    >
      <EngineSelect value={engine} onChange={setEngine} />
      <TextField label="Name" autoFocus value={name} placeholder="app-data" hint="Optional: the engine picks a random name when empty." error={errors.name} onChange={(e) => setName(e.target.value)} />
      <TextField label="Driver" value={driver} placeholder="local" hint="Optional: the volume driver (default local)." onChange={(e) => setDriver(e.target.value)} />
      <TextAreaField label="Labels" value={labels} placeholder={'app=web'} hint="One key=value per line." error={errors.labels} onChange={(e) => setLabels(e.target.value)} />
    </FormDialog>
  );
}

function RemoveVolumeDialog({ volume, onClose }: { volume: VolumeRow; onClose: () => void }) {
  return (
    <ForceRemoveDialog
      title={`Remove volume ${volume.name}?`}
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
      remove={async (force) => {
        await bridge.volumes.remove.mutate({ engine: volume.engine, id: volume.name, ...(force ? { force: true } : {}) });
        notify({ kind: 'success', title: `Removed volume ${volume.name}` });
      }}
      onClose={onClose}
    />
  );
}

function PruneVolumesDialog({ onClose }: { onClose: () => void }) {
  return (
    <PruneDialog
      title="Remove unused volumes?"
      message={<p>Every volume that no container uses is deleted, with all its data. This cannot be undone.</p>}
      prune={async (engine) => {
        const r = await bridge.volumes.prune.mutate(engine ? { engine } : {});
        notify({
          kind: 'success',
          title: r.removed.length ? `Removed ${r.removed.length} volume${r.removed.length === 1 ? '' : 's'}` : 'No unused volumes to remove',
          detail: r.reclaimed ? `Freed ${formatBytes(r.reclaimed)}` : undefined,
        });
      }}
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
      { id: 'name', header: 'Name', rowHeader: true, width: 'minmax(200px, 2fr)', sort: (a, b) => a.name.localeCompare(b.name), cell: (v) => <span className="rv-name" title={v.name}>{v.name}</span> },
      ...(multi ? [engineColumn<VolumeRow>((v) => v.engine)] : []),
      { id: 'driver', header: 'Driver', width: '90px', cell: (v) => v.driver },
      { id: 'mountpoint', header: 'Mount point', width: 'minmax(200px, 3fr)', cell: (v) => <span className="mono rv-name" title={v.mountpoint}>{v.mountpoint}</span> },
      { id: 'used', header: 'In use', width: '80px', cell: (v) => (v.inUse ? <Badge tone="success">in use</Badge> : v.inUse === false ? <span className="muted">unused</span> : <span className="muted">—</span>) },
      { id: 'created', header: 'Created', width: '130px', sort: (a, b) => a.created - b.created, cell: (v) => <span title={formatDate(v.created)}>{timeAgo(v.created)}</span> },
      { id: 'labels', header: 'Labels', width: 'minmax(120px, 1.5fr)', cell: (v) => <LabelList labels={v.labels} max={2} /> },
      {
        id: 'actions',
        header: 'Actions',
        headerHidden: true,
        width: '80px',
        cell: (v) => (
          <RowActions>
            <ActionButton label={`Inspect ${v.name}`} icon="inspect" onClick={() => setDialog({ kind: 'inspect', volume: v })} />
            <IconButton label={`Remove ${v.name}`} icon="trash" onClick={() => setDialog({ kind: 'remove', volume: v })} />
          </RowActions>
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
      onActivate={(v) => setDialog({ kind: 'inspect', volume: v })}
      onCreate={() => setDialog({ kind: 'create' })}
      onPrune={() => setDialog({ kind: 'prune' })}
      empty={
        <EmptyState
              title="No volumes yet"
              icon="volumes"
              action={
                <Button variant="primary" icon="plus" onClick={() => setDialog({ kind: 'create' })}>
                  Create a volume
                </Button>
              }
            >
              Volumes keep data that outlives containers.
            </EmptyState>
      }
    >
      {dialog?.kind === 'create' ? <CreateVolumeDialog onClose={close} /> : null}
      {dialog?.kind === 'prune' ? <PruneVolumesDialog onClose={close} /> : null}
      {dialog?.kind === 'remove' ? <RemoveVolumeDialog volume={dialog.volume} onClose={close} /> : null}
      {dialog?.kind === 'inspect' ? (
        <InspectDialog title={`Inspect volume ${dialog.volume.name}`} queryKey={['volumes', 'inspect', dialog.volume.engine, dialog.volume.name]} load={() => bridge.volumes.inspect.query({ engine: dialog.volume.engine, id: dialog.volume.name })} onClose={close} />
      ) : null}
    </ResourceListView>
  );
}

export default VolumesView;
