/** Inspect data of any resource in a dialog (JSON tree with search). */
import { useQuery } from '@tanstack/react-query';
import { Button, Dialog, ErrorMessage, JsonView, QueryWait } from '../../components';

export function InspectDialog({ title, queryKey, load, onClose }: { title: string; queryKey: readonly unknown[]; load: () => Promise<unknown>; onClose: () => void }) {
  const q = useQuery({ queryKey, queryFn: load });
  return (
    <Dialog
      open
      title={title}
      onClose={onClose}
      size="large"
      footer={
        <Button variant="primary" onClick={onClose} autoFocus>
          Close
        </Button>
      }
    >
      {q.isPending && !q.error ? <QueryWait label="Loading" queryKey={queryKey} onRetry={() => void q.refetch()} /> : null}
      {q.error ? <ErrorMessage error={q.error} title="Could not read the details" onRetry={() => void q.refetch()} /> : null}
      {q.data !== undefined ? <JsonView value={q.data} label={title} expandDepth={1} /> : null}
    </Dialog>
  );
}
