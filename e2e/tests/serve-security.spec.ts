/** serve's access guard, from the outside: token, Origin, Host, and the bridge WebSocket. */
import { expect, test } from '@playwright/test';
import http from 'node:http';
import WebSocket from 'ws';
import { e2eInfo } from '../support/info.js';

function get(path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  const { origin } = e2eInfo();
  return new Promise((resolve, reject) => {
    const req = http.get(new URL(path, origin), { headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
  });
}

/** Opens a WebSocket to /bridge; resolves 'open' or the HTTP status of the refusal. */
function tryBridge(headers: Record<string, string>): Promise<'open' | number> {
  const { origin } = e2eInfo();
  return new Promise((resolve) => {
    const ws = new WebSocket(`${origin.replace(/^http/, 'ws')}/bridge`, { headers });
    ws.on('open', () => {
      ws.close();
      resolve('open');
    });
    ws.on('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      res.resume();
    });
    ws.on('error', () => resolve(-1));
  });
}

test.describe('serve refuses strangers', () => {
  test('the token is traded for an HttpOnly cookie; the app loads with it', async ({ request }) => {
    const { url } = e2eInfo();
    const res = await request.get(url, { maxRedirects: 0 });
    expect(res.status()).toBe(303);
    expect(res.headers()['location']).not.toContain('token');
    expect(res.headers()['set-cookie']).toMatch(/HttpOnly/i);
    expect(res.headers()['set-cookie']).toMatch(/SameSite=Strict/i);
    // The request context keeps the cookie: the page now loads.
    const page = await request.get(`${e2eInfo().origin}/`, { maxRedirects: 0 });
    expect(page.status()).toBe(200);
    expect(page.headers()['content-security-policy']).toBeTruthy();
  });

  test('requests without the token, with a wrong token, a foreign Origin or a foreign Host are refused', async ({ playwright }) => {
    const { origin, token } = e2eInfo();
    const anon = await playwright.request.newContext({ baseURL: origin });
    try {
      expect((await anon.get('/', { maxRedirects: 0 })).status()).toBe(401);
      expect((await anon.get('/index.html', { maxRedirects: 0 })).status()).toBe(401);
      expect((await anon.get('/api/logs/anything', { maxRedirects: 0 })).status()).toBe(401);
      expect((await anon.get('/?token=wrong-token', { maxRedirects: 0 })).status()).toBe(401);
      // The right token from a foreign page (CSRF / a malicious site) is refused too.
      expect((await anon.get(`/?token=${token}`, { headers: { Origin: 'http://evil.example' }, maxRedirects: 0 })).status()).toBe(403);
    } finally {
      await anon.dispose();
    }
    // A cookie from an earlier visit does not help a foreign Origin or a rebinding Host either.
    const cookie = `berth_session=${token}`;
    expect((await get('/', { Cookie: cookie })).status).toBe(200);
    expect((await get('/', { Cookie: cookie, Origin: 'http://evil.example' })).status).toBe(403);
    expect((await get('/', { Cookie: cookie, Host: `evil.example:${new URL(origin).port}` })).status).toBe(403);
  });

  test('a WebSocket to /bridge needs the cookie and our own Origin', async () => {
    const { origin, token } = e2eInfo();
    const cookie = `berth_session=${token}`;
    expect(await tryBridge({})).toBe(401);
    expect(await tryBridge({ Origin: origin })).toBe(401);
    expect(await tryBridge({ Cookie: 'berth_session=wrong', Origin: origin })).toBe(401);
    expect(await tryBridge({ Cookie: cookie, Origin: 'http://evil.example' })).toBe(403);
    // And the control: with the cookie and our Origin it opens.
    expect(await tryBridge({ Cookie: cookie, Origin: origin })).toBe('open');
  });
});
