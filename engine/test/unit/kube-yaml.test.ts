/** The light pod-name scan KubeApi.teardown falls back to on engines without DELETE on the play path. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { podNamesInYaml } from '../../src/api/kube.js';

const generated = `# Save the output of this file and use kubectl create -f to import
# it into Kubernetes.
#
# Created with podman-4.3.1
apiVersion: v1
kind: Pod
metadata:
  annotations:
    io.podman.annotations.init/web-app: "FALSE"
  labels:
    app: web
    name: not-this
  name: web
spec:
  containers:
  - command:
    - sleep
    image: localhost/berth-test:latest
    name: web-app
`;

describe('podNamesInYaml', () => {
  it('reads metadata.name of a Pod as Podman generates it (not labels, not containers)', () => {
    assert.deepEqual(podNamesInYaml(generated), ['web']);
  });

  it('reads every document; a Deployment makes <name>-pod; other kinds are skipped', () => {
    const yaml = [
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\ndata:\n  a: b\n',
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: "api"\nspec: {}\n',
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: db # the database\nspec: {}\n',
    ].join('---\n');
    assert.deepEqual(podNamesInYaml(yaml), ['api-pod', 'db']);
  });

  it('finds nothing in text that is not a Pod', () => {
    assert.deepEqual(podNamesInYaml('not: [valid'), []);
    assert.deepEqual(podNamesInYaml(''), []);
    assert.deepEqual(podNamesInYaml('kind: Foo\nmetadata:\n  name: x\n'), []);
  });
});
