// Compose: projects from labels, the checks before a provider runs, and each provider's argv.
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { composeProjects, configFilesOf } from '../../src/compose/projects.js';
import { planCompose, readEnvFile } from '../../src/compose/compose-file.js';
import { composeArgv, failureMessage } from '../../src/compose/runner.js';
import { chooseProvider, providerEnv, providerSpec } from '../../src/compose/providers.js';
import { EngineError } from '../../src/errors.js';

const dc = (project: string, service: string, n = 1, extra: Record<string, string> = {}) => ({
  'com.docker.compose.project': project,
  'com.docker.compose.service': service,
  'com.docker.compose.container-number': String(n),
  'com.docker.compose.project.working_dir': '/srv/app',
  'com.docker.compose.project.config_files': 'docker-compose.yml',
  ...extra,
});

test('projects group by engine and name; services sorted, replicas by number; podman-compose is recognised', () => {
  const rows = [
    { id: '1', name: 'app_web_2', state: 'running', engine: 'e1', labels: dc('app', 'web', 2) },
    { id: '2', name: 'app_web_1', state: 'exited', engine: 'e1', labels: dc('app', 'web', 1) },
    { id: '3', name: 'app_db_1', state: 'running', engine: 'e1', labels: dc('app', 'db') },
    { id: '4', name: 'app_db_1', state: 'running', engine: 'e2', labels: dc('app', 'db', 1, { 'io.podman.compose.project': 'app' }) },
    { id: '5', name: 'lonely', state: 'running', engine: 'e1', labels: {} },
  ];
  const ps = composeProjects(rows);
  assert.equal(ps.length, 2);
  const [p1, p2] = ps;
  assert.equal(p1!.engine, 'e1');
  assert.deepEqual(
    p1!.services.map((s) => [s.name, s.containers.map((c) => c.name)]),
    [
      ['db', ['app_db_1']],
      ['web', ['app_web_1', 'app_web_2']],
    ],
  );
  assert.deepEqual(p1!.states, { running: 2, exited: 1 });
  assert.deepEqual(p1!.configFiles, ['/srv/app/docker-compose.yml']);
  assert.equal(p1!.madeBy, 'docker-compose');
  assert.equal(p2!.madeBy, 'podman-compose');
});

test('config files: v2 writes absolute, comma-separated paths; v1 and podman-compose relative ones', () => {
  assert.deepEqual(configFilesOf({ 'com.docker.compose.project.config_files': '/a/x.yml,/a/y.yml' }), ['/a/x.yml', '/a/y.yml']);
  assert.deepEqual(configFilesOf({ 'com.docker.compose.project.config_files': './x.yml', 'com.docker.compose.project.working_dir': '/a/' }), ['/a/x.yml']);
  assert.deepEqual(configFilesOf({ 'com.docker.compose.project.config_files': 'x.yml', 'com.docker.compose.project.working_dir': 'C:\\p' }), ['C:\\p\\x.yml']);
});

let dir = '';
before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'berth-compose-unit-'));
  await mkdir(path.join(dir, 'proj'));
  await writeFile(path.join(dir, 'proj', 'compose.yaml'), 'services:\n  db:\n    image: x\n  web:\n    image: x\n    depends_on: [db]\n  debug:\n    image: x\n    profiles: [tools]\n');
  await writeFile(path.join(dir, 'proj', 'bad.yaml'), 'services:\n  a:\n    image: x\n   b: [\n');
  await writeFile(path.join(dir, 'proj', 'dep.yaml'), 'services:\n  a:\n    image: x\n    depends_on:\n      ghost:\n        condition: service_started\n');
  await writeFile(path.join(dir, 'proj', '.env'), '# c\nA=1\nexport B="two words"\nC=3 # note\n');
  await writeFile(path.join(dir, 'outside.env'), 'X=1\n');
  await symlink(path.join(dir, 'outside.env'), path.join(dir, 'proj', 'sneaky.env'));
});
after(() => rm(dir, { recursive: true, force: true }));

async function refused(p: Promise<unknown>, re: RegExp) {
  await assert.rejects(p, (e: unknown) => e instanceof EngineError && e.kind === 'invalid-argument' && re.test(e.engineMessage ?? ''));
}

test('a plan: project folder, default name, services, profiles and what up starts', async () => {
  const plan = await planCompose({ files: [path.join(dir, 'proj', 'compose.yaml')] });
  assert.equal(plan.projectName, 'proj');
  assert.deepEqual(plan.active, ['db', 'web']);
  const withTools = await planCompose({ files: [path.join(dir, 'proj', 'compose.yaml')], profiles: ['tools'], projectName: 'p1', envFile: path.join(dir, 'proj', '.env') });
  assert.deepEqual(withTools.active, ['db', 'web', 'debug']);
  assert.deepEqual(await readEnvFile(withTools.envFile!), { A: '1', B: 'two words', C: '3' });
});

test('the checks refuse what would go wrong, with the reason', async () => {
  const f = (n: string) => path.join(dir, 'proj', n);
  await refused(planCompose({ files: [f('bad.yaml')] }), /not valid YAML.*line \d+, column \d+/);
  await refused(planCompose({ files: [f('dep.yaml')] }), /depends on service "ghost"/);
  await refused(planCompose({ files: [f('compose.yaml')], profiles: ['nope'] }), /no service has the profile "nope"/);
  await refused(planCompose({ files: [f('missing.yaml')] }), /does not exist/);
  await refused(planCompose({ files: ['proj/compose.yaml'] }), /not an absolute path/);
  await refused(planCompose({ files: [path.join(dir, 'proj')] }), /is not a file/);
  await refused(planCompose({ files: [f('compose.yaml')], envFile: path.join(dir, 'outside.env') }), /outside the project folder/);
  await refused(planCompose({ files: [f('compose.yaml')], envFile: f('sneaky.env') }), /outside the project folder/);
  await refused(planCompose({ files: [f('compose.yaml')], projectName: 'Bad Name' }), /not a valid project name/);
});

test('argv per provider: profiles and env file where understood; podman-compose gets the active services', async () => {
  const plan = await planCompose({ files: [path.join(dir, 'proj', 'compose.yaml')], profiles: [], projectName: 'p1', envFile: path.join(dir, 'proj', '.env') });
  const file = plan.files[0]!;
  const envFile = plan.envFile!;
  assert.deepEqual(composeArgv(providerSpec('docker-compose'), plan, { op: 'up' }), ['-f', file, '-p', 'p1', '--env-file', envFile, 'up', '-d']);
  assert.deepEqual(composeArgv(providerSpec('docker-compose-v2'), plan, { op: 'down', volumes: true }), [
    'compose',
    '-f',
    file,
    '-p',
    'p1',
    '--env-file',
    envFile,
    '--profile',
    'tools',
    'down',
    '-v',
    '--remove-orphans',
  ]);
  assert.deepEqual(composeArgv(providerSpec('podman-compose'), plan, { op: 'up' }), ['-f', file, '-p', 'p1', '--no-ansi', 'up', '-d', 'db', 'web']);
  assert.deepEqual(composeArgv(providerSpec('podman-compose'), plan, { op: 'down', volumes: false }), ['-f', file, '-p', 'p1', '--no-ansi', 'down']);
});

test('provider environment: the engine in the variable its API reads, the user selection dropped', () => {
  const env = providerEnv(providerSpec('docker-compose'), 'unix:///run/x.sock', { PATH: '/bin', DOCKER_HOST: 'tcp://elsewhere', DOCKER_CONTEXT: 'prod' });
  assert.equal(env.DOCKER_HOST, 'unix:///run/x.sock');
  assert.equal(env.DOCKER_CONTEXT, undefined);
  const penv = providerEnv(providerSpec('podman-compose'), 'unix:///run/x.sock', { CONTAINER_CONNECTION: 'remote' });
  assert.equal(penv.CONTAINER_HOST, 'unix:///run/x.sock');
  assert.equal(penv.CONTAINER_CONNECTION, undefined);
});

test('choosing: table order, a preference when available, podman-compose never for Docker', () => {
  const found = [
    { id: 'docker-compose-v2', label: 'docker compose', available: false, engines: 'any', profiles: true },
    { id: 'docker-compose', label: 'docker-compose', available: true, engines: 'any', profiles: true, version: '1.29.2' },
    { id: 'podman-compose', label: 'podman-compose', available: true, engines: 'podman', profiles: false, version: '1.0.3' },
  ] as const;
  assert.equal(chooseProvider(found, { engineKind: 'podman' })?.id, 'docker-compose');
  assert.equal(chooseProvider(found, { engineKind: 'podman', preferred: 'podman-compose' })?.id, 'podman-compose');
  assert.equal(chooseProvider(found, { engineKind: 'docker', preferred: 'podman-compose' })?.id, 'docker-compose');
  assert.equal(chooseProvider(found.slice(2), { engineKind: 'docker' }), undefined);
});

test("the failure message is the provider's error lines (docker-compose 1.29 and podman-compose 1.0.3 as they print them)", () => {
  const v1 = [
    'Creating err_a_1 ... error',
    '',
    'ERROR: for err_a_1  Cannot create container for service a: no such image: localhost/nope:1: image not known',
    'ERROR: for a  Cannot create container for service a: no such image: localhost/nope:1: image not known',
    'Encountered errors while bringing up the project.',
  ].map((line) => ({ stream: 'stderr' as const, line }));
  assert.match(failureMessage(v1)!, /^ERROR: for err_a_1 .*image not known\nERROR: for a /);
  const pc = [
    { stream: 'stdout' as const, line: 'podman run --name=err_a_1 -d localhost/nope:1' },
    { stream: 'stderr' as const, line: 'Error: initializing source docker://localhost/nope:1: pinging container registry localhost' },
    { stream: 'stdout' as const, line: 'exit code: 125' },
  ];
  assert.equal(failureMessage(pc), 'Error: initializing source docker://localhost/nope:1: pinging container registry localhost');
});
