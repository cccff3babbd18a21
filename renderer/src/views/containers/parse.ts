/** Parsing of the "Create container" form's text fields, with per-line messages. */

export interface Parsed<T> {
  value: T;
  errors: string[];
}

function lines(text: string): { n: number; line: string }[] {
  return text
    .split('\n')
    .map((line, i) => ({ n: i + 1, line: line.trim() }))
    .filter((l) => l.line && !l.line.startsWith('#'));
}

/** What a backslash escapes inside double quotes (elsewhere in them it is a backslash). */
const DOUBLE_QUOTE_ESCAPES = ['$', '`', '"', '\\', '\n'];

/**
 * A command line split into words by POSIX shell quoting: 'single' quotes
 * keep everything, "double" quotes let a backslash escape only $ ` " \ and a
 * newline, a bare backslash escapes any character. Nothing is expanded ($,
 * globs): no shell is involved, the words go to the engine as they are.
 */
export function splitCommand(text: string): Parsed<string[]> {
  const out: string[] = [];
  let cur = '';
  let has = false;
  let quote: '"' | "'" | null = null;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quote) {
      if (ch === quote) quote = null;
      else if (ch === '\\' && quote === '"' && DOUBLE_QUOTE_ESCAPES.includes(text[i + 1] ?? '')) {
        const next = text[++i]!;
        if (next !== '\n') cur += next; // an escaped newline joins the lines
      } else cur += ch;
      continue;
    }
    if (ch === '"' || ch === "'") {
      quote = ch;
      has = true;
    } else if (ch === '\\' && i + 1 < text.length) {
      const next = text[++i]!;
      if (next === '\n') continue; // an escaped newline joins the lines
      cur += next;
      has = true;
    } else if (/\s/.test(ch)) {
      if (has) out.push(cur);
      cur = '';
      has = false;
    } else {
      cur += ch;
      has = true;
    }
  }
  if (has) out.push(cur);
  return { value: out, errors: quote ? [`A ${quote === '"' ? 'double' : 'single'} quote is not closed`] : [] };
}

/** KEY=VALUE per line. */
export function parseEnv(text: string): Parsed<Record<string, string>> {
  const value: Record<string, string> = {};
  const errors: string[] = [];
  for (const { n, line } of lines(text)) {
    const i = line.indexOf('=');
    if (i < 0) errors.push(`Line ${n}: "${line}" has no "=" (write KEY=VALUE)`);
    else if (i === 0) errors.push(`Line ${n}: the variable name is missing before "="`);
    else value[line.slice(0, i).trim()] = line.slice(i + 1);
  }
  return { value, errors };
}

export type { PortMapping as PortLine } from '../common/ports';
export { parsePortMappings as parsePorts } from '../common/ports';

export interface MountLine {
  source: string;
  target: string;
  type: 'bind' | 'volume';
  readOnly?: boolean;
}

/** host-path-or-volume:/container/path[:ro|:rw] per line. A source starting with / . or ~ is a host path. */
export function parseVolumes(text: string): Parsed<MountLine[]> {
  const value: MountLine[] = [];
  const errors: string[] = [];
  for (const { n, line } of lines(text)) {
    const parts = line.split(':');
    let mode: string | undefined;
    if (parts.length >= 3 && /^(ro|rw|z|Z|ro,z|ro,Z|rw,z|rw,Z)$/.test(parts[parts.length - 1]!)) mode = parts.pop();
    if (parts.length !== 2 || !parts[0] || !parts[1]) {
      errors.push(`Line ${n}: write source:/path/in/container[:ro] ("${line}")`);
      continue;
    }
    const [source, target] = parts as [string, string];
    if (!target.startsWith('/')) {
      errors.push(`Line ${n}: the container path must start with "/" ("${target}")`);
      continue;
    }
    const bind = /^[/.~]/.test(source);
    if (source.startsWith('~') || source.startsWith('.')) {
      errors.push(`Line ${n}: use an absolute host path starting with "/" ("${source}")`);
      continue;
    }
    value.push({ source, target, type: bind ? 'bind' : 'volume', ...(mode?.startsWith('ro') ? { readOnly: true } : {}) });
  }
  return { value, errors };
}
