// Bad input through the real bridge (WebSocket client → serve → tRPC → app core
// → isolated Podman), kept as a table so it is easy to extend: one row per
// input, with the error it must produce (a validation error with its message,
// or an engine error of a given kind with the operation, the engine's words
// and a hint). Nothing is lost: `podman ps -a`, `podman images`, `podman volume
// ls`, networks and pods are snapshotted before and after, and only what a row
// names may change.
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { startPodman, TEST_IMAGE, type PodmanHarness } from '../../../engine/test/harness/podman-harness.js';
import { startBridgeRig, type BridgeClient, type BridgeRig, type Reply } from './support/bridge-rig.js';

let h: PodmanHarness;
let rig: BridgeRig;
let c: BridgeClient;
let other: BridgeClient;
let busyPort: number;
let busyServer: net.Server;
let ctxBadSyntax: string;
let ctxMissingBase: string;

/** What a row must produce. */
type Expect = { validation: RegExp; field?: string } | { engine: string | string[]; message?: RegExp } | { ok: true; alreadyInState?: boolean };

interface Row {
  name: string;
  method: 'query' | 'mutation' | 'subscription';
  path: string;
  input: () => unknown;
  expect: Expect;
  /** Run first (e.g. another client removes the container). */
  setup?: () => Promise<void>;
  /** Resources this row may create or remove ("kind:name"). */
  changes?: string[];
}

const img = TEST_IMAGE;
const create = (extra: Record<string, unknown>) => ({ image: img, start: false, ...extra });

const ROWS: Row[] = [
  // --- image references ---
  {
    name: 'image name in upper case',
    method: 'mutation',
    path: 'containers.create',
    input: () => create({ image: 'Docker.io/Library/NGINX' }),
    expect: { validation: /not a valid image name/, field: 'image' },
  },
  { name: 'empty image name', method: 'mutation', path: 'containers.create', input: () => create({ image: '' }), expect: { validation: /image name is required/ } },
  { name: 'image name with a space', method: 'mutation', path: 'containers.create', input: () => create({ image: 'busy box' }), expect: { validation: /not a valid image name/ } },
  { name: 'image with an empty tag', method: 'mutation', path: 'containers.create', input: () => create({ image: 'busybox:' }), expect: { validation: /not a valid image name/ } },
  { name: 'image with a short digest', method: 'mutation', path: 'containers.create', input: () => create({ image: 'busybox@sha256:abc' }), expect: { validation: /not a valid image name/ } },
  { name: 'image starting with a dash', method: 'mutation', path: 'containers.create', input: () => create({ image: '-busybox' }), expect: { validation: /not a valid image name/ } },
  {
    name: 'pull of a URL instead of a reference',
    method: 'subscription',
    path: 'images.pull',
    input: () => ({ reference: 'https://docker.io/library/nginx' }),
    expect: { validation: /not a valid image name/ },
  },
  { name: 'pull of a 600-character reference', method: 'subscription', path: 'images.pull', input: () => ({ reference: `a${'b'.repeat(599)}` }), expect: { validation: /too long/ } },
  {
    name: 'create from an image that does not exist',
    method: 'mutation',
    path: 'containers.create',
    input: () => create({ image: 'localhost/does-not-exist:1', name: 'bi-noimage' }),
    expect: { engine: 'image-unknown' },
  },
  {
    name: 'pull from a registry that is not there',
    method: 'subscription',
    path: 'images.pull',
    input: () => ({ reference: '127.0.0.1:1/nothing/here:1', tlsVerify: false }),
    expect: { engine: ['registry-unreachable', 'image-unknown'] },
  },
  { name: 'tag with an invalid target', method: 'mutation', path: 'images.tag', input: () => ({ id: img, target: 'Bad Target' }), expect: { validation: /not a valid image name/ } },
  { name: 'remove an image that does not exist', method: 'mutation', path: 'images.remove', input: () => ({ id: 'localhost/nope:1' }), expect: { engine: ['not-found', 'image-unknown'] } },
  { name: 'remove an image a container uses', method: 'mutation', path: 'images.remove', input: () => ({ id: 'localhost/bi-used:1' }), expect: { engine: ['image-in-use', 'conflict'] } },
  // --- names ---
  {
    name: 'container name with a space',
    method: 'mutation',
    path: 'containers.create',
    input: () => create({ name: 'my app' }),
    expect: { validation: /A name starts with a letter or digit/, field: 'name' },
  },
  { name: 'container name starting with a dash', method: 'mutation', path: 'containers.create', input: () => create({ name: '-app' }), expect: { validation: /A name starts with/ } },
  { name: 'container name starting with a dot', method: 'mutation', path: 'containers.create', input: () => create({ name: '.app' }), expect: { validation: /A name starts with/ } },
  { name: 'container name with a slash', method: 'mutation', path: 'containers.create', input: () => create({ name: 'a/b' }), expect: { validation: /A name starts with/ } },
  { name: 'container name with non-ASCII letters', method: 'mutation', path: 'containers.create', input: () => create({ name: 'ünïcode' }), expect: { validation: /A name starts with/ } },
  { name: 'container name of 300 characters', method: 'mutation', path: 'containers.create', input: () => create({ name: 'a'.repeat(300) }), expect: { validation: /too long/ } },
  { name: 'rename to an illegal name', method: 'mutation', path: 'containers.rename', input: () => ({ id: 'bi-stopped', name: 'bad name' }), expect: { validation: /A name starts with/ } },
  { name: 'pod name with a colon', method: 'mutation', path: 'pods.create', input: () => ({ name: 'bad:name' }), expect: { validation: /A name starts with/ } },
  { name: 'volume name with a space', method: 'mutation', path: 'volumes.create', input: () => ({ name: 'a b' }), expect: { validation: /A name starts with/ } },
  { name: 'network name with ../', method: 'mutation', path: 'networks.create', input: () => ({ name: '../x' }), expect: { validation: /A name starts with/ } },
  // --- duplicates ---
  { name: 'duplicate container name', method: 'mutation', path: 'containers.create', input: () => create({ name: 'bi-running' }), expect: { engine: 'name-in-use' } },
  { name: 'rename onto an existing name', method: 'mutation', path: 'containers.rename', input: () => ({ id: 'bi-stopped', name: 'bi-running' }), expect: { engine: 'name-in-use' } },
  { name: 'duplicate volume name', method: 'mutation', path: 'volumes.create', input: () => ({ name: 'bi-vol' }), expect: { engine: 'name-in-use' } },
  { name: 'duplicate network name', method: 'mutation', path: 'networks.create', input: () => ({ name: 'bi-net' }), expect: { engine: 'name-in-use' } },
  { name: 'duplicate pod name', method: 'mutation', path: 'pods.create', input: () => ({ name: 'bi-pod' }), expect: { engine: 'name-in-use' } },
  // --- ports ---
  { name: 'host port 0', method: 'mutation', path: 'containers.create', input: () => create({ ports: [{ hostPort: 0, containerPort: 80 }] }), expect: { validation: /Ports go from 1 to 65535/ } },
  {
    name: 'host port 65536',
    method: 'mutation',
    path: 'containers.create',
    input: () => create({ ports: [{ hostPort: 65536, containerPort: 80 }] }),
    expect: { validation: /Ports go from 1 to 65535/ },
  },
  {
    name: 'negative container port',
    method: 'mutation',
    path: 'containers.create',
    input: () => create({ ports: [{ hostPort: 8080, containerPort: -1 }] }),
    expect: { validation: /Ports go from 1 to 65535/ },
  },
  { name: 'fractional port', method: 'mutation', path: 'containers.create', input: () => create({ ports: [{ hostPort: 80.5, containerPort: 80 }] }), expect: { validation: /whole number/ } },
  { name: 'port as a string', method: 'mutation', path: 'containers.create', input: () => create({ ports: [{ hostPort: '8080', containerPort: 80 }] }), expect: { validation: /number/i } },
  {
    name: 'unknown protocol',
    method: 'mutation',
    path: 'containers.create',
    input: () => create({ ports: [{ hostPort: 8080, containerPort: 80, protocol: 'sctp' }] }),
    expect: { validation: /tcp|udp|option/i },
  },
  {
    name: 'a host port already in use',
    method: 'mutation',
    path: 'containers.create',
    input: () => ({ image: img, name: 'bi-port-clash', command: ['sleep', '60'], ports: [{ hostPort: busyPort, containerPort: 80 }], start: true }),
    expect: { engine: ['port-in-use'] },
    changes: ['container:bi-port-clash'],
  },
  // --- environment and labels ---
  { name: 'env key containing =', method: 'mutation', path: 'containers.create', input: () => create({ env: { 'A=B': '1' } }), expect: { validation: /cannot contain "="/ } },
  { name: 'empty env key', method: 'mutation', path: 'containers.create', input: () => create({ env: { '': '1' } }), expect: { validation: /needs a name/ } },
  { name: 'env key with a NUL byte', method: 'mutation', path: 'containers.create', input: () => create({ env: { 'A\u0000B': '1' } }), expect: { validation: /cannot contain/ } },
  { name: 'env value that is a number', method: 'mutation', path: 'containers.create', input: () => create({ env: { A: 5 } }), expect: { validation: /string/i } },
  { name: 'env as a list of lines', method: 'mutation', path: 'containers.create', input: () => create({ env: ['A=1', 'B'] }), expect: { validation: /record|object/i } },
  { name: 'empty label key', method: 'mutation', path: 'containers.create', input: () => create({ labels: { '': 'x' } }), expect: { validation: /./ } },
  // --- mounts ---
  {
    name: 'bind mount of a path that does not exist',
    method: 'mutation',
    path: 'containers.create',
    input: () => ({ image: img, name: 'bi-badmount', command: ['true'], mounts: [{ type: 'bind', source: '/does/not/exist/berth', target: '/data' }], start: true }),
    expect: { engine: ['not-found', 'invalid-argument', 'engine'], message: /does\/not\/exist|no such file/i },
    changes: ['container:bi-badmount'],
  },
  {
    name: 'relative mount target',
    method: 'mutation',
    path: 'containers.create',
    input: () => create({ mounts: [{ type: 'bind', source: '/tmp', target: 'data' }] }),
    expect: { validation: /absolute path/ },
  },
  {
    name: 'unknown mount type',
    method: 'mutation',
    path: 'containers.create',
    input: () => create({ mounts: [{ type: 'tmpfs', source: 'x', target: '/x' }] }),
    expect: { validation: /bind|volume|option/i },
  },
  {
    name: 'empty mount source',
    method: 'mutation',
    path: 'containers.create',
    input: () => create({ mounts: [{ type: 'volume', source: '', target: '/x' }] }),
    expect: { validation: /needs a source/ },
  },
  // --- memory ---
  { name: 'negative memory limit', method: 'mutation', path: 'containers.create', input: () => create({ memoryLimit: -1 }), expect: { validation: /./, field: 'memoryLimit' } },
  { name: 'zero memory limit', method: 'mutation', path: 'containers.create', input: () => create({ memoryLimit: 0 }), expect: { validation: /./, field: 'memoryLimit' } },
  { name: 'memory limit of 2^51 bytes', method: 'mutation', path: 'containers.create', input: () => create({ memoryLimit: 2 ** 51 }), expect: { validation: /./, field: 'memoryLimit' } },
  { name: 'memory limit "12zb"', method: 'mutation', path: 'containers.create', input: () => create({ memoryLimit: '12zb' }), expect: { validation: /number/i, field: 'memoryLimit' } },
  { name: 'fractional memory limit', method: 'mutation', path: 'containers.create', input: () => create({ memoryLimit: 1.5 }), expect: { validation: /./, field: 'memoryLimit' } },
  {
    name: 'memory limit of 1 KiB (below what the runtime allows)',
    method: 'mutation',
    path: 'containers.create',
    input: () => ({ image: img, name: 'bi-tinymem', command: ['true'], memoryLimit: 1024, start: true }),
    expect: { engine: ['invalid-argument', 'engine'], message: /memory/i },
    changes: ['container:bi-tinymem'],
  },
  // --- build ---
  {
    name: 'Containerfile with a syntax error',
    method: 'subscription',
    path: 'images.build',
    input: () => ({ contextDir: ctxBadSyntax, tag: 'localhost/bi-bad:1' }),
    expect: { engine: ['build-failed', 'invalid-argument'], message: /RUNN|unknown instruction|syntax/i },
  },
  {
    name: 'Containerfile FROM an image that does not exist',
    method: 'subscription',
    path: 'images.build',
    input: () => ({ contextDir: ctxMissingBase, tag: 'localhost/bi-bad:2' }),
    expect: { engine: ['build-failed', 'image-unknown', 'registry-unreachable'] },
  },
  {
    name: 'build folder that does not exist',
    method: 'subscription',
    path: 'images.build',
    input: () => ({ contextDir: '/does/not/exist/berth' }),
    expect: { engine: ['invalid-argument', 'not-found'] },
  },
  { name: 'relative build folder', method: 'subscription', path: 'images.build', input: () => ({ contextDir: 'ctx' }), expect: { validation: /absolute path/ } },
  {
    name: 'Containerfile outside the context',
    method: 'subscription',
    path: 'images.build',
    input: () => ({ contextDir: ctxBadSyntax, containerfile: '/etc/passwd' }),
    expect: { engine: ['invalid-argument'], message: /outside/ },
  },
  // --- kube ---
  {
    name: 'kube YAML that is not YAML',
    method: 'mutation',
    path: 'kube.play',
    input: () => ({ yaml: 'kind: Pod\nmetadata: [unclosed\n  name: x' }),
    expect: { engine: ['invalid-argument', 'engine'] },
  },
  { name: 'kube YAML that is plain text', method: 'mutation', path: 'kube.play', input: () => ({ yaml: 'hello world, not a pod' }), expect: { engine: ['invalid-argument', 'engine'] } },
  {
    name: 'kube YAML that is a Service, not a Pod',
    method: 'mutation',
    path: 'kube.play',
    input: () => ({ yaml: 'apiVersion: v1\nkind: Service\nmetadata:\n  name: svc\nspec:\n  ports:\n  - port: 80\n' }),
    expect: { engine: ['invalid-argument', 'engine'] },
  },
  { name: 'empty kube YAML', method: 'mutation', path: 'kube.play', input: () => ({ yaml: '' }), expect: { validation: /The YAML is empty/ } },
  { name: 'kube YAML over 1 MiB', method: 'mutation', path: 'kube.play', input: () => ({ yaml: `# ${'x'.repeat(1024 * 1024)}` }), expect: { validation: /larger than 1 MiB/ } },
  // --- container state ---
  { name: 'stop a container that exited', method: 'mutation', path: 'containers.stop', input: () => ({ id: 'bi-exited' }), expect: { ok: true, alreadyInState: true } },
  // Podman answers 204 (not 304) for a container that never started: it succeeds, which is what matters to the user.
  { name: 'stop a container that never started', method: 'mutation', path: 'containers.stop', input: () => ({ id: 'bi-stopped' }), expect: { ok: true } },
  { name: 'start a container that is already running', method: 'mutation', path: 'containers.start', input: () => ({ id: 'bi-running' }), expect: { ok: true, alreadyInState: true } },
  {
    name: 'pause a container that is not running',
    method: 'mutation',
    path: 'containers.pause',
    input: () => ({ id: 'bi-stopped' }),
    expect: { engine: ['container-not-running', 'conflict', 'engine'] },
  },
  { name: 'remove a running container without force', method: 'mutation', path: 'containers.remove', input: () => ({ id: 'bi-running' }), expect: { engine: 'container-running' } },
  {
    name: 'kill with an unknown signal',
    method: 'mutation',
    path: 'containers.kill',
    input: () => ({ id: 'bi-running', signal: 'SIGFOO' }),
    expect: { engine: ['invalid-argument', 'engine'], message: /signal/i },
  },
  { name: 'kill with a lower-case signal name', method: 'mutation', path: 'containers.kill', input: () => ({ id: 'bi-running', signal: 'sigkill' }), expect: { validation: /Not a signal name/ } },
  { name: 'stop with a negative timeout', method: 'mutation', path: 'containers.stop', input: () => ({ id: 'bi-running', timeout: -1 }), expect: { validation: /./, field: 'timeout' } },
  { name: 'logs with a negative tail', method: 'subscription', path: 'containers.logs', input: () => ({ id: 'bi-running', tail: -5 }), expect: { validation: /./, field: 'tail' } },
  {
    name: 'terminal in a stopped container',
    method: 'mutation',
    path: 'terminal.open',
    input: () => ({ id: 'bi-stopped', cols: 80, rows: 24 }),
    expect: { engine: ['container-not-running', 'conflict', 'engine'] },
  },
  { name: 'terminal with zero columns', method: 'mutation', path: 'terminal.open', input: () => ({ id: 'bi-running', cols: 0, rows: 24 }), expect: { validation: /./, field: 'cols' } },
  {
    name: 'typing into a terminal session that does not exist',
    method: 'mutation',
    path: 'terminal.input',
    input: () => ({ session: 'abcdefgh-0000-0000', data: 'ls\n' }),
    expect: { engine: ['not-found', 'engine', 'stream-interrupted'] },
  },
  { name: 'bulk action with no containers', method: 'mutation', path: 'containers.bulk', input: () => ({ ids: [], action: 'stop' }), expect: { validation: /./, field: 'ids' } },
  { name: 'bulk action that is not an action', method: 'mutation', path: 'containers.bulk', input: () => ({ ids: ['bi-running'], action: 'explode' }), expect: { validation: /./, field: 'action' } },
  // --- another client removed it ---
  {
    name: 'start a container another client just removed',
    method: 'mutation',
    path: 'containers.start',
    input: () => ({ id: 'bi-victim' }),
    setup: async () => {
      const r = await other.call('mutation', 'containers.remove', { id: 'bi-victim', force: true });
      assert.ok(r.result, JSON.stringify(r.error));
    },
    expect: { engine: 'not-found' },
    changes: ['container:bi-victim'],
  },
  { name: 'inspect a container another client just removed', method: 'query', path: 'containers.inspect', input: () => ({ id: 'bi-victim' }), expect: { engine: 'not-found' } },
  { name: 'rename a container another client just removed', method: 'mutation', path: 'containers.rename', input: () => ({ id: 'bi-victim', name: 'bi-ghost' }), expect: { engine: 'not-found' } },
  { name: 'remove a container another client just removed', method: 'mutation', path: 'containers.remove', input: () => ({ id: 'bi-victim' }), expect: { engine: 'not-found' } },
  { name: 'logs of a container another client just removed', method: 'subscription', path: 'containers.logs', input: () => ({ id: 'bi-victim', follow: false }), expect: { engine: 'not-found' } },
  // --- volumes, networks, pods, engines ---
  { name: 'remove a volume a container uses', method: 'mutation', path: 'volumes.remove', input: () => ({ id: 'bi-vol' }), expect: { engine: 'volume-in-use' } },
  { name: 'remove a network a container uses', method: 'mutation', path: 'networks.remove', input: () => ({ id: 'bi-net' }), expect: { engine: ['network-in-use', 'conflict'] } },
  { name: 'network subnet that is not a subnet', method: 'mutation', path: 'networks.create', input: () => ({ name: 'bi-net2', subnet: '10.0.0.300' }), expect: { validation: /A subnet looks like/ } },
  {
    name: 'network subnet with a /40 prefix',
    method: 'mutation',
    path: 'networks.create',
    input: () => ({ name: 'bi-net3', subnet: '10.89.0.0/40' }),
    expect: { engine: ['invalid-argument', 'engine'] },
  },
  { name: 'action on a pod that does not exist', method: 'mutation', path: 'pods.action', input: () => ({ id: 'bi-nopod', action: 'start' }), expect: { engine: 'not-found' } },
  { name: 'pod action that is not an action', method: 'mutation', path: 'pods.action', input: () => ({ id: 'bi-pod', action: 'remove' }), expect: { validation: /./, field: 'action' } },
  { name: 'engine address that is a URL', method: 'mutation', path: 'engines.add', input: () => ({ address: 'http://127.0.0.1:2375' }), expect: { validation: /unix:\/\/\// } },
  // The Files tab (a container's files) and a volume's files: paths, names, sizes, and what the engine refuses.
  { name: 'files: a relative path', method: 'query', path: 'files.list', input: () => ({ id: 'bi-running', path: 'etc' }), expect: { validation: /starts with "\/"/ } },
  { name: 'files: a NUL in the path', method: 'query', path: 'files.list', input: () => ({ id: 'bi-running', path: '/etc\0x' }), expect: { validation: /NUL/ } },
  { name: 'files: an empty path', method: 'query', path: 'files.list', input: () => ({ id: 'bi-running', path: '' }), expect: { validation: /A path is required/ } },
  { name: 'files: a path of 5,000 characters', method: 'query', path: 'files.list', input: () => ({ id: 'bi-running', path: `/${'a'.repeat(5000)}` }), expect: { validation: /too long|longer than/ } },
  { name: 'files: an unknown key', method: 'query', path: 'files.list', input: () => ({ id: 'bi-running', path: '/', recursive: true }), expect: { validation: /nrecognized/ } },
  { name: 'files: list a file', method: 'query', path: 'files.list', input: () => ({ id: 'bi-running', path: '/bin/busybox' }), expect: { engine: 'invalid-argument', message: /not a folder/ } },
  { name: 'files: list a folder that does not exist', method: 'query', path: 'files.list', input: () => ({ id: 'bi-running', path: '/nowhere' }), expect: { engine: 'not-found' } },
  { name: 'files: list in a container that does not exist', method: 'query', path: 'files.list', input: () => ({ id: 'bi-nope', path: '/' }), expect: { engine: 'not-found' } },
  { name: 'files: preview a folder', method: 'query', path: 'files.preview', input: () => ({ id: 'bi-running', path: '/bin' }), expect: { engine: 'invalid-argument', message: /is a folder/ } },
  { name: 'files: preview a file that does not exist', method: 'query', path: 'files.preview', input: () => ({ id: 'bi-running', path: '/nope.txt' }), expect: { engine: 'not-found' } },
  { name: 'files: new folder named ".."', method: 'mutation', path: 'files.mkdir', input: () => ({ id: 'bi-running', dir: '/', name: '..' }), expect: { validation: /cannot be "\."/ } },
  { name: 'files: new folder name with a slash', method: 'mutation', path: 'files.mkdir', input: () => ({ id: 'bi-running', dir: '/', name: 'a/b' }), expect: { validation: /cannot contain "\/"/ } },
  { name: 'files: new folder with no name', method: 'mutation', path: 'files.mkdir', input: () => ({ id: 'bi-running', dir: '/', name: '' }), expect: { validation: /A name is required/ } },
  {
    name: 'files: new folder over an existing one',
    method: 'mutation',
    path: 'files.mkdir',
    input: () => ({ id: 'bi-running', dir: '/', name: 'data' }),
    expect: { engine: 'name-in-use', message: /already exists/ },
  },
  {
    name: 'files: new folder inside a file',
    method: 'mutation',
    path: 'files.mkdir',
    input: () => ({ id: 'bi-running', dir: '/bin/busybox', name: 'x' }),
    expect: { engine: 'invalid-argument', message: /not a folder/ },
  },
  { name: 'files: new folder in a folder that does not exist', method: 'mutation', path: 'files.mkdir', input: () => ({ id: 'bi-running', dir: '/nope', name: 'x' }), expect: { engine: 'not-found' } },
  { name: 'files: delete nothing', method: 'mutation', path: 'files.remove', input: () => ({ id: 'bi-running', paths: [] }), expect: { validation: /Choose something to delete/ } },
  {
    name: 'files: delete the root folder',
    method: 'mutation',
    path: 'files.remove',
    input: () => ({ id: 'bi-running', paths: ['/data/../'] }),
    expect: { engine: 'invalid-argument', message: /root folder/ },
  },
  { name: 'files: delete in a stopped container', method: 'mutation', path: 'files.remove', input: () => ({ id: 'bi-stopped', paths: ['/bin'] }), expect: { engine: 'container-not-running' } },
  { name: 'files: delete a relative path', method: 'mutation', path: 'files.remove', input: () => ({ id: 'bi-running', paths: ['bin'] }), expect: { validation: /starts with "\/"/ } },
  {
    name: 'files: upload a name that climbs out',
    method: 'mutation',
    path: 'files.uploadLink',
    input: () => ({ id: 'bi-running', dir: '/', name: '../x', size: 1 }),
    expect: { validation: /cannot be "\."/ },
  },
  {
    name: 'files: upload with a negative size',
    method: 'mutation',
    path: 'files.uploadLink',
    input: () => ({ id: 'bi-running', dir: '/', name: 'x', size: -5 }),
    expect: { validation: /greater than or equal|>=|too small/i },
  },
  { name: 'files: upload larger than 64 GiB', method: 'mutation', path: 'files.uploadLink', input: () => ({ id: 'bi-running', dir: '/', name: 'x', size: 2 ** 40 }), expect: { validation: /64 GiB/ } },
  {
    name: 'files: upload to a container that does not exist',
    method: 'mutation',
    path: 'files.uploadLink',
    input: () => ({ id: 'bi-nope', dir: '/', name: 'x', size: 1 }),
    expect: { engine: 'not-found' },
  },
  { name: 'files: download from a container that does not exist', method: 'mutation', path: 'files.downloadLink', input: () => ({ id: 'bi-nope', path: '/' }), expect: { engine: 'not-found' } },
  { name: 'volume: export one that does not exist', method: 'mutation', path: 'volumes.exportLink', input: () => ({ name: 'bi-no-vol' }), expect: { engine: 'not-found' } },
  { name: 'volume: export with no name', method: 'mutation', path: 'volumes.exportLink', input: () => ({ name: '' }), expect: { validation: /volume name is required/ } },
  { name: 'volume: import larger than 64 GiB', method: 'mutation', path: 'volumes.importLink', input: () => ({ name: 'bi-vol', size: 2 ** 40 }), expect: { validation: /64 GiB/ } },
  { name: 'volume: import into one that does not exist', method: 'mutation', path: 'volumes.importLink', input: () => ({ name: 'bi-no-vol', size: 10 }), expect: { engine: 'not-found' } },
  { name: 'volume: clone to a bad name', method: 'mutation', path: 'volumes.clone', input: () => ({ name: 'bi-vol', target: 'Bad Name' }), expect: { validation: /A name starts with/ } },
  {
    name: 'volume: clone onto an existing volume',
    method: 'mutation',
    path: 'volumes.clone',
    input: () => ({ name: 'bi-vol', target: 'bi-vol' }),
    expect: { engine: 'name-in-use', message: /exists already/ },
  },
  { name: 'volume: clone one that does not exist', method: 'mutation', path: 'volumes.clone', input: () => ({ name: 'bi-no-vol', target: 'bi-clone' }), expect: { engine: 'not-found' } },
  // Health checks.
  {
    name: 'health: run the check of a container that has none',
    method: 'mutation',
    path: 'containers.healthcheck',
    input: () => ({ id: 'bi-running' }),
    expect: { engine: 'invalid-argument', message: /no defined healthcheck/ },
  },
  { name: 'health: run the check of a container that does not exist', method: 'mutation', path: 'containers.healthcheck', input: () => ({ id: 'bi-nope' }), expect: { engine: 'not-found' } },
  { name: 'health: a check with no command', method: 'mutation', path: 'containers.create', input: () => create({ healthcheck: { command: '   ' } }), expect: { validation: /needs a command/ } },
  {
    name: 'health: zero retries',
    method: 'mutation',
    path: 'containers.create',
    input: () => create({ healthcheck: { command: 'true', retries: 0 } }),
    expect: { validation: /Retries are at least 1/ },
  },
  {
    name: 'health: an interval of 0 ms',
    method: 'mutation',
    path: 'containers.create',
    input: () => create({ healthcheck: { command: 'true', intervalMs: 0 } }),
    expect: { validation: /at least 1 ms/ },
  },
  {
    name: 'health: a fractional timeout',
    method: 'mutation',
    path: 'containers.create',
    input: () => create({ healthcheck: { command: 'true', timeoutMs: 1.5 } }),
    expect: { validation: /whole number of milliseconds/ },
  },
  {
    name: 'health: a start period over a day',
    method: 'mutation',
    path: 'containers.create',
    input: () => create({ healthcheck: { command: 'true', startPeriodMs: 2 * 86_400_000 } }),
    expect: { validation: /at most a day/ },
  },
  {
    name: 'health: an unknown key in the check',
    method: 'mutation',
    path: 'containers.create',
    input: () => create({ healthcheck: { command: 'true', shell: 'bash' } }),
    expect: { validation: /nrecognized/ },
  },
];

// ---------- snapshots ----------
async function snapshot(): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const lines = async (args: string[]) => (await h.podman(args)).trim().split('\n').filter(Boolean);
  // State as a word (Up/Exited/Created/Paused), not the "… ago" text that ages.
  for (const l of await lines(['ps', '-a', '--format', '{{.Names}}|{{.Status}}'])) out.set(`container:${l.split('|')[0]}`, l.split('|')[1]!.split(' ')[0]!);
  for (const l of await lines(['images', '--format', '{{.Repository}}:{{.Tag}}|{{.ID}}'])) out.set(`image:${l.split('|')[0]}`, l.split('|')[1]!);
  for (const l of await lines(['volume', 'ls', '--format', '{{.Name}}'])) out.set(`volume:${l}`, '');
  for (const l of await lines(['network', 'ls', '--format', '{{.Name}}'])) out.set(`network:${l}`, '');
  for (const l of await lines(['pod', 'ps', '--format', '{{.Name}}|{{.Status}}'])) out.set(`pod:${l.split('|')[0]}`, l.split('|')[1]!);
  return out;
}

before(async () => {
  h = await startPodman();
  await h.podman(['volume', 'create', 'bi-vol']);
  await h.podman(['network', 'create', 'bi-net']);
  await h.podman(['pod', 'create', '--name', 'bi-pod']);
  await h.podman(['run', '-d', '--name', 'bi-running', '--network', 'bi-net', '-v', 'bi-vol:/data', img, 'sleep', '600']);
  await h.podman(['create', '--name', 'bi-stopped', img, 'true']);
  await h.podman(['create', '--name', 'bi-victim', img, 'true']);
  await h.podman(['run', '--name', 'bi-exited', img, 'true']);
  // An image with one name that a container uses (removing a second name of an image only untags it).
  const usedCtx = await h.scratch('used-image');
  await writeFile(path.join(usedCtx, 'Containerfile'), `FROM ${img}\nLABEL berth.test=used\n`);
  await h.podman(['build', '-q', '-t', 'localhost/bi-used:1', usedCtx]);
  await h.podman(['create', '--name', 'bi-user', 'localhost/bi-used:1', 'true']);
  ctxBadSyntax = await h.scratch('bad-syntax');
  await writeFile(path.join(ctxBadSyntax, 'Containerfile'), `FROM ${img}\nRUNN echo hello\n`);
  ctxMissingBase = await h.scratch('missing-base');
  await writeFile(path.join(ctxMissingBase, 'Containerfile'), 'FROM localhost/no-such-base:1\nRUN true\n');
  // A port someone else holds.
  busyServer = net.createServer();
  await new Promise<void>((r) => busyServer.listen(0, '0.0.0.0', () => r()));
  busyPort = (busyServer.address() as net.AddressInfo).port;
  rig = await startBridgeRig(h.url);
  c = await rig.connect();
  other = await rig.connect();
});

after(async () => {
  busyServer?.close();
  await rig?.stop();
  await h?.teardown();
});

async function run(row: Row): Promise<{ reply?: Reply; event?: { kind: string; error?: Reply['error'] extends infer E ? E : never } }> {
  const input = row.input();
  if (row.method !== 'subscription') return { reply: await c.call(row.method, row.path, input, 120_000) };
  const sub = await c.subscribe(row.path, input, (d) => d.some((e) => ['done', 'error', 'end'].includes((e as { kind: string }).kind)), 120_000);
  if (sub.error) return { reply: { id: null, error: sub.error } };
  const last = sub.data.find((e) => ['done', 'error', 'end'].includes((e as { kind: string }).kind)) as { kind: string; error?: never } | undefined;
  return { event: last ?? { kind: 'nothing' } };
}

test(`bad-input table: ${ROWS.length} inputs, each with a clear message, nothing lost`, { timeout: 170_000 }, async () => {
  assert.ok(ROWS.length >= 50, `at least 50 rows (${ROWS.length})`);
  assert.equal(new Set(ROWS.map((r) => r.name)).size, ROWS.length, 'row names are distinct');
  const before = await snapshot();
  const failures: string[] = [];
  const summary: string[] = [];
  for (const row of ROWS) {
    await row.setup?.();
    const { reply, event } = await run(row);
    // A subscription's engine failure arrives as an `error` event; a call's as a tRPC error.
    const error = reply?.error;
    const engine = error?.data?.engine ?? (event?.kind === 'error' ? (event as unknown as { error: NonNullable<NonNullable<Reply['error']>['data']>['engine'] }).error : undefined);
    const validation = error?.data?.validation;
    const exp = row.expect;
    const got = engine
      ? `engine ${engine.kind}: ${engine.message}`
      : validation
        ? `validation ${JSON.stringify(validation)}`
        : error
          ? `error ${error.message}`
          : `ok ${JSON.stringify(reply?.result?.data ?? event)}`;
    summary.push(`${row.name} -> ${got.slice(0, 160)}`);
    const fail = (why: string) => failures.push(`${row.name}: ${why}; got ${got.slice(0, 400)}`);
    if ('validation' in exp) {
      if (error?.data?.code !== 'BAD_REQUEST' || !validation?.length) fail('expected a validation error');
      else {
        const text = validation.map((v) => `${v.path}: ${v.message}`).join('; ');
        if (!exp.validation.test(text)) fail(`validation message should match ${exp.validation}`);
        if (exp.field && !validation.some((v) => v.path.split('.').includes(exp.field!))) fail(`validation should name the field ${exp.field}`);
        if (validation.some((v) => !v.message)) fail('a validation issue without a message');
      }
      if (engine) fail('validation errors never reach the engine');
    } else if ('engine' in exp) {
      const kinds = Array.isArray(exp.engine) ? exp.engine : [exp.engine];
      if (!engine) fail('expected an engine error');
      else {
        if (!kinds.includes(engine.kind)) fail(`kind should be ${kinds.join(' or ')}`);
        if (!engine.operation || !engine.message || !engine.hint) fail('an engine error needs an operation, a message and a hint');
        if (!engine.message.startsWith(engine.operation)) fail('the message starts with the operation (the title)');
        if (exp.message && !exp.message.test(`${engine.message} ${engine.engineMessage ?? ''}`)) fail(`message should match ${exp.message}`);
        if (/\bat .*\.(ts|js):\d+/.test(JSON.stringify(engine))) fail('a stack trace reached the client');
      }
    } else {
      const data = reply?.result?.data as { ok?: boolean; alreadyInState?: boolean } | undefined;
      if (!data?.ok) fail('expected success');
      else if (exp.alreadyInState !== undefined && data.alreadyInState !== exp.alreadyInState) fail(`alreadyInState should be ${exp.alreadyInState}`);
    }
  }
  const afterSnap = await snapshot();
  // Podman makes its kube network on the first `kube play`, even one that fails.
  const named = new Set([...ROWS.flatMap((r) => r.changes ?? []), 'network:podman-default-kube-network']);
  const changed: string[] = [];
  for (const [k, v] of before)
    if (!afterSnap.has(k)) changed.push(`${k} disappeared`);
    else if (afterSnap.get(k) !== v && !k.startsWith('pod:')) changed.push(`${k} changed ${v} -> ${afterSnap.get(k)}`);
  for (const k of afterSnap.keys()) if (!before.has(k)) changed.push(`${k} appeared`);
  const unexpected = changed.filter((c) => !named.has(c.split(' ')[0]!));
  console.log(`bad-input table: ${ROWS.length} inputs through the bridge; ${ROWS.length - failures.length} as expected; state changes: ${changed.join(', ') || 'none'}`);
  if (process.env.BERTH_BAD_INPUT_VERBOSE) console.log(summary.join('\n'));
  assert.deepEqual(failures, []);
  assert.deepEqual(unexpected, [], 'nothing changed that no row named');
  assert.equal(afterSnap.get('container:bi-running'), 'Up', 'the running container still runs');
});
