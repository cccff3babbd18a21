/**
 * Shown when no container engine answers: what is missing on this OS and how
 * to fix it (install commands to copy), Try again, a link to Settings →
 * Engines, and on macOS/Windows an offer to create and start a Podman
 * machine (the Linux VM containers need there).
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { HostSetupInfo, MachinesState } from '../../../../electron/contract/index.js';
import { bridge } from '../../bridge/client';
import { Button, ErrorMessage, notify, ProgressBar } from '../../components';
import { copyText } from '../../panes/terminal/xterm-setup';
import { useConnection } from '../../stores/connection';
import { useEngines } from '../../stores/engines';
import { routeHash } from '../../stores/ui';
import { useSubmit } from '../common/useSubmit';
import '../settings/engines/engines.css';

export type HostOs = 'linux' | 'mac' | 'windows' | 'other';

/** The OS Berth's window runs on, from navigator.userAgentData or navigator.platform. */
export function detectOs(): HostOs {
  const nav = navigator as Navigator & { userAgentData?: { platform?: string } };
  const p = (nav.userAgentData?.platform || navigator.platform || navigator.userAgent || '').toLowerCase();
  if (p.includes('mac') || p.includes('darwin')) return 'mac';
  if (p.includes('win')) return 'windows';
  if (p.includes('linux') || p.includes('x11') || p.includes('cros')) return 'linux';
  return 'other';
}

interface Recipe {
  id: string;
  title: string;
  steps: { text: string; cmd?: string }[];
}

/** A Linux distribution's two steps: install Podman with its package manager, then start the rootless service. */
function linuxRecipe(id: string, title: string, install: string, startText = 'Start your rootless Podman service:'): Recipe {
  return {
    id,
    title,
    steps: [
      { text: 'Install Podman:', cmd: install },
      { text: startText, cmd: 'systemctl --user enable --now podman.socket' },
    ],
  };
}

const RECIPES: Record<'debian' | 'fedora' | 'arch' | 'mac' | 'windows', Recipe> = {
  debian: linuxRecipe('debian', 'Debian and Ubuntu', 'sudo apt-get install podman', 'Start your rootless Podman service (so Berth can reach it):'),
  fedora: linuxRecipe('fedora', 'Fedora', 'sudo dnf install podman'),
  arch: linuxRecipe('arch', 'Arch Linux', 'sudo pacman -S podman'),
  mac: {
    id: 'mac',
    title: 'macOS',
    steps: [
      {
        text: 'Containers run in a small Linux VM (a Podman machine). Install Podman with Homebrew, then create and start the machine:',
        cmd: 'brew install podman && podman machine init && podman machine start',
      },
    ],
  },
  windows: {
    id: 'windows',
    title: 'Windows',
    steps: [
      { text: 'Containers run in a small Linux VM (a Podman machine, on WSL 2). Install Podman:', cmd: 'winget install RedHat.Podman' },
      { text: 'Then, in a new terminal, create and start the machine:', cmd: 'podman machine init\npodman machine start' },
    ],
  },
};

function Command({ cmd, label }: { cmd: string; label: string }) {
  const copy = async () => {
    try {
      await copyText(cmd);
      notify({ kind: 'success', title: 'Copied the command' });
    } catch {
      notify({ kind: 'error', title: 'Could not copy to the clipboard' });
    }
  };
  return (
    <div className="onb-cmd">
      <pre aria-label={label}>{cmd}</pre>
      <Button size="small" icon="copy" onClick={() => void copy()} aria-label={`Copy: ${cmd.replace(/\n/g, '; ')}`}>
        Copy
      </Button>
    </div>
  );
}

function RecipeSteps({ r, level }: { r: Recipe; level: 'h3' | 'none' }) {
  return (
    <div>
      {level === 'h3' ? <h3>{r.title}</h3> : null}
      <ol className="onb-steps">
        {r.steps.map((s, i) => (
          <li key={i}>
            {s.text}
            {s.cmd ? <Command cmd={s.cmd} label={`${r.title}, step ${i + 1}`} /> : null}
          </li>
        ))}
      </ol>
    </div>
  );
}

/** On macOS/Windows: create and start the default machine through the machines bridge. */
function MachineOffer() {
  const [state, setState] = useState<MachinesState | undefined>();
  const [watchFailure, setWatchFailure] = useState<unknown>(undefined);
  const { busy, failure: actFailure, run } = useSubmit();
  useEffect(() => {
    const sub = bridge.machines.watch.subscribe(undefined, { onData: setState, onError: (e) => setWatchFailure(e) });
    return () => sub.unsubscribe();
  }, []);
  if (watchFailure !== undefined && !state) return <ErrorMessage error={watchFailure} title="Could not read the Podman machines" compact />;
  if (!state) return null;
  if (!state.supported) return state.reason ? <p className="muted">{state.reason}</p> : null;
  const existing = state.machines.find((m) => m.isDefault) ?? state.machines[0];
  const working = existing?.busy;
  // What failed last, the machines' watch or Start/Create, is shown under the button; acting again clears both.
  const failure = actFailure ?? watchFailure;
  const act = () => {
    setWatchFailure(undefined);
    void run(async () => {
      if (existing) await bridge.machines.start.mutate({ name: existing.name });
      else await bridge.machines.create.mutate({ name: 'podman-machine-default', start: true });
    });
  };
  return (
    <section className="onb-machine" aria-labelledby="onb-machine-title">
      <h3 id="onb-machine-title">Podman machine</h3>
      {existing ? (
        <p>
          The machine <strong>{existing.name}</strong> is {existing.state}. {existing.state === 'running' ? 'Berth connects to it as soon as its API answers.' : 'Start it to run containers.'}
        </p>
      ) : (
        <p>Podman is installed but has no machine yet. Berth can create one (default size) and start it; the first start downloads a Linux image, which takes a few minutes.</p>
      )}
      {working ? <ProgressBar label={`${working.operation} ${existing.name}`} detail={working.lines.at(-1)} /> : null}
      {existing?.error ? (
        <div className="banner banner-danger" role="alert">
          <strong>{existing.error.message}</strong>
          {existing.error.lines.length ? <pre className="mono">{existing.error.lines.join('\n')}</pre> : null}
          {existing.error.hint ? <div>{existing.error.hint}</div> : null}
        </div>
      ) : null}
      {existing?.state !== 'running' ? (
        <div className="onb-actions">
          <Button variant="primary" icon="play" busy={busy || !!working} onClick={act}>
            {existing ? `Start ${existing.name}` : 'Create and start a machine'}
          </Button>
          <a href={routeHash({ view: 'machines' })}>Manage machines</a>
        </div>
      ) : null}
      {failure !== undefined ? <ErrorMessage error={failure} title={existing ? `Could not start ${existing.name}` : 'Could not create the machine'} /> : null}
    </section>
  );
}

/**
 * Podman is installed on the machine Berth runs on but no engine answers:
 * offer Berth's own `podman system service`, with the reason it did not start
 * by itself last time.
 */
function EmbeddedOffer({ host, onStarted }: { host: HostSetupInfo; onStarted: () => void }) {
  const { busy, failure, run } = useSubmit();
  const client = useQueryClient();
  if (host.embeddedRunning) return null;
  const start = () =>
    run(async () => {
      await bridge.engines.startEmbedded.mutate();
      // The service is connected now: what was read while there was no engine (connection, disk usage) is stale.
      await client.invalidateQueries({ queryKey: ['system'] });
      notify({ kind: 'success', title: "Berth's Podman service is running" });
      onStarted();
    });
  return (
    <section className="onb-machine" aria-labelledby="onb-embedded-title">
      <h3 id="onb-embedded-title">Podman is installed</h3>
      <p>
        Podman is at <code>{host.podmanPath}</code>, but its service is not running. Berth can run its own Podman service (<code>podman system service</code>, {host.root ? 'rootful' : 'rootless'}); it
        stops when Berth quits, and your containers keep running.
      </p>
      {host.embeddedError && failure === undefined ? <ErrorMessage error={host.embeddedError} title="Last time it did not start" compact /> : null}
      <div className="onb-actions">
        <Button variant="primary" icon="play" busy={busy} onClick={() => void start()}>
          Start Berth&apos;s Podman service
        </Button>
      </div>
      {failure !== undefined ? <ErrorMessage error={failure} title="Could not start Berth's Podman service" /> : null}
    </section>
  );
}

function hostRecipe(host: HostSetupInfo, steps: 'install' | 'start'): Recipe {
  return { id: `host-${steps}`, title: host.osName, steps: host[steps].map((st) => ({ text: st.text, ...(st.command ? { cmd: st.command } : {}) })) };
}

export function Onboarding() {
  const { list } = useEngines();
  const health = useConnection((s) => s.health);
  // The commands are for the machine Berth runs on (in serve, maybe not this browser's).
  const hostQuery = useQuery({ queryKey: ['engines', 'host'], queryFn: () => bridge.engines.host.query(), staleTime: 5_000 });
  const host = hostQuery.data;
  const [retrying, setRetrying] = useState(false);
  const retry = async () => {
    setRetrying(true);
    try {
      await bridge.live.resync.mutate();
      await hostQuery.refetch();
    } catch {
      // The health report below says why; nothing else to do.
    } finally {
      setRetrying(false);
    }
  };
  const os = host ? (host.os === 'mac' ? 'mac' : host.os === 'windows' ? 'windows' : host.os === 'other' ? 'other' : 'linux') : detectOs();
  const hostKey = host ? ({ debian: 'debian', fedora: 'fedora', arch: 'arch', mac: 'mac', windows: 'windows' } as const)[host.os as 'debian'] : undefined;
  const mine: Recipe[] = host
    ? [hostRecipe(host, host.podmanPath ? 'start' : 'install')]
    : os === 'mac'
      ? [RECIPES.mac]
      : os === 'windows'
        ? [RECIPES.windows]
        : [RECIPES.debian, RECIPES.fedora, RECIPES.arch];
  const others: Recipe[] = (Object.values(RECIPES) as Recipe[]).filter((r) => (host ? r.id !== hostKey : !mine.includes(r)));
  const osName = host?.osName ?? (os === 'mac' ? 'macOS' : os === 'windows' ? 'Windows' : os === 'linux' ? 'Linux' : 'this system');
  const tried = health?.message?.match(/Tried: (.*)$/)?.[1];
  const installed = !!host?.podmanPath;
  return (
    <section className="section onb" aria-labelledby="onb-title">
      <h2 id="onb-title">No container engine is running</h2>
      <p className="onb-lead">
        Berth manages containers through Podman (or Docker), and none answers right now.
        {os === 'mac' || os === 'windows'
          ? ` On ${osName}, containers run inside a small Linux virtual machine that Podman manages (a “Podman machine”).`
          : ' On Linux, Podman runs containers directly; Berth talks to its API socket.'}
      </p>
      {list.length ? (
        <p className="muted">
          Berth knows {list.length} engine{list.length === 1 ? '' : 's'}, but {list.length === 1 ? 'it does' : 'none'} not answer
          {list.length === 1 && list[0]!.health.message ? `: ${list[0]!.health.message}` : '.'}
        </p>
      ) : tried ? (
        <p className="muted">Looked for: {tried}</p>
      ) : null}
      <h3>{installed ? `Start Podman on ${osName}` : `Install Podman on ${osName}`}</h3>
      {host ? <p className="muted">Berth runs on this machine{host.root ? ' as root' : ''}: the commands are for it, whatever computer this browser is on.</p> : null}
      {mine.map((r) => (
        <RecipeSteps key={r.id} r={r} level={mine.length > 1 ? 'h3' : 'none'} />
      ))}
      {host && installed && host.embeddedPossible ? <EmbeddedOffer host={host} onStarted={() => void hostQuery.refetch()} /> : null}
      {os === 'mac' || os === 'windows' ? <MachineOffer /> : null}
      <details className="onb-others">
        <summary>Commands for other systems</summary>
        {others.map((r) => (
          <RecipeSteps key={r.id} r={r} level="h3" />
        ))}
      </details>
      <div className="onb-actions">
        <Button variant="primary" icon="refresh" busy={retrying} onClick={() => void retry()}>
          Try again
        </Button>
        <a href={routeHash({ view: 'settings', id: 'engines' })}>Settings → Engines</a>
        <span className="muted">Already running Podman or Docker somewhere else? Add its socket address there.</span>
      </div>
    </section>
  );
}
