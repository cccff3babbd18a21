// Compose against a real Podman with the real providers (docker-compose 1.29 over the Docker API, podman-compose 1.0.3 over the podman CLI's remote mode).
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { connectEngine, type EngineClient } from '../../src/client.js';
import {
  chooseProvider,
  composeProjects,
  detectComposeProviders,
  downByApi,
  mergeLogs,
  planCompose,
  projectAction,
  projectResources,
  providerSpec,
  runCompose,
  type ComposeRunEvent,
} from '../../src/index.js';
import type { ComposeProviderId } from '../../src/models/compose.js';
import { DOCKER_TEST_IMAGE, startDocker, type DockerHarness } from '../harness/docker-harness.js';
import { freePort } from '../harness/free-port.js';
import { TEST_IMAGE, type PodmanHarness } from '../harness/podman-harness.js';
import { podmanSuite } from '../harness/podman-suite.js';

let h: PodmanHarness;
let libpod: EngineClient;
podmanSuite((s) => {
  h = s.h;
  libpod = s.libpod;
});

const composeFile = (port: number) => `version: "3.8"
services:
  db:
    image: ${TEST_IMAGE}
    command: ["sh", "-c", "trap 'exit 0' TERM; echo db ready; echo db-warning >&2; while true; do sleep 1; done"]
    volumes: [dbdata:/data]
    networks: [back]
  web:
    image: ${TEST_IMAGE}
    command: ["sh", "-c", "trap 'exit 0' TERM; for i in 1 2 3; do echo web $$i; done; while true; do sleep 1; done"]
    depends_on: [db]
    ports: ["${port}:8080"]
    networks: [back]
  debug:
    image: ${TEST_IMAGE}
    command: ["sh", "-c", "trap 'exit 0' TERM; while true; do sleep 1; done"]
    profiles: [tools]
    networks: [back]
volumes:
  dbdata: {}
networks:
  back: {}
`;

async function runAll(it: AsyncIterable<ComposeRunEvent>) {
  const lines: string[] = [];
  let result: Extract<ComposeRunEvent, { kind: 'result' }>['result'] | undefined;
  for await (const ev of it) {
    if (ev.kind === 'line') lines.push(ev.line);
    else if (ev.kind === 'result') result = ev.result;
  }
  assert.ok(result, 'the run reports how it ended');
  return { lines, result };
}

const cliNames = async (project: string) =>
  (await h.podman(['ps', '-a', '--filter', `label=com.docker.compose.project=${project}`, '--format', '{{.Names}} {{.Status}}'])).trim().split('\n').filter(Boolean).sort();

for (const id of ['docker-compose', 'podman-compose'] as ComposeProviderId[]) {
  describe(id, () => {
    const project = `berth-${id.replace(/-/g, '')}`;
    test(`${id}: found with its version; up, group actions, combined logs and down against the CLI`, async () => {
      const status = (await detectComposeProviders()).find((p) => p.id === id);
      assert.ok(status?.available, `${id} is installed (npm run setup installs it): ${status?.reason}`);
      assert.match(status.version ?? '', /^\d+\.\d+/);

      const dir = await h.scratch(`compose-${id}`, { 'compose.yaml': composeFile(await freePort()) });
      const plan = await planCompose({ files: [`${dir}/compose.yaml`], projectName: project });
      const up = await runAll(runCompose({ spec: providerSpec(id), engineUri: h.url, plan, op: { op: 'up' } }));
      assert.equal(up.result.ok, true, `up succeeded: ${up.result.message}\n${up.lines.join('\n')}`);
      assert.ok(up.lines.length > 0, 'the provider output was streamed');
      const names = await cliNames(project);
      assert.equal(names.length, 2, `db and web, not the debug profile: ${names.join(', ')}`);
      assert.ok(
        names.every((n) => / Up /.test(n)),
        names.join(', '),
      );

      const [p] = composeProjects((await libpod.containers.list()).filter((c) => c.composeProject === project));
      assert.ok(p);
      assert.deepEqual(
        p.services.map((s) => s.name),
        ['db', 'web'],
      );
      assert.equal(p.configFiles[0], plan.files[0]);

      const stopped = await projectAction(libpod, project, 'stop');
      assert.equal(stopped.failed.length, 0);
      assert.ok(
        (await cliNames(project)).every((n) => !/ Up /.test(n)),
        'stopped, as the CLI sees it',
      );
      await projectAction(libpod, project, 'start');
      assert.ok(
        (await cliNames(project)).every((n) => / Up /.test(n)),
        'started again',
      );

      // Combined logs: each member's lines, in its own order, the same as the CLI's per-container log.
      const containers = p.containers;
      const merged = mergeLogs(
        containers.map((c) => ({ name: c.name, batches: libpod.logs.lineBatches(c.id, { follow: false, timestamps: true }) })),
        { settleMs: Infinity },
      );
      const per = containers.map(() => [] as string[]);
      let last = -Infinity;
      let stderrLines = 0;
      for await (const ev of merged) {
        if (ev.kind !== 'lines') continue;
        for (let i = 0; i < ev.lines.length; i++) {
          assert.ok(ev.time[i]! >= last, 'time order');
          last = ev.time[i]!;
          // h.podman gives the CLI's stdout, which holds the containers' stdout: compare that stream, count the other.
          if (ev.stderr[i]) stderrLines++;
          else per[ev.member[i]!]!.push(ev.lines[i]!);
        }
      }
      for (let i = 0; i < containers.length; i++) {
        const cli = (await h.podman(['logs', containers[i]!.id])).split('\n').filter(Boolean).sort();
        assert.deepEqual([...per[i]!].sort(), cli, `${containers[i]!.name}: every line of its stdout`);
      }
      assert.equal(stderrLines, 2, 'db wrote one stderr line per start (two starts)');

      const down = await runAll(runCompose({ spec: providerSpec(id), engineUri: h.url, plan, op: { op: 'down', volumes: true } }));
      assert.equal(down.result.ok, true, `down succeeded: ${down.result.message}`);
      assert.deepEqual(await cliNames(project), []);
      // Whatever the provider left (podman-compose 1.0.3 leaves its network), down by label removes.
      await downByApi(libpod, project, { volumes: true });
      assert.equal((await h.podman(['volume', 'ls', '-q', '--filter', `label=com.docker.compose.project=${project}`])).trim(), '');
    });
  });
}

test('docker-compose: a missing image fails with the engine words and a non-zero code; down by label clears what was left', async () => {
  const project = 'berth-missing';
  const dir = await h.scratch('compose-missing', { 'compose.yaml': `services:\n  a:\n    image: localhost/nope:1\n    command: ["true"]\n` });
  const plan = await planCompose({ files: [`${dir}/compose.yaml`], projectName: project });
  const up = await runAll(runCompose({ spec: providerSpec('docker-compose'), engineUri: h.url, plan, op: { op: 'up' } }));
  assert.equal(up.result.ok, false);
  assert.notEqual(up.result.exitCode, 0);
  assert.match(up.result.message ?? '', /nope|image/i);
  await downByApi(libpod, project, { volumes: true });
  assert.deepEqual(await cliNames(project), []);
});

describe('docker-compose on a real Docker Engine', () => {
  let d: DockerHarness;
  let berth: EngineClient;
  before(async () => {
    d = await startDocker();
    berth = await connectEngine({ address: d.url });
    assert.equal(berth.caps.flavor, 'docker');
  });
  after(async () => {
    berth?.close();
    await d?.teardown();
  });
  const dockerNames = async (project: string) =>
    (await d.docker(['ps', '-a', '--filter', `label=com.docker.compose.project=${project}`, '--format', '{{.Names}} {{.State}}'])).trim().split('\n').filter(Boolean).sort();

  test('the provider for a Docker engine is a Docker-API one (never podman-compose); up, group stop, combined logs and down -v against the docker CLI', { timeout: 240_000 }, async () => {
    const found = await detectComposeProviders();
    assert.equal(chooseProvider(found, { preferred: 'podman-compose', engineKind: 'docker' })?.id, 'docker-compose', 'podman-compose cannot drive Docker');
    const project = 'berth-dockerd';
    // The private dockerd has no bridge: every service runs without a network, so compose makes none.
    const dir = await h.scratch('compose-dockerd', {
      'compose.yaml': `services:
  db:
    image: ${DOCKER_TEST_IMAGE}
    network_mode: none
    command: ["sh", "-c", "trap 'exit 0' TERM; echo db ready; while true; do sleep 1; done"]
    volumes: [dbdata:/data]
  web:
    image: ${DOCKER_TEST_IMAGE}
    network_mode: none
    depends_on: [db]
    command: ["sh", "-c", "trap 'exit 0' TERM; echo web 1; echo web 2; while true; do sleep 1; done"]
volumes:
  dbdata: {}
`,
    });
    const plan = await planCompose({ files: [`${dir}/compose.yaml`], projectName: project });
    const up = await runAll(runCompose({ spec: providerSpec('docker-compose'), engineUri: d.url, plan, op: { op: 'up' } }));
    assert.equal(up.result.ok, true, `up succeeded: ${up.result.message}\n${up.lines.join('\n')}`);
    assert.deepEqual(await dockerNames(project), [`${project}_db_1 running`, `${project}_web_1 running`]);

    const [p] = composeProjects((await berth.containers.list({ all: true })).filter((c) => c.composeProject === project));
    assert.deepEqual(
      p?.services.map((s) => s.name),
      ['db', 'web'],
    );
    assert.equal((await projectAction(berth, project, 'stop')).failed.length, 0);
    assert.deepEqual(await dockerNames(project), [`${project}_db_1 exited`, `${project}_web_1 exited`]);

    const lines: string[] = [];
    for await (const ev of mergeLogs(
      p!.containers.map((c) => ({ name: c.name, batches: berth.logs.lineBatches(c.id, { follow: false, timestamps: true }) })),
      { settleMs: Infinity },
    )) {
      if (ev.kind === 'lines') lines.push(...ev.lines);
    }
    assert.deepEqual([...lines].sort(), ['db ready', 'web 1', 'web 2']);
    assert.ok(lines.indexOf('web 1') < lines.indexOf('web 2'), 'each member in its order');

    const down = await runAll(runCompose({ spec: providerSpec('docker-compose'), engineUri: d.url, plan, op: { op: 'down', volumes: true } }));
    assert.equal(down.result.ok, true, `down succeeded: ${down.result.message}`);
    assert.deepEqual(await dockerNames(project), []);
    assert.equal((await d.docker(['volume', 'ls', '-q', '--filter', `label=com.docker.compose.project=${project}`])).trim(), '');
  });
});

test('docker-compose: a published port already in use fails with the engine words; what up left is known and taken down', async () => {
  const project = 'berth-portbusy';
  const blocker = createServer();
  await new Promise<void>((r) => blocker.listen(0, '0.0.0.0', r));
  const port = (blocker.address() as { port: number }).port;
  try {
    const dir = await h.scratch('compose-portbusy', { 'compose.yaml': `services:\n  web:\n    image: ${TEST_IMAGE}\n    command: ["sleep", "600"]\n    ports: ["${port}:8080"]\n` });
    const plan = await planCompose({ files: [`${dir}/compose.yaml`], projectName: project });
    const up = await runAll(runCompose({ spec: providerSpec('docker-compose'), engineUri: h.url, plan, op: { op: 'up' } }));
    assert.equal(up.result.ok, false, 'the port is taken');
    assert.notEqual(up.result.exitCode, 0);
    assert.match(up.result.message ?? '', /address already in use|port/i);
    const left = await projectResources(libpod, project);
    assert.deepEqual(left.containers, [`${project}_web_1`], 'the created, never started container is what is left');
    await downByApi(libpod, project, { volumes: true });
    assert.deepEqual(await cliNames(project), []);
  } finally {
    blocker.close();
  }
});

for (const id of ['docker-compose', 'podman-compose'] as ComposeProviderId[]) {
  test(`${id}: a service that cannot start fails the run with the runtime's words (podman-compose exits 0: its failed step counts)`, async () => {
    const project = `berth-nostart-${id.replace(/-/g, '')}`;
    const dir = await h.scratch(`compose-nostart-${id}`, {
      'compose.yaml': `services:\n  ok:\n    image: ${TEST_IMAGE}\n    command: ["sleep", "600"]\n  broken:\n    image: ${TEST_IMAGE}\n    command: ["/no/such/program"]\n`,
    });
    const plan = await planCompose({ files: [`${dir}/compose.yaml`], projectName: project });
    const up = await runAll(runCompose({ spec: providerSpec(id), engineUri: h.url, plan, op: { op: 'up' } }));
    assert.equal(up.result.ok, false, up.lines.join('\n'));
    assert.notEqual(up.result.exitCode, 0);
    assert.match(up.result.message ?? '', /no such file|not found|no such program/i);
    await downByApi(libpod, project, { volumes: true });
    assert.deepEqual(await cliNames(project), []);
  });
}
