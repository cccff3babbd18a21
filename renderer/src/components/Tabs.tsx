import { useRef, type KeyboardEvent, type ReactNode } from 'react';

export interface TabItem {
  id: string;
  label: string;
}

export interface TabsProps {
  /** Accessible name of the tab list, e.g. "Container web". */
  label: string;
  tabs: TabItem[];
  selected: string;
  onSelect: (id: string) => void;
  /** Prefix for element ids, so panels can point back: `${idPrefix}-tab-${id}` / `${idPrefix}-panel-${id}`. */
  idPrefix: string;
}

/** role="tablist" with arrow-key, Home and End navigation (automatic activation). */
export function Tabs({ label, tabs, selected, onSelect, idPrefix }: TabsProps) {
  const listRef = useRef<HTMLDivElement>(null);
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const i = tabs.findIndex((t) => t.id === selected);
    let next = -1;
    if (e.key === 'ArrowRight') next = (i + 1) % tabs.length;
    else if (e.key === 'ArrowLeft') next = (i - 1 + tabs.length) % tabs.length;
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = tabs.length - 1;
    if (next < 0) return;
    e.preventDefault();
    const t = tabs[next];
    if (!t) return;
    onSelect(t.id);
    listRef.current?.querySelector<HTMLElement>(`#${CSS.escape(`${idPrefix}-tab-${t.id}`)}`)?.focus();
  };
  return (
    <div className="tabs" role="tablist" aria-label={label} ref={listRef} onKeyDown={onKeyDown}>
      {tabs.map((t) => (
        <button
          key={t.id}
          type="button"
          role="tab"
          id={`${idPrefix}-tab-${t.id}`}
          aria-selected={t.id === selected}
          aria-controls={`${idPrefix}-panel-${t.id}`}
          tabIndex={t.id === selected ? 0 : -1}
          className={t.id === selected ? 'tab selected' : 'tab'}
          onClick={() => onSelect(t.id)}
        >
          {t.label}
        </button>
      ))}
    </div>
  );
}

export interface TabPanelProps {
  idPrefix: string;
  id: string;
  selected: string;
  children: ReactNode;
  /** Keep the panel mounted (hidden) when not selected, e.g. a terminal. Default: unmount. */
  keepMounted?: boolean;
  className?: string;
}

export function TabPanel({ idPrefix, id, selected, children, keepMounted, className }: TabPanelProps) {
  const active = id === selected;
  // Inactive panels stay in the DOM as empty hidden elements, so the tabs' aria-controls always point somewhere.
  return (
    <div role="tabpanel" id={`${idPrefix}-panel-${id}`} aria-labelledby={`${idPrefix}-tab-${id}`} hidden={!active} className={className ? `tabpanel ${className}` : 'tabpanel'}>
      {active || keepMounted ? children : null}
    </div>
  );
}
