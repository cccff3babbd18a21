/** Version gating: the few libpod differences are decided from the engine's version, here and nowhere else. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { capabilitiesFor, compareVersions, flavorFromHeaders } from '../../src/api/capabilities.js';

describe('capabilitiesFor', () => {
  it('kube play path: /play/kube before 4.1, /kube/play from 4.1 (4.3, 5.x)', () => {
    assert.equal(capabilitiesFor('podman', '4.0.0').kubePlayPath, '/play/kube');
    assert.equal(capabilitiesFor('podman', '4.0.3').kubePlayPath, '/play/kube');
    assert.equal(capabilitiesFor('podman', '4.1.0').kubePlayPath, '/kube/play');
    assert.equal(capabilitiesFor('podman', '4.3.1').kubePlayPath, '/kube/play');
    assert.equal(capabilitiesFor('podman', '5.0.0').kubePlayPath, '/kube/play');
    assert.equal(capabilitiesFor('podman', '5.2.3').kubePlayPath, '/kube/play');
  });

  it('exec remove exists from 4.9', () => {
    assert.equal(capabilitiesFor('podman', '4.3.1').execRemove, false);
    assert.equal(capabilitiesFor('podman', '4.8.9').execRemove, false);
    assert.equal(capabilitiesFor('podman', '4.9.0').execRemove, true);
    assert.equal(capabilitiesFor('podman', '4.9.4-dev').execRemove, true);
    assert.equal(capabilitiesFor('podman', '5.1.0').execRemove, true);
  });

  it('Config.Entrypoint is an array from 5.0', () => {
    assert.equal(capabilitiesFor('podman', '4.3.1').entrypointIsArray, false);
    assert.equal(capabilitiesFor('podman', '4.9.4').entrypointIsArray, false);
    assert.equal(capabilitiesFor('podman', '5.0.0').entrypointIsArray, true);
    assert.equal(capabilitiesFor('podman', '5.0.0-rc1').entrypointIsArray, true);
  });

  it('Docker has no pods and none of the Podman-only gates', () => {
    const docker = capabilitiesFor('docker', '24.0.7', '1.43');
    assert.equal(docker.flavor, 'docker');
    assert.equal(docker.pods, false);
    assert.equal(docker.execRemove, false);
    assert.equal(docker.entrypointIsArray, false);
    assert.equal(docker.apiVersion, '1.43');
    assert.equal(capabilitiesFor('podman', '4.3.1').pods, true);
  });
});

describe('compareVersions', () => {
  it('compares numerically, ignoring suffixes', () => {
    assert.equal(compareVersions('4.10.0', '4.9.0'), 1);
    assert.equal(compareVersions('4.3.1', '4.3.1'), 0);
    assert.equal(compareVersions('4.3', '4.3.0'), 0);
    assert.equal(compareVersions('4.9.0-rc2', '4.9.0'), 0);
    assert.equal(compareVersions('3.4.4', '4.0.0'), -1);
  });
});

describe('flavorFromHeaders', () => {
  it('Libpod-API-Version marks Podman; without it the engine is Docker', () => {
    assert.deepEqual(flavorFromHeaders({ 'libpod-api-version': '4.3.1', 'api-version': '1.41' }), { flavor: 'podman', apiVersion: '4.3.1' });
    assert.deepEqual(flavorFromHeaders({ 'api-version': '1.43' }), { flavor: 'docker', apiVersion: '1.43' });
    assert.deepEqual(flavorFromHeaders({}), { flavor: 'docker', apiVersion: '' });
  });
});
