/** The compose dialogs a list or a project page opens (up, down, remove containers), and the projects from the live container rows. */
import { useMemo } from 'react';
import { composeProjects } from '../../../../electron/contract/index.js';
import { ConfirmDialog } from '../../components';
import { useLive } from '../../stores/live';
import { ComposeDownDialog } from './ComposeDownDialog';
import { ComposeUpDialog } from './ComposeUpDialog';
import { runProjectAction, type Project } from './projectActions';

export type ComposeDialog = { kind: 'up' } | { kind: 'down'; engine: string | undefined; project: string } | { kind: 'remove'; p: Project };

export function useProjects(): { projects: Project[]; ready: boolean; error: unknown } {
  const { items, ready, error } = useLive('containers');
  const projects = useMemo(() => composeProjects(items), [items]);
  return { projects, ready, error };
}

export function ComposeDialogs({ dialog, onClose, onDialog }: { dialog: ComposeDialog | null; onClose: () => void; onDialog: (d: ComposeDialog) => void }) {
  if (!dialog) return null;
  if (dialog.kind === 'up') return <ComposeUpDialog onClose={onClose} onDown={(engine, project) => onDialog({ kind: 'down', engine, project })} />;
  if (dialog.kind === 'down') return <ComposeDownDialog engine={dialog.engine} project={dialog.project} onClose={onClose} />;
  const n = dialog.p.containers.length;
  return (
    <ConfirmDialog
      open
      title={`Remove the containers of ${dialog.p.name}?`}
      message={`Removes ${n} container${n === 1 ? '' : 's'} (running ones are stopped first). Networks and volumes stay; Down removes the networks too.`}
      confirmLabel="Remove"
      onConfirm={async () => {
        await runProjectAction(dialog.p, 'remove');
        onClose();
      }}
      onCancel={onClose}
    />
  );
}
