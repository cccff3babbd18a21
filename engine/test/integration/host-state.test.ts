/**
 * The tests leave the host as they found it. A harness Podman creates what
 * the suites create (a pod with a published port, a container on the default
 * network, networks made through the API without an interface name, one of
 * them removed mid-run) and after its teardown the host's interfaces, routes,
 * netns, netfilter ruleset, CNI IPAM state, mounts and Podman paths are what
 * they were. Then a Podman with the host's stock network config (private
 * storage, so the user's images are never touched) starts a container on the
 * default network, 10.88.0.0/16 on cni-podman0: the network `npm test` used to
 * break. The private Docker Engine the Docker tests use is held to the same.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { connectEngine } from '../../src/client.js';
import { DOCKER_TEST_IMAGE, startDocker } from '../harness/docker-harness.js';
import { guardHostState, hostState } from '../harness/host-state.js';
import { containersConf, startPodman, TEST_IMAGE, writeBusyboxContext } from '../harness/podman-harness.js';
import { freePort } from '../harness/free-port.js';

const run = promisify(execFile);

test('a harness run with pods, published ports and networks leaves the host unchanged', { timeout: 240_000 }, async () => {
  const before = await hostState();
  const h = await startPodman();
  const client = await connectEngine({ address: h.url });
  try {
    const port = await freePort();
    await client.pods.create({ name: 'hs-pod', ports: [{ hostPort: port, containerPort: 80 }] });
    await h.podman(['run', '-d', '--pod', 'hs-pod', '--name', 'hs-in-pod', TEST_IMAGE, 'httpd', '-f', '-p', '80']);
    await h.podman(['run', '-d', '--name', 'hs-default', TEST_IMAGE, 'sleep', '300']);
    const kept = await client.networks.create({ name: 'hs-net' });
    const gone = await client.networks.create({ name: 'hs-gone' });
    await h.podman(['run', '-d', '--name', 'hs-on-net', '--network', 'hs-net', '-p', `127.0.0.1:${await freePort()}:80`, TEST_IMAGE, 'sleep', '300']);
    await client.networks.remove(gone.name);

    const during = await hostState();
    assert.ok(during.links.length > before.links.length, 'the run created host interfaces (else this test proves nothing)');
    assert.notEqual(during.ruleset, before.ruleset, 'the run created netfilter rules');
    // The harness's default network never uses the host's bridge or subnet.
    const mine = (await h.podman(['network', 'inspect', 'podman', '--format', '{{.NetworkInterface}} {{range .Subnets}}{{.Subnet}}{{end}}'])).trim();
    assert.doesNotMatch(mine, /^cni-podman0 |^podman0 |10\.88\./, `harness default network: ${mine}`);
    assert.ok(kept.name === 'hs-net');
    // The published port really answers while it exists.
    const body = await fetch(`http://127.0.0.1:${port}/`).then(
      (r) => r.status,
      (e: Error) => e.message,
    );
    assert.ok(typeof body === 'number', `published port ${port} answered: ${body}`);
  } finally {
    client.close();
    await h.teardown();
  }
  assert.deepEqual(await hostState(), before);
});

test('a private Docker Engine with a build and a container leaves the host unchanged', { timeout: 180_000 }, async () => {
  const before = await hostState();
  const d = await startDocker();
  try {
    assert.equal((await d.docker(['run', '--rm', '--network', 'none', DOCKER_TEST_IMAGE, 'echo', 'hi'])).trim(), 'hi');
    await d.docker(['run', '-d', '--network', 'none', '--name', 'hs-docker', DOCKER_TEST_IMAGE, 'sleep', '300']);
  } finally {
    await d.teardown();
  }
  assert.deepEqual(await hostState(), before);
});

test("after the suites, a container starts on the host Podman's default network (10.88.0.0/16)", { timeout: 180_000 }, async () => {
  const before = await hostState();
  const guard = await guardHostState();
  const dir = await mkdtemp(path.join(tmpdir(), 'berth-h-'));
  for (const sub of ['root', 'run', 'tmp', 'volumes', 'scratch']) await mkdir(path.join(dir, sub), { recursive: true });
  await writeFile(path.join(dir, 'containers.conf'), await containersConf(dir, { stockNetwork: true }));
  const env: NodeJS.ProcessEnv = { ...process.env, CONTAINERS_CONF: path.join(dir, 'containers.conf'), TMPDIR: path.join(dir, 'tmp') };
  delete env.CONTAINER_HOST;
  delete env.DOCKER_HOST;
  const podman = (args: string[]) =>
    run('podman', ['--root', path.join(dir, 'root'), '--runroot', path.join(dir, 'run'), '--tmpdir', path.join(dir, 'tmp'), '--storage-driver', 'overlay', ...args], { env, timeout: 120_000 }).then(
      (r) => r.stdout,
    );
  try {
    await podman(['build', '-q', '-t', TEST_IMAGE, await writeBusyboxContext(path.join(dir, 'scratch'))]);
    const addr = await podman(['run', '--rm', TEST_IMAGE, 'ip', '-4', '-o', 'addr', 'show', 'eth0']);
    assert.match(addr, /inet 10\.88\.\d+\.\d+\/16/, `a container on the default network got: ${addr}`);
  } finally {
    await podman(['system', 'reset', '--force']).catch(() => undefined);
    await guard.release([{ name: 'podman', bridge: 'cni-podman0' }]);
    const mounts = (
      await run('findmnt', ['-rno', 'TARGET']).then(
        (r) => r.stdout,
        () => '',
      )
    )
      .split('\n')
      .filter((m) => m.startsWith(dir + '/'));
    for (const m of mounts.sort().reverse()) await run('umount', ['-l', m]).catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  }
  assert.deepEqual(await hostState(), before);
});
