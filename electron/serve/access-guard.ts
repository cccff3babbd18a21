/**
 * Who may talk to `serve` (threat model: docs/SECURITY.md, "serve").
 *
 * - The token never lives in a cookie. Cookies ignore ports, so a host-wide
 *   cookie would reach every other server on this machine (a container's
 *   published web app, another user's service) and ride along on requests a
 *   page on another port makes. The printed URL carries it in the fragment
 *   (`/#token=…`, never sent to a server, never in logs or Referer); the page
 *   keeps it in its own origin's storage (which is per port) and presents it
 *   only on the bridge WebSocket, as a subprotocol, and on /api/session as a
 *   bearer header. Downloads use one-time tickets issued over the bridge.
 * - Host must be one of ours (DNS rebinding); an Origin, when sent, must be
 *   ours; on the bridge and the API a browser's `Sec-Fetch-Site` must be
 *   `same-origin` or `none` (a page on another port is `same-site`).
 * Pure functions, so every rule is unit-testable.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { TOKEN_PROTOCOL_PREFIX } from '../contract/serve-transport.js';

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** BERTH_SERVE_TOKEN: long enough to guess never, and only characters a subprotocol and URL carry unchanged. */
export function tokenProblem(token: string): string | undefined {
  if (token.length < 32) return `BERTH_SERVE_TOKEN must be at least 32 characters (it has ${token.length}); make one with: openssl rand -base64 32 | tr '+/' '-_' | tr -d =`;
  if (token.length > 256) return 'BERTH_SERVE_TOKEN must be at most 256 characters';
  if (!/^[A-Za-z0-9_-]+$/.test(token)) return 'BERTH_SERVE_TOKEN may contain only letters, digits, "-" and "_" (base64url)';
  return undefined;
}

export interface GuardConfig {
  token: string;
  /** host:port values a request's Host header may carry. */
  allowedHosts: Set<string>;
}

export type GuardVerdict = { ok: true; via: 'protocol' | 'header' | 'none' } | { ok: false; status: 401 | 403; reason: string };

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

export interface RequestFacts {
  host: string | undefined;
  origin: string | undefined;
  /** The browser's Sec-Fetch-Site (absent from non-browser clients). */
  fetchSite: string | undefined;
  authorization: string | undefined;
  /** Sec-WebSocket-Protocol, comma-separated. */
  protocols: string | undefined;
}

/** Is this request addressed to us, from our own page (or from no page at all)? */
export function checkPlace(cfg: GuardConfig, req: RequestFacts, opts: { api: boolean }): GuardVerdict {
  const host = (req.host ?? '').toLowerCase();
  if (!cfg.allowedHosts.has(host)) return { ok: false, status: 403, reason: `Host "${req.host ?? ''}" is not this server (DNS rebinding guard)` };
  if (req.origin === 'null') return { ok: false, status: 403, reason: 'Opaque origins are not allowed' };
  if (req.origin !== undefined) {
    let originHost = '';
    try {
      const u = new URL(req.origin);
      originHost = u.protocol === 'http:' || u.protocol === 'https:' ? u.host.toLowerCase() : '';
    } catch {
      // Not a URL: refused below.
    }
    if (!cfg.allowedHosts.has(originHost)) return { ok: false, status: 403, reason: `Origin "${req.origin}" is not allowed` };
  }
  if (opts.api && req.fetchSite !== undefined && req.fetchSite !== 'same-origin' && req.fetchSite !== 'none') {
    return { ok: false, status: 403, reason: `A request from another site (Sec-Fetch-Site: ${req.fetchSite}) is not allowed` };
  }
  return { ok: true, via: 'none' };
}

/** The token as a bearer header (scripts, /api/session) or a WebSocket subprotocol (the page's bridge). */
export function checkToken(cfg: GuardConfig, req: RequestFacts): GuardVerdict {
  const bearer = req.authorization?.match(/^Bearer\s+(\S+)$/i)?.[1];
  if (bearer !== undefined) return safeEqual(bearer, cfg.token) ? { ok: true, via: 'header' } : { ok: false, status: 401, reason: 'Wrong token' };
  const offered = (req.protocols ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p.startsWith(TOKEN_PROTOCOL_PREFIX));
  if (offered.length > 1) return { ok: false, status: 401, reason: 'More than one token offered' };
  if (offered.length === 1) return safeEqual(offered[0]!.slice(TOKEN_PROTOCOL_PREFIX.length), cfg.token) ? { ok: true, via: 'protocol' } : { ok: false, status: 401, reason: 'Wrong token' };
  return { ok: false, status: 401, reason: 'Missing token: open the URL that `npm run serve` printed' };
}

/** Both: the bridge and the session check. */
export function checkRequest(cfg: GuardConfig, req: RequestFacts): GuardVerdict {
  const place = checkPlace(cfg, req, { api: true });
  return place.ok ? checkToken(cfg, req) : place;
}
