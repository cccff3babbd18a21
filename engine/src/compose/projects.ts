/**
 * Compose projects from container labels: pure and browser-safe, so the
 * renderer groups its live container rows with the very rule the engine
 * uses to act on a project by label.
 */
import type { ComposeInputRow, ComposeProject, ComposeService } from '../models/compose.js';

/** The labels Docker Compose (v1 and v2) writes; podman-compose writes them too. */
export const COMPOSE_LABEL = {
  project: 'com.docker.compose.project',
  service: 'com.docker.compose.service',
  number: 'com.docker.compose.container-number',
  workingDir: 'com.docker.compose.project.working_dir',
  configFiles: 'com.docker.compose.project.config_files',
  oneOff: 'com.docker.compose.oneoff',
} as const;
/** podman-compose's own project label. */
export const PODMAN_COMPOSE_PROJECT = 'io.podman.compose.project';

/** The project a container belongs to, if any (podman-compose's label first: it names the project the same). */
export function projectOf(labels: Readonly<Record<string, string>>): string | undefined {
  return labels[PODMAN_COMPOSE_PROJECT] || labels[COMPOSE_LABEL.project] || undefined;
}

function isAbsolute(p: string): boolean {
  return p.startsWith('/') || p.startsWith('\\\\') || /^[A-Za-z]:[\\/]/.test(p);
}

function resolveIn(dir: string | undefined, file: string): string {
  if (!dir || isAbsolute(file)) return file;
  const sep = dir.includes('\\') && !dir.includes('/') ? '\\' : '/';
  const rel = file.replace(/^\.[\\/]/, '');
  return dir.endsWith(sep) ? dir + rel : dir + sep + rel;
}

/** The compose files of a project, absolute where the working dir is known (v1 and podman-compose write them as given). */
export function configFilesOf(labels: Readonly<Record<string, string>>): string[] {
  const raw = labels[COMPOSE_LABEL.configFiles];
  if (!raw) return [];
  const dir = labels[COMPOSE_LABEL.workingDir] || undefined;
  return raw
    .split(',')
    .map((f) => f.trim())
    .filter(Boolean)
    .map((f) => resolveIn(dir, f));
}

const byNumberThenName = (a: ComposeInputRow, b: ComposeInputRow) => (Number(a.labels[COMPOSE_LABEL.number]) || 0) - (Number(b.labels[COMPOSE_LABEL.number]) || 0) || a.name.localeCompare(b.name);

/** Groups rows into projects (per engine), services sorted by name, projects by name. */
export function composeProjects<Row extends ComposeInputRow>(rows: readonly Row[]): ComposeProject<Row>[] {
  const projects = new Map<string, ComposeProject<Row>>();
  for (const row of rows) {
    const name = projectOf(row.labels);
    if (!name) continue;
    const key = `${row.engine ?? ''}\0${name}`;
    let p = projects.get(key);
    if (!p) {
      p = { key, engine: row.engine, name, madeBy: 'docker-compose', configFiles: [], services: [], containers: [], states: {} };
      projects.set(key, p);
    }
    if (row.labels[PODMAN_COMPOSE_PROJECT]) p.madeBy = 'podman-compose';
    if (!p.workingDir && row.labels[COMPOSE_LABEL.workingDir]) p.workingDir = row.labels[COMPOSE_LABEL.workingDir];
    for (const f of configFilesOf(row.labels)) if (!p.configFiles.includes(f)) p.configFiles.push(f);
    p.containers.push(row);
    p.states[row.state] = (p.states[row.state] ?? 0) + 1;
    const serviceName = row.labels[COMPOSE_LABEL.service] || row.name;
    let s: ComposeService<Row> | undefined = p.services.find((x) => x.name === serviceName);
    if (!s) {
      s = { name: serviceName, containers: [] };
      p.services.push(s);
    }
    s.containers.push(row);
  }
  const out = [...projects.values()];
  for (const p of out) {
    p.services.sort((a, b) => a.name.localeCompare(b.name));
    for (const s of p.services) s.containers.sort(byNumberThenName);
  }
  return out.sort((a, b) => a.name.localeCompare(b.name) || (a.engine ?? '').localeCompare(b.engine ?? ''));
}
