import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InvalidSocketAddressError, parseSocketAddress } from '../../src/transport/socket-address.js';

test('local named pipes and unix sockets parse', () => {
  assert.equal(parseSocketAddress('npipe:////./pipe/docker_engine').socketPath, '\\\\.\\pipe\\docker_engine');
  assert.equal(parseSocketAddress('\\\\.\\pipe\\podman-machine-default').uri, 'npipe:////./pipe/podman-machine-default');
  assert.equal(parseSocketAddress('unix:///run/podman/podman.sock').socketPath, '/run/podman/podman.sock');
  assert.equal(parseSocketAddress('/run/podman/podman.sock').uri, 'unix:///run/podman/podman.sock');
});

test('a pipe on another computer (SMB, which would send the NTLM hash) is refused in every spelling', () => {
  for (const a of ['npipe:////host/pipe/x', 'npipe://host/pipe/x', 'npipe:////192.0.2.7/pipe/docker_engine', '\\\\evil\\pipe\\x', '\\\\evil.example\\pipe\\docker_engine']) {
    assert.throws(
      () => parseSocketAddress(a),
      (e: unknown) => e instanceof InvalidSocketAddressError && /on another computer/.test(e.message),
      a,
    );
  }
});

test('relative paths, empty input and remote schemes are refused with the reason', () => {
  assert.throws(() => parseSocketAddress(''), /it is empty/);
  assert.throws(() => parseSocketAddress('unix://run/x.sock'), /must be absolute/);
  assert.throws(() => parseSocketAddress('tcp://1.2.3.4:2375'), /not supported yet/);
  assert.throws(() => parseSocketAddress('gopher://x'), /unknown scheme/);
});
