/** Asks before removing unused resources (networks, volumes) on one engine, then tells the user how many went. */
import { useState, type ReactNode } from 'react';
import type { PruneResult } from '../../../../electron/contract/index.js';
import { ConfirmDialog, formatBytes, notify } from '../../components';
import { EngineSelect } from '../settings/engines/shared';

export interface PruneDialogProps {
  /** e.g. "network": "Remove unused networks?", "Removed 1 network". */
  noun: string;
  /** What is lost, in plain words. */
  message: ReactNode;
  /** Prunes (undefined: the default engine). */
  prune: (engine: string | undefined) => Promise<PruneResult>;
  onClose: () => void;
  /** Default "Remove unused <noun>s?". */
  title?: string | undefined;
}

export function PruneDialog({ noun, message, prune, onClose, title }: PruneDialogProps) {
  const [engine, setEngine] = useState<string | undefined>();
  const plural = `${noun}s`;
  return (
    <ConfirmDialog
      open
      title={title ?? `Remove unused ${plural}?`}
      confirmLabel={title ? 'Remove' : 'Remove unused'}
      message={
        <>
          {message}
          <EngineSelect value={engine} onChange={setEngine} label="On engine" />
        </>
      }
      onConfirm={async () => {
        const { removed, reclaimed } = await prune(engine);
        notify({
          kind: 'success',
          title: removed.length ? `Removed ${removed.length} ${removed.length === 1 ? noun : plural}` : title ? `No ${plural} to remove` : `No unused ${plural} to remove`,
          // Networks free no space (their reclaimed is 0).
          detail: reclaimed ? `Freed ${formatBytes(reclaimed)}` : undefined,
        });
        onClose();
      }}
      onCancel={onClose}
    />
  );
}
