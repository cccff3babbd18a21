/**
 * The page of a live resource list (volumes, networks, secrets): title and
 * count, the toolbar (search, Create, Prune), the list's failure, the table
 * with its empty states, and the page's dialogs. Words come from the noun
 * ("network" → "Network actions", "Search networks", "Create network"…).
 * After the kind's own columns come Created, Labels and the Inspect and
 * Remove buttons; activating a row inspects it.
 */
import { useMemo, useState, type ReactNode } from 'react';
import type { EntityKind, EntityRows } from '../../../../electron/contract/index.js';
import { DataTable, ErrorMessage, type Column } from '../../components';
import { keyOf, useLive } from '../../stores/live';
import { ViewFrame } from '../images/common';
import { ListEmpty } from './ListEmpty';
import { createdColumn, inspectRemoveColumn, labelsColumn } from './resourceColumns';
import { ResourceToolbar } from './ResourceToolbar';

/** The kinds listed this way: their rows have a name, a creation time and labels. */
export type ListedKind = Extract<EntityKind, 'volumes' | 'networks' | 'secrets'>;

/** What a row's Inspect or Remove asks the page to open. */
export type RowDialog<T> = { kind: 'inspect' | 'remove'; row: T };

export interface ResourceListViewProps<K extends ListedKind> {
  kind: K;
  /** e.g. "Networks". */
  title: string;
  /** e.g. "network". */
  noun: string;
  /** The kind's own columns (Created, Labels and the actions follow). */
  columns: Column<EntityRows[K]>[];
  /** Does a row match the (lower-case, trimmed) search? */
  matches: (row: EntityRows[K], query: string) => boolean;
  /** Opens a row's Inspect or Remove dialog (a state setter keeps the columns stable). */
  onRowDialog: (dialog: RowDialog<EntityRows[K]>) => void;
  /** Why a row cannot be removed, if it cannot (see inspectRemoveColumn). */
  refusal?: ((row: EntityRows[K]) => string | undefined) | undefined;
  onCreate: () => void;
  onPrune?: (() => void) | undefined;
  /** What an empty list shows (an EmptyState). */
  empty: ReactNode;
  /** The page's open dialog, if any. */
  children?: ReactNode;
}

export function ResourceListView<K extends ListedKind>({ kind, title, noun, columns, matches, onRowDialog, refusal, onCreate, onPrune, empty, children }: ResourceListViewProps<K>) {
  const { items, ready, error } = useLive(kind);
  const [query, setQuery] = useState('');
  const rows = useMemo(() => {
    const q = query.trim().toLowerCase();
    return q ? items.filter((r) => matches(r, q)) : items;
  }, [items, query, matches]);
  const allColumns = useMemo(
    () => [
      ...columns,
      createdColumn<EntityRows[K]>((r) => r.created),
      labelsColumn<EntityRows[K]>((r) => r.labels),
      inspectRemoveColumn<EntityRows[K]>({ onInspect: (row) => onRowDialog({ kind: 'inspect', row }), onRemove: (row) => onRowDialog({ kind: 'remove', row }), refusal }),
    ],
    [columns, onRowDialog, refusal],
  );
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
        columns={allColumns}
        getKey={(r) => keyOf(kind, r)}
        getName={(r) => r.name}
        onActivate={(row) => onRowDialog({ kind: 'inspect', row })}
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
