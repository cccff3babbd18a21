/** Asks before removing a resource that containers may use, with a Force choice. */
import type { ReactNode } from 'react';
import { ConfirmDialog } from '../../components';

export interface ForceRemoveDialogProps {
  /** e.g. "Remove network app-net?". */
  title: string;
  /** What is lost, in plain words. */
  message: ReactNode;
  /** Removes (force: also the containers that use it) and tells the user. */
  remove: (force: boolean) => Promise<void>;
  onClose: () => void;
}

export function ForceRemoveDialog({ title, message, remove, onClose }: ForceRemoveDialogProps) {
  return (
    <ConfirmDialog
      open
      title={title}
      confirmLabel="Remove"
      message={message}
      checkbox={{ label: 'Force: also remove containers that use it' }}
      onConfirm={async (force) => {
        await remove(force);
        onClose();
      }}
      onCancel={onClose}
    />
  );
}
