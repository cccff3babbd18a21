import { useState } from 'react';
import { bridge } from '../../../bridge/client';
import { ConfirmDialog, formatBytes, notify } from '../../../components';
import { EngineSelect } from '../../settings/engines/shared';

export function PruneImagesDialog({ onClose }: { onClose: () => void }) {
  const [engine, setEngine] = useState<string | undefined>();
  return (
    <ConfirmDialog
      open
      title="Remove unused images?"
      confirmLabel="Remove unused"
      message={
        <>
          <p>Removes dangling images: layers without a name that no container uses. Images used by a container are never removed.</p>
          <EngineSelect value={engine} onChange={setEngine} label="On engine" />
        </>
      }
      checkbox={{ label: 'Also remove named images that no container uses' }}
      onConfirm={async (all) => {
        const r = await bridge.images.prune.mutate({ ...(engine ? { engine } : {}), all });
        notify({
          kind: 'success',
          title: r.removed.length ? `Removed ${r.removed.length} image${r.removed.length === 1 ? '' : 's'}` : 'No unused images to remove',
          detail: r.reclaimed ? `Freed ${formatBytes(r.reclaimed)}` : undefined,
        });
        onClose();
      }}
      onCancel={onClose}
    />
  );
}
