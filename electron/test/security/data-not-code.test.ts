// Names and values are data, never code. Shell payloads — $(…), backticks, ;,
// quotes, newlines, pipes, redirections, unicode — flow through the real bridge
// into create (command, env, labels), exec, logs, rename, volumes, builds,
// engines and machine operations. Each lands verbatim (or is refused by
// validation), and the canary files the payloads would create never appear,
// neither on the host nor inside the containers (`podman diff`, `ls`).
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readdirSync, rmSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { startPodman, TEST_IMAGE, type PodmanHarness } from '../../../engine/test/harness/podman-harness.js';
import { startBridgeRig, type BridgeClient, type BridgeRig } from './support/bridge-rig.js';

const C = `berth-canary-${randomBytes(6).toString('hex')}`;
const P = [
  `$(touch /tmp/${C}-1)`,
  `\`touch /tmp/${C}-2\``,
  `; touch /tmp/${C}-3`,
  `' ; touch /tmp/${C}-4 ; '`,
  `" ; touch /tmp/${C}-5 ; "`,
  `\ntouch /tmp/${C}-6\n`,
  `| touch /tmp/${C}-7`,
  `&& touch /tmp/${C}-8`,
  `\${IFS}touch\${IFS}/tmp/${C}-9`,
  `> /tmp/${C}-10`,
  `$(printf '%s' x > /tmp/${C}-11)`,
  `名前 ✓ é 🐳 \u202etxt.exe`,
  '$((1+1)) $HOME ~ * ? [a] {b,c} \\ \t %s %n',
];

let h: PodmanHarness;
let rig: BridgeRig;
let c: BridgeClient;
/** The containers' /tmp: a named volume, so a canary a shell would touch there is visible on the host. */
let containerTmp: string;
const tmpMount = [{ source: 'payload-tmp', target: '/tmp', type: 'volume' as const }];

before(async () => {
  h = await startPodman();
  await h.podman(['volume', 'create', 'payload-tmp']);
  containerTmp = (await h.podman(['volume', 'inspect', '--format', '{{.Mountpoint}}', 'payload-tmp'])).trim();
  // The control: a payload that IS run by a shell in a container leaves its canary where the checks look.
  await h.podman(['run', '--rm', '-v', 'payload-tmp:/tmp', TEST_IMAGE, 'sh', '-c', `touch /tmp/${C}-control`]);
  assert.ok(readdirSync(containerTmp).includes(`${C}-control`), 'the canary check can see a shell-made file');
  rmSync(path.join(containerTmp, `${C}-control`));
  rig = await startBridgeRig(h.url);
  c = await rig.connect();
});

after(async () => {
  await rig?.stop();
  await h?.teardown();
});

function noCanaryOnHost(): void {
  assert.deepEqual(
    readdirSync('/tmp').filter((f) => f.startsWith(C)),
    [],
    'no canary file on the host',
  );
}

async function noCanaryIn(container: string): Promise<void> {
  assert.deepEqual(
    readdirSync(containerTmp).filter((f) => f.startsWith(C)),
    [],
    "no canary in the containers' /tmp",
  );
  const diff = await h.podman(['diff', container]);
  assert.doesNotMatch(diff, new RegExp(C), `no canary in ${container} (podman diff)`);
}

const env = Object.fromEntries(P.map((p, i) => [`PAYLOAD_${i}`, p]));
const labels = Object.fromEntries(P.map((p, i) => [`payload.${i}`, p]));

test('create: command, env and labels carry payloads verbatim; logs bring them back as text', async () => {
  const r = await c.call('mutation', 'containers.create', { image: TEST_IMAGE, name: 'payload-echo', command: ['echo', ...P], env, labels, mounts: tmpMount, start: true });
  assert.ok(r.result, JSON.stringify(r.error));
  await h.podman(['wait', 'payload-echo']);
  const logs = await c.subscribe('containers.logs', { id: 'payload-echo', follow: false }, (d) => d.some((e) => (e as { kind: string }).kind !== 'chunk'));
  assert.equal(logs.error, undefined);
  const lines = logs.data.flatMap((e) => ((e as { kind: string }).kind === 'chunk' ? (e as { batches: { lines: string[] }[] }).batches.flatMap((b) => b.lines) : []));
  assert.equal(lines.join('\n'), P.join(' '), 'echo printed the payloads literally');
  const inspect = (await c.call('query', 'containers.inspect', { id: 'payload-echo' })).result?.data as { Config: { Env: string[]; Labels: Record<string, string>; Cmd: string[] } };
  assert.deepEqual(inspect.Config.Cmd, ['echo', ...P]);
  for (const [k, v] of Object.entries(env)) assert.ok(inspect.Config.Env.includes(`${k}=${v}`), `env ${k}`);
  for (const [k, v] of Object.entries(labels)) assert.equal(inspect.Config.Labels[k], v, `label ${k}`);
  // The full-log download (a one-time link from the bridge) serves the same bytes.
  const link = (await c.call('mutation', 'containers.logDownload', { id: 'payload-echo' })).result?.data as { url: string };
  const body = await new Promise<string>((resolve, reject) => {
    http
      .get(`${rig.httpOrigin}${link.url}`, (res) => {
        let s = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (s += d));
        res.on('end', () => resolve(s));
      })
      .on('error', reject);
  });
  assert.equal(body, `${P.join(' ')}\n`);
  await noCanaryIn('payload-echo');
  noCanaryOnHost();
});

test('exec: payloads as the program to run are data (never found, never a shell); env values reach the process as they are', async () => {
  const created = await c.call('mutation', 'containers.create', { image: TEST_IMAGE, name: 'payload-sleeper', command: ['sleep', '600'], env, labels, mounts: tmpMount, start: true });
  assert.ok(created.result, JSON.stringify(created.error));
  // The bridge's terminal runs one program (terminal.open's `shell`), TTY attached.
  const run = async (shell: string) => {
    const opened = await c.call('mutation', 'terminal.open', { id: 'payload-sleeper', cols: 200, rows: 50, shell });
    if (!opened.result) return { error: opened.error, text: '' };
    const { session } = opened.result.data as { session: string };
    const out = await c.subscribe('terminal.output', { session }, (d) => d.some((e) => ['exit', 'error'].includes((e as { kind: string }).kind)), 15_000);
    const text = out.data
      .map((e) => ((e as { kind: string }).kind === 'data' ? (e as { data: string }).data : ''))
      .join('')
      .replace(/\r\n/g, '\n');
    const exit = out.data.find((e) => (e as { kind: string }).kind === 'exit') as { code: number | null } | undefined;
    return { error: out.error, text, exit };
  };
  const envOut = await run('/bin/env');
  for (const [k, v] of Object.entries(env)) assert.ok(envOut.text.includes(`${k}=${v.replace(/\n/g, '\n')}`) || envOut.text.includes(`${k}=`), `${k} inside the container`);
  for (const [k, v] of Object.entries(env)) if (!v.includes('\n')) assert.ok(envOut.text.includes(`${k}=${v}`), `${k}=${v} verbatim inside the container`);
  // terminal.open takes one absolute program path: a payload is refused by validation, or, made
  // absolute, is looked up as a file name and not found — never handed to a shell.
  for (const p of P.flatMap((x) => [x, `/${x}`])) {
    const r = await run(p);
    assert.ok(r.error || (r.exit && r.exit.code !== 0), `running ${JSON.stringify(p)} as a program fails: ${JSON.stringify(r).slice(0, 200)}`);
  }
  await noCanaryIn('payload-sleeper');
  assert.doesNotMatch(await h.podman(['exec', 'payload-sleeper', 'ls', '-a', '/tmp', '/']), new RegExp(C));
  noCanaryOnHost();
});

test('names with payloads are refused by validation everywhere a name is typed; valid renames work', async () => {
  const refused: [string, 'query' | 'mutation', Record<string, unknown>][] = [];
  for (const p of P) {
    refused.push(
      ['containers.create', 'mutation', { image: TEST_IMAGE, name: p, start: false }],
      ['containers.rename', 'mutation', { id: 'payload-sleeper', name: p }],
      ['pods.create', 'mutation', { name: p }],
      ['volumes.create', 'mutation', { name: p }],
      ['networks.create', 'mutation', { name: p }],
      ['images.tag', 'mutation', { id: TEST_IMAGE, target: p }],
      ['containers.kill', 'mutation', { id: 'payload-sleeper', signal: p }],
      ['machines.create', 'mutation', { name: p }],
      ['machines.start', 'mutation', { name: p }],
      ['engines.add', 'mutation', { address: p }],
    );
  }
  for (const [path, method, input] of refused) {
    const r = await c.call(method, path, input);
    assert.equal(r.error?.data?.code, 'BAD_REQUEST', `${path} ${JSON.stringify(input)}: ${JSON.stringify(r).slice(0, 200)}`);
  }
  const ok = await c.call('mutation', 'containers.rename', { id: 'payload-sleeper', name: 'payload-renamed' });
  assert.ok(ok.result, JSON.stringify(ok.error));
  assert.match(await h.podman(['ps', '-a', '--format', '{{.Names}}']), /payload-renamed/);
  noCanaryOnHost();
});

test('payloads in volume labels, build paths, engine addresses and machine images stay data', async () => {
  const vol = await c.call('mutation', 'volumes.create', { name: 'payload-vol', labels });
  assert.ok(vol.result, JSON.stringify(vol.error));
  const vi = JSON.parse(await h.podman(['volume', 'inspect', 'payload-vol'])) as { Labels: Record<string, string> }[];
  for (const [k, v] of Object.entries(labels)) assert.equal(vi[0]!.Labels[k], v);
  const ctx = await h.scratch('payload-build');
  for (const p of P.slice(0, 5)) {
    const build = await c.subscribe('images.build', { contextDir: `/tmp/${p}`, tag: 'localhost/payload:1' }, (d) => d.some((e) => ['done', 'error'].includes((e as { kind: string }).kind)));
    assert.ok(build.error || build.data.some((e) => (e as { kind: string }).kind === 'error'), 'a build from a payload path fails');
    const b2 = await c.subscribe('images.build', { contextDir: ctx, containerfile: p, tag: 'localhost/payload:1' }, (d) => d.some((e) => ['done', 'error'].includes((e as { kind: string }).kind)));
    assert.ok(b2.error || b2.data.some((e) => (e as { kind: string }).kind === 'error'), 'a payload Containerfile name fails');
    const t = await c.call('mutation', 'engines.test', { address: `unix:///tmp/${p}.sock` });
    assert.ok(t.error || (t.result?.data as { ok: boolean }).ok === false, 'testing a payload engine address fails quietly');
    const m = await c.call('mutation', 'machines.create', { name: 'payload-machine', image: p });
    assert.ok(m.error, 'machines are refused (unsupported here) without running anything');
  }
  noCanaryOnHost();
});

test('kube play: payloads in a Pod spec run as arguments, not as a script', async () => {
  // Podman 4.3's kube YAML reader chokes on an escaped newline in a flow sequence: leave that one out here.
  const K = P.filter((p) => !p.includes('\n'));
  const yaml = `apiVersion: v1
kind: Pod
metadata:
  name: payload-pod
spec:
  restartPolicy: Never
  containers:
  - name: echo
    image: ${TEST_IMAGE}
    command: ["echo"]
    args: ${JSON.stringify(K)}
    volumeMounts:
    - name: tmp
      mountPath: /tmp
    env:
${K.map((p, i) => `    - name: KUBE_${i}\n      value: ${JSON.stringify(p)}`).join('\n')}
  volumes:
  - name: tmp
    persistentVolumeClaim:
      claimName: payload-tmp
`;
  const r = await c.call('mutation', 'kube.play', { yaml });
  assert.ok(r.result, JSON.stringify(r.error));
  await h.podman(['wait', 'payload-pod-echo']).catch(() => undefined);
  assert.equal((await h.podman(['logs', 'payload-pod-echo'])).replace(/\n$/, ''), K.join(' '));
  await noCanaryIn('payload-pod-echo');
  noCanaryOnHost();
});

test('nothing anywhere: no canary on the host, in any container, or in the engine log', async () => {
  noCanaryOnHost();
  for (const name of (await h.podman(['ps', '-a', '--format', '{{.Names}}'])).trim().split('\n').filter(Boolean)) {
    if (!/infra/.test(name)) await noCanaryIn(name);
  }
  console.log(`data-not-code: ${P.length} payloads through create/env/labels/exec/logs/rename/volumes/build/engines/machines/kube; canary prefix ${C} never appeared`);
});
