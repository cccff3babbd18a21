import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TOKEN_PROTOCOL_PREFIX } from '../contract/serve-transport.js';
import { checkPlace, checkRequest, hostsFor, newToken, tokenProblem, type RequestFacts } from '../serve/access-guard.js';

const token = newToken();
const cfg = { token, allowedHosts: hostsFor('127.0.0.1', 4321) };
const base: RequestFacts = { host: '127.0.0.1:4321', origin: undefined, fetchSite: undefined, authorization: undefined, protocols: undefined };
const status = (v: ReturnType<typeof checkRequest>) => (v.ok ? 200 : v.status);

test('tokens are long, random and subprotocol-safe; a weak BERTH_SERVE_TOKEN is refused with how to make one', () => {
  assert.ok(token.length >= 43);
  assert.notEqual(newToken(), token);
  assert.equal(tokenProblem(token), undefined);
  assert.match(tokenProblem('sixteen-chars-xx')!, /at least 32 characters.*openssl rand/);
  assert.match(tokenProblem('a'.repeat(31) + ' ')!, /only letters, digits/);
  assert.match(tokenProblem('a'.repeat(40) + ';x')!, /only letters, digits/);
});

test('no token, a wrong token → 401', () => {
  assert.equal(status(checkRequest(cfg, base)), 401);
  assert.equal(status(checkRequest(cfg, { ...base, authorization: `Bearer ${token}x` })), 401);
  assert.equal(status(checkRequest(cfg, { ...base, protocols: `berth.bridge.v1, ${TOKEN_PROTOCOL_PREFIX}${token.slice(1)}` })), 401);
  // Two token protocols (one right, one wrong) are refused, not tried in turn.
  assert.equal(status(checkRequest(cfg, { ...base, protocols: `${TOKEN_PROTOCOL_PREFIX}x, ${TOKEN_PROTOCOL_PREFIX}${token}` })), 401);
});

test('the right token as a bearer header or a subprotocol; never a cookie', () => {
  assert.deepEqual(checkRequest(cfg, { ...base, authorization: `Bearer ${token}` }), { ok: true, via: 'header' });
  assert.deepEqual(checkRequest(cfg, { ...base, protocols: `berth.bridge.v1, ${TOKEN_PROTOCOL_PREFIX}${token}` }), { ok: true, via: 'protocol' });
  assert.equal(status(checkRequest(cfg, { ...base, ...({ cookie: `berth_session=${token}` } as object) })), 401);
});

test('a foreign Host is refused even with the token (DNS rebinding)', () => {
  for (const host of ['evil.example:4321', '127.0.0.1:9999', '', 'localhost.evil:4321']) {
    assert.equal(status(checkRequest(cfg, { ...base, host, authorization: `Bearer ${token}` })), 403, host);
  }
  assert.equal(checkRequest(cfg, { ...base, host: 'localhost:4321', authorization: `Bearer ${token}` }).ok, true);
});

test('a foreign or opaque Origin is refused even with the token', () => {
  for (const origin of ['http://evil.example', 'null', 'http://127.0.0.1:4322', 'file://', 'not a url']) {
    assert.equal(status(checkRequest(cfg, { ...base, origin, authorization: `Bearer ${token}` })), 403, origin);
  }
  assert.equal(checkRequest(cfg, { ...base, origin: 'http://127.0.0.1:4321', authorization: `Bearer ${token}` }).ok, true);
});

test('Sec-Fetch-Site: a page on another port (same-site) or another site cannot reach the API; static files stay public', () => {
  for (const fetchSite of ['same-site', 'cross-site', 'bogus']) {
    assert.equal(status(checkRequest(cfg, { ...base, fetchSite, authorization: `Bearer ${token}` })), 403, fetchSite);
    assert.equal(checkPlace(cfg, { ...base, fetchSite }, { api: false }).ok, true, `static, ${fetchSite}`);
  }
  for (const fetchSite of ['same-origin', 'none']) assert.equal(checkRequest(cfg, { ...base, fetchSite, authorization: `Bearer ${token}` }).ok, true, fetchSite);
});
