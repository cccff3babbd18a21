/** A Content-Security-Policy, parsed into directives and their source lists. */
export function parseCsp(policy: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const part of policy.split(';')) {
    const [name, ...values] = part.trim().split(/\s+/).filter(Boolean);
    if (!name) continue;
    // The first occurrence of a directive wins (CSP3 §2.2).
    if (!out.has(name.toLowerCase())) out.set(name.toLowerCase(), values);
  }
  return out;
}

/** Source expressions that let in script from elsewhere or from strings. */
export const UNSAFE_SCRIPT_SOURCES = [
  "'unsafe-inline'",
  "'unsafe-eval'",
  "'unsafe-hashes'",
  "'wasm-unsafe-eval'",
  "'strict-dynamic'",
  '*',
  'http:',
  'https:',
  'ws:',
  'wss:',
  'data:',
  'blob:',
  'filesystem:',
];

/**
 * Problems with a policy for Berth: scripts only from 'self', nothing remote
 * anywhere, no plugins, no <base> games. Returns an empty list when it is strict.
 */
export function cspProblems(policy: string): string[] {
  const d = parseCsp(policy);
  const problems: string[] = [];
  const def = d.get('default-src');
  if (!def || !(def.length === 1 && (def[0] === "'none'" || def[0] === "'self'"))) problems.push(`default-src must be 'none' or 'self', is ${JSON.stringify(def)}`);
  // script-src falls back to default-src; we insist on an explicit one.
  const script = d.get('script-src');
  if (!script) problems.push('script-src is missing');
  for (const name of ['script-src', 'script-src-elem', 'script-src-attr', 'worker-src']) {
    for (const v of d.get(name) ?? []) {
      if (UNSAFE_SCRIPT_SOURCES.includes(v.toLowerCase())) problems.push(`${name} allows ${v}`);
      else if (v !== "'self'" && v !== "'none'") problems.push(`${name} allows ${v} (only 'self')`);
    }
  }
  if (JSON.stringify(d.get('object-src')) !== JSON.stringify(["'none'"]) && JSON.stringify(def) !== JSON.stringify(["'none'"])) problems.push("object-src must be 'none'");
  const base = d.get('base-uri');
  if (!base || !(base[0] === "'none'" || base[0] === "'self'")) problems.push("base-uri must be 'none' or 'self'");
  for (const [name, values] of d) {
    for (const v of values) {
      const low = v.toLowerCase();
      if (low === '*' || low.includes('://') || /^(https?|wss?|ftp):$/.test(low) || low.includes('*.')) problems.push(`${name} allows a remote origin: ${v}`);
    }
  }
  return problems;
}
