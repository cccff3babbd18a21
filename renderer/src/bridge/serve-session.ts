/**
 * In `serve`, the page's credential: the token from the printed URL's
 * fragment (`/#token=…`), moved at once into this origin's storage (per host
 * and port, so no other server on the machine sees it) and out of the address
 * bar. Imported first by main.tsx, before the router reads the hash. Under
 * Electron there is no token: the bridge is IPC.
 */
import { SESSION_PATH, TOKEN_FRAGMENT_KEY } from '../../../electron/contract/index.js';

const STORAGE_KEY = 'berth.serve.token';

function takeToken(): string | undefined {
  if (typeof window === 'undefined' || window.berthBridge) return undefined;
  const params = new URLSearchParams(window.location.hash.replace(/^#/, ''));
  const fromUrl = params.get(TOKEN_FRAGMENT_KEY);
  if (fromUrl && /^[A-Za-z0-9_-]+$/.test(fromUrl)) {
    try {
      localStorage.setItem(STORAGE_KEY, fromUrl);
    } catch {
      // Storage disabled: the token lives for this page only.
    }
    history.replaceState(null, '', window.location.pathname + window.location.search);
    return fromUrl;
  }
  try {
    return localStorage.getItem(STORAGE_KEY) ?? undefined;
  } catch {
    return undefined;
  }
}

export const serveToken: string | undefined = takeToken();

export type SessionState = 'ok' | 'no-token' | 'rejected' | 'unreachable';

/** Ask the server whether this page's token is good, before the app opens its bridge. */
export async function checkServeSession(token = serveToken): Promise<SessionState> {
  if (window.berthBridge) return 'ok';
  if (!token) return 'no-token';
  try {
    const res = await fetch(SESSION_PATH, { headers: { Authorization: `Bearer ${token}` }, cache: 'no-store' });
    return res.status === 204 ? 'ok' : 'rejected';
  } catch {
    return 'unreachable';
  }
}

/** The token in what the person pasted (the printed URL, an old ?token= URL, or the token alone). */
export function parseTokenInput(input: string): string | undefined {
  const trimmed = input.trim();
  const hash = trimmed.includes('#') ? trimmed.slice(trimmed.indexOf('#') + 1) : '';
  const query = trimmed.includes('?') ? trimmed.slice(trimmed.indexOf('?') + 1).split('#')[0]! : '';
  const token = new URLSearchParams(hash).get(TOKEN_FRAGMENT_KEY) ?? new URLSearchParams(query).get(TOKEN_FRAGMENT_KEY) ?? trimmed;
  return /^[A-Za-z0-9_-]{32,256}$/.test(token) ? token : undefined;
}
