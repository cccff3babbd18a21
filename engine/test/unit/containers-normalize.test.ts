// normalizeContainer() and the create-spec mappers on list entries captured
// from a real Podman 4.3.1 service: its libpod API and its Docker-compatible API.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { encodeFilters, entrypointOf, humanDuration, normalizeContainer, toDockerSpec, toLibpodSpec, validateCreateSpec } from '../../src/api/containers.js';
import { EngineError } from '../../src/errors.js';

// GET /v4.0.0/libpod/containers/json?all=true (Podman 4.3.1), verbatim entries.
const [LIBPOD_INFRA, LIBPOD_IN_POD, LIBPOD_WEB, LIBPOD_EXITED, LIBPOD_CREATED] = [
  '{"AutoRemove":false,"Command":null,"Created":"2026-11-28T04:26:45.874845194Z","CreatedAt":"","Exited":false,"ExitedAt":-62135596800,"ExitCode":0,"Id":"7f09a02373db576aaaa6aba0b6598b242a9d08bfb65194b966c455d5f69f33bb","Image":"localhost/podman-pause:4.3.1-0","ImageID":"b6cd8e9e2d145bd8ee7f4c5d138d0e58dfffc01511192f4cc3c57326e9cd102d","IsInfra":true,"Labels":{"io.buildah.version":"1.28.2"},"Mounts":[],"Names":["91b97f9132c9-infra"],"Namespaces":{},"Networks":["podman"],"Pid":10244,"Pod":"91b97f9132c9e4f0786683390d8b41593527f0ce99292711f256d05298622586","PodName":"p1","Ports":[{"host_ip":"","container_port":80,"host_port":18081,"range":1,"protocol":"tcp"}],"Size":null,"StartedAt":1795840006,"State":"running","Status":""}',
  '{"AutoRemove":false,"Command":["sleep","1000"],"Created":"2026-11-28T04:26:46.028124428Z","CreatedAt":"","Exited":false,"ExitedAt":-62135596800,"ExitCode":0,"Id":"29bab23a46ae015c3d386614c7ea04d125e34dbb0df9c99243a8a8c9211789ec","Image":"localhost/berth-test:latest","ImageID":"788d6d9f35cb65f1bf00af8bb8a8ab1a1b2824d8453cbc22e321222c47f5d012","IsInfra":false,"Labels":{"io.buildah.version":"1.28.2","io.podman.compose.project":"proj"},"Mounts":[],"Names":["inpod"],"Namespaces":{},"Networks":[],"Pid":10274,"Pod":"91b97f9132c9e4f0786683390d8b41593527f0ce99292711f256d05298622586","PodName":"p1","Ports":[{"host_ip":"","container_port":80,"host_port":18081,"range":1,"protocol":"tcp"}],"Size":null,"StartedAt":1795840006,"State":"running","Status":""}',
  '{"AutoRemove":false,"Command":["sleep","1000"],"Created":"2026-11-28T04:26:46.362581965Z","CreatedAt":"","Exited":false,"ExitedAt":-62135596800,"ExitCode":0,"Id":"dc849b4998dfafa4e7d58ed03f29f3b936d9628a2a879372593fed5dfdbed368","Image":"localhost/berth-test:latest","ImageID":"788d6d9f35cb65f1bf00af8bb8a8ab1a1b2824d8453cbc22e321222c47f5d012","IsInfra":false,"Labels":{"com.docker.compose.project":"dproj","io.buildah.version":"1.28.2"},"Mounts":[],"Names":["web"],"Namespaces":{},"Networks":["podman"],"Pid":10349,"Pod":"","PodName":"","Ports":[{"host_ip":"127.0.0.1","container_port":80,"host_port":18080,"range":1,"protocol":"tcp"},{"host_ip":"","container_port":90,"host_port":18090,"range":2,"protocol":"udp"}],"Size":null,"StartedAt":1795840006,"State":"running","Status":""}',
  '{"AutoRemove":false,"Command":["sh","-c","exit 3"],"Created":"2026-11-28T04:26:46.753515764Z","CreatedAt":"","Exited":true,"ExitedAt":1795840007,"ExitCode":3,"Id":"6e4440bfbeef57c700742c9c2a69280780ce83282bd40ec68cac7881178d5b38","Image":"localhost/berth-test:latest","ImageID":"788d6d9f35cb65f1bf00af8bb8a8ab1a1b2824d8453cbc22e321222c47f5d012","IsInfra":false,"Labels":{"io.buildah.version":"1.28.2"},"Mounts":[],"Names":["done"],"Namespaces":{},"Networks":["podman"],"Pid":0,"Pod":"","PodName":"","Ports":null,"Size":null,"StartedAt":1795840007,"State":"exited","Status":""}',
  '{"AutoRemove":false,"Command":["/bin/sh"],"Created":"2026-11-28T04:26:47.530813139Z","CreatedAt":"","Exited":false,"ExitedAt":-62135596800,"ExitCode":0,"Id":"1af8c763b33e420997ddcee7b26c2d825d94eda9110fb641547cfa4df38f47a1","Image":"localhost/berth-test:latest","ImageID":"788d6d9f35cb65f1bf00af8bb8a8ab1a1b2824d8453cbc22e321222c47f5d012","IsInfra":false,"Labels":{"io.buildah.version":"1.28.2"},"Mounts":[],"Names":["created"],"Namespaces":{},"Networks":["podman"],"Pid":0,"Pod":"","PodName":"","Ports":null,"Size":null,"StartedAt":-62135596800,"State":"created","Status":""}',
].map((entry) => JSON.parse(entry));

// GET /v1.41/containers/json?all=true from the same service (NetworkSettings trimmed).
const [COMPAT_WEB, COMPAT_EXITED] = [
  '{"Id":"dc849b4998dfafa4e7d58ed03f29f3b936d9628a2a879372593fed5dfdbed368","Names":["/web"],"Image":"localhost/berth-test:latest","ImageID":"sha256:788d6d9f35cb65f1bf00af8bb8a8ab1a1b2824d8453cbc22e321222c47f5d012","Command":"sleep 1000","Created":1795840006,"Ports":[{"IP":"127.0.0.1","PrivatePort":80,"PublicPort":18080,"Type":"tcp"},{"PrivatePort":90,"PublicPort":18090,"Type":"udp"}],"Labels":{"com.docker.compose.project":"dproj","io.buildah.version":"1.28.2"},"State":"running","Status":"Up Less than a second","NetworkSettings":{"Networks":{}},"Mounts":[],"Name":"","Config":null,"NetworkingConfig":null,"Platform":null,"AdjustCPUShares":false}',
  '{"Id":"6e4440bfbeef57c700742c9c2a69280780ce83282bd40ec68cac7881178d5b38","Names":["/done"],"Image":"localhost/berth-test:latest","ImageID":"sha256:788d6d9f35cb65f1bf00af8bb8a8ab1a1b2824d8453cbc22e321222c47f5d012","Command":"sh -c exit 3","Created":1795840006,"Ports":[],"Labels":{"io.buildah.version":"1.28.2"},"State":"exited","Status":"Exited (3) Less than a second ago","NetworkSettings":{"Networks":{}},"Mounts":[],"Name":"","Config":null,"NetworkingConfig":null,"Platform":null,"AdjustCPUShares":false}',
].map((entry) => JSON.parse(entry));
// Docker Engine 24 shape (docs example): wildcard bindings listed for 0.0.0.0 and ::, plus an exposed-only port.
const DOCKER_ENGINE = {
  Id: '8dfafdbc3a40',
  Names: ['/boring_feynman'],
  Image: 'nginx:latest',
  ImageID: 'sha256:d74508fb6632491cea586a1fd7d748dfc5274cd6fdfedee309ecdcbc2bf5cb82',
  Command: "/docker-entrypoint.sh nginx -g 'daemon off;'",
  Created: 1367854155,
  State: 'running',
  Status: 'Up 2 hours',
  Ports: [
    { IP: '0.0.0.0', PrivatePort: 80, PublicPort: 8080, Type: 'tcp' },
    { IP: '::', PrivatePort: 80, PublicPort: 8080, Type: 'tcp' },
    { PrivatePort: 443, Type: 'tcp' },
  ],
  Labels: {},
};

const NOW = 1795840010_000;

describe('normalizeContainer (libpod 4.3 list)', () => {
  test('running container outside a pod: ports expanded, compose label, computed status', () => {
    const c = normalizeContainer(LIBPOD_WEB, NOW);
    assert.equal(c.id, LIBPOD_WEB.Id);
    assert.equal(c.name, 'web');
    assert.deepEqual(c.names, ['web']);
    assert.equal(c.image, 'localhost/berth-test:latest');
    assert.equal(c.imageId, '788d6d9f35cb65f1bf00af8bb8a8ab1a1b2824d8453cbc22e321222c47f5d012');
    assert.equal(c.command, 'sleep 1000');
    assert.equal(c.state, 'running');
    assert.equal(c.status, 'Up 4 seconds');
    assert.equal(c.created, Date.parse('2026-11-28T04:26:46.362Z'));
    assert.equal(c.startedAt, 1795840006_000);
    assert.equal(c.exitedAt, undefined);
    assert.equal(c.exitCode, undefined);
    assert.deepEqual(c.ports, [
      { hostIp: '127.0.0.1', hostPort: 18080, containerPort: 80, protocol: 'tcp' },
      { hostIp: '0.0.0.0', hostPort: 18090, containerPort: 90, protocol: 'udp' },
      { hostIp: '0.0.0.0', hostPort: 18091, containerPort: 91, protocol: 'udp' },
    ]);
    assert.equal(c.pod, undefined);
    assert.equal(c.composeProject, 'dproj');
    assert.equal(c.isInfra, false);
  });

  test('pod member and infra container', () => {
    const member = normalizeContainer(LIBPOD_IN_POD, NOW);
    assert.deepEqual(member.pod, { id: LIBPOD_IN_POD.Pod, name: 'p1' });
    assert.equal(member.composeProject, 'proj');
    assert.equal(member.isInfra, false);
    const infra = normalizeContainer(LIBPOD_INFRA, NOW);
    assert.equal(infra.isInfra, true);
    assert.equal(infra.command, '');
    assert.deepEqual(infra.pod, { id: LIBPOD_INFRA.Pod, name: 'p1' });
    assert.equal(infra.name, '91b97f9132c9-infra');
  });

  test('exited container has exit code, exit time and Docker-like status', () => {
    const c = normalizeContainer(LIBPOD_EXITED, NOW);
    assert.equal(c.state, 'exited');
    assert.equal(c.exitCode, 3);
    assert.equal(c.exitedAt, 1795840007_000);
    assert.equal(c.status, 'Exited (3) 3 seconds ago');
    assert.deepEqual(c.ports, []);
  });

  test('created container: Go zero times become undefined', () => {
    const c = normalizeContainer(LIBPOD_CREATED, NOW);
    assert.equal(c.state, 'created');
    assert.equal(c.status, 'Created');
    assert.equal(c.startedAt, undefined);
    assert.equal(c.exitedAt, undefined);
    assert.equal(c.exitCode, undefined);
  });
});

describe('normalizeContainer (Docker-compatible list)', () => {
  test('Podman compat entry: leading slash removed, sha256 stripped, engine status kept', () => {
    const c = normalizeContainer(COMPAT_WEB, NOW);
    const l = normalizeContainer(LIBPOD_WEB, NOW);
    assert.equal(c.name, 'web');
    assert.deepEqual(c.names, ['web']);
    assert.equal(c.imageId, l.imageId);
    assert.equal(c.command, 'sleep 1000');
    assert.equal(c.created, 1795840006_000);
    assert.equal(c.status, 'Up Less than a second');
    assert.equal(c.composeProject, 'dproj');
    assert.equal(c.pod, undefined);
    assert.equal(c.isInfra, false);
    assert.deepEqual(c.ports, [
      { hostIp: '127.0.0.1', hostPort: 18080, containerPort: 80, protocol: 'tcp' },
      { hostIp: '0.0.0.0', hostPort: 18090, containerPort: 90, protocol: 'udp' },
    ]);
  });

  test('exit code parsed from the status text', () => {
    const c = normalizeContainer(COMPAT_EXITED, NOW);
    assert.equal(c.exitCode, 3);
    assert.equal(c.state, 'exited');
  });

  test('Docker engine: wildcard binding once, exposed-only ports left out', () => {
    const c = normalizeContainer(DOCKER_ENGINE, NOW);
    assert.deepEqual(c.ports, [{ hostIp: '0.0.0.0', hostPort: 8080, containerPort: 80, protocol: 'tcp' }]);
    assert.equal(c.name, 'boring_feynman');
  });

  test('unknown state strings become "unknown", upper case is lowered', () => {
    assert.equal(normalizeContainer({ ...COMPAT_WEB, State: 'Running' }, NOW).state, 'running');
    assert.equal(normalizeContainer({ ...COMPAT_WEB, State: 'weird' }, NOW).state, 'unknown');
  });
});

test('humanDuration follows Docker wording', () => {
  assert.equal(humanDuration(500), 'Less than a second');
  assert.equal(humanDuration(1000), '1 second');
  assert.equal(humanDuration(59_000), '59 seconds');
  assert.equal(humanDuration(61_000), 'About a minute');
  assert.equal(humanDuration(5 * 60_000), '5 minutes');
  assert.equal(humanDuration(3600_000), 'About an hour');
  assert.equal(humanDuration(3 * 86400_000), '3 days');
});

test('encodeFilters builds the JSON filters value', () => {
  assert.equal(encodeFilters(undefined), undefined);
  assert.equal(encodeFilters({}), undefined);
  assert.deepEqual(JSON.parse(encodeFilters({ status: 'running', label: { a: 'b', 'x.y': '$(z)' }, name: ['n1', 'n2'], pod: 'p' })!), {
    status: ['running'],
    label: ['a=b', 'x.y=$(z)'],
    name: ['n1', 'n2'],
    pod: ['p'],
  });
  assert.deepEqual(JSON.parse(encodeFilters({ label: 'k', ancestor: 'img', id: 'abc' })!), { label: ['k'], id: ['abc'], ancestor: ['img'] });
});

test('entrypointOf: Podman 4.3 string, Podman 5 / Docker array, missing', () => {
  assert.deepEqual(entrypointOf({ Config: { Entrypoint: '/bin/env' } }), ['/bin/env']);
  assert.deepEqual(entrypointOf({ Config: { Entrypoint: '/bin/sh -c' } }), ['/bin/sh', '-c']);
  assert.deepEqual(entrypointOf({ Config: { Entrypoint: '' } }), []);
  assert.deepEqual(entrypointOf({ Config: { Entrypoint: ['/bin/sh', '-c', 'a b'] } }), ['/bin/sh', '-c', 'a b']);
  assert.deepEqual(entrypointOf({ Config: { Entrypoint: null } }), []);
  assert.deepEqual(entrypointOf({}), []);
});

describe('create spec', () => {
  const spec = {
    image: 'localhost/x:1',
    name: 'web',
    command: ['sleep', '1'],
    entrypoint: ['/bin/env'],
    env: { A: '1' },
    ports: [
      { hostPort: 8080, containerPort: 80 },
      { hostIp: '127.0.0.1', hostPort: 5353, containerPort: 53, protocol: 'udp' as const },
    ],
    mounts: [
      { type: 'bind' as const, source: '/srv', target: '/b', readOnly: true },
      { type: 'volume' as const, source: 'data', target: '/n' },
      { type: 'volume' as const, target: '/anon' },
    ],
    restartPolicy: 'on-failure' as const,
    restartRetries: 3,
    labels: { l: 'v' },
    tty: true,
    stdin: true,
    workdir: '/tmp',
    user: '1000:1000',
    memoryLimit: 64 * 1024 * 1024,
  };

  test('libpod SpecGenerator', () => {
    assert.deepEqual(toLibpodSpec(spec), {
      image: 'localhost/x:1',
      name: 'web',
      command: ['sleep', '1'],
      entrypoint: ['/bin/env'],
      env: { A: '1' },
      labels: { l: 'v' },
      portmappings: [
        { host_ip: '', host_port: 8080, container_port: 80, protocol: 'tcp' },
        { host_ip: '127.0.0.1', host_port: 5353, container_port: 53, protocol: 'udp' },
      ],
      mounts: [{ type: 'bind', source: '/srv', destination: '/b', options: ['rbind', 'ro'] }],
      volumes: [
        { Name: 'data', Dest: '/n', Options: [] },
        { Name: '', Dest: '/anon', Options: [] },
      ],
      restart_policy: 'on-failure',
      restart_tries: 3,
      terminal: true,
      stdin: true,
      work_dir: '/tmp',
      create_working_dir: true,
      user: '1000:1000',
      resource_limits: { memory: { limit: 67108864 } },
    });
  });

  test('Docker create body', () => {
    assert.deepEqual(toDockerSpec(spec), {
      Image: 'localhost/x:1',
      Cmd: ['sleep', '1'],
      Entrypoint: ['/bin/env'],
      Env: ['A=1'],
      Labels: { l: 'v' },
      Tty: true,
      OpenStdin: true,
      WorkingDir: '/tmp',
      User: '1000:1000',
      ExposedPorts: { '80/tcp': {}, '53/udp': {} },
      Volumes: { '/anon': {} },
      HostConfig: {
        PortBindings: { '80/tcp': [{ HostIp: '', HostPort: '8080' }], '53/udp': [{ HostIp: '127.0.0.1', HostPort: '5353' }] },
        Binds: ['/srv:/b:ro', 'data:/n'],
        RestartPolicy: { Name: 'on-failure', MaximumRetryCount: 3 },
        Memory: 67108864,
      },
    });
  });

  test('validation refuses bad input with invalid-argument', () => {
    const bad = (extra: object) => () => validateCreateSpec({ image: 'x', ...extra });
    const isInvalid = (e: unknown) => e instanceof EngineError && e.kind === 'invalid-argument';
    assert.throws(bad({ image: '' }), isInvalid);
    assert.throws(bad({ ports: [{ containerPort: 0 }] }), isInvalid);
    assert.throws(bad({ ports: [{ containerPort: 80, hostPort: 70000 }] }), isInvalid);
    assert.throws(bad({ ports: [{ containerPort: 80.5 }] }), isInvalid);
    assert.throws(bad({ env: { '': 'x' } }), isInvalid);
    assert.throws(bad({ env: { 'A=B': 'x' } }), isInvalid);
    assert.throws(bad({ name: '$(touch /tmp/x)' }), isInvalid);
    assert.throws(bad({ name: 'caf\u00e9' }), isInvalid);
    assert.throws(bad({ mounts: [{ type: 'bind', source: 'relative', target: '/x' }] }), isInvalid);
    assert.throws(bad({ mounts: [{ type: 'bind', source: '/x', target: 'rel' }] }), isInvalid);
    assert.throws(bad({ restartRetries: 2 }), isInvalid);
    assert.throws(bad({ memoryLimit: -1 }), isInvalid);
    validateCreateSpec({ image: 'x', name: 'ok-name_1.2', ports: [{ containerPort: 80 }], env: { A: '$(touch /tmp/x); rm -rf /' } });
  });
});
