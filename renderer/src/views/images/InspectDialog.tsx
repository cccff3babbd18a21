/** Inspect data of any resource in a dialog (JSON tree with search). */
import { JsonView, QueryDialog } from '../../components';

export function InspectDialog({ title, queryKey, load, onClose }: { title: string; queryKey: readonly unknown[]; load: () => Promise<unknown>; onClose: () => void }) {
  return (
    <QueryDialog title={title} queryKey={queryKey} load={load} loadingLabel="Loading" failureTitle="Could not read the details" onClose={onClose}>
      {(data) => <JsonView value={data} label={title} expandDepth={1} />}
    </QueryDialog>
  );
}
