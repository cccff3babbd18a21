/**
 * Down a project: its containers and networks, and its named volumes only
 * when the user ticks it. Through the compose tool while the project's files
 * still exist; by label through the engine API when they do not.
 */
import { useState } from 'react';
import { bridge } from '../../bridge/client';
import { Button, CheckboxField, Dialog } from '../../components';
import { useSettings } from '../../stores/settings';
import { RunPanel } from './RunPanel';
import { useComposeRun } from './useComposeRun';

export function ComposeDownDialog({ engine, project, onClose }: { engine: string | undefined; project: string; onClose: () => void }) {
  const [volumes, setVolumes] = useState(false);
  const provider = useSettings((s) => s.composeProvider);
  const run = useComposeRun();
  const phase = run.state.phase;
  const start = () => {
    const input = { ...(engine ? { engine } : {}), project, volumes, ...(provider ? { provider } : {}) };
    run.start((h) => bridge.compose.down.subscribe(input, h));
  };
  const footer =
    phase === 'idle' ? (
      <>
        <Button onClick={onClose}>Cancel</Button>
        <Button variant="danger" onClick={start}>
          Down
        </Button>
      </>
    ) : phase === 'running' ? (
      <Button variant="danger" onClick={run.cancel}>
        Cancel
      </Button>
    ) : (
      <>
        {phase !== 'done' ? <Button onClick={run.reset}>Back</Button> : null}
        <Button variant={phase === 'done' ? 'primary' : 'default'} onClick={onClose}>
          Close
        </Button>
      </>
    );
  return (
    <Dialog open alert title={`Down project ${project}?`} size={phase === 'idle' ? 'medium' : 'large'} onClose={() => phase !== 'running' && onClose()} footer={footer}>
      {phase === 'idle' ? (
        <>
          <p>Stops and removes the containers and networks of {project}. Images are kept.</p>
          <CheckboxField
            label="Also remove the project's volumes"
            checked={volumes}
            onChange={setVolumes}
            hint="Named volumes declared in the compose file, with their data. Leave it off to keep the data for the next up."
          />
        </>
      ) : (
        <RunPanel state={run.state} what={`Compose down ${project}`} />
      )}
    </Dialog>
  );
}
