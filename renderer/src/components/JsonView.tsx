/**
 * Searchable, collapsible JSON (Inspect tabs). The search filters to keys and
 * values that contain the text (and their parents), expanding them.
 */
import { memo, useMemo, useState, type ReactNode } from 'react';
import { Button } from './Button';
import { Icon } from './Icon';
import { SearchField } from './Toolbar';
import { notify } from './Toast';

export interface JsonViewProps {
  value: unknown;
  /** Accessible name, e.g. "Inspect data for web". */
  label: string;
  /** Levels expanded at first (default 1). */
  expandDepth?: number;
  /** Show the search box (default true). */
  searchable?: boolean;
}

type Mode = { kind: 'depth'; depth: number } | { kind: 'all' } | { kind: 'none' };

function leafText(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (v === undefined) return 'undefined';
  return String(v);
}

function makeMatcher(q: string) {
  const needle = q.toLowerCase();
  const cache = new WeakMap<object, boolean>();
  const matches = (key: string, v: unknown): boolean => {
    if (key.toLowerCase().includes(needle)) return true;
    if (v !== null && typeof v === 'object') {
      const hit = cache.get(v);
      if (hit !== undefined) return hit;
      const r = Object.entries(v as Record<string, unknown>).some(([k, c]) => matches(k, c));
      cache.set(v, r);
      return r;
    }
    return leafText(v).toLowerCase().includes(needle);
  };
  return matches;
}

function highlight(text: string, q: string): ReactNode {
  if (!q) return text;
  const i = text.toLowerCase().indexOf(q.toLowerCase());
  if (i < 0) return text;
  return (
    <>
      {text.slice(0, i)}
      <mark>{text.slice(i, i + q.length)}</mark>
      {text.slice(i + q.length)}
    </>
  );
}

export function JsonView({ value, label, expandDepth = 1, searchable = true }: JsonViewProps) {
  const [query, setQuery] = useState('');
  const [mode, setMode] = useState<Mode>({ kind: 'depth', depth: expandDepth });
  const [gen, setGen] = useState(0);
  const q = query.trim();
  const matcher = useMemo(() => (q ? makeMatcher(q) : undefined), [q]);
  const text = useMemo(() => JSON.stringify(value, null, 2), [value]);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      notify({ kind: 'success', title: 'Copied JSON to the clipboard' });
    } catch {
      notify({ kind: 'error', title: 'Could not copy to the clipboard' });
    }
  };
  return (
    <div className="json-view">
      <div className="toolbar">
        {searchable ? <SearchField label="Search keys and values" value={query} onChange={setQuery} /> : null}
        <Button size="small" onClick={() => (setMode({ kind: 'all' }), setGen((g) => g + 1))}>
          Expand all
        </Button>
        <Button size="small" onClick={() => (setMode({ kind: 'none' }), setGen((g) => g + 1))}>
          Collapse all
        </Button>
        <Button size="small" icon="copy" onClick={() => void copy()}>
          Copy JSON
        </Button>
      </div>
      <div className="json-tree mono" aria-label={label} role="group">
        {matcher && !matcher('', value) ? <p className="muted">Nothing matches “{q}”.</p> : <JsonNode key={gen} name={undefined} value={value} depth={0} mode={mode} q={q} matcher={matcher} />}
      </div>
    </div>
  );
}

interface NodeProps {
  name: string | undefined;
  value: unknown;
  depth: number;
  mode: Mode;
  q: string;
  matcher: ((key: string, v: unknown) => boolean) | undefined;
}

const JsonNode = memo(function JsonNode({ name, value, depth, mode, q, matcher }: NodeProps) {
  const isObj = value !== null && typeof value === 'object';
  const initial = mode.kind === 'all' ? true : mode.kind === 'none' ? depth === 0 : depth < mode.depth;
  const [open, setOpen] = useState(initial);
  const keyEl = name !== undefined ? <span className="json-key">{highlight(name, q)}</span> : null;
  if (!isObj) {
    const t = leafText(value);
    const cls = typeof value === 'string' ? 'json-string' : typeof value === 'number' ? 'json-number' : typeof value === 'boolean' ? 'json-bool' : 'json-null';
    return (
      <div className="json-leaf" style={{ paddingLeft: depth * 14 + 18 }}>
        {keyEl}
        {keyEl ? ': ' : null}
        <span className={cls}>{highlight(t, q)}</span>
      </div>
    );
  }
  const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value as Record<string, unknown>);
  const expanded = matcher ? true : open;
  const shown = matcher && !(name !== undefined && name.toLowerCase().includes(q.toLowerCase())) ? entries.filter(([k, v]) => matcher(k, v)) : entries;
  const brackets = Array.isArray(value) ? ['[', ']'] : ['{', '}'];
  const summary = Array.isArray(value) ? `${entries.length} item${entries.length === 1 ? '' : 's'}` : `${entries.length} key${entries.length === 1 ? '' : 's'}`;
  return (
    <div className="json-node">
      <button type="button" className="json-toggle" style={{ paddingLeft: depth * 14 }} aria-expanded={expanded} onClick={() => setOpen(!open)} disabled={!!matcher}>
        <Icon name={expanded ? 'chevronDown' : 'chevronRight'} size={12} />
        {keyEl ?? <span className="json-key">(root)</span>}
        <span className="json-punct">
          {': '}
          {brackets[0]}
          {expanded ? '' : ` ${summary} ${brackets[1]}`}
        </span>
      </button>
      {expanded ? (
        <>
          {shown.map(([k, v]) => (
            <JsonNode key={k} name={k} value={v} depth={depth + 1} mode={mode} q={q} matcher={matcher} />
          ))}
          <div className="json-punct" style={{ paddingLeft: depth * 14 + 18 }}>
            {brackets[1]}
          </div>
        </>
      ) : null}
    </div>
  );
});
