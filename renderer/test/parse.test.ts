// The create-container form's text fields. splitCommand is checked against a
// real POSIX shell (dash): for inputs with nothing to expand, its words must be
// the shell's words.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import { parseEnv, parseVolumes, splitCommand } from '../src/views/containers/parse.js';

/** The words /bin/sh makes of `text` (its own quoting rules; the inputs below have no $, globs or operators). */
function shellWords(text: string): string[] {
  const out = execFileSync('/bin/sh', ['-c', `printf '%s\\0' ${text}`], { encoding: 'utf8' });
  return out.split('\0').slice(0, -1);
}

const SAMPLES = [
  'sh -c "echo hello world"',
  'sh -c \'echo "quoted" inside\'',
  'a\\ b c',
  '"a\\b" "a\\"b" "a\\\\b" "a\\$b"',
  "'a\\b' 'it'\\''s'",
  'one\\\ntwo "three\\\nfour"',
  '  spaced   out\twith\ttabs  ',
  '""  \'\' x',
  'mix"ed"\'quo\'tes',
];

for (const text of SAMPLES) {
  test(`splitCommand splits like sh: ${JSON.stringify(text)}`, () => {
    const r = splitCommand(text);
    assert.deepEqual(r.errors, []);
    assert.deepEqual(r.value, shellWords(text));
  });
}

test('splitCommand says which quote is not closed', () => {
  assert.deepEqual(splitCommand('echo "hi').errors, ['A double quote is not closed']);
  assert.deepEqual(splitCommand("echo 'hi").errors, ['A single quote is not closed']);
  assert.deepEqual(splitCommand('').value, []);
});

test('parseEnv: KEY=VALUE per line, values keep their = and spaces, comments and blanks skipped', () => {
  const r = parseEnv('A=1\n# comment\n\nURL=http://x/?a=b\nSPACED= two words \nBAD\n=nokey');
  assert.deepEqual(r.value, { A: '1', URL: 'http://x/?a=b', SPACED: ' two words' });
  assert.deepEqual(r.errors, ['Line 6: "BAD" has no "=" (write KEY=VALUE)', 'Line 7: the variable name is missing before "="']);
});

test('parseVolumes: host paths are binds, names are volumes, :ro is read-only; bad lines say what to write', () => {
  const r = parseVolumes('/srv/data:/data\ncache:/var/cache:ro\n/etc/app:/etc/app:rw,Z\n./rel:/x\ndata\nvol:relative');
  assert.deepEqual(r.value, [
    { source: '/srv/data', target: '/data', type: 'bind' },
    { source: 'cache', target: '/var/cache', type: 'volume', readOnly: true },
    { source: '/etc/app', target: '/etc/app', type: 'bind' },
  ]);
  assert.deepEqual(r.errors, [
    'Line 4: use an absolute host path starting with "/" ("./rel")',
    'Line 5: write source:/path/in/container[:ro] ("data")',
    'Line 6: the container path must start with "/" ("relative")',
  ]);
});
