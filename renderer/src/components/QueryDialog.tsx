/** A read-only dialog over one engine query: the wait (and Cancel when slow), the failure with Try again, then the data. */
import { useQuery, type QueryKey } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Button } from './Button';
import { Dialog } from './Dialog';
import { ErrorMessage } from './ErrorMessage';
import { QueryWait } from './QueryWait';

export interface QueryDialogProps<T> {
  title: string;
  queryKey: QueryKey;
  load: () => Promise<T>;
  /** e.g. "Loading the history". */
  loadingLabel: string;
  /** e.g. "Could not read the details". */
  failureTitle: string;
  onClose: () => void;
  children: (data: T) => ReactNode;
}

export function QueryDialog<T>({ title, queryKey, load, loadingLabel, failureTitle, onClose, children }: QueryDialogProps<T>) {
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
      {q.isPending && !q.error ? <QueryWait label={loadingLabel} queryKey={queryKey} onRetry={() => void q.refetch()} /> : null}
      {q.error ? <ErrorMessage error={q.error} title={failureTitle} onRetry={() => void q.refetch()} /> : null}
      {q.data !== undefined ? children(q.data) : null}
    </Dialog>
  );
}
