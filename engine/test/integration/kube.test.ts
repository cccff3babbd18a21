/**
 * KubeApi against a real, isolated Podman 4.3: generate YAML from a pod,
 * remove the pod, play the YAML back, tear it down; bad YAML is a clear
 * invalid-argument error.
 */
import assert from 'node:assert/strict';
import { access } from 'node:fs/promises';
import { describe, it } from 'node:test';
import type { EngineClient } from '../../src/client.js';
import { rejectsWith } from '../harness/engine-error.js';
import { TEST_IMAGE, type PodmanHarness } from '../harness/podman-harness.js';
import { podmanSuite } from '../harness/podman-suite.js';

let h: PodmanHarness;
let client: EngineClient;
let docker: EngineClient;

/** Container name → state (running, created, exited...) of a pod's containers, from the CLI. */
async function states(pod: string): Promise<Record<string, string>> {
  const out = await h.podman(['ps', '-a', '--filter', `pod=${pod}`, '--format', '{{.Names}}']);
  const result: Record<string, string> = {};
  for (const name of out.trim().split('\n').filter(Boolean)) {
    result[name] = (await h.podman(['inspect', '--format', '{{.State.Status}}', name])).trim();
  }
  return result;
}

describe('kube YAML (Podman)', () => {
  let yaml = '';

  podmanSuite(async (s) => {
    ({ h, libpod: client, docker } = s);
    assert.equal(client.caps.kubePlayPath, '/kube/play', 'Podman 4.3 uses /kube/play');
    await client.pods.create({ name: 'kube-pod', labels: { app: 'kube-pod' } });
    await h.podman(['create', '--pod', 'kube-pod', '--name', 'kube-app', '--stop-timeout', '1', TEST_IMAGE, 'sleep', '1000']);
    await client.pods.start('kube-pod');
  });

  it('generates YAML for a pod', async () => {
    yaml = await client.kube.generate(['kube-pod']);
    assert.match(yaml, /^kind: Pod$/m);
    assert.match(yaml, /^ {2}name: kube-pod$/m);
    assert.match(yaml, /image: localhost\/berth-test:latest/);
    assert.match(yaml, /- sleep\n\s+- "1000"/);
    assert.doesNotMatch(yaml, /^kind: Service$/m);
  });

  it('generates a Service too when asked, and YAML for a container outside a pod', async () => {
    const withService = await client.kube.generate(['kube-pod'], { service: true });
    // Without published ports Podman 4.3 adds no Service; the flag must still be accepted.
    assert.match(withService, /^kind: Pod$/m);
    await h.podman(['create', '--name', 'solo', TEST_IMAGE, 'sleep', '1000']);
    const solo = await client.kube.generate(['solo']);
    assert.match(solo, /^kind: Pod$/m);
    assert.match(solo, /name: solo/);
    await h.podman(['rm', 'solo']);
  });

  it('generate of a container inside a pod is invalid-argument with the engine message', async () => {
    const err = await rejectsWith(client.kube.generate(['kube-app']), 'invalid-argument');
    assert.match(err.engineMessage ?? '', /use generate on the pod itself/);
    assert.match(err.hint, /pod/);
  });

  it('generate of an unknown name is not-found', async () => {
    const err = await rejectsWith(client.kube.generate(['no-such-thing']), 'not-found');
    assert.match(err.engineMessage ?? '', /no-such-thing/);
  });

  it('plays the YAML back after the pod is removed: the pod is recreated with its container running', async () => {
    await client.pods.remove('kube-pod', { force: true });
    await assert.rejects(h.podman(['pod', 'exists', 'kube-pod']));

    const result = await client.kube.play(yaml);
    assert.equal(result.pods.length, 1);
    const played = result.pods[0]!;
    assert.match(played.id, /^[0-9a-f]{64}$/);
    assert.equal(played.containers.length, 1);
    assert.deepEqual(played.containerErrors, []);

    const pod = (await client.pods.list()).find((p) => p.name === 'kube-pod');
    assert.ok(pod, 'the pod is back');
    assert.equal(pod.id, played.id);
    assert.equal(pod.state, 'running');
    const app = pod.containers.find((c) => !c.infra);
    assert.equal(app?.id, played.containers[0]);
    assert.equal(app?.state, 'running');
    // Podman names played containers <pod>-<container>.
    assert.deepEqual(await states('kube-pod'), { [`${pod.id.slice(0, 12)}-infra`]: 'running', 'kube-pod-kube-app': 'running' });
  });

  it('playing the same YAML again is refused: name-in-use', async () => {
    const err = await rejectsWith(client.kube.play(yaml), 'name-in-use');
    assert.equal(err.operation, 'Play Kubernetes YAML');
  });

  it('tears the played YAML down', async () => {
    const pod = (await client.pods.list()).find((p) => p.name === 'kube-pod')!;
    const result = await client.kube.teardown(yaml);
    assert.deepEqual(result.removedPods, [pod.id]);
    assert.deepEqual(result.stoppedPods, [pod.id]);
    assert.deepEqual(result.errors, []);
    await assert.rejects(h.podman(['pod', 'exists', 'kube-pod']));
    await assert.rejects(h.podman(['container', 'exists', 'kube-pod-kube-app']));
    await rejectsWith(client.kube.teardown(yaml), 'not-found');
  });

  it('plays without starting when asked', async () => {
    const result = await client.kube.play(yaml, { start: false });
    assert.equal(result.pods.length, 1);
    assert.equal(
      Object.values(await states('kube-pod')).every((s) => s === 'created'),
      true,
    );
    await client.kube.teardown(yaml);
  });

  it('rejects text that is not YAML with invalid-argument and the engine message', async () => {
    const err = await rejectsWith(client.kube.play('not: [valid'), 'invalid-argument');
    assert.match(err.engineMessage ?? '', /yaml/i);
    assert.match(err.hint, /YAML/);
  });

  it('rejects YAML that is not a Pod with invalid-argument', async () => {
    const foo = await rejectsWith(client.kube.play('apiVersion: v1\nkind: Foo\nmetadata:\n  name: x\n'), 'invalid-argument');
    assert.match(foo.engineMessage ?? '', /kube kind/);
    const cm = await rejectsWith(client.kube.play('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\ndata:\n  a: b\n'), 'invalid-argument');
    assert.match(cm.engineMessage ?? '', /ConfigMap/);
    await rejectsWith(client.kube.play(''), 'invalid-argument');
  });

  it('names in the YAML are data: a pod name with shell metacharacters is refused by the engine', async () => {
    const marker = `${h.dir}/kube-pwned`;
    const evil = yaml.replace(/^ {2}name: kube-pod$/m, `  name: "x;$(touch ${marker})"`);
    assert.notEqual(evil, yaml);
    const err = await rejectsWith(client.kube.play(evil), 'invalid-argument');
    assert.match(err.engineMessage ?? '', /names must match|invalid/);
    assert.deepEqual(await client.pods.list(), []);
    await assert.rejects(access(marker));
  });

  it('refuses kube YAML on a Docker engine', async () => {
    await rejectsWith(docker.kube.generate(['kube-pod']), 'unsupported');
    await rejectsWith(docker.kube.play(yaml), 'unsupported');
  });
});
