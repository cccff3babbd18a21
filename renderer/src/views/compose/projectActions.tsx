/** Group actions on a compose project: by label through the engine API, each container in turn; what failed is said by name. */
import { useState } from 'react';
import type { ComposeProject, ContainerRow } from '../../../../electron/contract/index.js';
import { bridge, describeError } from '../../bridge/client';
import { Button, IconButton, notify, notifyError } from '../../components';
import { ActionButton, RowActions } from '../images/common';

export type Project = ComposeProject<ContainerRow>;
type GroupAction = 'start' | 'stop' | 'restart' | 'pause' | 'unpause' | 'remove';

const VERB: Record<GroupAction, string> = { start: 'start', stop: 'stop', restart: 'restart', pause: 'pause', unpause: 'resume', remove: 'remove' };

export async function runProjectAction(p: Project, action: GroupAction): Promise<void> {
  try {
    const r = await bridge.compose.action.mutate({ ...(p.engine ? { engine: p.engine } : {}), project: p.name, action });
    if (r.failed.length) {
      notify({
        kind: 'error',
        title: `Could not ${VERB[action]} ${r.failed.length} of ${r.failed.length + r.done.length} containers of ${p.name}`,
        detail: r.failed.map((f) => `${f.name}: ${describeError(f.error).detail ?? f.error.message}`).join('\n'),
      });
    }
  } catch (e) {
    notifyError(e, `Could not ${VERB[action]} project ${p.name}`);
  }
}

export function projectState(p: Project): string {
  const n = p.containers.length;
  const run = p.states.running ?? 0;
  if (run === n) return 'running';
  if ((p.states.paused ?? 0) === n) return 'paused';
  if (run === 0 && !p.states.paused) return 'exited';
  return 'partly running';
}

export function ProjectActions({ p, onDown, onRemove, onLogs, text }: { p: Project; onDown: () => void; onRemove: () => void; onLogs?: (() => void) | undefined; text?: boolean | undefined }) {
  const [busy, setBusy] = useState<GroupAction | null>(null);
  const act = async (a: GroupAction) => {
    setBusy(a);
    await runProjectAction(p, a);
    setBusy(null);
  };
  const running = p.states.running ?? 0;
  const paused = p.states.paused ?? 0;
  const all = p.containers.length;
  const B = ({ a, icon, label, disabled }: { a: GroupAction; icon: 'play' | 'stop' | 'restart' | 'pause'; label: string; disabled: boolean }) =>
    text ? (
      <Button size="small" icon={icon} busy={busy === a} disabled={!!busy || disabled} onClick={() => void act(a)}>
        {label}
      </Button>
    ) : (
      <IconButton label={`${label} ${p.name}`} icon={icon} busy={busy === a} disabled={!!busy || disabled} onClick={() => void act(a)} />
    );
  return (
    <RowActions>
      <B a="start" icon="play" label="Start" disabled={running + paused === all} />
      <B a="stop" icon="stop" label="Stop" disabled={running + paused === 0} />
      <B a="restart" icon="restart" label="Restart" disabled={false} />
      {paused > 0 ? <B a="unpause" icon="play" label="Resume" disabled={false} /> : <B a="pause" icon="pause" label="Pause" disabled={running === 0} />}
      {onLogs && !text ? <IconButton label={`Logs of ${p.name}`} icon="logs" onClick={onLogs} /> : null}
      {text ? (
        <Button size="small" variant="danger" disabled={!!busy} onClick={onDown}>
          Down
        </Button>
      ) : (
        <ActionButton label={`Down ${p.name}`} icon="pull" danger disabled={!!busy} onClick={onDown} />
      )}
      {text ? (
        <Button size="small" icon="trash" disabled={!!busy} onClick={onRemove}>
          Remove containers
        </Button>
      ) : (
        <IconButton label={`Remove containers of ${p.name}`} icon="trash" disabled={!!busy} onClick={onRemove} />
      )}
    </RowActions>
  );
}
