/**
 * Captures the error messages real engines send, for the table-driven
 * classification test (engine/test/unit/errors.test.ts holds the output as data).
 *
 *   node --import tsx engine/test/harness/capture-engine-errors.ts > /tmp/engine-errors.json
 *
 * It starts the isolated Podman harness and the private dockerd harness,
 * provokes each failure with a raw HTTP request (the body is what the engine
 * said, verbatim), and prints `[{engine, case, status, message}]`. Socket
 * errors (EACCES, ENOENT, ECONNREFUSED) are Node's own messages, taken by
 * connecting as an unprivileged user, to a missing path and to a dead socket.
 */
import { execFile, spawn } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { writeFile } from 'node:fs/promises';
import { startDocker, DOCKER_TEST_IMAGE } from './docker-harness.js';
import { freePort } from './free-port.js';
import { startPodman, TEST_IMAGE } from './podman-harness.js';

const run = promisify(execFile);

interface Captured {
  engine: 'podman-4.3' | 'docker-20.10' | 'node';
  case: string;
  status?: number;
  message: string;
}

const out: Captured[] = [];

function call(socket: string, method: string, p: string, body?: unknown): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const data = body === undefined ? undefined : JSON.stringify(body);
    const req = http.request({ socketPath: socket, method, path: p, headers: data ? { 'content-type': 'application/json' } : {} }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    req.end(data);
  });
}

/** Record the engine's message for a request that must fail (an error body, or an `{error}` line inside a 200 stream). */
async function expectFail(engine: Captured['engine'], name: string, socket: string, method: string, p: string, body?: unknown): Promise<void> {
  const { status, text } = await call(socket, method, p, body);
  let message = text.trim();
  try {
    const j = JSON.parse(message) as { message?: string; error?: string };
    if (typeof j.message === 'string') message = j.message;
    else if (typeof j.error === 'string') message = j.error;
  } catch {
    const line = message
      .split('\n')
      .map((l) => {
        try {
          return JSON.parse(l) as { error?: string };
        } catch {
          return {};
        }
      })
      .find((j) => typeof j.error === 'string');
    if (line?.error) message = line.error;
  }
  if (status < 300 && !/"error"/.test(text)) throw new Error(`${engine} ${name}: expected a failure, got ${status}`);
  out.push({ engine, case: name, status, message });
}

async function ok(socket: string, method: string, p: string, body?: unknown): Promise<string> {
  const { status, text } = await call(socket, method, p, body);
  if (status >= 300) throw new Error(`${method} ${p}: ${status} ${text}`);
  return text;
}

/** Node's own message for connecting to `socket` as uid/gid 65534 (nobody). */
async function connectAsNobody(socket: string): Promise<string> {
  const script = `const s=require('net').connect(${JSON.stringify(socket)});s.on('connect',()=>{console.log('connected');s.end()});s.on('error',e=>console.log(e.code+' '+e.message))`;
  const { stdout } = await run(process.execPath, ['-e', script], { uid: 65534, gid: 65534 });
  return stdout.trim();
}

function connectError(socket: string): Promise<string> {
  return new Promise((resolve) => {
    const s = net.connect(socket);
    s.on('connect', () => {
      s.end();
      resolve('connected');
    });
    s.on('error', (e: NodeJS.ErrnoException) => resolve(`${e.code} ${e.message}`));
  });
}

async function withListener<T>(fn: (port: number) => Promise<T>): Promise<T> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  try {
    return await fn((srv.address() as net.AddressInfo).port);
  } finally {
    srv.close();
  }
}

async function capturePodman(): Promise<void> {
  const h = await startPodman();
  const s = h.socket;
  const L = (p: string) => `/v4.0.0/libpod${p}`;
  const E = 'podman-4.3' as const;
  try {
    await expectFail(E, 'no such container', s, 'GET', L('/containers/nope/json'));
    await expectFail(E, 'no such image (inspect)', s, 'GET', L('/images/nope/json'));
    await expectFail(E, 'no such image (remove)', s, 'DELETE', L('/images/nope'));
    await expectFail(E, 'no such image (create container)', s, 'POST', L('/containers/create'), { image: 'localhost/nope:latest' });
    await ok(s, 'POST', L('/containers/create'), { image: TEST_IMAGE, name: 'dup', command: ['sleep', '600'] });
    await expectFail(E, 'name already in use', s, 'POST', L('/containers/create'), { image: TEST_IMAGE, name: 'dup' });
    await expectFail(E, 'container not running (exec)', s, 'POST', L('/containers/dup/exec'), { Cmd: ['true'] });
    await expectFail(E, 'container not running (pause)', s, 'POST', L('/containers/dup/pause'));
    await ok(s, 'POST', L('/containers/dup/start'));
    await expectFail(E, 'container is running (remove)', s, 'DELETE', L('/containers/dup'));
    await expectFail(E, 'image in use by a container', s, 'DELETE', L(`/images/${encodeURIComponent(TEST_IMAGE)}`));
    await expectFail(E, 'pod not found (inspect)', s, 'GET', L('/pods/nope/json'));
    await expectFail(E, 'pod not found (remove)', s, 'DELETE', L('/pods/nope'));
    await ok(s, 'POST', L('/volumes/create'), { Name: 'capvol' });
    await ok(s, 'POST', L('/containers/create'), { image: TEST_IMAGE, name: 'volholder', volumes: [{ Name: 'capvol', Dest: '/data' }] });
    await expectFail(E, 'volume in use', s, 'DELETE', L('/volumes/capvol'));
    await expectFail(E, 'no such volume', s, 'DELETE', L('/volumes/nope'));
    await expectFail(E, 'volume name in use', s, 'POST', L('/volumes/create'), { Name: 'capvol' });
    await ok(s, 'POST', L('/networks/create'), { name: 'capnet' });
    await ok(s, 'POST', L('/containers/create'), { image: TEST_IMAGE, name: 'netholder', networks: { capnet: {} } });
    await expectFail(E, 'network in use', s, 'DELETE', L('/networks/capnet'));
    await expectFail(E, 'no such network', s, 'DELETE', L('/networks/nope'));
    await expectFail(E, 'network name in use', s, 'POST', L('/networks/create'), { name: 'capnet' });
    await expectFail(E, 'invalid reference format (create container)', s, 'POST', L('/containers/create'), { image: 'Bad:::Ref' });
    await expectFail(E, 'invalid reference format (pull)', s, 'POST', L('/images/pull?reference=Bad%3A%3A%3ARef'));
    await expectFail(E, 'invalid reference format (tag)', s, 'POST', L(`/images/${encodeURIComponent(TEST_IMAGE)}/tag?repo=UPPER&tag=x`));
    await withListener(async (port) => {
      await ok(s, 'POST', L('/containers/create'), { image: TEST_IMAGE, name: 'porter', command: ['sleep', '600'], portmappings: [{ host_ip: '127.0.0.1', host_port: port, container_port: 80 }] });
      await expectFail(E, 'port held by a process (start)', s, 'POST', L('/containers/porter/start'));
    });
    const port = await freePort();
    await ok(s, 'POST', L('/containers/create'), { image: TEST_IMAGE, name: 'p1', command: ['sleep', '600'], portmappings: [{ host_ip: '127.0.0.1', host_port: port, container_port: 80 }] });
    await ok(s, 'POST', L('/containers/p1/start'));
    await ok(s, 'POST', L('/containers/create'), { image: TEST_IMAGE, name: 'p2', command: ['sleep', '600'], portmappings: [{ host_ip: '127.0.0.1', host_port: port, container_port: 80 }] });
    await expectFail(E, 'port held by a container (start)', s, 'POST', L('/containers/p2/start'));
    await expectFail(E, 'compat: no such container', s, 'GET', '/v1.41/containers/nope/json');
    await expectFail(E, 'compat: container is running (remove)', s, 'DELETE', '/v1.41/containers/dup');
    await expectFail(E, 'compat: image in use', s, 'DELETE', `/v1.41/images/${encodeURIComponent(TEST_IMAGE)}`);
    out.push({ engine: 'node', case: 'permission denied on socket', message: await connectAsNobody(s) });
    await h.stopService();
    out.push({ engine: 'node', case: 'no socket', message: await connectError(s) });
    // A socket whose listener died (SIGKILL leaves the file): what a crashed service leaves behind.
    const dead = path.join(h.dir, 'dead.sock');
    const child = spawn(process.execPath, ['-e', `require('net').createServer().listen(${JSON.stringify(dead)}, () => console.log('up'))`], { stdio: ['ignore', 'pipe', 'ignore'] });
    await new Promise((r) => child.stdout?.once('data', r));
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    out.push({ engine: 'node', case: 'socket without a listener', message: await connectError(dead) });
    await writeFile(path.join(h.dir, 'plain-file'), '');
    out.push({ engine: 'node', case: 'not a socket', message: await connectError(path.join(h.dir, 'plain-file')) });
  } finally {
    await h.teardown();
  }
}

async function captureDocker(): Promise<void> {
  const h = await startDocker();
  const s = h.socket;
  const D = (p: string) => `/v1.41${p}`;
  const E = 'docker-20.10' as const;
  const none = { NetworkMode: 'none' };
  try {
    await expectFail(E, 'no such container', s, 'GET', D('/containers/nope/json'));
    await expectFail(E, 'no such image (inspect)', s, 'GET', D('/images/nope/json'));
    await expectFail(E, 'no such image (remove)', s, 'DELETE', D('/images/nope'));
    await expectFail(E, 'no such image (create container)', s, 'POST', D('/containers/create'), { Image: 'nope:latest', HostConfig: none });
    await ok(s, 'POST', D('/containers/create?name=dup'), { Image: DOCKER_TEST_IMAGE, Cmd: ['sleep', '600'], HostConfig: none });
    await expectFail(E, 'name already in use', s, 'POST', D('/containers/create?name=dup'), { Image: DOCKER_TEST_IMAGE, HostConfig: none });
    await expectFail(E, 'container not running (exec)', s, 'POST', D('/containers/dup/exec'), { Cmd: ['true'] });
    await expectFail(E, 'container not running (pause)', s, 'POST', D('/containers/dup/pause'));
    await expectFail(E, 'image in use by a stopped container', s, 'DELETE', D(`/images/${DOCKER_TEST_IMAGE}`));
    await ok(s, 'POST', D('/containers/dup/start'));
    await expectFail(E, 'container is running (remove)', s, 'DELETE', D('/containers/dup'));
    // By id: a forced removal by name only untags.
    const imageId = (JSON.parse(await ok(s, 'GET', D(`/images/${DOCKER_TEST_IMAGE}/json`))) as { Id: string }).Id;
    await expectFail(E, 'image in use by a running container (force)', s, 'DELETE', D(`/images/${imageId}?force=true`));
    await ok(s, 'POST', D('/volumes/create'), { Name: 'capvol' });
    await ok(s, 'POST', D('/containers/create?name=volholder'), { Image: DOCKER_TEST_IMAGE, HostConfig: { ...none, Binds: ['capvol:/data'] } });
    await expectFail(E, 'volume in use', s, 'DELETE', D('/volumes/capvol'));
    await expectFail(E, 'no such volume', s, 'DELETE', D('/volumes/nope'));
    await expectFail(E, 'no such network', s, 'DELETE', D('/networks/nope'));
    await expectFail(E, 'invalid reference format (create container)', s, 'POST', D('/containers/create'), { Image: 'Bad:::Ref', HostConfig: none });
    await expectFail(E, 'invalid reference format (pull)', s, 'POST', D('/images/create?fromImage=Bad%3A%3A%3ARef'));
    await expectFail(E, 'invalid reference format (tag)', s, 'POST', D(`/images/${DOCKER_TEST_IMAGE}/tag?repo=UPPER&tag=x`));
    // A bridge with its own name (no iptables here): for "network in use" and docker-proxy's port clashes.
    await ok(s, 'POST', D('/networks/create'), { Name: 'capnet', Driver: 'bridge', Options: { 'com.docker.network.bridge.name': 'berthcap0' } });
    try {
      await expectFail(E, 'network name in use', s, 'POST', D('/networks/create'), { Name: 'capnet', CheckDuplicate: true });
      const port = await freePort();
      const pb = { '80/tcp': [{ HostIp: '127.0.0.1', HostPort: String(port) }] };
      await ok(s, 'POST', D('/containers/create?name=p1'), {
        Image: DOCKER_TEST_IMAGE,
        Cmd: ['sleep', '600'],
        ExposedPorts: { '80/tcp': {} },
        HostConfig: { NetworkMode: 'capnet', PortBindings: pb },
      });
      await ok(s, 'POST', D('/containers/p1/start'));
      await expectFail(E, 'network in use', s, 'DELETE', D('/networks/capnet'));
      await ok(s, 'POST', D('/containers/create?name=p2'), {
        Image: DOCKER_TEST_IMAGE,
        Cmd: ['sleep', '600'],
        ExposedPorts: { '80/tcp': {} },
        HostConfig: { NetworkMode: 'capnet', PortBindings: pb },
      });
      await expectFail(E, 'port held by a container (start)', s, 'POST', D('/containers/p2/start'));
      await withListener(async (held) => {
        const pb2 = { '80/tcp': [{ HostIp: '127.0.0.1', HostPort: String(held) }] };
        await ok(s, 'POST', D('/containers/create?name=p3'), {
          Image: DOCKER_TEST_IMAGE,
          Cmd: ['sleep', '600'],
          ExposedPorts: { '80/tcp': {} },
          HostConfig: { NetworkMode: 'capnet', PortBindings: pb2 },
        });
        await expectFail(E, 'port held by a process (start)', s, 'POST', D('/containers/p3/start'));
      });
    } finally {
      await call(s, 'DELETE', D('/containers/p1?force=true'));
      await call(s, 'DELETE', D('/containers/p2?force=true'));
      await call(s, 'DELETE', D('/containers/p3?force=true'));
      await call(s, 'DELETE', D('/networks/capnet'));
    }
    out.push({ engine: 'node', case: 'permission denied on socket (docker)', message: await connectAsNobody(s) });
  } finally {
    await h.teardown();
  }
}

await capturePodman().catch((e: unknown) => console.error('podman:', e));
await captureDocker().catch((e: unknown) => console.error('docker:', e));
console.log(JSON.stringify(out, null, 1));
