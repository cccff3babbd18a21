// Error mapping: real messages Podman 4.3 and Docker send, to the kind the UI shows.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { classify, EngineError, errorFromResponse, errorFromSocket, errorFromStreamMessage } from '../../src/errors.js';

const cases: [number | undefined, string, string][] = [
  [404, 'no container with name or ID "nope" found: no such container', 'not-found'],
  [404, 'No such container: nope', 'not-found'],
  [404, 'no container with name or ID "df364fa91f1ede4ce266a772dd84017b3383cbd7278a82c1c5395b40b5a53aaa" found: no such container', 'not-found'],
  [500, 'error creating container storage: the container name "web" is already in use by "0123abcd". You have to remove that container to be able to reuse that name.: that name is already in use', 'name-in-use'],
  [409, 'Conflict. The container name "/port-web" is already in use by container "0123". You have to remove (or rename) that container to be able to reuse that name.', 'name-in-use'],
  [500, 'cannot listen on the TCP port: listen tcp4 :18080: bind: address already in use', 'port-in-use'],
  [500, 'driver failed programming external connectivity on endpoint web: Bind for 0.0.0.0:8080 failed: port is already allocated', 'port-in-use'],
  [409, 'cannot remove container 0123 as it is running - running or paused containers cannot be removed without force: container state improper', 'container-running'],
  [409, 'container 0123 is not running: container state improper', 'container-not-running'],
  [409, 'image is in use by a container: consider listing external containers and force-removing image', 'image-in-use'],
  [500, 'initializing source docker://127.0.0.1:5000/nope:latest: reading manifest latest in 127.0.0.1:5000/nope: manifest unknown: manifest unknown', 'image-unknown'],
  [404, 'failed to find image nope: nope: image not known', 'image-unknown'],
  [400, 'invalid reference format', 'invalid-argument'],
  [400, 'invalid reference format: repository name must be lowercase', 'invalid-argument'],
  [409, 'volume data is being used by the following container(s): 0123: volume is being used', 'volume-in-use'],
  [404, 'no volume with name "x" found: no such volume', 'not-found'],
  [404, 'unable to find network with name or ID nope: network not found', 'not-found'],
  [401, 'unauthorized: authentication required', 'unauthorized'],
  [500, 'initializing source docker://127.0.0.1:5999/x:1: pinging container registry 127.0.0.1:5999: Get "https://127.0.0.1:5999/v2/": dial tcp 127.0.0.1:5999: connect: connection refused', 'registry-unreachable'],
  [500, 'initializing source docker://127.0.0.1:5000/x:1: pinging container registry 127.0.0.1:5000: Get "https://127.0.0.1:5000/v2/": http: server gave HTTP response to HTTPS client', 'registry-unreachable'],
  [500, 'something the engine never said before', 'engine'],
];

test('engine messages map to the kinds the UI explains', () => {
  for (const [status, message, kind] of cases) assert.equal(classify(status, message), kind, message);
});

test('an error response keeps the engine message, cause and status, and gets a hint', () => {
  const e = errorFromResponse('Start container web', 409, JSON.stringify({ cause: 'container state improper', message: 'container 0123 is not running: container state improper', response: 409 }), '/run/podman/podman.sock');
  assert.ok(e instanceof EngineError);
  assert.equal(e.kind, 'container-not-running');
  assert.equal(e.status, 409);
  assert.equal(e.engineCause, 'container state improper');
  assert.equal(e.message, 'Start container web failed: container 0123 is not running: container state improper');
  assert.ok(e.hint.length > 10);
  assert.deepEqual(Object.keys(e.toJSON()).sort(), ['engineCause', 'engineMessage', 'hint', 'kind', 'message', 'name', 'operation', 'socket', 'status']);
});

test('a body that is not JSON is kept as the message', () => {
  const e = errorFromResponse('List containers', 502, 'Bad gateway\n');
  assert.equal(e.engineMessage, 'Bad gateway');
  assert.equal(e.kind, 'engine');
});

test('socket errors say which socket and how to start the engine', () => {
  const e = errorFromSocket('Connect to the engine', Object.assign(new Error('connect ENOENT /x.sock'), { code: 'ENOENT' }), '/x.sock');
  assert.equal(e.kind, 'unreachable');
  assert.match(e.engineMessage!, /no socket at \/x\.sock/);
  assert.match(e.hint, /podman system service/);
  const denied = errorFromSocket('Connect to the engine', Object.assign(new Error('EACCES'), { code: 'EACCES' }), '/run/podman/podman.sock');
  assert.match(denied.engineMessage!, /permission denied/);
  const reset = errorFromSocket('Read logs', Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }), '/x.sock');
  assert.equal(reset.kind, 'stream-interrupted');
});

test('errors inside a 200 stream (pull, build) become typed errors', () => {
  assert.equal(errorFromStreamMessage('Pull image', 'reading manifest latest in 127.0.0.1:5000/nope: manifest unknown').kind, 'image-unknown');
  assert.equal(errorFromStreamMessage('Build image', 'some build step failed', 'build-failed').kind, 'build-failed');
});
