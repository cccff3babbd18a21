/**
 * `podman machine list --format json` / `inspect` parsing from real recorded
 * outputs (engine/test/fixtures/machine, sources in its README), plus
 * validation and the error hints.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { isEngineError } from '../../src/errors.js';
import { machineHint } from '../../src/vm/machine-manager.js';
import { mergeMachine, mergeMachines, parseDefaultConnection, parseMachineInspectOutput, parseMachineList, parsePodmanVersion, parseTime, MachineOutputError } from '../../src/vm/machine-parse.js';
import { providersFor, validateInit, validateSet, type HostLimits } from '../../src/vm/machine-validate.js';

const DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'machine');
const fixture = (rel: string): string => readFileSync(path.join(DIR, rel), 'utf8');
const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

describe('podman machine list --format json', () => {
  test('empty list (4.3.1)', () => {
    assert.deepEqual(parseMachineList(fixture('qemu-4.3.1-linux/list-empty.json')), []);
    assert.deepEqual(parseMachineList(''), []);
    assert.deepEqual(parseMachineList('null'), []);
  });

  test('qemu 4.3.1: bytes as strings, RFC 3339 times, default flag', () => {
    const [m, ...rest] = parseMachineList(fixture('qemu-4.3.1-linux/list.json'));
    assert.equal(rest.length, 0);
    assert.equal(m!.name, 'podman-machine-default');
    assert.equal(m!.provider, 'qemu');
    assert.equal(m!.state, 'stopped');
    assert.equal(m!.cpus, 1);
    assert.equal(m!.memoryBytes, 1 * GiB);
    assert.equal(m!.diskBytes, 10 * GiB);
    assert.equal(m!.isDefault, true);
    assert.equal(m!.created, Date.parse('2026-11-28T05:04:36.413Z'));
    assert.equal(m!.lastUp, undefined, 'LastUp = Created means never up');
    assert.equal(m!.sshPort, 35669);
    assert.equal(m!.remoteUsername, 'core');
    assert.equal(m!.userModeNetworking, undefined, '4.3 list has no UserModeNetworking');
    assert.equal(m!.address, undefined, 'list has no socket');
    assert.equal(m!.raw.list?.Memory, '1073741824');
  });

  test('after set --rootful (4.3.1): Default false because the -root connection is the default', () => {
    const [m] = parseMachineList(fixture('qemu-4.3.1-linux/list-after-set-rootful.json'));
    assert.equal(m!.cpus, 2);
    assert.equal(m!.isDefault, false);
  });

  test('5.x shape (ListReporter: adds UserModeNetworking), running and starting', () => {
    const out = JSON.stringify([
      {
        Name: 'a',
        Default: true,
        Created: '2024-05-01T10:00:00+02:00',
        Running: true,
        Starting: false,
        LastUp: '2024-05-02T10:00:00+02:00',
        Stream: 'default',
        VMType: 'libkrun',
        CPUs: 6,
        Memory: '4294967296',
        DiskSize: '107374182400',
        Port: 50000,
        RemoteUsername: 'core',
        IdentityPath: '/Users/x/.local/share/containers/podman/machine/machine',
        UserModeNetworking: true,
      },
      {
        Name: 'b',
        Default: false,
        Created: '2024-05-01T10:00:00Z',
        Running: false,
        Starting: true,
        LastUp: '0001-01-01T00:00:00Z',
        VMType: 'wsl',
        CPUs: 2,
        Memory: '2147483648',
        DiskSize: '1099511627776',
        UserModeNetworking: false,
      },
    ]);
    const [a, b] = parseMachineList(out);
    assert.equal(a!.state, 'running');
    assert.equal(a!.provider, 'libkrun');
    assert.equal(a!.memoryBytes, 4 * GiB);
    assert.equal(a!.diskBytes, 100 * GiB);
    assert.equal(a!.lastUp, Date.parse('2024-05-02T08:00:00Z'));
    assert.equal(a!.userModeNetworking, true);
    assert.equal(b!.state, 'starting');
    assert.equal(b!.lastUp, undefined, "Go's zero time");
    assert.equal(b!.diskBytes, 1024 * GiB);
  });

  test('not JSON is a MachineOutputError', () => {
    assert.throws(() => parseMachineList('Error: something'), MachineOutputError);
  });
});

describe('podman machine inspect', () => {
  test('qemu 4.3.1: MiB / GiB, socket path, State "" is stopped, ConfigPath and image', () => {
    const [m] = parseMachineInspectOutput(fixture('qemu-4.3.1-linux/inspect.json'));
    assert.equal(m!.name, 'podman-machine-default');
    assert.equal(m!.state, 'stopped');
    assert.equal(m!.cpus, 1);
    assert.equal(m!.memoryBytes, 1024 * MiB);
    assert.equal(m!.diskBytes, 10 * GiB);
    assert.equal(m!.socketPath, '/home/berthprobe/.local/share/containers/podman/machine/podman-machine-default/podman.sock');
    assert.equal(m!.address, 'unix:///home/berthprobe/.local/share/containers/podman/machine/podman-machine-default/podman.sock');
    assert.equal(m!.pipePath, undefined);
    assert.equal(m!.rootful, undefined, '4.3 inspect does not say');
    assert.equal(m!.provider, undefined, 'inspect has no VM type');
    assert.equal(m!.configPath, '/home/berthprobe/.config/containers/podman/machine/qemu/podman-machine-default.json');
    assert.equal(m!.imagePath, '/home/berthprobe/.local/share/containers/podman/machine/qemu/disk.qcow2');
    assert.equal(m!.sshPort, 35669);
    assert.equal(m!.lastUp, undefined);
  });

  test('applehv 5.0 (real, issue paste): running, rootful, user-mode networking, ConfigDir, PodmanPipe null', () => {
    const [m] = parseMachineInspectOutput(fixture('applehv-5.0-darwin/inspect.json'));
    assert.equal(m!.state, 'running');
    assert.equal(m!.cpus, 5);
    assert.equal(m!.memoryBytes, 2048 * MiB);
    assert.equal(m!.diskBytes, 100 * GiB);
    assert.equal(m!.rootful, true);
    assert.equal(m!.userModeNetworking, true);
    assert.equal(m!.address, 'unix:///Users/cdrage/.local/share/containers/podman/machine/applehv/podman.sock');
    assert.equal(m!.pipePath, undefined);
    assert.equal(m!.configPath, '/Users/cdrage/.config/containers/podman/machine/applehv');
    assert.equal(m!.created, Date.parse('2024-03-01T18:48:37.611Z'));
    assert.equal(m!.lastUp, Date.parse('2024-03-01T18:56:15.665Z'));
  });

  test('Windows shape: PodmanPipe wins over a PodmanSocket with a Windows path', () => {
    // Shape of a real Windows ConnectionInfo (both keys; the socket is a Windows AF_UNIX path).
    const [m] = parseMachineInspectOutput(
      JSON.stringify([
        {
          Name: 'devpod-machine',
          State: 'running',
          Resources: { CPUs: 4, DiskSize: 100, Memory: 4096, USBs: [] },
          ConnectionInfo: { PodmanSocket: { Path: 'C:\\Users\\me\\AppData\\Local\\Temp\\podman\\devpod-machine-api.sock' }, PodmanPipe: { Path: '\\\\.\\pipe\\podman-devpod-machine' } },
          Rootful: false,
          UserModeNetworking: false,
        },
      ]),
    );
    assert.equal(m!.pipePath, '\\\\.\\pipe\\podman-devpod-machine');
    assert.equal(m!.address, 'npipe:////./pipe/podman-devpod-machine');
    assert.equal(m!.state, 'running');
    assert.equal(m!.memoryBytes, 4 * GiB);
  });

  test('states map; unknown or missing is stopped', () => {
    const states = ['running', 'starting', 'stopped', '', 'Running', undefined].map((State) => parseMachineInspectOutput(JSON.stringify([{ Name: 'x', State }]))[0]!.state);
    assert.deepEqual(states, ['running', 'starting', 'stopped', 'stopped', 'running', 'stopped']);
  });
});

describe('merging list + inspect', () => {
  test('qemu 4.3.1: provider and default from list, socket and image from inspect', () => {
    const [m] = mergeMachines(parseMachineList(fixture('qemu-4.3.1-linux/list.json')), parseMachineInspectOutput(fixture('qemu-4.3.1-linux/inspect.json')));
    assert.equal(m!.provider, 'qemu');
    assert.equal(m!.isDefault, true);
    assert.equal(m!.memoryBytes, 1 * GiB, 'list bytes and inspect MiB agree');
    assert.equal(m!.diskBytes, 10 * GiB, 'list bytes and inspect GiB agree');
    assert.ok(m!.address?.startsWith('unix:///home/'));
    assert.ok(m!.raw.list && m!.raw.inspect);
  });

  test('after set: both outputs agree on the new CPU count', () => {
    const [m] = mergeMachines(parseMachineList(fixture('qemu-4.3.1-linux/list-after-set-rootful.json')), parseMachineInspectOutput(fixture('qemu-4.3.1-linux/inspect-after-set-rootful.json')));
    assert.equal(m!.cpus, 2);
  });

  test('a running list entry wins over a 4.3-style empty inspect State', () => {
    const l = parseMachineList(JSON.stringify([{ Name: 'x', Running: true }]))[0];
    const i = parseMachineInspectOutput(JSON.stringify([{ Name: 'x', State: '' }]))[0];
    assert.equal(mergeMachine(l, i).state, 'running');
  });

  test('machines only inspect knows are kept', () => {
    const out = mergeMachines([], parseMachineInspectOutput(fixture('applehv-5.0-darwin/inspect.json')));
    assert.equal(out.length, 1);
  });
});

test('default connection, podman version, times', () => {
  assert.equal(
    parseDefaultConnection(
      JSON.stringify([
        { Name: 'a', Default: false },
        { Name: 'a-root', Default: true },
      ]),
    ),
    'a-root',
  );
  assert.equal(parseDefaultConnection('[]'), undefined);
  assert.equal(parseDefaultConnection('garbage'), undefined);
  assert.deepEqual(parsePodmanVersion('podman version 4.3.1\n'), [4, 3, 1]);
  assert.deepEqual(parsePodmanVersion('podman.exe version 5.2.0-dev'), [5, 2, 0]);
  assert.equal(parsePodmanVersion('nope'), undefined);
  assert.equal(parseTime('0001-01-01T00:00:00Z'), undefined);
  assert.equal(parseTime('not a time'), undefined);
});

describe('validation (before anything runs)', () => {
  const host: HostLimits = { cpus: 4, memoryMiB: 8192, platform: 'darwin' };
  const bad = (f: () => void, re: RegExp): void => {
    assert.throws(f, (e: unknown) => isEngineError(e) && e.kind === 'invalid-argument' && re.test(e.engineMessage ?? '') && e.hint.length > 0);
  };
  test('init bounds', () => {
    validateInit({ name: 'dev', cpus: 4, memoryMiB: 8192, diskGiB: 2048, provider: 'applehv', image: '/tmp/x.raw' }, host);
    validateInit({ image: 'https://example.test/fcos.qcow2.xz', provider: 'libkrun', timezone: 'Europe/Berlin' }, host);
    bad(() => validateInit({ cpus: 0 }, host), /CPUs must be between 1 and 4/);
    // A network share would make Windows offer the user's NTLM hash to that server.
    for (const image of ['\\\\evil\\share\\fcos.qcow2', '//evil/share/fcos.qcow2', '\\\\?\\UNC\\evil\\share\\x.raw']) bad(() => validateInit({ image }, host), /on a network share/);
    validateInit({ image: 'C:\\Users\\me\\fcos.qcow2' }, host);
    bad(() => validateInit({ cpus: 5 }, host), /CPUs/);
    bad(() => validateInit({ cpus: 1.5 }, host), /whole number/);
    bad(() => validateInit({ memoryMiB: 511 }, host), /Memory must be between 512 and 8192/);
    bad(() => validateInit({ memoryMiB: 8193 }, host), /Memory/);
    bad(() => validateInit({ diskGiB: 4 }, host), /Disk size must be between 5 and 2048/);
    bad(() => validateInit({ diskGiB: 2049 }, host), /Disk size/);
    bad(() => validateInit({ name: '-x' }, host), /characters/);
    bad(() => validateInit({ name: 'a/b' }, host), /characters/);
    bad(() => validateInit({ name: 'n'.repeat(31) }, host), /longer than 30/);
    bad(() => validateInit({ provider: 'wsl' }, host), /not available on this OS/);
    bad(() => validateInit({ image: 'ftp://x/y' }, host), /neither a local path nor an http/);
    bad(() => validateInit({ image: '  ' }, host), /empty/);
    bad(() => validateInit({ timezone: 'Europe/Berlin; rm -rf' }, host), /not a time zone/);
  });
  test('providers per OS', () => {
    assert.deepEqual(providersFor('win32'), ['wsl', 'hyperv']);
    assert.ok(providersFor('darwin').includes('applehv') && providersFor('darwin').includes('libkrun'));
    assert.deepEqual(providersFor('linux'), ['qemu']);
  });
  test('set: something to change; disks only grow', () => {
    validateSet('dev', { cpus: 2 }, host);
    bad(() => validateSet('dev', {}, host), /nothing to change/);
    bad(() => validateSet('dev', { diskGiB: 50 }, host, 100), /only grow/);
    bad(() => validateSet('dev', { memoryMiB: 100 }, host), /Memory/);
  });
});

test('hints name the missing piece', () => {
  assert.match(machineHint(fixture('qemu-4.3.1-linux/start-failure.txt'), 'linux', 'start'), /gvproxy/);
  assert.match(machineHint('Error: exec: "qemu-system-x86_64": executable file not found in $PATH', 'linux', 'init'), /QEMU is not installed/);
  assert.match(machineHint('Error: exit status 1 timedatectl', 'linux', 'init'), /time zone/);
  assert.match(machineHint('Error: the WSL kernel is not installed; run wsl --install', 'win32', 'init'), /wsl --install/);
  assert.match(machineHint('Error: hyperv: Access is denied', 'win32', 'start'), /administrator/);
  assert.match(machineHint('Error: unknown flag: --user-mode-networking', 'darwin', 'init'), /does not support/);
  assert.match(machineHint('something odd', 'darwin', 'start'), /log-level=debug/);
});
