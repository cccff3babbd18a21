/**
 * The create dialog's Secrets field, one per line: `name` (a file at
 * /run/secrets/name), `name:/path` (a file there) or `VAR=name` (an
 * environment variable). Pure, so it is unit-tested.
 */
export type SecretLine = { name: string; as: 'file'; target?: string } | { name: string; as: 'env'; target: string };

export function parseSecrets(text: string): { value: SecretLine[]; errors: string[] } {
  const value: SecretLine[] = [];
  const errors: string[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (!line) return;
    const eq = line.indexOf('=');
    const colon = line.indexOf(':');
    if (eq > 0) value.push({ as: 'env', target: line.slice(0, eq).trim(), name: line.slice(eq + 1).trim() });
    else if (colon > 0) value.push({ as: 'file', name: line.slice(0, colon).trim(), target: line.slice(colon + 1).trim() });
    else if (eq === 0 || colon === 0) errors.push(`Line ${i + 1}: write name, name:/path or VARIABLE=name`);
    else value.push({ as: 'file', name: line });
  });
  return { value, errors };
}
