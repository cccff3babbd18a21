/**
 * What the machine Berth runs on needs before containers can run, in words
 * and commands for that machine: its OS and distribution, whether it is root,
 * whether systemd manages services, whether Podman is installed. In `serve`
 * the browser may be on another computer, so the commands come from here, not
 * from the browser's user agent.
 */
import { existsSync, readFileSync } from 'node:fs';
import { findOnPath } from './embedded-service.js';

export type HostOsId = 'debian' | 'fedora' | 'arch' | 'linux' | 'mac' | 'windows' | 'other';

export interface SetupStep {
  text: string;
  /** A command to copy (argument-safe as written; one per line). */
  command?: string;
}

export interface HostSetup {
  os: HostOsId;
  /** "Debian GNU/Linux 12 (bookworm)", "macOS", … */
  osName: string;
  root: boolean;
  systemd: boolean;
  /** Where `podman` is, when it is installed. */
  podmanPath?: string | undefined;
  /** How to install Podman (and what pods and rootless containers need with it) here. */
  install: SetupStep[];
  /** How to start it once installed, when Berth does not start its own service. */
  start: SetupStep[];
  /** Berth starts its own `podman system service` here when nothing answers (Linux with Podman). */
  embeddedPossible: boolean;
}

export interface HostProbe {
  platform: NodeJS.Platform;
  env: Readonly<Record<string, string | undefined>>;
  uid: number | undefined;
  /** /etc/os-release contents ('' when absent). */
  osRelease: string;
  systemd: boolean;
}

export function probeHost(env: Readonly<Record<string, string | undefined>> = process.env): HostProbe {
  let osRelease = '';
  if (process.platform === 'linux') {
    try {
      osRelease = readFileSync('/etc/os-release', 'utf8');
    } catch {
      // No os-release: the generic Linux instructions apply.
    }
  }
  return { platform: process.platform, env, uid: process.getuid?.(), osRelease, systemd: process.platform === 'linux' && existsSync('/run/systemd/system') };
}

function field(text: string, key: string): string {
  const m = new RegExp(`^${key}=(.*)$`, 'm').exec(text);
  return (m?.[1] ?? '').replace(/^"(.*)"$/, '$1');
}

/** Pure: the instructions for a probed host (unit-tested per OS). */
export function hostSetup(p: HostProbe): HostSetup {
  const root = p.uid === 0;
  const sudo = root ? '' : 'sudo ';
  const podmanPath = findOnPath('podman', p.env, p.platform);
  if (p.platform === 'darwin') {
    return {
      os: 'mac',
      osName: 'macOS',
      root,
      systemd: false,
      podmanPath,
      embeddedPossible: false,
      install: [
        {
          text: 'Containers run in a small Linux VM (a Podman machine). Install Podman with Homebrew, then create and start the machine:',
          command: 'brew install podman && podman machine init && podman machine start',
        },
      ],
      start: [{ text: 'Start the Podman machine:', command: 'podman machine start' }],
    };
  }
  if (p.platform === 'win32') {
    return {
      os: 'windows',
      osName: 'Windows',
      root: false,
      systemd: false,
      podmanPath,
      embeddedPossible: false,
      install: [
        { text: 'Containers run in a small Linux VM (a Podman machine, on WSL 2). Install Podman:', command: 'winget install RedHat.Podman' },
        { text: 'Then, in a new terminal, create and start the machine:', command: 'podman machine init\npodman machine start' },
      ],
      start: [{ text: 'Start the Podman machine:', command: 'podman machine start' }],
    };
  }
  if (p.platform !== 'linux') {
    return {
      os: 'other',
      osName: p.platform,
      root,
      systemd: false,
      podmanPath,
      embeddedPossible: false,
      install: [{ text: 'Install Podman for this system (podman.io/docs/installation), or add an engine in Settings → Engines.' }],
      start: [],
    };
  }
  const ids = `${field(p.osRelease, 'ID')} ${field(p.osRelease, 'ID_LIKE')}`;
  const osName = field(p.osRelease, 'PRETTY_NAME') || 'Linux';
  const os: HostOsId = /debian|ubuntu/.test(ids) ? 'debian' : /fedora|rhel|centos/.test(ids) ? 'fedora' : /arch/.test(ids) ? 'arch' : 'linux';
  // Pods need catatonit, rootless containers slirp4netns and uidmap; Debian has them only as recommends.
  const command =
    os === 'debian' ? `${sudo}apt-get install podman catatonit slirp4netns uidmap` : os === 'fedora' ? `${sudo}dnf install podman` : os === 'arch' ? `${sudo}pacman -S podman` : undefined;
  const install: SetupStep[] = command ? [{ text: 'Install Podman:', command }] : [{ text: "Install Podman with your distribution's package manager (podman.io/docs/installation)." }];
  const start: SetupStep[] = [];
  if (p.systemd) {
    start.push(
      root
        ? { text: "Start the system's Podman service:", command: 'systemctl enable --now podman.socket' }
        : { text: 'Start your rootless Podman service:', command: 'systemctl --user enable --now podman.socket' },
    );
  }
  start.push({ text: 'Or let Berth start its own Podman service (it stops when Berth quits).' });
  return { os, osName, root, systemd: p.systemd, podmanPath, install, start, embeddedPossible: true };
}

/** One paragraph for the terminal: what is missing and the command, for this host. */
export function setupAdvice(s: HostSetup): string {
  const cmds = (steps: SetupStep[]) => steps.flatMap((st) => (st.command ? [st.command.replace(/\n/g, '; ')] : [])).join('   or   ');
  if (!s.podmanPath) {
    const install = cmds(s.install);
    return `Podman is not installed on this ${s.osName} machine. ${install ? `Install it: ${install}` : (s.install[0]?.text ?? '')}  Then Berth connects by itself (or add an engine in Settings → Engines).`;
  }
  const start = cmds(s.start);
  return s.embeddedPossible
    ? `Podman is installed (${s.podmanPath}) but no engine answers and Berth's own Podman service did not start (reason above). ${start ? `Start Podman: ${start}, or` : 'You can'} start Berth's service from the UI.`
    : `Podman is installed (${s.podmanPath}) but not running.${start ? ` Start it: ${start}` : ''}`;
}
