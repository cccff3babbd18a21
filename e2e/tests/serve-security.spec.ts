/**
 * serve's access model in a real Chromium: the token leaves the address bar
 * at once, no cookie exists, and a page on another port of this host (a
 * container's published web app, say) gets nothing: its requests to the API,
 * the bridge and the log route fail, and when the browser visits it, it
 * receives no Berth credential. Without the link, the page says what to do.
 */
import { expect, test } from '@playwright/test';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { e2eInfo } from '../support/info.js';
import { openApp } from '../support/ui.js';

/** Another web server on this host, as a container's published port would be: records what browsers send it. */
async function neighbour(berthOrigin: string): Promise<{ origin: string; seen: http.IncomingHttpHeaders[]; results(): Promise<string[]>; close(): Promise<void> }> {
  const seen: http.IncomingHttpHeaders[] = [];
  let report: (r: string[]) => void = () => undefined;
  const reported = new Promise<string[]>((r) => (report = r));
  const page = `<!doctype html><title>neighbour</title><script>
    const berth = ${JSON.stringify(berthOrigin)};
    const out = [];
    const tryFetch = (p, init) => fetch(berth + p, init).then((r) => 'status ' + r.status, (e) => 'failed');
    (async () => {
      out.push('session ' + await tryFetch('/api/session', { credentials: 'include' }));
      out.push('session-no-cors ' + await tryFetch('/api/session', { credentials: 'include', mode: 'no-cors' }));
      out.push('logs ' + await tryFetch('/api/logs?ticket=x', { credentials: 'include' }));
      out.push('bridge ' + await new Promise((resolve) => {
        const ws = new WebSocket(berth.replace(/^http/, 'ws') + '/bridge', ['berth.bridge.v1']);
        ws.onopen = () => resolve('open');
        ws.onerror = () => resolve('refused');
      }));
      out.push('storage ' + (localStorage.getItem('berth.serve.token') ?? 'none'));
      await fetch('/report', { method: 'POST', body: JSON.stringify(out) });
    })();
  </script>`;
  const server = http.createServer((req, res) => {
    seen.push(req.headers);
    if (req.url === '/report') {
      let body = '';
      req.on('data', (d: Buffer) => (body += d.toString()));
      req.on('end', () => {
        report(JSON.parse(body) as string[]);
        res.end('ok');
      });
      return;
    }
    res.writeHead(200, { 'Content-Type': 'text/html' });
    res.end(page);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    results: () => reported,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

test.describe('serve in the browser', () => {
  test('the token leaves the address bar, no cookie is set, and the token is stored for this origin only', async ({ page, context }) => {
    await openApp(page);
    expect(page.url()).not.toContain(e2eInfo().token);
    expect(page.url()).not.toContain('token');
    expect(await context.cookies()).toEqual([]);
    expect(await page.evaluate(() => localStorage.getItem('berth.serve.token'))).toBe(e2eInfo().token);
    // A reload keeps working from storage.
    await page.reload();
    await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
  });

  test('a page on another port of this host gets no credential and cannot reach the API, the bridge or the logs', async ({ page }) => {
    const { origin } = e2eInfo();
    await openApp(page); // the person has Berth open in this browser
    const other = await neighbour(origin);
    try {
      const tab = await page.context().newPage();
      await tab.goto(other.origin);
      const results = await other.results();
      // CORS hides the API's answers; in no-cors mode the server's 403 carries CORP same-origin, so even the opaque response is withheld.
      expect(results).toEqual(['session failed', 'session-no-cors failed', 'logs failed', 'bridge refused', 'storage none']);
      // What the browser sent the neighbour: no Berth token in any header, no cookie at all.
      for (const headers of other.seen) {
        expect(headers.cookie).toBeUndefined();
        expect(JSON.stringify(headers)).not.toContain(e2eInfo().token);
      }
      await tab.close();
    } finally {
      await other.close();
    }
  });

  test('without the link the page says what to do, and pasting the printed link opens the app', async ({ browser }) => {
    const { origin, url } = e2eInfo();
    const fresh = await browser.newContext();
    const page = await fresh.newPage();
    try {
      await page.goto(`${origin}/`);
      await expect(page.getByRole('heading', { name: 'Open Berth with its link' })).toBeVisible();
      await expect(page.getByText('This page needs the link that `npm run serve` printed')).toBeVisible();
      await page.getByLabel(/Paste the link/).fill('not a link');
      await page.getByRole('button', { name: 'Open' }).click();
      await expect(page.getByRole('alert')).toContainText('That is not a Berth link or token');
      await page.getByLabel(/Paste the link/).fill('A'.repeat(43));
      await page.getByRole('button', { name: 'Open' }).click();
      await expect(page.getByRole('alert')).toContainText('does not accept that token');
      await page.getByLabel(/Paste the link/).fill(url);
      await page.getByRole('button', { name: 'Open' }).click();
      await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
      expect(page.url()).not.toContain('token');
    } finally {
      await fresh.close();
    }
  });
});
