/**
 * Small pieces shared by the Images, Pods, Volumes and Networks views: the
 * view frame, row action buttons with a few extra icons, registry
 * credentials fields, labels/ports parsing, and one-shot bridge calls with
 * their error kept where the user acted.
 */
import { useCallback, useId, useState, type ReactNode } from 'react';
import { Badge } from '../../components';
import './views.css';

const extraPaths = {
  tag: 'M2.5 2.5h5.2l5.8 5.8-5.2 5.2-5.8-5.8zM5.3 5.3h.01',
  upload: 'M8 13.5V5.5M4.5 9L8 5.5 11.5 9M3 2.5h10',
  history: 'M8 2.5a5.5 5.5 0 1 1-5.5 5.5M8 5v3l2 1.5M2.5 3v2.5H5',
  inspect: 'M3 2.5h7l3 3v8H3zM10 2.5v3h3M5.5 8h5M5.5 10.5h5',
  yaml: 'M5 3.5L2.5 8 5 12.5M11 3.5L13.5 8 11 12.5M9 3l-2 10',
  build: 'M2.5 13.5h11M4 13.5V8h3v5.5M9 13.5V5h3v8.5M5.5 8V5.5M10.5 5V2.5',
  broom: 'M10.5 2.5L7 8M4 8.5h6l1 5H3zM6 11v2.5M8 11v2.5',
  pull: 'M8 2.5v8M4.5 7L8 10.5 11.5 7M3 13.5h10',
} as const;

export type ExtraIcon = keyof typeof extraPaths;

export function ExtraIconSvg({ name, size = 14 }: { name: ExtraIcon; size?: number }) {
  return (
    <svg
      className="icon"
      width={size}
      height={size}
      viewBox="0 0 16 16"
      aria-hidden="true"
      focusable="false"
      fill="none"
      stroke="currentColor"
      strokeWidth={1.4}
      strokeLinecap="round"
      strokeLinejoin="round"
    >
      <path d={extraPaths[name]} />
    </svg>
  );
}

/** An icon-only row action with our extra icons; `label` is the accessible name and tooltip. */
export function ActionButton({ label, icon, onClick, disabled, danger }: { label: string; icon: ExtraIcon; onClick: () => void; disabled?: boolean; danger?: boolean }) {
  return (
    <button type="button" className={`btn btn-icon ${danger ? 'btn-danger-ghost' : 'btn-ghost'}`} aria-label={label} title={label} onClick={onClick} disabled={disabled}>
      <ExtraIconSvg name={icon} />
    </button>
  );
}

/** The frame of a resource view: heading with a count, a toolbar, the table. */
export function ViewFrame({ title, count, toolbar, children, extra }: { title: string; count?: number | undefined; toolbar: ReactNode; children: ReactNode; extra?: ReactNode }) {
  return (
    <div className="view rv-view">
      <header className="view-header rv-header">
        <h1>
          {title}
          {count !== undefined ? <span className="rv-count muted"> {count.toLocaleString()}</span> : null}
        </h1>
        {extra}
      </header>
      {toolbar}
      <div className="rv-table">{children}</div>
    </div>
  );
}

export function RowActions({ children }: { children: ReactNode }) {
  return <div className="rv-actions">{children}</div>;
}

/** Labels as badges "key=value" (the first few), the rest counted. */
export function LabelList({ labels, max = 3 }: { labels: Record<string, string>; max?: number }) {
  const entries = Object.entries(labels ?? {});
  if (!entries.length) return <span className="muted">—</span>;
  return (
    <span className="rv-labels" title={entries.map(([k, v]) => `${k}=${v}`).join('\n')}>
      {entries.slice(0, max).map(([k, v]) => (
        <Badge key={k}>{v ? `${k}=${v}` : k}</Badge>
      ))}
      {entries.length > max ? <span className="muted">+{entries.length - max}</span> : null}
    </span>
  );
}

/** "key=value" per line (or comma separated) → a record; returns an error message for a bad line. */
export function parseLabels(text: string): { labels: Record<string, string>; error?: string } {
  const labels: Record<string, string> = {};
  for (const raw of text.split(/[\n,]/)) {
    const line = raw.trim();
    if (!line) continue;
    const eq = line.indexOf('=');
    const key = (eq < 0 ? line : line.slice(0, eq)).trim();
    const value = eq < 0 ? '' : line.slice(eq + 1).trim();
    if (!key) return { labels, error: `"${line}" has no label name; write key=value` };
    labels[key] = value;
  }
  return { labels };
}

/** Optional registry credentials: a disclosure with user name and password. */
export function CredentialsFields({ value, onChange, disabled }: { value: { username: string; password: string }; onChange: (v: { username: string; password: string }) => void; disabled?: boolean }) {
  const id = useId();
  return (
    <details className="rv-details">
      <summary>Registry credentials (optional)</summary>
      <div className="rv-details-body">
        <div className="field">
          <label className="field-label" htmlFor={`${id}-user`}>
            User name
          </label>
          <input
            id={`${id}-user`}
            className="input"
            autoComplete="off"
            data-1p-ignore
            data-lpignore="true"
            value={value.username}
            disabled={disabled}
            onChange={(e) => onChange({ ...value, username: e.target.value })}
          />
        </div>
        <div className="field">
          <label className="field-label" htmlFor={`${id}-pass`}>
            Password or token
          </label>
          {/* Masked text, not type="password": a password field makes the browser offer to save the
              registry password in its own store, which this one-shot credential must never reach. */}
          <input
            id={`${id}-pass`}
            className="input input-secret"
            type="text"
            autoComplete="off"
            autoCapitalize="off"
            spellCheck={false}
            data-1p-ignore
            data-lpignore="true"
            value={value.password}
            disabled={disabled}
            onChange={(e) => onChange({ ...value, password: e.target.value })}
          />
        </div>
        <p className="field-hint">Sent to the engine for this operation only; Berth does not store them.</p>
      </div>
    </details>
  );
}

export function authOf(c: { username: string; password: string }): { username: string; password: string } | undefined {
  return c.username && c.password ? { username: c.username, password: c.password } : undefined;
}

/** First zod issue message for a value, or undefined when it parses. */
export function zodMessage(schema: { safeParse: (v: unknown) => { success: boolean; error?: { issues: { message: string }[] } } }, value: unknown): string | undefined {
  const r = schema.safeParse(value);
  return r.success ? undefined : (r.error?.issues[0]?.message ?? 'Not valid');
}

/** Run one async action with busy/error state kept for the place the user acted. */
export function useAction<A extends unknown[], R>(fn: (...args: A) => Promise<R>) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const run = useCallback(
    async (...args: A): Promise<R | undefined> => {
      setBusy(true);
      setError(undefined);
      try {
        return await fn(...args);
      } catch (e) {
        setError(e);
        return undefined;
      } finally {
        setBusy(false);
      }
    },
    [fn],
  );
  const reset = useCallback(() => setError(undefined), []);
  return { run, busy, error, reset };
}
