// Images against a real isolated Podman and real local registries (Debian's
// docker-registry): one open, one with htpasswd auth, plus a "stalled
// registry" (a TCP port that accepts and never answers) for cancellation.
import assert from 'node:assert/strict';
import net from 'node:net';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { capabilitiesFor } from '../../src/api/capabilities.js';
import { ApiContext } from '../../src/api/context.js';
import { ImagesApi, type ProgressEvent } from '../../src/api/images.js';
import type { EngineClient } from '../../src/client.js';
import { HttpTransport } from '../../src/transport/http-transport.js';
import { rejectsWith } from '../harness/engine-error.js';
import { TEST_IMAGE, type HarnessOptions, type PodmanHarness } from '../harness/podman-harness.js';
import { podmanSuite } from '../harness/podman-suite.js';
import { startRegistry, type RegistryHarness } from '../harness/registry-harness.js';

const USER = 'alice';
const PASSWORD = 'Corr3ct-Horse-Battery';
const WRONG = 'wr0ng-Pa55word-xyz';

let h: PodmanHarness;
let open: RegistryHarness;
let secured: RegistryHarness;
let stalled: net.Server;
let stalledAddress: string;
const stalledSockets = new Set<net.Socket>();
let client: EngineClient;
let docker: EngineClient;
let seeded: string;

async function collect(task: AsyncIterable<ProgressEvent>): Promise<ProgressEvent[]> {
  const events: ProgressEvent[] = [];
  for await (const ev of task) events.push(ev);
  return events;
}

/** The registries come first: Podman is told they are insecure. */
async function startRegistries(): Promise<HarnessOptions> {
  open = await startRegistry();
  secured = await startRegistry({ auth: { username: USER, password: PASSWORD } });
  stalled = net.createServer((s) => {
    stalledSockets.add(s);
    s.on('close', () => stalledSockets.delete(s));
    s.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => stalled.listen(0, '127.0.0.1', resolve));
  stalledAddress = `127.0.0.1:${(stalled.address() as net.AddressInfo).port}`;
  return { insecureRegistries: [open.address, secured.address, stalledAddress] };
}

// Its after hook runs before the registries' below: Podman is torn down first.
podmanSuite(async (s) => {
  ({ h, libpod: client, docker } = s);
  seeded = `${open.address}/berth/busybox:1`;
  await h.podman(['push', '--tls-verify=false', TEST_IMAGE, seeded]);
}, startRegistries);

after(async () => {
  for (const s of stalledSockets) s.destroy();
  await new Promise<void>((resolve) => (stalled ? stalled.close(() => resolve()) : resolve()));
  await open?.teardown();
  await secured?.teardown();
});

describe('images (libpod)', () => {
  test('invalid references fail with invalid-argument before the engine is asked', async () => {
    for (const ref of ['UPPER/case', 'a b', ':tag', '', 'repo:bad tag', 'x@sha256:zz']) {
      const e = await rejectsWith(client.images.pull(ref).result(), 'invalid-argument');
      assert.ok(e.engineMessage && e.engineMessage.length > 0, `no reason for ${JSON.stringify(ref)}`);
    }
    const lower = await rejectsWith(client.images.pull('UPPER/case').result(), 'invalid-argument');
    assert.match(lower.engineMessage ?? '', /lowercase/);
    await rejectsWith(client.images.tag(TEST_IMAGE, 'Bad/Name'), 'invalid-argument');
    await rejectsWith(client.images.remove('a b'), 'invalid-argument');
  });

  test('list normalizes images (ids, tags, size, created as epoch ms)', async () => {
    const images = await client.images.list();
    const img = images.find((i) => i.repoTags.includes(TEST_IMAGE));
    assert.ok(img, `test image missing from ${JSON.stringify(images.map((i) => i.repoTags))}`);
    assert.match(img.id, /^[0-9a-f]{64}$/);
    assert.equal(img.shortId, img.id.slice(0, 12));
    assert.ok(img.size > 100_000, `size ${img.size}`);
    assert.ok(img.created > Date.UTC(2020, 0, 1) && img.created < Date.now() + 86_400_000 * 3650, `created ${img.created}`);
    assert.equal(img.dangling, false);
    assert.equal(typeof img.inUse, 'boolean');
    const raw = await client.images.inspect(TEST_IMAGE);
    assert.equal(String(raw.Id).replace(/^sha256:/, ''), img.id);
  });

  test('pull from the local registry streams progress and the image appears in the list', async () => {
    const seen: ProgressEvent[] = [];
    const task = client.images.pull(seeded, { tlsVerify: false, onProgress: (e) => seen.push(e) });
    const events = await collect(task);
    const result = await task.result();
    assert.match(result.id, /^[0-9a-f]{64}$/);
    assert.ok(
      events.some((e) => e.kind === 'status' && /Trying to pull/.test(e.message)),
      JSON.stringify(events),
    );
    assert.ok(
      events.some((e) => e.kind === 'layer' && /^[0-9a-f]{12}$/.test(e.layerId ?? '')),
      JSON.stringify(events),
    );
    const done = events.at(-1);
    assert.equal(done?.kind, 'done');
    assert.equal(done?.imageId, result.id);
    assert.deepEqual(seen, events, 'onProgress sees the same events as the iterator');
    const listed = (await client.images.list()).find((i) => i.id === result.id);
    assert.ok(listed?.repoTags.includes(seeded), JSON.stringify(listed));
  });

  test('pull of an unknown image fails with image-unknown and the engine message', async () => {
    const ref = `${open.address}/nope:latest`;
    const e = await rejectsWith(client.images.pull(ref, { tlsVerify: false }).result(), 'image-unknown');
    assert.match(e.engineMessage ?? '', /manifest unknown|name unknown/);
    assert.match(e.message, /Pull image .*nope:latest failed/);
    assert.match(e.hint, /has no image nope:latest/);
    // The same error comes out of the iterator.
    await rejectsWith(collect(client.images.pull(ref, { tlsVerify: false })), 'image-unknown');
  });

  test('pull can be cancelled with an AbortSignal (a registry that never answers)', async () => {
    const before = Date.now();
    const ac = new AbortController();
    const task = client.images.pull(`${stalledAddress}/slow/image:1`, { tlsVerify: false, signal: ac.signal });
    const events: ProgressEvent[] = [];
    const err = await rejectsWith(
      (async () => {
        for await (const ev of task) {
          events.push(ev);
          ac.abort();
        }
      })(),
      'aborted',
    );
    assert.ok(events.length >= 1, 'at least the first status event arrived before cancelling');
    assert.match(err.message, /Pull image .*slow\/image:1 failed/);
    assert.ok(Date.now() - before < 15_000, 'cancelled promptly');
    // Already aborted: fails at once, and the engine is still fine afterwards.
    await rejectsWith(client.images.pull(seeded, { signal: AbortSignal.abort() }).result(), 'aborted');
    assert.ok((await client.images.list()).length > 0);
  });

  test('push to a registry with htpasswd auth: right credentials work, wrong ones are unauthorized and never leak', async () => {
    const dest = `${secured.address}/berth/pushed:1`;
    const wrong = client.images.push(TEST_IMAGE, { destination: dest, tlsVerify: false, credentials: { username: USER, password: WRONG } });
    const e = await rejectsWith(wrong.result(), 'unauthorized');
    assert.match(e.engineMessage ?? '', /unauthorized|authentication required/);
    for (const text of [e.message, JSON.stringify(e), String(e.stack), e.hint]) assert.ok(!text.includes(WRONG), `password leaked: ${text}`);

    const ok = client.images.push(TEST_IMAGE, { destination: dest, tlsVerify: false, credentials: { username: USER, password: PASSWORD } });
    const events = await collect(ok);
    assert.deepEqual(await ok.result(), { destination: dest });
    assert.ok(
      events.some((ev) => ev.kind === 'layer'),
      JSON.stringify(events),
    );
    assert.equal(events.at(-1)?.kind, 'done');
    // It is really there: the registry serves the manifest to an authenticated client.
    const res = await fetch(`http://${secured.address}/v2/berth/pushed/manifests/1`, {
      headers: {
        Authorization: `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}`,
        Accept: 'application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json',
      },
    });
    assert.equal(res.status, 200);
    await res.arrayBuffer();
    // And pulling it back without credentials is refused.
    await rejectsWith(client.images.pull(dest, { tlsVerify: false }).result(), 'unauthorized');
  });

  test('checkLogin: right credentials succeed, wrong ones are unauthorized without leaking the password', async () => {
    const server = `localhost:${secured.port}`; // Podman 4.3 skips TLS for /auth only for localhost:PORT
    assert.equal(await client.images.checkLogin({ username: USER, password: PASSWORD, serverAddress: server }), 'Login Succeeded');
    const e = await rejectsWith(client.images.checkLogin({ username: USER, password: WRONG, serverAddress: server }), 'unauthorized');
    assert.match(e.engineMessage ?? '', /401|unauthorized/i);
    assert.ok(!JSON.stringify(e).includes(WRONG) && !e.message.includes(WRONG));
    await rejectsWith(client.images.checkLogin({ username: USER, password: PASSWORD, serverAddress: 'a b' }), 'invalid-argument');
  });

  test('build from a context folder produces a runnable image', async () => {
    const longName = `${'n'.repeat(120)}.txt`; // needs a PAX header in the tar
    const dir = await h.scratch('build-ok', {
      Containerfile: `FROM ${TEST_IMAGE}\nCOPY files/ /data/\nRUN echo built-by-berth > /greeting && cat /data/${longName} >> /greeting\nCMD ["cat", "/greeting"]\n`,
      [`files/${longName}`]: 'from-a-long-name\n',
      'files/sub/other.txt': 'x\n',
    });
    const tag = 'localhost/berth/built:1';
    const task = client.images.build(dir, { tags: [tag] });
    const events = await collect(task);
    const result = await task.result();
    assert.match(result.id, /^[0-9a-f]{64}$/);
    const steps = events.filter((e) => e.kind === 'step');
    assert.deepEqual(
      steps.map((s) => [s.current, s.total]),
      [
        [1, 4],
        [2, 4],
        [3, 4],
        [4, 4],
      ],
      JSON.stringify(events),
    );
    assert.equal(events.at(-1)?.kind, 'done');
    assert.equal(events.at(-1)?.imageId, result.id);
    const out = await h.podman(['run', '--rm', tag]);
    assert.equal(out, 'built-by-berth\nfrom-a-long-name\n');
    const inspected = await client.images.inspect(tag);
    assert.equal(String(inspected.Id).replace(/^sha256:/, ''), result.id);
  });

  test('build without a Containerfile fails with invalid-argument before contacting the engine', async () => {
    const dir = await h.scratch('build-empty', { 'README.txt': 'no containerfile here\n' });
    // A client whose socket leads nowhere: any engine contact would be `unreachable`.
    const nowhere = new ImagesApi(new ApiContext(new HttpTransport({ address: { socketPath: path.join(h.dir, 'no.sock') } as never }), capabilitiesFor('podman', '4.3.1')));
    const e = await rejectsWith(nowhere.build(dir).result(), 'invalid-argument');
    assert.match(e.engineMessage ?? '', /no Containerfile or Dockerfile/);
    await rejectsWith(nowhere.build(path.join(dir, 'missing')).result(), 'invalid-argument');
    await rejectsWith(nowhere.build(dir, { containerfile: '../outside/Containerfile' }).result(), 'invalid-argument');
    // A Dockerfile alone is found.
    const df = await h.scratch('build-dockerfile', { Dockerfile: `FROM ${TEST_IMAGE}\nLABEL from=dockerfile\n` });
    const r = await client.images.build(df).result();
    const labels = ((await client.images.inspect(r.id)).Labels ?? {}) as Record<string, string>;
    assert.equal(labels.from, 'dockerfile');
  });

  test('a Containerfile with a syntax error fails with build-failed and the engine message', async () => {
    const dir = await h.scratch('build-bad', { Containerfile: `FROM ${TEST_IMAGE}\nBOGUSINSTRUCTION foo\n` });
    const e = await rejectsWith(client.images.build(dir, { tags: ['localhost/berth/bad:1'] }).result(), 'build-failed');
    assert.match(e.engineMessage ?? '', /BOGUSINSTRUCTION|unknown instruction/i);
    const failing = await h.scratch('build-run-fails', { Containerfile: `FROM ${TEST_IMAGE}\nRUN exit 3\n` });
    const e2 = await rejectsWith(client.images.build(failing).result(), 'build-failed');
    assert.match(e2.engineMessage ?? '', /exit status 3|exit code 3|status 3/);
  });

  test('tag, untag and remove', async () => {
    const name = 'localhost/berth/tagged:one';
    await client.images.tag(TEST_IMAGE, name);
    await client.images.tag(TEST_IMAGE, 'localhost/berth/tagged'); // :latest
    let img = (await client.images.list()).find((i) => i.repoTags.includes(TEST_IMAGE));
    assert.ok(img?.repoTags.includes(name), JSON.stringify(img?.repoTags));
    assert.ok(img?.repoTags.includes('localhost/berth/tagged:latest'), JSON.stringify(img?.repoTags));
    await client.images.untag(name);
    img = (await client.images.list()).find((i) => i.repoTags.includes(TEST_IMAGE));
    assert.ok(img && !img.repoTags.includes(name), JSON.stringify(img?.repoTags));
    const removed = await client.images.remove('localhost/berth/tagged:latest');
    assert.deepEqual(removed, { untagged: ['localhost/berth/tagged:latest'], deleted: [] });
    assert.ok(await client.images.exists(TEST_IMAGE), 'the image itself stays while it has other names');
    await rejectsWith(client.images.remove('localhost/berth/never-existed:1'), 'image-unknown');
    await rejectsWith(client.images.tag('localhost/berth/never-existed:1', 'localhost/x:1'), 'image-unknown');
  });

  test('removing an image a container uses: image-in-use without force; with force Podman removes the container too', async () => {
    const dir = await h.scratch('inuse', { Containerfile: `FROM ${TEST_IMAGE}\nLABEL purpose=in-use\n` });
    const { id } = await client.images.build(dir, { tags: ['localhost/berth/inuse:1'] }).result();
    await h.podman(['create', '--name', 'uses-image', 'localhost/berth/inuse:1', 'true']);
    const listed = (await client.images.list()).find((i) => i.id === id);
    assert.equal(listed?.containers, 1);
    assert.equal(listed?.inUse, true);
    const e = await rejectsWith(client.images.remove('localhost/berth/inuse:1'), 'image-in-use');
    assert.match(e.engineMessage ?? '', /in use|used by/);
    const r = await client.images.remove('localhost/berth/inuse:1', { force: true });
    assert.deepEqual(r.untagged, ['localhost/berth/inuse:1']);
    assert.ok(r.deleted.includes(id), JSON.stringify(r));
    await assert.rejects(h.podman(['container', 'exists', 'uses-image']), 'the container went with the image');
  });

  test('history lists layers newest first with epoch ms', async () => {
    const hist = await client.images.history(TEST_IMAGE);
    assert.ok(hist.length >= 2, JSON.stringify(hist));
    assert.match(hist[0]!.createdBy, /CMD/);
    assert.ok(
      hist.some((l) => /COPY/.test(l.createdBy) && l.size > 100_000),
      JSON.stringify(hist),
    );
    assert.ok(
      hist.some((l) => l.id === null),
      'missing layer ids are null',
    );
    assert.ok(hist.every((l) => l.created > Date.UTC(2020, 0, 1)));
  });

  test('search the local registry', async () => {
    const found = await client.images.search(`${open.address}/berth`, { tlsVerify: false });
    assert.ok(
      found.some((r) => r.name === `${open.address}/berth/busybox`),
      JSON.stringify(found),
    );
    assert.equal(found[0]?.index, open.address);
    await rejectsWith(client.images.search('two words'), 'invalid-argument');
  });

  test('prune removes dangling images, then all unused ones', async () => {
    const dir = await h.scratch('dangling', { Containerfile: `FROM ${TEST_IMAGE}\nLABEL dangling=yes\n` });
    const { id } = await client.images.build(dir).result();
    const dangling = (await client.images.list()).find((i) => i.id === id);
    assert.equal(dangling?.dangling, true);
    const pruned = await client.images.prune();
    assert.ok(pruned.removed.includes(id), JSON.stringify(pruned));
    assert.ok(pruned.reclaimed >= 0);
    assert.ok(!(await client.images.list()).some((i) => i.id === id));
    // Unused: everything here but the image a running container uses.
    await h.podman(['run', '-d', '--name', 'keeper', TEST_IMAGE, 'sleep', '300']);
    const all = await client.images.prune({ all: true });
    assert.ok(all.removed.length >= 1, JSON.stringify(all));
    const left = await client.images.list();
    assert.ok(
      left.some((i) => i.repoTags.includes(TEST_IMAGE)),
      'the image in use stays',
    );
    assert.ok(
      left.every((i) => i.inUse),
      JSON.stringify(left.map((i) => [i.repoTags, i.containers])),
    );
    await h.podman(['rm', '-f', '-t', '0', 'keeper']);
  });
});

describe('images (Docker-compatible API)', () => {
  test('pull via /images/create reports per-layer progress and resolves with the image id', async () => {
    const ref = `${open.address}/berth/busybox:1`;
    await h.podman(['rmi', '-f', ref]).catch(() => undefined);
    const task = docker.images.pull(ref);
    const events = await collect(task);
    const { id } = await task.result();
    assert.match(id, /^[0-9a-f]{64}$/);
    assert.ok(
      events.some((e) => e.kind === 'layer' && /^[0-9a-f]{12}$/.test(e.layerId ?? '')),
      JSON.stringify(events),
    );
    assert.equal(events.at(-1)?.kind, 'done');
    const listed = (await docker.images.list()).find((i) => i.id === id);
    assert.ok(listed?.repoTags.includes(ref), JSON.stringify(listed));
    await rejectsWith(docker.images.pull(`${open.address}/nope:latest`).result(), 'image-unknown');
  });

  test('build, tag, untag and remove through the compat API', async () => {
    const dir = await h.scratch('compat-build', { Dockerfile: `FROM ${TEST_IMAGE}\nRUN echo compat > /c\nCMD ["cat", "/c"]\n` });
    const task = docker.images.build(dir, { tags: ['localhost/berth/compat:1'] });
    const events = await collect(task);
    const { id } = await task.result();
    assert.match(id, /^[0-9a-f]{64}$/);
    assert.ok(
      events.some((e) => e.kind === 'step'),
      JSON.stringify(events),
    );
    assert.equal(await h.podman(['run', '--rm', 'localhost/berth/compat:1']), 'compat\n');
    await docker.images.tag(id, 'localhost/berth/compat:2');
    await docker.images.untag('localhost/berth/compat:2');
    assert.equal(await docker.images.exists('localhost/berth/compat:2'), false);
    const r = await docker.images.remove('localhost/berth/compat:1');
    assert.ok(r.untagged.includes('localhost/berth/compat:1') || r.deleted.includes(id), JSON.stringify(r));
    const bad = await h.scratch('compat-bad', { Dockerfile: 'FROM\n' });
    await rejectsWith(docker.images.build(bad).result(), 'build-failed');
  });
});
