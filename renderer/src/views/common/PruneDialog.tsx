/** Asks before removing unused resources (networks, volumes) on one engine. */
import { useState, type ReactNode } from 'react';
import { ConfirmDialog } from '../../components';
import { EngineSelect } from '../settings/engines/shared';

export interface PruneDialogProps {
  /** e.g. "Remove unused networks?". */
  title: string;
  /** What is lost, in plain words. */
  message: ReactNode;
  /** Prunes (undefined: the default engine) and tells the user the result. */
  prune: (engine: string | undefined) => Promise<void>;
  onClose: () => void;
}

export function PruneDialog({ title, message, prune, onClose }: PruneDialogProps) {
  const [engine, setEngine] = useState<string | undefined>();
  return (
    <ConfirmDialog
      open
      title={title}
      confirmLabel="Remove unused"
      message={
        <>
          {message}
          <EngineSelect value={engine} onChange={setEngine} label="On engine" />
        </>
      }
      onConfirm={async () => {
        await prune(engine);
        onClose();
      }}
      onCancel={onClose}
    />
  );
}
