/**
 * A small static table (`simple-table`): its column headers, an optional
 * caption for screen readers, and, given `region`, a bordered box that
 * scrolls sideways and can be focused to scroll by keyboard.
 */
import type { ReactNode } from 'react';
import './simple-table.css';

/** A header: its text, or the text with `num` (right-aligned numbers) or `hidden` (read by screen readers only). */
export type TableHeader = string | { label: string; num?: boolean; hidden?: boolean };

export interface SimpleTableProps<T> {
  headers: readonly TableHeader[];
  /** Read by screen readers only. */
  caption?: string;
  /** The table's own class, besides simple-table. */
  className?: string;
  /** The accessible name of the scrolling box; without it, no box. */
  region?: string;
  rows: readonly T[];
  /** One row's <tr> (with its key). */
  row: (item: T, index: number) => ReactNode;
}

export function SimpleTable<T>({ headers, caption, className, region, rows, row }: SimpleTableProps<T>) {
  const table = (
    <table className={className ? `simple-table ${className}` : 'simple-table'}>
      {caption ? <caption className="visually-hidden">{caption}</caption> : null}
      <thead>
        <tr>
          {headers.map((header) => {
            const h = typeof header === 'string' ? { label: header } : header;
            return (
              <th key={h.label} scope="col" className={h.num ? 'num' : undefined}>
                {h.hidden ? <span className="visually-hidden">{h.label}</span> : h.label}
              </th>
            );
          })}
        </tr>
      </thead>
      <tbody>{rows.map(row)}</tbody>
    </table>
  );
  if (!region) return table;
  return (
    <div className="table-scroll" role="region" aria-label={region} tabIndex={0}>
      {table}
    </div>
  );
}
