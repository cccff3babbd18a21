/** Small formatting helpers shared by views. */

export function formatBytes(n: number | undefined | null, digits = 1): string {
  if (n == null || !Number.isFinite(n)) return '—';
  if (n < 1024) return `${n} B`;
  const units = ['KB', 'MB', 'GB', 'TB', 'PB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(v >= 100 ? 0 : digits)} ${units[i]}`;
}

/** Engine timestamps are seconds or milliseconds since the epoch; normalize to ms. */
export function toMs(t: number): number {
  return t < 1e12 ? t * 1000 : t;
}

/** "3 minutes ago", "2 days ago". */
export function timeAgo(t: number | undefined, now = Date.now()): string {
  if (!t) return '—';
  const s = Math.round((now - toMs(t)) / 1000);
  if (s < 0) return 'just now';
  if (s < 45) return 'just now';
  const m = Math.round(s / 60);
  if (m < 60) return m === 1 ? '1 minute ago' : `${m} minutes ago`;
  const h = Math.round(m / 60);
  if (h < 24) return h === 1 ? '1 hour ago' : `${h} hours ago`;
  const d = Math.round(h / 24);
  if (d < 30) return d === 1 ? '1 day ago' : `${d} days ago`;
  const mo = Math.round(d / 30);
  if (mo < 12) return mo === 1 ? '1 month ago' : `${mo} months ago`;
  const y = Math.round(d / 365);
  return y <= 1 ? '1 year ago' : `${y} years ago`;
}

export function formatDate(t: number | string | undefined): string {
  if (t == null || t === '') return '—';
  const d = typeof t === 'number' ? new Date(toMs(t)) : new Date(t);
  if (Number.isNaN(d.getTime()) || d.getFullYear() < 1971) return '—';
  return d.toLocaleString();
}

export function shortId(id: string): string {
  return id.replace(/^sha256:/, '').slice(0, 12);
}

export function formatPercent(n: number | undefined): string {
  if (n == null || !Number.isFinite(n)) return '—';
  return `${n.toFixed(n < 10 ? 1 : 0)}%`;
}

/**
 * One collator for every list sort: `localeCompare` with options builds a new
 * collator on each comparison, which made re-sorting thousands of rows slow.
 */
const naturalCollator = new Intl.Collator(undefined, { numeric: true });
export const compareNatural = naturalCollator.compare;
