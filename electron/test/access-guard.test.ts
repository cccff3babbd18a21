import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkRequest, hostsFor, newToken, parseCookies, SESSION_COOKIE } from '../serve/access-guard.js';

const token = newToken();
const cfg = { token, allowedHosts: hostsFor('127.0.0.1', 4321) };
const base = { host: '127.0.0.1:4321', origin: undefined, cookie: undefined, authorization: undefined, url: '/' };

test('tokens are long and random', () => {
  assert.ok(token.length >= 32);
  assert.notEqual(newToken(), token);
});

test('no token, wrong token → 401', () => {
  assert.deepEqual(checkRequest(cfg, base).ok, false);
  assert.equal((checkRequest(cfg, base) as { status: number }).status, 401);
  assert.equal((checkRequest(cfg, { ...base, url: '/?token=nope' }) as { status: number }).status, 401);
  assert.equal((checkRequest(cfg, { ...base, cookie: `${SESSION_COOKIE}=${token}x` }) as { status: number }).status, 401);
});

test('the right token via query, cookie or bearer header', () => {
  assert.deepEqual(checkRequest(cfg, { ...base, url: `/?token=${token}` }), { ok: true, via: 'query' });
  assert.deepEqual(checkRequest(cfg, { ...base, cookie: `a=b; ${SESSION_COOKIE}=${token}` }), { ok: true, via: 'cookie' });
  assert.deepEqual(checkRequest(cfg, { ...base, authorization: `Bearer ${token}` }), { ok: true, via: 'header' });
});

test('a foreign Host is refused even with the token (DNS rebinding)', () => {
  for (const host of ['evil.example:4321', '127.0.0.1.evil.example:4321', '127.0.0.1:4322', undefined]) {
    const v = checkRequest(cfg, { ...base, host, url: `/?token=${token}` });
    assert.equal(v.ok, false, `host ${host}`);
    assert.equal((v as { status: number }).status, 403);
  }
  assert.equal(checkRequest(cfg, { ...base, host: 'localhost:4321', url: `/?token=${token}` }).ok, true);
});

test('a foreign or opaque Origin is refused even with the token', () => {
  for (const origin of ['http://evil.example', 'http://127.0.0.1:4322', 'http://127.0.0.1.evil.example:4321', 'null', 'file://', 'chrome-extension://abc']) {
    const v = checkRequest(cfg, { ...base, origin, cookie: `${SESSION_COOKIE}=${token}` });
    assert.equal(v.ok, false, `origin ${origin}`);
    assert.equal((v as { status: number }).status, 403);
  }
  assert.equal(checkRequest(cfg, { ...base, origin: 'http://127.0.0.1:4321', cookie: `${SESSION_COOKIE}=${token}` }).ok, true);
});

test('cookies parse', () => {
  assert.equal(parseCookies('a=1; b=2').get('b'), '2');
  assert.equal(parseCookies(undefined).size, 0);
});
