// The discovery order (DESIGN.md) as a pure function of platform, env, uid,
// explicit connection and `podman machine inspect` output.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { discoveryCandidates, parseMachineInspect, type Candidate } from '../../src/discovery/candidates.js';

const uris = (list: Candidate[]) => list.map((c) => c.address?.uri ?? `UNSUPPORTED(${c.input})`);
const sources = (list: Candidate[]) => list.map((c) => c.source);

test('Linux rootless user, nothing set: rootless, rootful, docker', () => {
  const list = discoveryCandidates({ platform: 'linux', env: { XDG_RUNTIME_DIR: '/run/user/1000' }, uid: 1000 });
  assert.deepEqual(uris(list), ['unix:///run/user/1000/podman/podman.sock', 'unix:///run/podman/podman.sock', 'unix:///var/run/docker.sock']);
  assert.deepEqual(sources(list), ['rootless', 'rootful', 'docker']);
  assert.deepEqual(
    list.map((c) => c.expect),
    ['podman', 'podman', 'docker'],
  );
});

test('Linux, full order: explicit, CONTAINER_HOST, DOCKER_HOST, rootless, rootful, docker', () => {
  const list = discoveryCandidates({
    platform: 'linux',
    env: { XDG_RUNTIME_DIR: '/run/user/1000/', CONTAINER_HOST: 'unix:///tmp/ch.sock', DOCKER_HOST: 'unix:///tmp/dh.sock' },
    uid: 1000,
    explicit: '/srv/my.sock',
  });
  assert.deepEqual(sources(list), ['explicit', 'env', 'env', 'rootless', 'rootful', 'docker']);
  assert.deepEqual(uris(list), [
    'unix:///srv/my.sock',
    'unix:///tmp/ch.sock',
    'unix:///tmp/dh.sock',
    'unix:///run/user/1000/podman/podman.sock',
    'unix:///run/podman/podman.sock',
    'unix:///var/run/docker.sock',
  ]);
  assert.deepEqual(
    list.slice(0, 3).map((c) => c.origin),
    ['settings or command line', 'CONTAINER_HOST', 'DOCKER_HOST'],
  );
});

test('several explicit connections keep their order; blank ones are ignored', () => {
  const list = discoveryCandidates({ platform: 'linux', env: {}, uid: 0, explicit: ['unix:///a.sock', '  ', '/b.sock'] });
  assert.deepEqual(uris(list).slice(0, 2), ['unix:///a.sock', 'unix:///b.sock']);
});

test('without XDG_RUNTIME_DIR a non-root user gets /run/user/<uid>; root gets no rootless candidate', () => {
  assert.equal(discoveryCandidates({ platform: 'linux', env: {}, uid: 1234 })[0]!.address?.socketPath, '/run/user/1234/podman/podman.sock');
  const root = discoveryCandidates({ platform: 'linux', env: {}, uid: 0 });
  assert.deepEqual(sources(root), ['rootful', 'docker']);
  // A relative XDG_RUNTIME_DIR is not trusted.
  assert.equal(discoveryCandidates({ platform: 'linux', env: { XDG_RUNTIME_DIR: 'run' }, uid: 1000 })[0]!.address?.socketPath, '/run/user/1000/podman/podman.sock');
});

test('the same socket is tried once, under its first (highest) source', () => {
  const list = discoveryCandidates({
    platform: 'linux',
    env: { XDG_RUNTIME_DIR: '/run/user/1000', CONTAINER_HOST: 'unix:///run/user/1000/podman/podman.sock', DOCKER_HOST: '/var/run/docker.sock' },
    uid: 1000,
  });
  assert.deepEqual(sources(list), ['env', 'env', 'rootful']);
  assert.deepEqual(uris(list), ['unix:///run/user/1000/podman/podman.sock', 'unix:///var/run/docker.sock', 'unix:///run/podman/podman.sock']);
});

test('tcp:// and ssh:// values are reported as unsupported, not thrown, and the rest still follows', () => {
  const list = discoveryCandidates({
    platform: 'linux',
    env: { CONTAINER_HOST: 'ssh://core@localhost:2222/run/user/1000/podman/podman.sock', DOCKER_HOST: 'tcp://127.0.0.1:2375' },
    uid: 0,
    explicit: 'http://example:1234',
  });
  assert.deepEqual(uris(list), [
    'UNSUPPORTED(http://example:1234)',
    'UNSUPPORTED(ssh://core@localhost:2222/run/user/1000/podman/podman.sock)',
    'UNSUPPORTED(tcp://127.0.0.1:2375)',
    'unix:///run/podman/podman.sock',
    'unix:///var/run/docker.sock',
  ]);
  for (const c of list.slice(0, 3)) assert.match(c.unsupported!, /remote TCP and SSH connections are not supported/);
  const junk = discoveryCandidates({ platform: 'linux', env: { CONTAINER_HOST: 'podman.sock' }, uid: 0 });
  assert.match(junk[0]!.unsupported!, /unknown scheme/);
});

// Shaped as `podman machine inspect` prints it (an array; PodmanPipe is null on macOS, set on Windows).
const macInspect = JSON.stringify([
  {
    ConfigPath: { Path: '/Users/ann/.config/containers/podman/machine/applehv/podman-machine-default.json' },
    ConnectionInfo: { PodmanSocket: { Path: '/var/folders/xy/T/podman/podman-machine-default-api.sock' }, PodmanPipe: null },
    Name: 'podman-machine-default',
    Rootful: false,
    State: 'running',
  },
]);
const winInspect = JSON.stringify([
  {
    ConnectionInfo: { PodmanSocket: { Path: 'C:\\Users\\ann\\.local\\share\\containers\\podman\\machine\\podman.sock' }, PodmanPipe: { Path: '\\\\.\\pipe\\podman-dev' } },
    Name: 'dev',
    State: 'stopped',
  },
  { ConnectionInfo: { PodmanSocket: null, PodmanPipe: { Path: '\\\\.\\pipe\\podman-machine-default' } }, Name: 'podman-machine-default', State: 'running' },
]);

test('macOS: machine socket from podman machine inspect, then Docker sockets; no Linux paths', () => {
  const list = discoveryCandidates({ platform: 'darwin', env: { HOME: '/Users/ann' }, uid: 501, machineInspect: macInspect });
  assert.deepEqual(uris(list), ['unix:///var/folders/xy/T/podman/podman-machine-default-api.sock', 'unix:///var/run/docker.sock', 'unix:///Users/ann/.docker/run/docker.sock']);
  assert.deepEqual(sources(list), ['machine', 'docker', 'docker']);
  assert.deepEqual(list[0]!.machine, { name: 'podman-machine-default', state: 'running', rootful: false });
  assert.equal(list[0]!.origin, 'podman machine podman-machine-default');
});

test('macOS without podman machine inspect output: the default machine socket locations (Podman 5, then 4)', () => {
  const list = discoveryCandidates({ platform: 'darwin', env: { HOME: '/Users/ann', TMPDIR: '/var/folders/xy/T/' }, uid: 501 });
  assert.deepEqual(uris(list).slice(0, 2), [
    'unix:///var/folders/xy/T/podman/podman-machine-default-api.sock',
    'unix:///Users/ann/.local/share/containers/podman/machine/podman-machine-default/podman.sock',
  ]);
  // inspect ran and found nothing: no guessing.
  assert.deepEqual(sources(discoveryCandidates({ platform: 'darwin', env: { HOME: '/Users/ann' }, machineInspect: '[]' })), ['docker', 'docker']);
});

test('Windows: running machine pipe first, default podman pipe, then the Docker pipe', () => {
  const list = discoveryCandidates({ platform: 'win32', env: {}, machineInspect: winInspect });
  assert.deepEqual(uris(list), ['npipe:////./pipe/podman-machine-default', 'npipe:////./pipe/podman-dev', 'npipe:////./pipe/docker_engine']);
  assert.equal(list[0]!.address?.socketPath, '\\\\.\\pipe\\podman-machine-default');
  assert.equal(list[0]!.origin, 'podman machine podman-machine-default', 'the default pipe is not listed twice');
  assert.deepEqual(sources(list), ['machine', 'machine', 'docker']);
});

test('Windows defaults with nothing known: npipe:////./pipe/podman-machine-default then //./pipe/docker_engine', () => {
  const list = discoveryCandidates({ platform: 'win32', env: {} });
  assert.deepEqual(
    list.map((c) => c.address?.socketPath),
    ['\\\\.\\pipe\\podman-machine-default', '\\\\.\\pipe\\docker_engine'],
  );
  assert.deepEqual(uris(list), ['npipe:////./pipe/podman-machine-default', 'npipe:////./pipe/docker_engine']);
});

test('Windows: DOCKER_HOST as npipe://, bare //./pipe/name and \\\\.\\pipe\\name all parse as pipes', () => {
  const list = discoveryCandidates({
    platform: 'win32',
    env: { CONTAINER_HOST: '//./pipe/podman-x', DOCKER_HOST: 'npipe:////./pipe/docker_engine' },
    explicit: '\\\\.\\pipe\\mine',
  });
  assert.deepEqual(uris(list), ['npipe:////./pipe/mine', 'npipe:////./pipe/podman-x', 'npipe:////./pipe/docker_engine', 'npipe:////./pipe/podman-machine-default']);
  assert.deepEqual(sources(list), ['explicit', 'env', 'env', 'machine']);
});

test('parseMachineInspect tolerates junk and both PodmanPipe shapes', () => {
  assert.deepEqual(parseMachineInspect(undefined), []);
  assert.deepEqual(parseMachineInspect('Error: podman-machine-default: VM does not exist'), []);
  assert.deepEqual(parseMachineInspect(JSON.stringify([{ Name: 'm', ConnectionInfo: { PodmanPipe: '\\\\.\\pipe\\m' } }])), [
    { name: 'm', state: undefined, rootful: undefined, socketPath: undefined, pipePath: '\\\\.\\pipe\\m' },
  ]);
  const parsed = parseMachineInspect(winInspect);
  assert.equal(parsed.length, 2);
  assert.equal(parsed[0]!.pipePath, '\\\\.\\pipe\\podman-dev');
});
