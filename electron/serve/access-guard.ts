/**
 * Who may talk to `serve`: requests carrying our random token (first as
 * `?token=`, then as an HttpOnly SameSite=Strict cookie), addressed to our
 * own host name (DNS-rebinding guard) and, when a browser says where it comes
 * from, from our own origin. Pure functions, so every rule is unit-testable.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';

export const SESSION_COOKIE = 'berth_session';

export function newToken(): string {
  return randomBytes(24).toString('base64url');
}

export interface GuardConfig {
  token: string;
  /** host:port values a request's Host header may carry. */
  allowedHosts: Set<string>;
}

export type GuardVerdict =
  | { ok: true; via: 'cookie' | 'query' | 'header' }
  | { ok: false; status: 401 | 403; reason: string };

export function hostsFor(bindHost: string, port: number): Set<string> {
  const names = new Set<string>();
  const add = (h: string) => names.add(`${h}:${port}`.toLowerCase());
  if (bindHost === '127.0.0.1' || bindHost === 'localhost' || bindHost === '::1') {
    add('127.0.0.1');
    add('localhost');
    add('[::1]');
  } else if (bindHost === '0.0.0.0' || bindHost === '::') {
    // Any interface: still only names we know; the user passes --allow-host for others.
    add('127.0.0.1');
    add('localhost');
  } else {
    add(bindHost.includes(':') ? `[${bindHost}]` : bindHost);
  }
  return names;
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function parseCookies(header: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  if (!header) return out;
  for (const part of header.split(';')) {
    const i = part.indexOf('=');
    if (i <= 0) continue;
    out.set(part.slice(0, i).trim(), part.slice(i + 1).trim());
  }
  return out;
}

export interface RequestFacts {
  host: string | undefined;
  origin: string | undefined;
  cookie: string | undefined;
  authorization: string | undefined;
  /** The request's URL path and query, e.g. "/?token=abc". */
  url: string;
}

export function checkRequest(cfg: GuardConfig, req: RequestFacts): GuardVerdict {
  const host = (req.host ?? '').toLowerCase();
  if (!cfg.allowedHosts.has(host)) {
    return { ok: false, status: 403, reason: `Host "${req.host ?? ''}" is not this server (DNS rebinding guard)` };
  }
  if (req.origin !== undefined && req.origin !== 'null') {
    let originHost: string;
    try {
      const u = new URL(req.origin);
      originHost = u.protocol === 'http:' || u.protocol === 'https:' ? u.host.toLowerCase() : '';
    } catch {
      originHost = '';
    }
    if (!cfg.allowedHosts.has(originHost)) return { ok: false, status: 403, reason: `Origin "${req.origin}" is not allowed` };
  } else if (req.origin === 'null') {
    return { ok: false, status: 403, reason: 'Opaque origins are not allowed' };
  }
  const cookie = parseCookies(req.cookie).get(SESSION_COOKIE);
  if (cookie && safeEqual(cookie, cfg.token)) return { ok: true, via: 'cookie' };
  const bearer = req.authorization?.match(/^Bearer\s+(.+)$/i)?.[1];
  if (bearer && safeEqual(bearer, cfg.token)) return { ok: true, via: 'header' };
  const query = new URL(req.url, 'http://x').searchParams.get('token');
  if (query && safeEqual(query, cfg.token)) return { ok: true, via: 'query' };
  return { ok: false, status: 401, reason: query || cookie || bearer ? 'Wrong token' : 'Missing token: open the URL that `npm run serve` printed' };
}

export function sessionCookie(token: string): string {
  return `${SESSION_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`;
}
