import { forwardRef, type ReactNode } from 'react';
import { Icon } from './Icon';

export interface ToolbarProps {
  children: ReactNode;
  /** Accessible name of the group, e.g. "Container actions". */
  label?: string;
}

/** A row of controls above a table: search, filters, actions. Use <ToolbarSpacer/> to push the rest right. */
export function Toolbar({ children, label }: ToolbarProps) {
  return (
    <div className="toolbar" role={label ? 'group' : undefined} aria-label={label}>
      {children}
    </div>
  );
}

export function ToolbarSpacer() {
  return <div className="toolbar-spacer" />;
}

export interface SearchFieldProps {
  /** The accessible label, e.g. "Search containers". Also the placeholder unless one is given. */
  label: string;
  value: string;
  onChange: (value: string) => void;
  placeholder?: string;
}

/**
 * The view's search box. Ctrl/Cmd+K and "/" focus the first SearchField on
 * the page (it carries data-search-field). Escape clears it.
 */
export const SearchField = forwardRef<HTMLInputElement, SearchFieldProps>(function SearchField({ label, value, onChange, placeholder }, ref) {
  return (
    <div className="search-field">
      <Icon name="search" size={14} className="search-icon" />
      <input
        ref={ref}
        type="search"
        aria-label={label}
        placeholder={placeholder ?? `${label}…`}
        value={value}
        data-search-field=""
        spellCheck={false}
        autoComplete="off"
        onChange={(e) => onChange(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape' && value) {
            e.preventDefault();
            e.stopPropagation();
            onChange('');
          }
        }}
      />
    </div>
  );
});

export interface SegmentedProps<T extends string> {
  label: string;
  options: { value: T; label: string }[];
  value: T;
  onChange: (v: T) => void;
}

/** A small radio group that looks like segmented buttons, e.g. All / Running / Stopped. */
export function Segmented<T extends string>({ label, options, value, onChange }: SegmentedProps<T>) {
  return (
    <div className="segmented" role="radiogroup" aria-label={label}>
      {options.map((o) => (
        <button key={o.value} type="button" role="radio" aria-checked={o.value === value} className={o.value === value ? 'segment selected' : 'segment'} onClick={() => onChange(o.value)}>
          {o.label}
        </button>
      ))}
    </div>
  );
}
