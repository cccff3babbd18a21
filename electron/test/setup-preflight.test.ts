// The preflight of `npm test` and `npm run bench` (electron/scripts/setup.mjs --check test),
// run for real with a PATH that hides this machine's programs: one message, what is missing,
// and the one command that installs it; and it passes on a machine that has everything.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { test } from 'node:test';

const script = path.resolve(import.meta.dirname, '..', 'scripts', 'setup.mjs');

test('with the programs hidden, the preflight fails with what is missing and the install command', () => {
  // An empty PATH (plus sbin, which the script always searches) hides podman, chromium, curl, …
  const res = spawnSync(process.execPath, [script, '--check', 'test'], { env: { PATH: '/nonexistent' }, encoding: 'utf8', timeout: 30_000 });
  assert.equal(res.status, 1, res.stdout + res.stderr);
  assert.match(res.stderr, /^berth: this machine cannot run the tests yet\./);
  assert.match(res.stderr, /missing: podman \(podman\)/);
  assert.match(res.stderr, /chromium \(chromium\)/);
  if (process.getuid?.() === 0) assert.match(res.stderr, /install: apt-get update && apt-get install -y --no-install-recommends podman .*chromium.* {3}\(or: npm run setup\)/);
});

test('on this machine (set up by npm run setup) the preflight passes silently', () => {
  const res = spawnSync(process.execPath, [script, '--check', 'test'], { env: process.env, encoding: 'utf8', timeout: 60_000 });
  assert.equal(res.status, 0, res.stderr);
  assert.equal(res.stderr, '');
});

test('a wrong flag is a usage error', () => {
  const res = spawnSync(process.execPath, [script, '--bogus'], { encoding: 'utf8' });
  assert.equal(res.status, 2);
  assert.match(res.stderr, /usage: setup\.mjs/);
});
