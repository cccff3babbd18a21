import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hostSetup, setupAdvice, type HostProbe } from '../../src/discovery/host-setup.js';

const debian = 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nID=debian\n';
const ubuntu = 'PRETTY_NAME="Ubuntu 24.04 LTS"\nID=ubuntu\nID_LIKE=debian\n';
const fedora = 'PRETTY_NAME="Fedora Linux 41"\nID=fedora\n';
const arch = 'PRETTY_NAME="Arch Linux"\nID=arch\n';
const probe = (p: Partial<HostProbe>): HostProbe => ({ platform: 'linux', env: { PATH: '/nonexistent' }, uid: 1000, osRelease: debian, systemd: true, ...p });

test('Debian and Ubuntu: apt-get with what pods and rootless need; sudo only when not root', () => {
  assert.equal(hostSetup(probe({})).install[0]?.command, 'sudo apt-get install podman catatonit slirp4netns uidmap');
  assert.equal(hostSetup(probe({ uid: 0 })).install[0]?.command, 'apt-get install podman catatonit slirp4netns uidmap');
  const u = hostSetup(probe({ osRelease: ubuntu }));
  assert.equal(u.os, 'debian');
  assert.equal(u.osName, 'Ubuntu 24.04 LTS');
});

test('Fedora, Arch, other Linux, macOS, Windows each get their own words', () => {
  assert.equal(hostSetup(probe({ osRelease: fedora })).install[0]?.command, 'sudo dnf install podman');
  assert.equal(hostSetup(probe({ osRelease: arch })).install[0]?.command, 'sudo pacman -S podman');
  const other = hostSetup(probe({ osRelease: 'ID=gentoo\n' }));
  assert.equal(other.os, 'linux');
  assert.equal(other.install[0]?.command, undefined);
  assert.match(other.install[0]!.text, /package manager/);
  const mac = hostSetup(probe({ platform: 'darwin' }));
  assert.equal(mac.os, 'mac');
  assert.equal(mac.embeddedPossible, false);
  assert.match(mac.install[0]!.command!, /brew install podman/);
  assert.match(hostSetup(probe({ platform: 'win32' })).install[0]!.command!, /winget install RedHat\.Podman/);
});

test("the start step follows systemd and root; without systemd only Berth's own service is offered", () => {
  assert.equal(hostSetup(probe({})).start[0]?.command, 'systemctl --user enable --now podman.socket');
  assert.equal(hostSetup(probe({ uid: 0 })).start[0]?.command, 'systemctl enable --now podman.socket');
  const noSystemd = hostSetup(probe({ systemd: false }));
  assert.equal(noSystemd.start.length, 1);
  assert.equal(noSystemd.start[0]?.command, undefined);
});

test('advice names the missing program and the command, or the installed path', () => {
  const missing = hostSetup(probe({ uid: 0 }));
  assert.equal(missing.podmanPath, undefined);
  assert.match(setupAdvice(missing), /Podman is not installed on this Debian GNU\/Linux 12 \(bookworm\) machine\. Install it: apt-get install podman/);
  const installed = hostSetup(probe({ env: { PATH: process.env.PATH ?? '' }, osRelease: debian }));
  if (installed.podmanPath) assert.match(setupAdvice(installed), new RegExp(`Podman is installed \\(${installed.podmanPath}\\)`));
});
