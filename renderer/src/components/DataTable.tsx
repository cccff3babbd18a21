/**
 * A virtualized, accessible data grid for long live lists (5,000+ rows).
 *
 * - role="grid" with rowgroups, rows named by the resource (aria-label from
 *   getName), a row header cell, aria-rowcount/aria-rowindex so screen
 *   readers know the real size while only visible rows are in the DOM.
 * - Keyboard: Up/Down/Home/End/PageUp/PageDown move between rows, Enter opens
 *   (onActivate), Space toggles selection, Left/Right collapse/expand groups.
 * - Optional multi-select checkboxes with a "Select all" header checkbox.
 * - Optional groups (e.g. pods, compose projects) with collapsible header rows.
 * - Optional column sorting (column.sort).
 * - Rows are memoized: a row re-renders only when its item object, its
 *   selection or its focus changes. Keep `columns` stable (useMemo).
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useCallback, useEffect, useMemo, useRef, useState, type CSSProperties, type KeyboardEvent, type MouseEvent, type ReactNode } from 'react';
import { Icon } from './Icon';

export interface Column<T> {
  id: string;
  /** Column header text (also its accessible name). */
  header: string;
  /** CSS grid track, e.g. "minmax(160px, 2fr)", "120px". Default "1fr". */
  width?: string;
  cell: (row: T) => ReactNode;
  /** This column's cell is the row header (role="rowheader"), usually the name. */
  rowHeader?: boolean;
  /** Visually hide the header text (still read by screen readers), e.g. "Actions". */
  headerHidden?: boolean;
  align?: 'start' | 'end';
  /** Makes the column sortable. */
  sort?: (a: T, b: T) => number;
}

export interface RowGroup {
  key: string;
  /** Visible group label, e.g. "Pod: web-pod". */
  label: string;
  /** Optional extra content in the group header (e.g. a state badge). */
  extra?: ReactNode;
}

export interface DataTableProps<T> {
  /** Accessible name of the grid, e.g. "Containers". */
  label: string;
  rows: readonly T[];
  columns: Column<T>[];
  getKey: (row: T) => string;
  /** The resource's name: the row's accessible name. */
  getName: (row: T) => string;
  /** Shows checkboxes; pass `selected` and `onSelectedChange`. */
  selectable?: boolean;
  selected?: ReadonlySet<string>;
  onSelectedChange?: (next: Set<string>) => void;
  /** Enter or double click on a row. */
  onActivate?: (row: T) => void;
  /** Group rows; groups come first (in order of first appearance), ungrouped rows after. */
  groupOf?: (row: T) => RowGroup | undefined;
  rowHeight?: number;
  /** Shown in the body when there are no rows. */
  empty?: ReactNode;
  /** Initial sort: column id and direction. */
  initialSort?: { id: string; dir: 'asc' | 'desc' };
  /** Called with the keys of the rows currently rendered (visible plus overscan), e.g. to subscribe to their stats. */
  onVisibleRowsChange?: (keys: string[]) => void;
}

type Item<T> = { type: 'group'; group: RowGroup; count: number; collapsed: boolean } | { type: 'row'; row: T; key: string; grouped: boolean };

export function DataTable<T>(props: DataTableProps<T>) {
  const { label, rows, columns, getKey, getName, selectable, selected, onSelectedChange, onActivate, groupOf, rowHeight = 34, empty, initialSort, onVisibleRowsChange } = props;
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(() => new Set());
  const [sort, setSort] = useState<{ id: string; dir: 'asc' | 'desc' } | undefined>(initialSort);
  const [focusIndex, setFocusIndex] = useState(0);
  const focusPending = useRef(0);
  const scrollRef = useRef<HTMLDivElement>(null);

  const sortedRows = useMemo(() => {
    const col = sort && columns.find((c) => c.id === sort.id);
    if (!col?.sort) return rows;
    const cmp = col.sort;
    const out = [...rows].sort(cmp);
    if (sort?.dir === 'desc') out.reverse();
    return out;
  }, [rows, sort, columns]);

  const items = useMemo<Item<T>[]>(() => {
    if (!groupOf) return sortedRows.map((row) => ({ type: 'row', row, key: getKey(row), grouped: false }));
    const groups = new Map<string, { group: RowGroup; rows: T[] }>();
    const loose: T[] = [];
    for (const row of sortedRows) {
      const g = groupOf(row);
      if (!g) {
        loose.push(row);
        continue;
      }
      let entry = groups.get(g.key);
      if (!entry) groups.set(g.key, (entry = { group: g, rows: [] }));
      entry.rows.push(row);
    }
    const out: Item<T>[] = [];
    for (const { group, rows: gr } of groups.values()) {
      const isCollapsed = collapsed.has(group.key);
      out.push({ type: 'group', group, count: gr.length, collapsed: isCollapsed });
      if (!isCollapsed) for (const row of gr) out.push({ type: 'row', row, key: getKey(row), grouped: true });
    }
    for (const row of loose) out.push({ type: 'row', row, key: getKey(row), grouped: false });
    return out;
  }, [sortedRows, groupOf, getKey, collapsed]);

  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan: 12,
  });

  const clampedFocus = Math.min(focusIndex, Math.max(0, items.length - 1));

  // Focus the row moved to once it is rendered (after scrollToIndex it may take a frame or two).
  useEffect(() => {
    if (!focusPending.current) return;
    if (Date.now() - focusPending.current > 1000) {
      focusPending.current = 0;
      return;
    }
    const el = scrollRef.current?.querySelector<HTMLElement>(`[data-index="${clampedFocus}"]`);
    if (!el) return;
    focusPending.current = 0;
    el.focus({ preventScroll: true });
  });

  const moveFocus = useCallback(
    (i: number) => {
      const n = Math.max(0, Math.min(items.length - 1, i));
      focusPending.current = Date.now();
      setFocusIndex(n);
      virtualizer.scrollToIndex(n, { align: 'auto' });
    },
    [items.length, virtualizer],
  );

  const toggleGroup = useCallback((key: string) => {
    setCollapsed((prev) => {
      const next = new Set(prev);
      if (next.has(key)) next.delete(key);
      else next.add(key);
      return next;
    });
  }, []);

  // Stable callbacks for memoized rows.
  const latest = useRef({ selected, onSelectedChange, onActivate });
  latest.current = { selected, onSelectedChange, onActivate };
  const toggleSelect = useCallback((key: string, on: boolean) => {
    const { selected: sel, onSelectedChange: change } = latest.current;
    if (!change) return;
    const next = new Set(sel ?? []);
    if (on) next.add(key);
    else next.delete(key);
    change(next);
  }, []);
  const activate = useCallback((row: T) => latest.current.onActivate?.(row), []);
  const onRowFocus = useCallback((i: number) => setFocusIndex(i), []);

  const allKeys = useMemo(() => sortedRows.map(getKey), [sortedRows, getKey]);
  const selectedCount = selected ? allKeys.filter((k) => selected.has(k)).length : 0;
  const allSelected = allKeys.length > 0 && selectedCount === allKeys.length;
  const someSelected = selectedCount > 0 && !allSelected;
  const headerBoxRef = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (headerBoxRef.current) headerBoxRef.current.indeterminate = someSelected;
  }, [someSelected]);

  const template = (selectable ? ['34px'] : []).concat(columns.map((c) => c.width ?? '1fr')).join(' ');
  const style = { '--dt-cols': template, '--dt-row-h': `${rowHeight}px` } as CSSProperties;

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const target = e.target as HTMLElement;
    const inText = target.tagName === 'TEXTAREA' || (target.tagName === 'INPUT' && (target as HTMLInputElement).type !== 'checkbox') || target.tagName === 'SELECT';
    if (inText) return;
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 300) / rowHeight) - 1);
    const onRow = target.getAttribute('role') === 'row';
    const item = items[clampedFocus];
    switch (e.key) {
      case 'ArrowDown':
        e.preventDefault();
        moveFocus(clampedFocus + 1);
        return;
      case 'ArrowUp':
        e.preventDefault();
        moveFocus(clampedFocus - 1);
        return;
      case 'PageDown':
        e.preventDefault();
        moveFocus(clampedFocus + page);
        return;
      case 'PageUp':
        e.preventDefault();
        moveFocus(clampedFocus - page);
        return;
      case 'Home':
        if (!onRow) return;
        e.preventDefault();
        moveFocus(0);
        return;
      case 'End':
        if (!onRow) return;
        e.preventDefault();
        moveFocus(items.length - 1);
        return;
      case 'Enter':
        if (!onRow || !item) return;
        e.preventDefault();
        if (item.type === 'group') toggleGroup(item.group.key);
        else activate(item.row);
        return;
      case ' ':
        if (!onRow || !item) return;
        e.preventDefault();
        if (item.type === 'group') toggleGroup(item.group.key);
        else if (selectable) toggleSelect(item.key, !selected?.has(item.key));
        return;
      case 'ArrowLeft':
      case 'ArrowRight':
        if (!onRow || item?.type !== 'group') return;
        e.preventDefault();
        if ((e.key === 'ArrowLeft') !== item.collapsed) toggleGroup(item.group.key);
        return;
    }
  };

  const virtualItems = virtualizer.getVirtualItems();
  const visibleKey = virtualItems
    .map((v) => items[v.index])
    .filter((it): it is Extract<Item<T>, { type: 'row' }> => it?.type === 'row')
    .map((it) => it.key)
    .join('\n');
  const visibleCb = useRef(onVisibleRowsChange);
  visibleCb.current = onVisibleRowsChange;
  useEffect(() => {
    visibleCb.current?.(visibleKey ? visibleKey.split('\n') : []);
  }, [visibleKey]);

  return (
    <div
      className="dt"
      role="grid"
      aria-label={label}
      aria-rowcount={items.length + 1}
      aria-colcount={columns.length + (selectable ? 1 : 0)}
      aria-multiselectable={selectable || undefined}
      style={style}
    >
      <div role="rowgroup" className="dt-head">
        <div role="row" aria-rowindex={1} className="dt-row dt-header-row">
          {selectable ? (
            <div role="columnheader" className="dt-cell dt-check">
              <input
                ref={headerBoxRef}
                type="checkbox"
                aria-label={allSelected ? 'Deselect all' : 'Select all'}
                checked={allSelected}
                disabled={allKeys.length === 0}
                onChange={() => onSelectedChange?.(allSelected ? new Set() : new Set(allKeys))}
              />
            </div>
          ) : null}
          {columns.map((c) => {
            const dir = sort?.id === c.id ? sort.dir : undefined;
            return (
              <div
                key={c.id}
                role="columnheader"
                className={`dt-cell dt-colheader${c.align === 'end' ? ' dt-end' : ''}`}
                aria-sort={c.sort ? (dir === 'asc' ? 'ascending' : dir === 'desc' ? 'descending' : 'none') : undefined}
              >
                {c.sort ? (
                  <button type="button" className="dt-sort" onClick={() => setSort(dir === 'asc' ? { id: c.id, dir: 'desc' } : dir === 'desc' ? undefined : { id: c.id, dir: 'asc' })}>
                    {c.header}
                    {dir ? <Icon name={dir === 'asc' ? 'chevronDown' : 'chevronRight'} size={10} className={dir === 'asc' ? 'dt-sort-asc' : 'dt-sort-desc'} /> : null}
                  </button>
                ) : c.headerHidden ? (
                  <span className="visually-hidden">{c.header}</span>
                ) : (
                  c.header
                )}
              </div>
            );
          })}
        </div>
      </div>
      <div role="rowgroup" className="dt-body" ref={scrollRef} onKeyDown={onKeyDown}>
        {items.length === 0 ? (
          <div role="row" aria-rowindex={2} className="dt-empty-row">
            <div role="gridcell" aria-colspan={columns.length + (selectable ? 1 : 0)} className="dt-empty">
              {empty ?? <span className="muted">Nothing to show.</span>}
            </div>
          </div>
        ) : (
          <div className="dt-spacer" style={{ height: virtualizer.getTotalSize() }}>
            {virtualItems.map((v) => {
              const item = items[v.index];
              if (!item) return null;
              if (item.type === 'group')
                return (
                  <GroupRow
                    key={`g:${item.group.key}`}
                    group={item.group}
                    count={item.count}
                    collapsed={item.collapsed}
                    index={v.index}
                    start={v.start}
                    focused={v.index === clampedFocus}
                    span={columns.length + (selectable ? 1 : 0)}
                    onToggle={toggleGroup}
                    onFocusRow={onRowFocus}
                  />
                );
              return (
                <Row
                  key={item.key}
                  row={item.row}
                  rowKey={item.key}
                  name={getName(item.row)}
                  index={v.index}
                  start={v.start}
                  focused={v.index === clampedFocus}
                  grouped={item.grouped}
                  selectable={!!selectable}
                  selected={!!selected?.has(item.key)}
                  columns={columns as Column<unknown>[]}
                  onToggleSelect={toggleSelect}
                  onActivate={activate as (row: unknown) => void}
                  onFocusRow={onRowFocus}
                />
              );
            })}
          </div>
        )}
      </div>
    </div>
  );
}

interface RowProps {
  row: unknown;
  rowKey: string;
  name: string;
  index: number;
  start: number;
  focused: boolean;
  grouped: boolean;
  selectable: boolean;
  selected: boolean;
  columns: Column<unknown>[];
  onToggleSelect: (key: string, on: boolean) => void;
  onActivate: (row: unknown) => void;
  onFocusRow: (index: number) => void;
}

const Row = memo(function Row({ row, rowKey, name, index, start, focused, grouped, selectable, selected, columns, onToggleSelect, onActivate, onFocusRow }: RowProps) {
  const onDoubleClick = (e: MouseEvent) => {
    if ((e.target as HTMLElement).closest('button, a, input')) return;
    onActivate(row);
  };
  return (
    <div
      role="row"
      aria-label={name}
      aria-rowindex={index + 2}
      aria-selected={selectable ? selected : undefined}
      data-index={index}
      tabIndex={focused ? 0 : -1}
      className={`dt-row${selected ? ' selected' : ''}${grouped ? ' grouped' : ''}`}
      style={{ transform: `translateY(${start}px)` }}
      onFocus={() => onFocusRow(index)}
      onDoubleClick={onDoubleClick}
    >
      {selectable ? (
        <div role="gridcell" className="dt-cell dt-check">
          <input type="checkbox" tabIndex={-1} aria-label={`Select ${name}`} checked={selected} onChange={(e) => onToggleSelect(rowKey, e.target.checked)} />
        </div>
      ) : null}
      {columns.map((c) => (
        <div key={c.id} role={c.rowHeader ? 'rowheader' : 'gridcell'} className={`dt-cell${c.align === 'end' ? ' dt-end' : ''}${c.rowHeader && grouped ? ' dt-indent' : ''}`}>
          {c.cell(row)}
        </div>
      ))}
    </div>
  );
});

interface GroupRowProps {
  group: RowGroup;
  count: number;
  collapsed: boolean;
  index: number;
  start: number;
  focused: boolean;
  span: number;
  onToggle: (key: string) => void;
  onFocusRow: (index: number) => void;
}

const GroupRow = memo(function GroupRow({ group, count, collapsed, index, start, focused, span, onToggle, onFocusRow }: GroupRowProps) {
  return (
    <div
      role="row"
      aria-label={`${group.label}, ${count} item${count === 1 ? '' : 's'}`}
      aria-rowindex={index + 2}
      data-index={index}
      tabIndex={focused ? 0 : -1}
      className="dt-row dt-group-row"
      style={{ transform: `translateY(${start}px)` }}
      onFocus={() => onFocusRow(index)}
    >
      <div role="gridcell" aria-colspan={span} className="dt-cell dt-group-cell">
        <button type="button" className="dt-group-toggle" tabIndex={-1} aria-expanded={!collapsed} onClick={() => onToggle(group.key)}>
          <Icon name={collapsed ? 'chevronRight' : 'chevronDown'} size={12} />
          <span className="dt-group-label">{group.label}</span>
          <span className="muted">({count})</span>
        </button>
        {group.extra}
      </div>
    </div>
  );
});
