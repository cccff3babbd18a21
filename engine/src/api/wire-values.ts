/** Reading the loose values engines put in their replies (times in three encodings, errors as strings or objects). */

/**
 * A time as epoch ms, or 0 when unknown. Engines send RFC 3339 strings,
 * epoch seconds (most list endpoints) or epoch ms; Go's zero time
 * ("0001-01-01…", or its epoch seconds) means "never" and reads as 0.
 */
export function epochMs(x: unknown): number {
  let t = Number.NaN;
  if (typeof x === 'number') t = x < 1e12 ? x * 1000 : x;
  else if (typeof x === 'string' && x) t = Date.parse(x);
  return Number.isFinite(t) && t > 0 ? t : 0;
}

/** An engine error entry (a string, `{message}`/`{cause}`, or an object some versions send as `{}`) in words. */
export function errText(e: unknown, fallback: string): string {
  if (typeof e === 'string') return e;
  if (e && typeof e === 'object') {
    const o = e as Record<string, unknown>;
    if (typeof o.message === 'string') return o.message;
    if (typeof o.cause === 'string') return o.cause;
  }
  const json = JSON.stringify(e);
  return json && json !== '{}' ? json : fallback;
}

/** One entry of a libpod prune reply: the resource (`Id`, or `Name` for networks), bytes freed, and its error (`Err`, or `Error` for networks). */
export interface LibpodPruneReport {
  Id?: string;
  Name?: string;
  Size?: number;
  Err?: unknown;
  Error?: unknown;
}

export interface PruneReports {
  removed: string[];
  reclaimed: number;
  errors: { name: string; message: string }[];
}

/** A libpod prune reply as what was removed, the bytes freed, and what failed with the engine's words. */
export function readPruneReports(rows: LibpodPruneReport[] | null | undefined): PruneReports {
  const out: PruneReports = { removed: [], reclaimed: 0, errors: [] };
  for (const r of rows ?? []) {
    const name = String(r.Id ?? r.Name ?? '');
    const err = r.Err ?? r.Error;
    if (err) out.errors.push({ name, message: errText(err, 'the engine gave no details') });
    else {
      out.removed.push(name);
      out.reclaimed += Number(r.Size ?? 0);
    }
  }
  return out;
}
