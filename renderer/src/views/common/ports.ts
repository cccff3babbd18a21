/**
 * Port mappings as people type them, one parser for every form (create
 * container, create pod): items separated by newlines or commas, each
 * `container`, `host:container` or `ip:host:container` (IPv6 in brackets),
 * optionally `/tcp` or `/udp`; `#` starts a comment line. A bare port maps to
 * the same port on the host. Messages name the item and what to write.
 */
export interface PortMapping {
  hostIp?: string;
  hostPort: number;
  containerPort: number;
  protocol: 'tcp' | 'udp';
}

const ITEM = /^(?:(\d{1,3}(?:\.\d{1,3}){3}|\[[0-9a-fA-F:.]+\]):)?(?:(\d+):)?(\d+)(?:\/(tcp|udp))?$/;

export function parsePortMappings(text: string): { value: PortMapping[]; errors: string[] } {
  const value: PortMapping[] = [];
  const errors: string[] = [];
  const items = text
    .split('\n')
    .filter((line) => !line.trim().startsWith('#'))
    .flatMap((line) => line.split(','))
    .map((s) => s.trim())
    .filter(Boolean);
  for (const item of items) {
    const m = ITEM.exec(item);
    if (!m) {
      errors.push(`"${item}" is not a port mapping; write host:container, like 8080:80 or 127.0.0.1:8080:80/udp`);
      continue;
    }
    const containerPort = Number(m[3]);
    const hostPort = m[2] === undefined ? containerPort : Number(m[2]);
    if (!inRange(hostPort) || !inRange(containerPort)) {
      errors.push(`"${item}": ports go from 1 to 65535`);
      continue;
    }
    const hostIp = m[1]?.replace(/^\[|\]$/g, '');
    value.push({ ...(hostIp ? { hostIp } : {}), hostPort, containerPort, protocol: (m[4] as 'tcp' | 'udp' | undefined) ?? 'tcp' });
  }
  return { value, errors };
}

function inRange(n: number): boolean {
  return Number.isInteger(n) && n >= 1 && n <= 65535;
}
