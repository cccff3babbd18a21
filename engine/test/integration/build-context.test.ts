/**
 * A build context's ignore file holds for every engine. The same folder (an
 * `.env`, a key, `.git`, a secret folder with one exception, `**` and `!`
 * rules) is built by the podman CLI (which applies `.dockerignore` itself), by
 * Berth over the libpod API and by Berth over Podman's Docker-compatible API;
 * then on a real Docker Engine (a private dockerd) by `docker build` (which
 * applies `.dockerignore` in the CLI) and by Berth, for which the Docker API
 * has no excludes parameter: Berth must leave the files out of the tar. Each
 * image's `COPY . /ctx` is listed with `find`: all agree, and nothing excluded
 * is in any of them. `.containerignore` wins over `.dockerignore`.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { connectEngine, type EngineClient } from '../../src/client.js';
import { DOCKER_TEST_IMAGE, startDocker, type DockerHarness } from '../harness/docker-harness.js';
import { TEST_IMAGE, type PodmanHarness } from '../harness/podman-harness.js';
import { podmanSuite } from '../harness/podman-suite.js';

let h: PodmanHarness;
let libpod: EngineClient;
let docker: EngineClient;

podmanSuite((s) => ({ h, libpod, docker } = s));

async function listing(image: string): Promise<string[]> {
  const out = await h.podman(['run', '--rm', image, 'find', '/ctx']);
  return out.split('\n').filter(Boolean).sort();
}

const FILES = {
  Containerfile: `FROM ${TEST_IMAGE}\nCOPY . /ctx\n`,
  '.env': 'API_KEY=secret\n',
  'a/.env': 'nested, not excluded by a root pattern\n',
  'a.key': 'k',
  'deep/er/b.key': 'k',
  '.git/config': '[core]\n',
  'secret/x.txt': 'x',
  'secret/keep.txt': 'kept by an exception',
  'secret/sub/y.txt': 'y',
  'src/app.js': 'console.log(1)\n',
  'src/app.test.js': 'test\n',
  'README.md': 'r',
  'NOTES.md': 'n',
};
const IGNORE = ['# comments and blank lines are skipped', '', '.env', '**/*.key', '.git', 'secret', '!secret/keep.txt', '*.md', '!README.md', 'src/*.test.js'].join('\n');

test('.dockerignore: the podman CLI, Berth on libpod and Berth on the Docker API put the same files in the image', { timeout: 180_000 }, async () => {
  const dir = await h.scratch('ignore-docker', { ...FILES, '.dockerignore': IGNORE });
  await h.podman(['build', '-q', '-t', 'localhost/ctx-cli', dir]);
  await libpod.images.build(dir, { tags: ['localhost/ctx-libpod'] }).result();
  await docker.images.build(dir, { tags: ['localhost/ctx-docker'] }).result();
  const cli = await listing('localhost/ctx-cli');
  assert.deepEqual(await listing('localhost/ctx-libpod'), cli, 'libpod build = podman build');
  assert.deepEqual(await listing('localhost/ctx-docker'), cli, 'Docker API build = podman build');
  for (const gone of ['/ctx/.env', '/ctx/a.key', '/ctx/deep/er/b.key', '/ctx/.git', '/ctx/.git/config', '/ctx/secret/x.txt', '/ctx/secret/sub/y.txt', '/ctx/NOTES.md', '/ctx/src/app.test.js']) {
    assert.ok(!cli.includes(gone), `${gone} is excluded`);
  }
  for (const kept of ['/ctx/a/.env', '/ctx/secret/keep.txt', '/ctx/README.md', '/ctx/src/app.js']) assert.ok(cli.includes(kept), `${kept} is in: ${cli.join(' ')}`);
});

test('.containerignore is used instead of .dockerignore when both exist', { timeout: 120_000 }, async () => {
  const dir = await h.scratch('ignore-container', { ...FILES, '.dockerignore': '*\n!Containerfile\n', '.containerignore': '.env\nsecret\n' });
  await h.podman(['build', '-q', '-t', 'localhost/ctxc-cli', dir]);
  await docker.images.build(dir, { tags: ['localhost/ctxc-docker'] }).result();
  const cli = await listing('localhost/ctxc-cli');
  assert.deepEqual(await listing('localhost/ctxc-docker'), cli);
  assert.ok(!cli.includes('/ctx/.env') && !cli.includes('/ctx/secret/x.txt'));
  assert.ok(cli.includes('/ctx/a.key') && cli.includes('/ctx/NOTES.md'), 'the .dockerignore rules did not apply');
});

describe('on a real Docker Engine', () => {
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

  const dockerListing = async (image: string) => (await d.docker(['run', '--rm', '--network', 'none', image, 'find', '/ctx'])).split('\n').filter(Boolean).sort();

  test('.dockerignore: Berth sends what `docker build` sends, and the excluded files stay out', { timeout: 180_000 }, async () => {
    const dir = await h.scratch('ignore-dockerd', { ...FILES, Containerfile: `FROM ${DOCKER_TEST_IMAGE}\nCOPY . /ctx\n`, '.dockerignore': IGNORE });
    await d.docker(['build', '-q', '-f', path.join(dir, 'Containerfile'), '-t', 'ctx-cli', dir]);
    await berth.images.build(dir, { tags: ['ctx-berth'] }).result();
    const cli = await dockerListing('ctx-cli');
    assert.deepEqual(await dockerListing('ctx-berth'), cli, 'Berth on Docker = docker build');
    for (const gone of ['/ctx/.env', '/ctx/a.key', '/ctx/.git', '/ctx/secret/x.txt', '/ctx/NOTES.md']) assert.ok(!cli.includes(gone), `${gone} is excluded`);
    assert.ok(cli.includes('/ctx/secret/keep.txt') && cli.includes('/ctx/README.md'));
  });
});
