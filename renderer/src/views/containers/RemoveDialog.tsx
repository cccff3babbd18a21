import type { ContainerRow } from '../../../../electron/contract/index.js';
import { bridge, describeError } from '../../bridge/client';
import { ConfirmDialog, notify } from '../../components';
import { byEngine } from '../../stores/engines';
import { keyOf } from '../../stores/live';

export interface RemoveDialogProps {
  /** The containers to remove (one, or a bulk selection); null when closed. */
  targets: ContainerRow[] | null;
  onClose: () => void;
  /** Called after success with the removed rows' keys (`engine/id`), e.g. to leave the details page or clear the selection. */
  onRemoved?: (keys: string[]) => void;
}

/** Asks before removing containers; says what is lost; force when running. */
export function RemoveDialog({ targets, onClose, onRemoved }: RemoveDialogProps) {
  const one = targets?.length === 1 ? targets[0] : undefined;
  const running = targets?.filter((c) => c.state === 'running' || c.state === 'paused') ?? [];
  const title = one ? `Remove container ${one.name}?` : `Remove ${targets?.length ?? 0} containers?`;
  const message = (
    <>
      <p>{one ? 'Its filesystem changes are lost.' : 'Their filesystem changes are lost.'} Named volumes are kept unless you tick the box.</p>
      {running.length ? (
        <p>
          <strong>{one ? `${one.name} is running;` : `${running.length} of them are running;`}</strong> {one ? 'it is stopped first.' : 'they are stopped first.'}
        </p>
      ) : null}
      {!one && targets ? <p className="muted">{targets.map((c) => c.name).join(', ')}</p> : null}
    </>
  );
  const confirm = async (volumes: boolean) => {
    if (!targets) return;
    if (one) {
      await bridge.containers.remove.mutate({ engine: one.engine, id: one.id, force: running.length > 0, volumes });
      notify({ kind: 'success', title: `Removed container ${one.name}` });
      onRemoved?.([keyOf('containers', one)]);
      onClose();
      return;
    }
    const keys = targets.map((c) => keyOf('containers', c));
    if (volumes) {
      // Bulk has no volume option: remove one by one.
      const results = await Promise.allSettled(targets.map((c) => bridge.containers.remove.mutate({ engine: c.engine, id: c.id, force: true, volumes: true })));
      const failed = results.map((r, i) => (r.status === 'rejected' ? `${targets[i]!.name}: ${describeError(r.reason).detail ?? describeError(r.reason).title}` : '')).filter(Boolean);
      report(targets.length, failed);
    } else {
      // One bulk call per engine.
      const parts = await Promise.all([...byEngine(targets)].map(([engine, rows]) => bridge.containers.bulk.mutate({ engine, ids: rows.map((c) => c.id), action: 'remove', force: true })));
      const r = { results: parts.flatMap((p) => p.results) };
      const names = new Map(targets.map((c) => [c.id, c.name]));
      report(
        targets.length,
        r.results.filter((x) => !x.ok).map((x) => `${names.get(x.id) ?? x.id}: ${x.error?.engineMessage ?? x.error?.message ?? 'failed'}`),
      );
    }
    onRemoved?.(keys);
    onClose();
  };
  return (
    <ConfirmDialog
      open={!!targets}
      title={title}
      message={message}
      confirmLabel={one ? 'Remove container' : `Remove ${targets?.length ?? 0} containers`}
      checkbox={{ label: 'Also remove named volumes' }}
      onConfirm={confirm}
      onCancel={onClose}
    />
  );
}

function report(total: number, failed: string[]): void {
  if (!failed.length) notify({ kind: 'success', title: `Removed ${total} containers` });
  else notify({ kind: 'error', title: `Removed ${total - failed.length} of ${total} containers`, detail: failed.join('; ') });
}
