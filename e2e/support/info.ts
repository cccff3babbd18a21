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

export function e2eInfo(): E2EInfo {
  return JSON.parse(readFileSync(INFO_FILE, 'utf8')) as E2EInfo;
}
