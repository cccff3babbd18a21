#!/usr/bin/env node
// @ts-check
/**
 * What Berth needs from the machine, in one place, and the commands that get it.
 *
 *   npm run setup                    install what is missing (apt-get on Debian/Ubuntu; prints the
 *                                    command for Fedora, Arch, macOS, Windows), prepare device nodes,
 *                                    then `npm ci` when node_modules is missing or stale
 *   node electron/scripts/setup.mjs --check test   preflight of `npm test` / `npm run bench`:
 *                                    fails in a second with what is missing and the one command
 *   node electron/scripts/setup.mjs --check app    preflight of `npm run serve` / `npm start`:
 *                                    installs node_modules if needed; says which engine to install
 *
 * Plain Node with no dependencies (not TypeScript through tsx) because it must
 * run before `npm ci` on a new machine. No shell strings: every command is an
 * argument array.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { accessSync, chmodSync, constants, existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * @typedef {'app' | 'test'} Purpose
 * @typedef {{ debian: string[]; fedora: string[]; arch: string[] }} Packages
 * @typedef {{ id: string; why: string; for: Purpose[]; bins?: string[]; files?: string[]; check?: () => string | undefined; pkgs: Packages }} Requirement
 */

/** @type {Requirement[]} Every package is here for a reason a test or the app hits; the note on issue 8 lists them. */
export const REQUIREMENTS = [
  {
    id: 'podman',
    why: 'the container engine (Podman 4.3 on Debian 12) the app drives and the tests run against',
    for: ['app', 'test'],
    bins: ['podman'],
    pkgs: { debian: ['podman'], fedora: ['podman'], arch: ['podman'] },
  },
  { id: 'runc', why: 'OCI runtime the test harness configures (runtime = "runc")', for: ['test'], bins: ['runc'], pkgs: { debian: ['runc'], fedora: ['runc'], arch: ['runc'] } },
  { id: 'conmon', why: 'container monitor Podman runs next to every container', for: ['app', 'test'], bins: ['conmon'], pkgs: { debian: ['conmon'], fedora: ['conmon'], arch: ['conmon'] } },
  {
    id: 'catatonit',
    why: "init of a pod's infra container: Podman builds its local pause image from it (pods, play kube)",
    for: ['app', 'test'],
    bins: ['catatonit'],
    files: ['/usr/libexec/podman/catatonit'],
    pkgs: { debian: ['catatonit'], fedora: ['catatonit'], arch: ['catatonit'] },
  },
  {
    id: 'cni',
    why: 'network plugins (bridge, portmap, firewall) for container networks and published ports; named so apt does not pick netavark',
    for: ['app', 'test'],
    files: ['/usr/lib/cni/bridge', '/usr/libexec/cni/bridge', '/opt/cni/bin/bridge'],
    pkgs: { debian: ['containernetworking-plugins'], fedora: ['containernetworking-plugins'], arch: ['cni-plugins'] },
  },
  {
    id: 'iptables',
    why: 'NAT and filter rules of the CNI bridge/portmap plugins (published ports), and the host-state test that compares chains',
    for: ['app', 'test'],
    bins: ['iptables', 'iptables-save'],
    pkgs: { debian: ['iptables'], fedora: ['iptables-nft'], arch: ['iptables-nft'] },
  },
  {
    id: 'nftables',
    why: '`nft`: teardown deletes the empty netfilter tables the CNI plugins created, and the host-state test compares the ruleset',
    for: ['test'],
    bins: ['nft'],
    pkgs: { debian: ['nftables'], fedora: ['nftables'], arch: ['nftables'] },
  },
  {
    id: 'slirp4netns',
    why: 'network of rootless containers (the rootless test and every non-root user)',
    for: ['app', 'test'],
    bins: ['slirp4netns'],
    pkgs: { debian: ['slirp4netns'], fedora: ['slirp4netns'], arch: ['slirp4netns'] },
  },
  {
    id: 'uidmap',
    why: 'newuidmap/newgidmap: user namespaces of rootless Podman and `podman machine` (run by a throwaway non-root user)',
    for: ['app', 'test'],
    bins: ['newuidmap', 'newgidmap'],
    pkgs: { debian: ['uidmap'], fedora: ['shadow-utils'], arch: ['shadow'] },
  },
  {
    id: 'docker',
    why: 'a real Docker Engine (a private dockerd, no bridge, no iptables) for the Docker-API tests, and `docker build` as the reference for build contexts',
    for: ['test'],
    bins: ['dockerd', 'docker'],
    pkgs: { debian: ['docker.io'], fedora: ['moby-engine'], arch: ['docker'] },
  },
  {
    id: 'docker-compose',
    why: 'a real compose provider (Compose v1, 1.29 on Debian 12) the compose tests drive against the Podman service',
    for: ['test'],
    bins: ['docker-compose'],
    pkgs: { debian: ['docker-compose'], fedora: ['docker-compose'], arch: ['docker-compose'] },
  },
  {
    id: 'podman-compose',
    why: 'the other compose provider (podman-compose 1.0.3 on Debian 12) the compose tests drive',
    for: ['test'],
    bins: ['podman-compose'],
    pkgs: { debian: ['podman-compose'], fedora: ['podman-compose'], arch: ['podman-compose'] },
  },
  {
    id: 'busybox-static',
    why: 'the tests build their image FROM scratch with a static busybox (no registry is reachable)',
    for: ['test'],
    check: staticBusybox,
    pkgs: { debian: ['busybox-static'], fedora: ['busybox'], arch: ['busybox'] },
  },
  {
    id: 'docker-registry',
    why: 'a real local OCI registry (CNCF distribution) for push, pull and login tests',
    for: ['test'],
    files: ['/usr/bin/docker-registry'],
    pkgs: { debian: ['docker-registry'], fedora: ['docker-distribution'], arch: ['distribution'] },
  },
  {
    id: 'chromium',
    why: 'the browser the end-to-end tests drive (Playwright does not download one)',
    for: ['test'],
    bins: ['chromium'],
    pkgs: { debian: ['chromium'], fedora: ['chromium'], arch: ['chromium'] },
  },
  {
    id: 'qemu-img',
    why: 'makes the local disk image `podman machine init` is tested with',
    for: ['test'],
    bins: ['qemu-img'],
    pkgs: { debian: ['qemu-utils'], fedora: ['qemu-img'], arch: ['qemu-img'] },
  },
  {
    id: 'qemu-system',
    why: '`podman machine` on Linux runs its VM with qemu (init checks for it)',
    for: ['test'],
    bins: ['qemu-system-x86_64'],
    pkgs: { debian: ['qemu-system-x86'], fedora: ['qemu-system-x86-core'], arch: ['qemu-system-x86'] },
  },
  { id: 'curl', why: 'a subject of the benchmarks (curl on the raw socket)', for: ['test'], bins: ['curl'], pkgs: { debian: ['curl'], fedora: ['curl'], arch: ['curl'] } },
  {
    id: 'iproute2',
    why: '`ip`: the host-state test lists interfaces and routes before and after the suites',
    for: ['test'],
    bins: ['ip'],
    pkgs: { debian: ['iproute2'], fedora: ['iproute'], arch: ['iproute2'] },
  },
  {
    id: 'useradd',
    why: 'the rootless and `podman machine` tests create a throwaway non-root user',
    for: ['test'],
    bins: ['useradd', 'userdel'],
    pkgs: { debian: ['passwd'], fedora: ['shadow-utils'], arch: ['shadow'] },
  },
];

/** Things no package fixes but setup can prepare (as root), the way desktop distributions ship them. */
const DEVICES = [
  {
    id: '/dev/net/tun',
    why: 'slirp4netns opens it as the rootless user; a new VM has it 0600 root, desktop distributions 0666',
    ok: () => {
      try {
        return (statSync('/dev/net/tun').mode & 0o006) === 0o006;
      } catch {
        return false;
      }
    },
    fix: () => chmodSync('/dev/net/tun', 0o666),
    fixCommand: 'chmod 0666 /dev/net/tun',
  },
];

function staticBusybox() {
  const bin = '/bin/busybox';
  if (!existsSync(bin)) return '/bin/busybox is missing';
  // A dynamic busybox cannot run FROM scratch: ELF with a PT_INTERP segment means dynamic.
  const head = readFileSync(bin).subarray(0, 4096);
  const is64 = head[4] === 2;
  const phoff = Number(is64 ? head.readBigUInt64LE(32) : head.readUInt32LE(28));
  const phentsize = head.readUInt16LE(is64 ? 54 : 42);
  const phnum = head.readUInt16LE(is64 ? 56 : 44);
  for (let i = 0; i < phnum; i++) {
    const off = phoff + i * phentsize;
    if (off + 4 > head.length) break;
    if (head.readUInt32LE(off) === 3) return '/bin/busybox is dynamically linked';
  }
  return undefined;
}

const SBIN = ['/usr/local/sbin', '/usr/sbin', '/sbin'];
/** @param {string} bin */
function onPath(bin) {
  const dirs = [...(process.env.PATH ?? '').split(path.delimiter), ...SBIN].filter(Boolean);
  return dirs.some((d) => {
    try {
      accessSync(path.join(d, bin), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** @param {Requirement} r @returns {string | undefined} why it is missing */
function missingReason(r) {
  if (r.check) return r.check();
  const bins = r.bins ?? [];
  const files = r.files ?? [];
  // A requirement with files is met by any one of them (install paths differ by distribution), or by its binaries.
  if (files.length && files.some((f) => existsSync(f))) return undefined;
  const absent = bins.filter((b) => !onPath(b));
  if (bins.length && absent.length === 0) return undefined;
  return absent.length ? absent.join(', ') : files[0];
}

/** @returns {'debian' | 'fedora' | 'arch' | 'macos' | 'windows' | 'other'} */
function platform() {
  if (process.platform === 'darwin') return 'macos';
  if (process.platform === 'win32') return 'windows';
  if (process.platform !== 'linux') return 'other';
  const text = existsSync('/etc/os-release') ? readFileSync('/etc/os-release', 'utf8') : '';
  const ids = (/^ID=(.*)$/m.exec(text)?.[1] ?? '') + ' ' + (/^ID_LIKE=(.*)$/m.exec(text)?.[1] ?? '');
  if (/debian|ubuntu/.test(ids)) return 'debian';
  if (/fedora|rhel|centos/.test(ids)) return 'fedora';
  if (/arch/.test(ids)) return 'arch';
  return 'other';
}

const isRoot = () => process.getuid?.() === 0;

/** @param {Requirement[]} missing @returns {string} the one command that installs them on this OS */
function installCommand(missing) {
  const os = platform();
  const sudo = isRoot() ? '' : 'sudo ';
  const pkgs = (/** @type {keyof Packages} */ key) => [...new Set(missing.flatMap((r) => r.pkgs[key]))].join(' ');
  switch (os) {
    case 'debian':
      return `${sudo}apt-get update && ${sudo}apt-get install -y --no-install-recommends ${pkgs('debian')}   (or: npm run setup)`;
    case 'fedora':
      return `${sudo}dnf install -y ${pkgs('fedora')}`;
    case 'arch':
      return `${sudo}pacman -S --needed ${pkgs('arch')}`;
    case 'macos':
      return 'brew install podman && podman machine init && podman machine start';
    case 'windows':
      return 'winget install RedHat.Podman, then: podman machine init; podman machine start';
    default:
      return `install with your package manager: ${missing.map((r) => r.id).join(', ')}`;
  }
}

/** @param {Purpose} purpose */
function missingFor(purpose) {
  return REQUIREMENTS.filter((r) => r.for.includes(purpose))
    .map((r) => ({ r, reason: missingReason(r) }))
    .filter((m) => m.reason !== undefined);
}

/** node_modules matches package-lock.json: npm's hidden lockfile lists the same packages at the same versions. */
function nodeModulesCurrent() {
  const hidden = path.join(root, 'node_modules', '.package-lock.json');
  if (!existsSync(hidden)) return false;
  try {
    const want = JSON.parse(readFileSync(path.join(root, 'package-lock.json'), 'utf8')).packages ?? {};
    const have = JSON.parse(readFileSync(hidden, 'utf8')).packages ?? {};
    return Object.entries(want).every(([k, v]) => k === '' || /** @type {any} */ (v).optional || have[k]?.version === /** @type {any} */ (v).version);
  } catch {
    return false;
  }
}

function ensureNodeModules() {
  if (nodeModulesCurrent()) return;
  console.log('berth: installing JavaScript dependencies (npm ci)…');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const res = spawnSync(npm, ['ci'], { cwd: root, stdio: 'inherit' });
  if (res.status !== 0) {
    console.error('berth: `npm ci` failed (its output is above). Check that the npm registry is reachable, then run `npm ci`.');
    process.exit(res.status ?? 1);
  }
}

/** The tests need Linux, root and the packages above; say all of it at once, with the command. */
function checkTest() {
  const problems = [];
  if (process.platform !== 'linux') {
    console.error(`berth: the tests need Linux (they start a rootful Podman and a throwaway user). Run them in a Debian 12 VM: npm run setup && npm test`);
    process.exit(1);
  }
  if (!isRoot()) problems.push('the tests run as root (they start an isolated rootful Podman and create a throwaway user): sudo npm test');
  const missing = missingFor('test');
  const devices = DEVICES.filter((d) => !d.ok());
  if (missing.length) problems.push(`missing: ${missing.map((m) => `${m.r.id} (${m.reason})`).join('; ')}\n  install: ${installCommand(missing.map((m) => m.r))}`);
  for (const d of devices) problems.push(`${d.id}: ${d.why}\n  fix: ${isRoot() ? '' : 'sudo '}${d.fixCommand}   (or: npm run setup)`);
  if (problems.length) {
    console.error(`berth: this machine cannot run the tests yet.\n- ${problems.join('\n- ')}`);
    process.exit(1);
  }
  ensureNodeModules();
}

function checkApp() {
  ensureNodeModules();
  const missing = missingFor('app');
  if (missing.some((m) => m.r.id === 'podman')) {
    // Not fatal: Berth also drives a Docker engine or a remote socket, and the UI says the same.
    console.warn(`berth: Podman is not installed here; Berth will show the engines it finds. To install Podman: ${installCommand(missing.map((m) => m.r))}`);
  } else if (missing.length) {
    console.warn(`berth: Podman is missing parts (${missing.map((m) => m.r.id).join(', ')}): pods or networks may fail. Install: ${installCommand(missing.map((m) => m.r))}`);
  }
}

/** Install (Debian/Ubuntu) or print the command (elsewhere), prepare devices, then npm ci. */
function setup() {
  const missing = missingFor('test').map((m) => m.r);
  const os = platform();
  if (missing.length) {
    if (os === 'debian') {
      const pkgs = [...new Set(missing.flatMap((r) => r.pkgs.debian))];
      const asRoot = isRoot() ? [] : onPath('sudo') ? ['sudo'] : undefined;
      if (!asRoot) {
        console.error(`berth: installing packages needs root: ${installCommand(missing)}`);
        process.exit(1);
      }
      console.log(`berth: installing ${pkgs.join(' ')}`);
      const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
      /** @param {string[]} args */
      const apt = (args) => {
        const [cmd, ...rest] = [...asRoot, 'apt-get', ...args];
        const res = spawnSync(/** @type {string} */ (cmd), rest, { stdio: ['ignore', 'inherit', 'inherit'], env });
        if (res.status !== 0) {
          console.error(`berth: apt-get ${args[0]} failed (exit ${res.status}); its message is above. Fix it, then run npm run setup again.`);
          process.exit(res.status ?? 1);
        }
      };
      apt(['update', '-qq']);
      apt(['install', '-y', '-qq', '--no-install-recommends', ...pkgs]);
      // Debian's docker-registry starts a system service on port 5000 on install; the tests run their own.
      if (pkgs.includes('docker-registry')) spawnSync('systemctl', ['disable', '--now', 'docker-registry'], { stdio: 'ignore' });
    } else {
      console.log(`berth: to install what is missing (${missing.map((r) => r.id).join(', ')}), run:\n  ${installCommand(missing)}`);
      if (os === 'macos' || os === 'windows') console.log('berth: the tests need Linux; the app runs here with a Podman machine.');
    }
  }
  for (const d of DEVICES) {
    if (d.ok()) continue;
    if (isRoot() && existsSync(d.id)) {
      d.fix();
      console.log(`berth: ${d.fixCommand} (${d.why})`);
    } else console.log(`berth: ${d.id} needs: ${isRoot() ? '' : 'sudo '}${d.fixCommand} (${d.why})`);
  }
  ensureNodeModules();
  const still = missingFor('test');
  if (still.length) console.log(`berth: still missing for the tests: ${still.map((m) => m.r.id).join(', ')}`);
  else console.log(`berth: ready (${execFileSync('podman', ['--version'], { encoding: 'utf8' }).trim()}, node ${process.version})`);
}

const [flag, purpose] = process.argv.slice(2);
if (flag === '--check' && purpose === 'test') checkTest();
else if (flag === '--check' && purpose === 'app') checkApp();
else if (flag === undefined) setup();
else {
  console.error('usage: setup.mjs [--check test|app]');
  process.exit(2);
}
