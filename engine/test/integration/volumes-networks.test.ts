/**
 * VolumesApi and NetworksApi against a real, isolated Podman 4.3, through
 * libpod and through the Docker-compatible API of the same service.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { EngineClient } from '../../src/client.js';
import { rejectsWith } from '../harness/engine-error.js';
import { TEST_IMAGE, type PodmanHarness } from '../harness/podman-harness.js';
import { podmanSuite } from '../harness/podman-suite.js';

let h: PodmanHarness;
let podman: EngineClient;
let docker: EngineClient;

/** A private /24 unlikely to clash with other test runs (harness default is 10.219.0.0/16). */
const octet = 100 + Math.floor(Math.random() * 100);
const subnet = `10.${octet}.7.0/24`;
const gateway = `10.${octet}.7.1`;

podmanSuite((s) => ({ h, libpod: podman, docker } = s));

describe('volumes (libpod)', () => {
  it('creates, lists, inspects and removes a volume', async () => {
    const labels = { app: 'db', odd: '$(touch /tmp/berth-pwned); `id`' };
    const before = Date.now();
    const v = await podman.volumes.create({ name: 'data-1', labels });
    assert.equal(v.name, 'data-1');
    assert.equal(v.driver, 'local');
    assert.deepEqual(v.labels, labels);
    assert.ok(v.mountpoint.startsWith(h.dir), `mountpoint ${v.mountpoint} is in the harness storage`);

    const row = (await podman.volumes.list()).find((x) => x.name === 'data-1');
    assert.ok(row);
    assert.deepEqual(row.labels, labels);
    assert.equal(row.inUse, false);
    assert.ok(row.created >= before - 5_000 && row.created <= Date.now() + 5_000, `created ${row.created}`);

    const raw = await podman.volumes.inspect('data-1');
    assert.equal(raw.Name, 'data-1');
    assert.equal((await h.podman(['volume', 'inspect', '--format', '{{.Labels.odd}}', 'data-1'])).trim(), labels.odd);

    await podman.volumes.remove('data-1');
    assert.ok(!(await podman.volumes.list()).some((x) => x.name === 'data-1'));
    await assert.rejects(h.podman(['volume', 'exists', 'data-1']));
  });

  it('refuses an existing name, and an unknown volume is not-found', async () => {
    await podman.volumes.create({ name: 'dup-vol' });
    await rejectsWith(podman.volumes.create({ name: 'dup-vol' }), 'name-in-use');
    await rejectsWith(podman.volumes.inspect('no-such-vol'), 'not-found');
    await rejectsWith(podman.volumes.remove('no-such-vol'), 'not-found');
    await podman.volumes.remove('dup-vol');
  });

  it('marks a volume a container uses, refuses to remove it (volume-in-use), and force removes it', async () => {
    await podman.volumes.create({ name: 'used-vol' });
    await h.podman(['create', '--name', 'vol-user', '-v', 'used-vol:/data', TEST_IMAGE, 'true']);
    const row = (await podman.volumes.list()).find((x) => x.name === 'used-vol');
    assert.equal(row?.inUse, true);

    const err = await rejectsWith(podman.volumes.remove('used-vol'), 'volume-in-use');
    assert.equal(err.operation, 'Remove volume used-vol');
    assert.match(err.engineMessage ?? '', /being used/);
    assert.match(err.hint, /volume/);

    await podman.volumes.remove('used-vol', { force: true });
    await assert.rejects(h.podman(['volume', 'exists', 'used-vol']));
    await assert.rejects(h.podman(['container', 'exists', 'vol-user']), 'force removed the container that used it');
  });

  it('prunes only unused volumes', async () => {
    await podman.volumes.create({ name: 'unused-vol' });
    await podman.volumes.create({ name: 'kept-vol' });
    await h.podman(['create', '--name', 'keeper', '-v', 'kept-vol:/data', TEST_IMAGE, 'true']);
    const result = await podman.volumes.prune();
    assert.deepEqual(result.removed, ['unused-vol']);
    assert.deepEqual(result.errors, []);
    const names = (await podman.volumes.list()).map((v) => v.name);
    assert.deepEqual(names, ['kept-vol']);
    await h.podman(['rm', '-f', 'keeper']);
  });

  it('treats names with shell metacharacters as data', async () => {
    const marker = path.join(h.dir, 'pwned-vol');
    const err = await rejectsWith(podman.volumes.create({ name: `v;$(touch ${marker})` }), 'invalid-argument');
    assert.match(err.engineMessage ?? '', /names must match/);
    assert.equal(existsSync(marker), false);
  });
});

describe('volumes (Docker-compatible API)', () => {
  it('creates, lists, inspects, refuses in-use removal, and prunes', async () => {
    const v = await docker.volumes.create({ name: 'compat-vol', labels: { via: 'compat' } });
    assert.equal(v.name, 'compat-vol');
    assert.deepEqual(v.labels, { via: 'compat' });
    const row = (await docker.volumes.list()).find((x) => x.name === 'compat-vol');
    assert.ok(row);
    assert.equal(row.driver, 'local');
    assert.equal(row.inUse, false);
    assert.ok(row.created > 0);
    assert.equal((await docker.volumes.inspect('compat-vol')).Name, 'compat-vol');
    await rejectsWith(docker.volumes.inspect('no-such-vol'), 'not-found');

    await h.podman(['create', '--name', 'compat-user', '-v', 'compat-vol:/data', TEST_IMAGE, 'true']);
    assert.equal((await docker.volumes.list()).find((x) => x.name === 'compat-vol')?.inUse, true);
    await rejectsWith(docker.volumes.remove('compat-vol'), 'volume-in-use');
    await h.podman(['rm', '-f', 'compat-user']);

    await docker.volumes.create({ name: 'compat-unused' });
    const pruned = await docker.volumes.prune();
    assert.deepEqual(pruned.removed.sort(), ['compat-unused', 'compat-vol', 'kept-vol']);
    assert.deepEqual(await docker.volumes.list(), []);
  });
});

describe('networks (libpod)', () => {
  it('creates a network with a subnet; list, inspect and remove it', async () => {
    const labels = { team: 'a', odd: '; rm -rf / #' };
    const before = Date.now();
    const n = await podman.networks.create({ name: 'net-1', subnet, gateway, internal: true, labels });
    assert.equal(n.name, 'net-1');
    assert.match(n.id, /^[0-9a-f]{64}$/);
    assert.deepEqual(n.subnets, [{ subnet, gateway }]);
    assert.equal(n.internal, true);
    assert.equal(n.dns, true);
    assert.equal(n.driver, 'bridge');

    const row = (await podman.networks.list()).find((x) => x.name === 'net-1');
    assert.ok(row);
    assert.deepEqual(row.labels, labels);
    assert.deepEqual(row.subnets, [{ subnet, gateway }]);
    assert.ok(row.created >= before - 5_000 && row.created <= Date.now() + 5_000, `created ${row.created}`);
    assert.ok(
      (await podman.networks.list()).some((x) => x.name === 'podman'),
      'the default network is listed',
    );

    const raw = await podman.networks.inspect('net-1');
    assert.equal(raw.name, 'net-1');
    assert.equal((await h.podman(['network', 'inspect', '--format', '{{.Labels.odd}}', 'net-1'])).trim(), labels.odd);

    await podman.networks.remove('net-1');
    await assert.rejects(h.podman(['network', 'exists', 'net-1']));
  });

  it('refuses a duplicate name (name-in-use), a bad subnet (invalid-argument), an unknown network (not-found)', async () => {
    await podman.networks.create({ name: 'dup-net' });
    const err = await rejectsWith(podman.networks.create({ name: 'dup-net' }), 'name-in-use');
    assert.equal(err.operation, 'Create network dup-net');
    await rejectsWith(podman.networks.create({ name: 'bad-net', subnet: 'not-a-cidr' }), 'invalid-argument');
    await rejectsWith(podman.networks.create({ name: 'gw-net', gateway: '10.1.1.1' }), 'invalid-argument');
    await rejectsWith(podman.networks.inspect('no-such-net'), 'not-found');
    await rejectsWith(podman.networks.remove('no-such-net'), 'not-found');
    const marker = path.join(h.dir, 'pwned-net');
    await rejectsWith(podman.networks.create({ name: `n;$(touch ${marker})` }), 'invalid-argument');
    assert.equal(existsSync(marker), false);
    await podman.networks.remove('dup-net');
  });

  it('connects and disconnects a container; a network in use is refused unless forced', async () => {
    await podman.networks.create({ name: 'join-net' });
    await h.podman(['create', '--name', 'joiner', TEST_IMAGE, 'sleep', '100']);
    await podman.networks.connect('join-net', 'joiner', { aliases: ['db-alias'] });
    const nets = JSON.parse(await h.podman(['inspect', '--format', '{{json .NetworkSettings.Networks}}', 'joiner'])) as Record<string, { Aliases?: string[] }>;
    assert.ok(nets['join-net'], `joiner is on join-net: ${Object.keys(nets).join(',')}`);
    assert.ok(nets['join-net']?.Aliases?.includes('db-alias'));

    const err = await rejectsWith(podman.networks.remove('join-net'), 'network-in-use');
    assert.match(err.hint, /network/);

    await podman.networks.disconnect('join-net', 'joiner');
    const after = JSON.parse(await h.podman(['inspect', '--format', '{{json .NetworkSettings.Networks}}', 'joiner'])) as Record<string, unknown>;
    assert.equal(after['join-net'], undefined);
    await rejectsWith(podman.networks.connect('join-net', 'no-such-container'), 'not-found');

    await podman.networks.connect('join-net', 'joiner');
    await podman.networks.remove('join-net', { force: true });
    await assert.rejects(h.podman(['network', 'exists', 'join-net']));
    await assert.rejects(h.podman(['container', 'exists', 'joiner']), 'force removed the container on it');
  });

  it('prunes unused networks and keeps the default one', async () => {
    await podman.networks.create({ name: 'prune-me' });
    const result = await podman.networks.prune();
    assert.ok(result.removed.includes('prune-me'), JSON.stringify(result));
    assert.deepEqual(result.errors, []);
    const names = (await podman.networks.list()).map((n) => n.name);
    assert.ok(!names.includes('prune-me'));
    assert.ok(names.includes('podman'));
  });
});

describe('networks (Docker-compatible API)', () => {
  it('creates with a subnet, lists, inspects, connects, removes and prunes', async () => {
    const n = await docker.networks.create({ name: 'compat-net', subnet, gateway, internal: true, labels: { via: 'compat' } });
    assert.equal(n.name, 'compat-net');
    assert.deepEqual(n.subnets, [{ subnet, gateway }]);
    assert.equal(n.internal, true);
    assert.equal(n.dns, undefined);
    assert.deepEqual(n.labels, { via: 'compat' });
    assert.ok(n.created > 0);
    const row = (await docker.networks.list()).find((x) => x.name === 'compat-net');
    assert.equal(row?.id, n.id);
    await rejectsWith(docker.networks.create({ name: 'compat-net' }), 'name-in-use');
    await rejectsWith(docker.networks.inspect('no-such-net'), 'not-found');

    await h.podman(['create', '--name', 'compat-joiner', TEST_IMAGE, 'sleep', '100']);
    await docker.networks.connect('compat-net', 'compat-joiner');
    assert.match(await h.podman(['inspect', '--format', '{{json .NetworkSettings.Networks}}', 'compat-joiner']), /compat-net/);
    await rejectsWith(docker.networks.remove('compat-net'), 'network-in-use');
    await docker.networks.disconnect('compat-net', 'compat-joiner');
    await docker.networks.remove('compat-net');
    await assert.rejects(h.podman(['network', 'exists', 'compat-net']));

    await docker.networks.create({ name: 'compat-prune' });
    const pruned = await docker.networks.prune();
    assert.ok(pruned.removed.includes('compat-prune'), JSON.stringify(pruned));
    await h.podman(['rm', '-f', 'compat-joiner']);
  });
});
