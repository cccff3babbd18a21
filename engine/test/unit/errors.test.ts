// Error mapping: real messages Podman 4.3 and Docker 20.10 send, to the kind the UI shows.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { KIND_TEXT, type EngineErrorKind } from '../../src/error-kinds.js';
import { classify, EngineError, errorFromResponse, errorFromSocket, errorFromStreamMessage, MESSAGE_RULES, toEngineError } from '../../src/errors.js';
import { FrameError, FrameParser } from '../../src/streams/demux.js';

/**
 * Captured from the real engines on this machine (Podman 4.3.1 from Debian,
 * isolated by engine/test/harness/podman-harness.ts; Debian's dockerd 20.10,
 * private, by docker-harness.ts) with
 *   node --import tsx engine/test/harness/capture-engine-errors.ts
 * which provokes each failure with a raw API request and prints the engine's
 * message verbatim. Status `undefined`: the error came inside a 200 stream.
 * [engine, what was provoked, HTTP status, message, expected kind]
 */
const CAPTURED: [string, string, number | undefined, string, EngineErrorKind][] = [
  ['podman-4.3', 'no such container', 404, 'no container with name or ID "nope" found: no such container', 'not-found'],
  ['podman-4.3', 'no such image (inspect)', 404, 'failed to find image nope: nope: image not known', 'image-unknown'],
  ['podman-4.3', 'no such image (remove)', 404, 'nope: image not known', 'image-unknown'],
  ['podman-4.3', 'no such image (create container)', 500, 'localhost/nope:latest: image not known', 'image-unknown'],
  [
    'podman-4.3',
    'name already in use',
    500,
    'creating container storage: the container name "dup" is already in use by 581c6820df381a5ee62dc3e390e93bbad965973e0035ff05931392ecb9a121e2. You have to remove that container to be able to reuse that name: that name is already in use',
    'name-in-use',
  ],
  ['podman-4.3', 'container not running (exec)', 500, 'can only create exec sessions on running containers: container state improper', 'container-not-running'],
  ['podman-4.3', 'container not running (pause)', 500, '"created" is not running, can\'t pause: container state improper', 'container-not-running'],
  [
    'podman-4.3',
    'container is running (remove)',
    500,
    'cannot remove container 581c6820df381a5ee62dc3e390e93bbad965973e0035ff05931392ecb9a121e2 as it is running - running or paused containers cannot be removed without force: container state improper',
    'container-running',
  ],
  [
    'podman-4.3',
    'image in use by a container',
    409,
    'image used by 581c6820df381a5ee62dc3e390e93bbad965973e0035ff05931392ecb9a121e2: image is in use by a container: consider listing external containers and force-removing image',
    'image-in-use',
  ],
  ['podman-4.3', 'pod not found (inspect)', 404, 'no pod with name or ID nope found: no such pod', 'not-found'],
  ['podman-4.3', 'pod not found (remove)', 404, 'no pod with name or ID nope found: no such pod', 'not-found'],
  [
    'podman-4.3',
    'volume in use',
    409,
    'volume capvol is being used by the following container(s): b5b7d98886884284756d905ff96196ef8d23b74a50832d27cd4cbcbe64f44a73: volume is being used',
    'volume-in-use',
  ],
  ['podman-4.3', 'no such volume', 404, 'no volume with name "nope" found: no such volume', 'not-found'],
  ['podman-4.3', 'volume name in use', 500, 'volume with name capvol already exists: volume already exists', 'name-in-use'],
  ['podman-4.3', 'network in use', 500, '"capnet" has associated containers with it. Use -f to forcibly delete containers and pods: network is being used', 'network-in-use'],
  ['podman-4.3', 'no such network', 404, 'unable to find network with name or ID nope: network not found', 'not-found'],
  ['podman-4.3', 'secret name in use', 500, 'a: secret name in use', 'name-in-use'],
  ['podman-4.3', 'no such secret', 404, 'no secret with name or id "nope": no such secret', 'not-found'],
  ['podman-4.3', 'network name in use', 409, 'network name capnet already used: network already exists', 'name-in-use'],
  ['podman-4.3', 'invalid reference format (create container)', 500, 'invalid reference format', 'invalid-argument'],
  ['podman-4.3', 'invalid reference format (pull)', undefined, 'invalid reference format', 'invalid-argument'],
  ['podman-4.3', 'invalid reference format (tag)', 500, 'normalizing name "UPPER:x": normalizing name "UPPER:x": repository name must be lowercase', 'invalid-argument'],
  ['podman-4.3', 'port held by a process (start)', 500, 'cannot listen on the TCP port: listen tcp4 127.0.0.1:46725: bind: address already in use', 'port-in-use'],
  ['podman-4.3', 'port held by a container (start)', 500, 'cannot listen on the TCP port: listen tcp4 127.0.0.1:34091: bind: address already in use', 'port-in-use'],
  ['podman-4.3', 'compat: no such container', 404, 'no container with name or ID "nope" found: no such container', 'not-found'],
  [
    'podman-4.3',
    'compat: container is running (remove)',
    500,
    'cannot remove container 581c6820df381a5ee62dc3e390e93bbad965973e0035ff05931392ecb9a121e2 as it is running - running or paused containers cannot be removed without force: container state improper',
    'container-running',
  ],
  [
    'podman-4.3',
    'compat: image in use',
    409,
    'image localhost/berth-test:latest is in use: image used by a0ee8affb6d94a07695b6981d8624e441315f41b0c9c15cd3ebeeada3530fe80: image is in use by a container: consider listing external containers and force-removing image',
    'image-in-use',
  ],
  ['docker-20.10', 'no such container', 404, 'No such container: nope', 'not-found'],
  ['docker-20.10', 'no such image (inspect)', 404, 'no such image: nope: No such image: nope:latest', 'image-unknown'],
  ['docker-20.10', 'no such image (remove)', 404, 'No such image: nope:latest', 'image-unknown'],
  ['docker-20.10', 'no such image (create container)', 404, 'No such image: nope:latest', 'image-unknown'],
  [
    'docker-20.10',
    'name already in use',
    409,
    'Conflict. The container name "/dup" is already in use by container "b5b4517ff35c16bf0297cb84eb7506e52d03323719f5639cd5f3977c879e0421". You have to remove (or rename) that container to be able to reuse that name.',
    'name-in-use',
  ],
  ['docker-20.10', 'container not running (exec)', 409, 'Container b5b4517ff35c16bf0297cb84eb7506e52d03323719f5639cd5f3977c879e0421 is not running', 'container-not-running'],
  ['docker-20.10', 'container not running (pause)', 409, 'Container b5b4517ff35c16bf0297cb84eb7506e52d03323719f5639cd5f3977c879e0421 is not running', 'container-not-running'],
  [
    'docker-20.10',
    'image in use by a stopped container',
    409,
    'conflict: unable to remove repository reference "berth-test:latest" (must force) - container b5b4517ff35c is using its referenced image cc8448f846f8',
    'image-in-use',
  ],
  [
    'docker-20.10',
    'container is running (remove)',
    409,
    'You cannot remove a running container b5b4517ff35c16bf0297cb84eb7506e52d03323719f5639cd5f3977c879e0421. Stop the container before attempting removal or force remove',
    'container-running',
  ],
  [
    'docker-20.10',
    'image in use by a running container (force)',
    409,
    'conflict: unable to delete cc8448f846f8 (cannot be forced) - image is being used by running container b5b4517ff35c',
    'image-in-use',
  ],
  ['docker-20.10', 'volume in use', 409, 'remove capvol: volume is in use - [6d54ed7385c773e3e307084bedc07af522b4e5966b17581ee4a67e4a9b30f440]', 'volume-in-use'],
  ['docker-20.10', 'no such volume', 404, 'get nope: no such volume', 'not-found'],
  ['docker-20.10', 'no such network', 404, 'network nope not found', 'not-found'],
  ['docker-20.10', 'invalid reference format (create container)', 400, 'invalid reference format: repository name must be lowercase', 'invalid-argument'],
  ['docker-20.10', 'invalid reference format (pull)', 400, 'invalid reference format: repository name must be lowercase', 'invalid-argument'],
  ['docker-20.10', 'invalid reference format (tag)', 500, 'invalid reference format: repository name must be lowercase', 'invalid-argument'],
  ['docker-20.10', 'network name in use', 409, 'network with name capnet already exists', 'name-in-use'],
  ['docker-20.10', 'network in use', 403, 'error while removing network: network capnet id 503a271fd715becafa86428f948e10bd2e9686dfd23c927200dfc1c740d3934e has active endpoints', 'network-in-use'],
  [
    'docker-20.10',
    'port held by a container (start)',
    500,
    'driver failed programming external connectivity on endpoint p2 (49eea554d428fe77f8b815b78bad17f73f286f90ac272c35d6e33298d0a58093): Bind for 127.0.0.1:43387 failed: port is already allocated',
    'port-in-use',
  ],
  [
    'docker-20.10',
    'port held by a process (start)',
    500,
    'driver failed programming external connectivity on endpoint p3 (2332620553d51ac9fc8e64fef1fde7711fe437f2a98b92ac84f5132c50001421): Error starting userland proxy: listen tcp4 127.0.0.1:43309: bind: address already in use',
    'port-in-use',
  ],
];

/**
 * Node's own errors for the same socket failures, captured by the same script:
 * connecting as uid 65534 to the harness socket (EACCES), after the service
 * stopped (ENOENT), to a socket whose listener was SIGKILLed (ECONNREFUSED).
 */
const SOCKET_CAPTURED: [code: string, message: string, kind: EngineErrorKind, says: RegExp][] = [
  ['EACCES', 'connect EACCES /tmp/berth-t-H2TW5z/podman.sock', 'unreachable', /permission denied on \/tmp\/berth-t-H2TW5z\/podman\.sock/],
  ['EACCES', 'connect EACCES /tmp/berth-k-2JQRhN/docker.sock', 'unreachable', /permission denied/],
  ['ENOENT', 'connect ENOENT /tmp/berth-t-H2TW5z/podman.sock', 'unreachable', /no socket at/],
  ['ECONNREFUSED', 'connect ECONNREFUSED /tmp/berth-t-H2TW5z/dead.sock', 'unreachable', /nothing is listening/],
  ['ECONNRESET', 'socket hang up', 'stream-interrupted', /closed the connection/],
  ['EPIPE', 'write EPIPE', 'stream-interrupted', /closed the connection/],
];

/** Messages from elsewhere (registry pulls, older captures) that must keep their kinds. */
const OTHER: [number | undefined, string, EngineErrorKind][] = [
  [409, 'Conflict. The container name "/port-web" is already in use by container "0123". You have to remove (or rename) that container to be able to reuse that name.', 'name-in-use'],
  [500, 'initializing source docker://127.0.0.1:5000/nope:latest: reading manifest latest in 127.0.0.1:5000/nope: manifest unknown: manifest unknown', 'image-unknown'],
  [401, 'unauthorized: authentication required', 'unauthorized'],
  [
    500,
    'initializing source docker://127.0.0.1:5999/x:1: pinging container registry 127.0.0.1:5999: Get "https://127.0.0.1:5999/v2/": dial tcp 127.0.0.1:5999: connect: connection refused',
    'registry-unreachable',
  ],
  [
    500,
    'initializing source docker://127.0.0.1:5000/x:1: pinging container registry 127.0.0.1:5000: Get "https://127.0.0.1:5000/v2/": http: server gave HTTP response to HTTPS client',
    'registry-unreachable',
  ],
  [500, 'something the engine never said before', 'engine'],
  [409, 'something the engine never said before', 'conflict'],
];

test('real Podman 4.3 and Docker 20.10 messages map to the kinds the UI explains', () => {
  for (const [engine, what, status, message, kind] of CAPTURED) assert.equal(classify(status, message), kind, `${engine}, ${what}: ${message}`);
  for (const [status, message, kind] of OTHER) assert.equal(classify(status, message), kind, message);
});

test('the kind comes from the message, not the status: the same words in a stream (no status) classify the same', () => {
  for (const [engine, what, , message, kind] of CAPTURED) assert.equal(classify(undefined, message), kind, `${engine}, ${what}`);
});

test('the classification is a table: every row is used by a captured message or a known one', () => {
  const all = [...CAPTURED.map((c) => c[3]), ...OTHER.map((c) => c[1])].map((m) => m.toLowerCase());
  for (const row of MESSAGE_RULES)
    assert.ok(
      all.some((m) => row.match.test(m)),
      `rule for ${row.kind} (${row.match}) matches no known message`,
    );
});

test('every kind has a summary and a next step', () => {
  for (const [kind, text] of Object.entries(KIND_TEXT)) {
    assert.ok(text.summary.length > 5 && text.hint.length > 10, kind);
    const e = new EngineError({ kind: kind as EngineErrorKind, operation: 'Remove container web' });
    assert.equal(e.message, `Remove container web failed: ${text.summary}`);
    assert.equal(e.hint, text.hint);
  }
});

test('an error response keeps the engine message, cause and status, and gets a hint', () => {
  const e = errorFromResponse(
    'Start container web',
    409,
    JSON.stringify({ cause: 'container state improper', message: 'container 0123 is not running: container state improper', response: 409 }),
    '/run/podman/podman.sock',
  );
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
  const odd = errorFromSocket('Connect to the engine', Object.assign(new Error('connect EHOSTDOWN'), { code: 'EHOSTDOWN' }), '/x.sock');
  assert.equal(odd.kind, 'unreachable', 'an unexpected code on connect is still an unreachable engine');
});

test('any failure becomes an EngineError: real socket errors, aborts, timeouts, framing, anything thrown', () => {
  for (const [code, message, kind, says] of SOCKET_CAPTURED) {
    const e = toEngineError(Object.assign(new Error(message), { code }), 'Connect to the engine', message.split(' ').pop());
    assert.equal(e.kind, kind, code);
    assert.match(e.engineMessage ?? '', says, code);
    assert.ok(e.hint.length > 10);
  }
  const same = new EngineError({ kind: 'not-found', operation: 'x' });
  assert.equal(toEngineError(same), same);
  const ac = new AbortController();
  ac.abort();
  assert.equal(toEngineError(ac.signal.reason, 'Pull image').kind, 'aborted');
  assert.equal(toEngineError(AbortSignal.timeout(0).reason ?? new DOMException('t', 'TimeoutError')).kind, 'timeout');
  assert.equal(toEngineError(new DOMException('The operation timed out.', 'TimeoutError')).kind, 'timeout');
  const unknown = toEngineError(new Error('boom'), 'List pods');
  assert.equal(unknown.kind, 'engine');
  assert.equal(unknown.message, 'List pods failed: boom');
  assert.equal(toEngineError('text').engineMessage, 'text');
  assert.equal(toEngineError(undefined).kind, 'engine');
});

test("a bad frame header reaches the user as an interrupted stream that reconnects, not as the parser's words", () => {
  let thrown: unknown;
  try {
    new FrameParser().push(Buffer.from([7, 0, 0, 0, 0, 0, 0, 1, 0x41]), () => undefined);
  } catch (e) {
    thrown = e;
  }
  assert.ok(thrown instanceof FrameError);
  const e = toEngineError(thrown, 'Read the logs of container web');
  assert.equal(e.kind, 'stream-interrupted');
  assert.match(e.message, /^Read the logs of container web failed: the stream was interrupted/);
  assert.match(e.hint, /reconnects/);
  assert.doesNotMatch(`${e.message} ${e.engineMessage} ${e.hint}`, /stream type byte|multiplexed/);
});

test('errors inside a 200 stream (pull, build) become typed errors', () => {
  assert.equal(errorFromStreamMessage('Pull image', 'reading manifest latest in 127.0.0.1:5000/nope: manifest unknown').kind, 'image-unknown');
  assert.equal(errorFromStreamMessage('Build image', 'some build step failed', 'build-failed').kind, 'build-failed');
});
