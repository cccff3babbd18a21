/**
 * What Berth checks before a provider runs: the files are where they say
 * (real paths, inside the project folder, regular files of sane size), they
 * are YAML with services, `depends_on` names services that exist, the
 * profiles asked for exist. Every provider then gets the same clear message
 * for the same mistake (podman-compose 1.0.3 would start a service that
 * depends on a missing one, and ignores profiles).
 */
import { readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { EngineError } from '../errors.js';

export interface ComposeTarget {
  /** Compose files, absolute; the first one's folder is the project folder. */
  files: string[];
  projectName?: string | undefined;
  profiles?: string[] | undefined;
  /** A dotenv file inside the project folder. */
  envFile?: string | undefined;
}

export interface ComposeServicePlan {
  name: string;
  profiles: string[];
  dependsOn: string[];
}

export interface ComposePlan {
  /** The project folder (real path). */
  dir: string;
  files: string[];
  envFile?: string | undefined;
  projectName: string;
  profiles: string[];
  services: ComposeServicePlan[];
  /** Services that `up` starts with these profiles. */
  active: string[];
}

const MAX_FILE_BYTES = 1024 * 1024;
const PROJECT_NAME = /^[a-z0-9][a-z0-9_-]{0,62}$/;
/** Compose's own rule for a default project name: the folder's name, lowercased, other characters dropped. */
export function defaultProjectName(dir: string): string {
  return (
    path
      .basename(dir)
      .toLowerCase()
      .replace(/[^a-z0-9_-]/g, '')
      .replace(/^[_-]+/, '') || 'default'
  );
}

function refuse(operation: string, message: string, hint: string): never {
  throw new EngineError({ kind: 'invalid-argument', operation, engineMessage: message, hint });
}

/** A real path inside `dir` (symlinks resolved), or a clear refusal. */
async function fileInside(operation: string, what: string, file: string, dir: string | undefined): Promise<string> {
  if (!path.isAbsolute(file)) refuse(operation, `the ${what} ${file} is not an absolute path`, 'Give the full path of the file on the machine Berth runs on.');
  const real = await realpath(file).catch(() => refuse(operation, `the ${what} ${file} does not exist`, 'Check the path; it is read on the machine Berth runs on.'));
  const st = await stat(real);
  if (!st.isFile()) refuse(operation, `the ${what} ${file} is not a file`, 'Choose the compose file itself, not its folder.');
  if (st.size > MAX_FILE_BYTES) refuse(operation, `the ${what} ${file} is larger than 1 MiB`, 'A compose file this large is not a compose file; check the path.');
  if (dir) {
    const rel = path.relative(dir, real);
    if (rel.startsWith('..') || path.isAbsolute(rel)) {
      refuse(operation, `the ${what} ${file} is outside the project folder ${dir}`, 'Keep the compose files and the env file in the project folder (or below it).');
    }
  }
  return real;
}

function names(v: unknown): string[] {
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string');
  if (v && typeof v === 'object') return Object.keys(v);
  return [];
}

/** Reads and checks the files; throws `invalid-argument` with what is wrong and what to do. */
export async function planCompose(target: ComposeTarget, operation = 'Compose up'): Promise<ComposePlan> {
  if (target.files.length === 0) refuse(operation, 'no compose file given', 'Choose a compose file (compose.yaml or docker-compose.yml).');
  const first = await fileInside(operation, 'compose file', target.files[0]!, undefined);
  const dir = path.dirname(first);
  const files = [first];
  for (const f of target.files.slice(1)) files.push(await fileInside(operation, 'compose file', f, dir));
  const envFile = target.envFile ? await fileInside(operation, 'env file', target.envFile, dir) : undefined;
  const projectName = target.projectName ?? defaultProjectName(dir);
  if (!PROJECT_NAME.test(projectName)) {
    refuse(operation, `"${projectName}" is not a valid project name`, 'Use lowercase letters, digits, dashes and underscores, starting with a letter or digit.');
  }

  const services = new Map<string, ComposeServicePlan>();
  for (const file of files) {
    const doc = parseDocument(await readFile(file, 'utf8'), { uniqueKeys: false });
    const err = doc.errors[0];
    if (err) {
      const at = err.linePos?.[0];
      refuse(
        operation,
        `${file} is not valid YAML: ${err.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')}${at ? ` (line ${at.line}, column ${at.col})` : ''}`,
        'Fix the YAML at that line and try again.',
      );
    }
    const top: unknown = doc.toJS();
    if (!top || typeof top !== 'object' || Array.isArray(top)) refuse(operation, `${file} is not a compose file (its top level is not a mapping)`, 'A compose file has a services: section.');
    const svc = (top as Record<string, unknown>).services;
    if (svc === undefined) continue; // an override file may add networks or volumes only
    if (!svc || typeof svc !== 'object' || Array.isArray(svc)) refuse(operation, `${file}: services is not a mapping of service names`, 'Write each service as a key under services:.');
    for (const [name, def] of Object.entries(svc as Record<string, unknown>)) {
      const d = def && typeof def === 'object' ? (def as Record<string, unknown>) : {};
      const prev = services.get(name);
      const profiles = names(d.profiles);
      const dependsOn = names(d.depends_on);
      services.set(name, { name, profiles: profiles.length ? profiles : (prev?.profiles ?? []), dependsOn: [...new Set([...(prev?.dependsOn ?? []), ...dependsOn])] });
    }
  }
  if (services.size === 0) refuse(operation, `${files.join(', ')} define${files.length === 1 ? 's' : ''} no services`, 'Add a services: section with at least one service.');
  for (const s of services.values()) {
    for (const dep of s.dependsOn) {
      if (!services.has(dep))
        refuse(operation, `service "${s.name}" depends on service "${dep}", which the compose file does not define`, `Define "${dep}" under services:, or remove it from depends_on.`);
    }
  }
  const profiles = [...new Set(target.profiles ?? [])];
  const known = new Set([...services.values()].flatMap((s) => s.profiles));
  for (const p of profiles) {
    if (!known.has(p)) refuse(operation, `no service has the profile "${p}"`, known.size ? `Profiles in this file: ${[...known].join(', ')}.` : 'This file defines no profiles.');
  }
  const active = [...services.values()].filter((s) => s.profiles.length === 0 || s.profiles.some((p) => profiles.includes(p))).map((s) => s.name);
  return { dir, files, envFile, projectName, profiles, services: [...services.values()], active };
}

/** A dotenv file as variables (KEY=VALUE, # comments, optional quotes): for providers that take no --env-file. */
export async function readEnvFile(file: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const raw of (await readFile(file, 'utf8')).split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const m = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*(.*)$/.exec(line);
    if (!m) continue;
    let v = m[2]!;
    const q = v[0];
    if ((q === '"' || q === "'") && v.endsWith(q) && v.length >= 2) v = v.slice(1, -1);
    else v = v.replace(/\s+#.*$/, '');
    out[m[1]!] = v;
  }
  return out;
}
