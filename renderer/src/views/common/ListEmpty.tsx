/** What a resource list shows without rows: loading, no match for the search, or nothing at all. */
import type { ReactNode } from 'react';
import { EmptyState } from '../../components';

export interface ListEmptyProps {
  ready: boolean;
  query: string;
  /** e.g. "Loading networks…". */
  loading: string;
  /** e.g. "network": the title reads No network matches “…”. */
  noun: string;
  /** Shown when the list is really empty. */
  children: ReactNode;
}

export function ListEmpty({ ready, query, loading, noun, children }: ListEmptyProps) {
  if (!ready) return <span className="muted">{loading}</span>;
  if (query) return <EmptyState title={`No ${noun} matches “${query}”`} />;
  return <>{children}</>;
}
