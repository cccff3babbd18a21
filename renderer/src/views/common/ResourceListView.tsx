/**
 * The page of a live resource list (volumes, networks, secrets): title and
 * count, the toolbar (search, Create, Prune), the list's failure, the table
 * with its empty states, and the page's dialogs. Words come from the noun
 * ("network" → "Network actions", "Search networks", "Create network"…).
 */
import { useMemo, useState, type ReactNode } from 'react';
import type { EntityKind, EntityRows } from '../../../../electron/contract/index.js';
import { DataTable, ErrorMessage, type Column } from '../../components';
import { keyOf, useLive } from '../../stores/live';
import { ViewFrame } from '../images/common';
import { ListEmpty } from './ListEmpty';
import { ResourceToolbar } from './ResourceToolbar';

export interface ResourceListViewProps<K extends EntityKind> {
  kind: K;
  /** e.g. "Networks". */
  title: string;
  /** e.g. "network". */
  noun: string;
  columns: Column<EntityRows[K]>[];
  /** Does a row match the (lower-case, trimmed) search? */
  matches: (row: EntityRows[K], query: string) => boolean;
  onActivate: (row: EntityRows[K]) => void;
  onCreate: () => void;
  onPrune?: (() => void) | undefined;
  /** What an empty list shows (an EmptyState). */
  empty: ReactNode;
  /** The page's open dialog, if any. */
  children?: ReactNode;
}

export function ResourceListView<K extends EntityKind>({ kind, title, noun, columns, matches, onActivate, onCreate, onPrune, empty, children }: ResourceListViewProps<K>) {
  const { items, ready, error } = useLive(kind);
  const [query, setQuery] = useState('');
  const rows = useMemo(() => {
    const q = query.trim().toLowerCase();
    return q ? items.filter((r) => matches(r, q)) : items;
  }, [items, query, matches]);
  const plural = title.toLowerCase();
  return (
    <ViewFrame
      title={title}
      count={ready ? items.length : undefined}
      toolbar={
        <ResourceToolbar
          label={`${noun[0]!.toUpperCase()}${noun.slice(1)} actions`}
          searchLabel={`Search ${plural}`}
          query={query}
          onQuery={setQuery}
          createLabel={`Create ${noun}`}
          onCreate={onCreate}
          onPrune={onPrune}
        />
      }
    >
      {error && !ready ? <ErrorMessage error={error} title={`Could not list ${plural}`} /> : null}
      <DataTable
        label={title}
        rows={rows}
        columns={columns}
        getKey={(r) => keyOf(kind, r)}
        getName={(r) => ('name' in r ? r.name : '')}
        onActivate={onActivate}
        initialSort={{ id: 'name', dir: 'asc' }}
        empty={
          <ListEmpty ready={ready} query={query} loading={`Loading ${plural}…`} noun={noun}>
            {empty}
          </ListEmpty>
        }
      />
      {children}
    </ViewFrame>
  );
}
