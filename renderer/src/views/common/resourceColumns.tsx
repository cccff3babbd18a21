/**
 * Columns the resource lists share: when a row was created, its labels, and
 * the row actions (most lists: Inspect and Remove).
 */
import type { ReactNode } from 'react';
import { formatDate, IconButton, timeAgo, type Column } from '../../components';
import { ActionButton, LabelList, RowActions } from '../images/common';

/** "3 hours ago" with the full date as its tooltip; `sortable` sorts by it. A row without a time (null) shows nothing. */
export function createdColumn<T>(created: (row: T) => number | null, { sortable = true } = {}): Column<T> {
  const cell = (row: T) => {
    const t = created(row);
    return t === null ? null : <span title={formatDate(t)}>{timeAgo(t)}</span>;
  };
  const column: Column<T> = { id: 'created', header: 'Created', width: '130px', cell };
  if (sortable) column.sort = (a, b) => (created(a) ?? 0) - (created(b) ?? 0);
  return column;
}

/** The first two labels as badges; a row that has none to show (null) shows nothing. */
export function labelsColumn<T>(labels: (row: T) => Record<string, string> | null, width = 'minmax(120px, 1.5fr)'): Column<T> {
  return {
    id: 'labels',
    header: 'Labels',
    width,
    cell: (row) => {
      const l = labels(row);
      return l === null ? null : <LabelList labels={l} max={2} />;
    },
  };
}

/** The row actions, last and without a visible header. */
export function actionsColumn<T>(width: string, cell: (row: T) => ReactNode): Column<T> {
  return { id: 'actions', header: 'Actions', headerHidden: true, width, cell };
}

export interface InspectRemoveActions<T> {
  onInspect: (row: T) => void;
  onRemove: (row: T) => void;
  /** Why this row cannot be removed (the Remove button's label then), if it cannot. */
  refusal?: (row: T) => string | undefined;
}

/** Inspect and Remove, named after the row ("Inspect web", "Remove web"). */
export function inspectRemoveColumn<T extends { name: string }>({ onInspect, onRemove, refusal }: InspectRemoveActions<T>): Column<T> {
  return actionsColumn<T>('80px', (row) => {
    const refused = refusal?.(row);
    return (
      <RowActions>
        <ActionButton label={`Inspect ${row.name}`} icon="inspect" onClick={() => onInspect(row)} />
        <IconButton label={refused ?? `Remove ${row.name}`} icon="trash" disabled={refused !== undefined} onClick={() => onRemove(row)} />
      </RowActions>
    );
  });
}
