/**
 * The typed engine info (one model for Podman and Docker, read from one
 * field table) against each engine's own CLI: `podman info` for libpod, and
 * `docker info` on a real Docker Engine (a private dockerd) for the Docker
 * API. Every field the model has must be what the CLI reports.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { test } from 'node:test';
import { connectEngine, type EngineClient } from '../../src/client.js';
import { DOCKERD, startDocker } from '../harness/docker-harness.js';
import type { PodmanHarness } from '../harness/podman-harness.js';
import { podmanSuite } from '../harness/podman-suite.js';

let h: PodmanHarness;
let libpod: EngineClient;

podmanSuite((s) => ({ h, libpod } = s));

test('libpod info matches `podman info` field by field', async () => {
  const cli = JSON.parse(await h.podman(['info', '--format', 'json']));
  const info = await libpod.system.info();
  assert.equal(info.hostname, cli.host.hostname);
  assert.equal(info.os, cli.host.os);
  assert.equal(info.arch, cli.host.arch);
  assert.equal(info.cpus, cli.host.cpus);
  assert.equal(info.memTotal, cli.host.memTotal);
  assert.equal(info.kernel, cli.host.kernel);
  assert.equal(info.storageDriver, cli.store.graphDriverName);
  assert.equal(info.graphRoot, cli.store.graphRoot);
  assert.equal(info.runRoot, cli.store.runRoot);
  assert.equal(info.ociRuntime, cli.host.ociRuntime.name);
  assert.equal(info.cgroupVersion, cli.host.cgroupVersion);
  assert.equal(info.eventLogger, cli.host.eventLogger);
  assert.equal(info.rootless, cli.host.security.rootless);
  assert.deepEqual(info.counts, {
    containers: cli.store.containerStore.number,
    running: cli.store.containerStore.running,
    paused: cli.store.containerStore.paused,
    stopped: cli.store.containerStore.stopped,
    images: cli.store.imageStore.number,
  });
  assert.ok(info.counts.images >= 1, 'the harness has built its test image');
  assert.equal(JSON.parse(JSON.stringify(info.raw)).host.hostname, cli.host.hostname, 'raw is the engine reply, JSON-safe');
});

test('Docker Engine info matches `docker info` field by field', async (t) => {
  if (!existsSync(DOCKERD)) {
    t.skip(`no Docker Engine here (${DOCKERD}; .ci/run installs Debian's docker.io)`);
    return;
  }
  const d = await startDocker({ testImage: false });
  const docker = await connectEngine({ address: d.url });
  try {
    assert.equal(docker.caps.flavor, 'docker');
    const cli = JSON.parse(await d.docker(['info', '--format', '{{json .}}']));
    const info = await docker.system.info();
    assert.equal(info.hostname, cli.Name);
    assert.equal(info.os, cli.OSType);
    assert.equal(info.arch, cli.Architecture);
    assert.equal(info.cpus, cli.NCPU);
    assert.equal(info.memTotal, cli.MemTotal);
    assert.equal(info.kernel, cli.KernelVersion);
    assert.equal(info.storageDriver, cli.Driver);
    assert.equal(info.graphRoot, cli.DockerRootDir);
    assert.equal(info.graphRoot.startsWith(d.dir), true, 'the private dockerd, not the host one');
    assert.equal(info.runRoot, '', 'Docker has no run root in info');
    assert.equal(info.eventLogger, '', 'Docker has no event logger in info');
    assert.equal(info.ociRuntime, cli.DefaultRuntime);
    assert.equal(info.cgroupVersion, cli.CgroupVersion);
    assert.equal(
      info.rootless,
      (cli.SecurityOptions as string[]).some((o) => o.includes('rootless')),
    );
    assert.deepEqual(info.counts, { containers: cli.Containers, running: cli.ContainersRunning, paused: cli.ContainersPaused, stopped: cli.ContainersStopped, images: cli.Images });
  } finally {
    docker.close();
    await d.teardown();
  }
});
