import { readFileSync } from 'node:fs';
import path from 'node:path';

export const INFO_FILE = path.resolve(import.meta.dirname, '..', '..', 'test-results', 'e2e-info.json');

export interface E2EInfo {
  url: string;
  origin: string;
  token: string;
  podman: { dir: string; url: string; env: Record<string, string> };
  registry: string;
}

/**
 * This run's servers. The global setup puts them in BERTH_E2E_INFO (workers
 * inherit the runner's environment), so two runs at once never read each
 * other's file; the file is the fallback for tools outside the runner.
 */
export function e2eInfo(): E2EInfo {
  return JSON.parse(process.env.BERTH_E2E_INFO ?? readFileSync(INFO_FILE, 'utf8')) as E2EInfo;
}
