/** Asks before removing a resource that containers may use, with a Force choice, and tells the user once it is gone. */
import type { ReactNode } from 'react';
import { ConfirmDialog, notify } from '../../components';

export interface ForceRemoveDialogProps {
  /** e.g. "network": the title reads Remove network app-net? */
  noun: string;
  name: string;
  /** What is lost, in plain words. */
  message: ReactNode;
  /** Removes it (force: also the containers that use it). */
  remove: (force: boolean) => Promise<unknown>;
  onClose: () => void;
}

export function ForceRemoveDialog({ noun, name, message, remove, onClose }: ForceRemoveDialogProps) {
  return (
    <ConfirmDialog
      open
      title={`Remove ${noun} ${name}?`}
      confirmLabel="Remove"
      message={message}
      checkbox={{ label: 'Force: also remove containers that use it' }}
      onConfirm={async (force) => {
        await remove(force);
        notify({ kind: 'success', title: `Removed ${noun} ${name}` });
        onClose();
      }}
      onCancel={onClose}
    />
  );
}
