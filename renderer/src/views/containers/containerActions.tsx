/** Container actions (start, stop, …) for table rows and the details page. */
import { memo, useState } from 'react';
import type { ContainerRow } from '../../../../electron/contract/index.js';
import { bridge } from '../../bridge/client';
import { Button, IconButton, notify, notifyError, type IconName } from '../../components';
import { engineForRoute } from '../../stores/engines';
import { navigate } from '../../stores/ui';

export type Action = 'start' | 'stop' | 'restart' | 'pause' | 'unpause' | 'kill';

const VERB: Record<Action, { label: string; icon: IconName; doing: string; done: string }> = {
  start: { label: 'Start', icon: 'play', doing: 'Starting', done: 'Started' },
  stop: { label: 'Stop', icon: 'stop', doing: 'Stopping', done: 'Stopped' },
  restart: { label: 'Restart', icon: 'restart', doing: 'Restarting', done: 'Restarted' },
  pause: { label: 'Pause', icon: 'pause', doing: 'Pausing', done: 'Paused' },
  unpause: { label: 'Resume', icon: 'play', doing: 'Resuming', done: 'Resumed' },
  kill: { label: 'Kill', icon: 'kill', doing: 'Killing', done: 'Killed' },
};

export function actionsFor(state: string): Action[] {
  if (state === 'running') return ['stop', 'restart', 'pause', 'kill'];
  if (state === 'paused') return ['unpause', 'stop', 'kill'];
  return ['start'];
}

export async function runAction(c: Pick<ContainerRow, 'id' | 'name' | 'engine'>, action: Action): Promise<void> {
  try {
    const r =
      action === 'stop'
        ? await bridge.containers.stop.mutate({ engine: c.engine, id: c.id })
        : action === 'kill'
          ? await bridge.containers.kill.mutate({ engine: c.engine, id: c.id })
          : await bridge.containers[action].mutate({ engine: c.engine, id: c.id });
    if (r.alreadyInState) notify({ kind: 'info', title: `${c.name} was already ${action === 'start' || action === 'unpause' ? 'running' : VERB[action].done.toLowerCase()}` });
  } catch (e) {
    notifyError(e, `Could not ${VERB[action].label.toLowerCase()} ${c.name}`);
  }
}

export function openPort(hostPort: number): void {
  window.open(`http://localhost:${hostPort}/`, '_blank', 'noopener,noreferrer');
}

interface RowActionsProps {
  c: ContainerRow;
  onRemove: (c: ContainerRow) => void;
  /** Text buttons (details page) instead of icon buttons (table rows). */
  text?: boolean;
}

/** The per-container action buttons, named like "Stop web". */
export const ContainerActions = memo(function ContainerActions({ c, onRemove, text }: RowActionsProps) {
  const [busy, setBusy] = useState<Action | null>(null);
  const run = async (a: Action) => {
    setBusy(a);
    await runAction(c, a);
    setBusy(null);
  };
  const actions = actionsFor(c.state);
  return (
    <div className={text ? 'row-actions text' : 'row-actions'}>
      {actions.map((a) =>
        text ? (
          <Button key={a} size="small" icon={VERB[a].icon} busy={busy === a} disabled={!!busy} onClick={() => void run(a)} aria-label={`${VERB[a].label} ${c.name}`}>
            {VERB[a].label}
          </Button>
        ) : (
          <IconButton key={a} label={`${VERB[a].label} ${c.name}`} icon={VERB[a].icon} busy={busy === a} disabled={!!busy} onClick={() => void run(a)} />
        ),
      )}
      {text ? (
        <Button size="small" icon="trash" variant="default" disabled={!!busy} onClick={() => onRemove(c)} aria-label={`Remove ${c.name}`}>
          Remove
        </Button>
      ) : (
        <>
          <IconButton label={`Remove ${c.name}`} icon="trash" disabled={!!busy} onClick={() => onRemove(c)} />
          <IconButton label={`Details of ${c.name}`} icon="details" onClick={() => navigate({ view: 'containers', id: c.id, engine: engineForRoute(c.engine) })} />
        </>
      )}
    </div>
  );
});

/** Published ports as links that open http://localhost:<hostPort> in the browser (tcp only). */
export const PortLinks = memo(function PortLinks({ c }: { c: ContainerRow }) {
  const seen = new Set<string>();
  const ports = c.ports.filter((p) => {
    const k = `${p.hostPort}/${p.containerPort}/${p.protocol}`;
    if (!p.hostPort || seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  if (!ports.length) return <span className="muted">—</span>;
  return (
    <span className="port-links">
      {ports.map((p) =>
        p.protocol === 'tcp' ? (
          <a
            key={`${p.hostPort}/${p.containerPort}/${p.protocol}`}
            href={`http://localhost:${p.hostPort}/`}
            target="_blank"
            rel="noopener noreferrer"
            title={`Open http://localhost:${p.hostPort} in the browser`}
            aria-label={`Open port ${p.hostPort} of ${c.name} in the browser`}
            onClick={(e) => {
              e.preventDefault();
              openPort(p.hostPort);
            }}
          >
            {p.hostPort}→{p.containerPort}
          </a>
        ) : (
          <span key={`${p.hostPort}/${p.containerPort}/${p.protocol}`} className="muted">
            {p.hostPort}→{p.containerPort}/{p.protocol}
          </span>
        ),
      )}
    </span>
  );
});
