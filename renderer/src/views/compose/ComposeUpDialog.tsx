/**
 * Compose up from a project folder: a compose file on the machine Berth runs
 * on (typed or browsed), checked there before anything runs (the services,
 * profiles and project name it would use), then the tool's output as it
 * runs, with Cancel. A run that fails or is cancelled says what it left on
 * the engine and offers to take it down.
 */
import { useQuery } from '@tanstack/react-query';
import { useMemo, useState, type FormEvent } from 'react';
import { projectOf, schemas } from '../../../../electron/contract/index.js';
import { bridge, describeError } from '../../bridge/client';
import { Button, CheckboxField, Dialog, ErrorMessage, QueryWait, TextField } from '../../components';
import { usePrimaryEngineId } from '../../stores/engines';
import { useLiveSelect } from '../../stores/live';
import { useSettings } from '../../stores/settings';
import { navigate } from '../../stores/ui';
import { zodMessage } from '../images/common';
import { EngineSelect } from '../settings/engines/shared';
import { FolderBrowser } from './FolderBrowser';
import { ProviderLine } from './ProviderLine';
import { leftSummary, RunPanel } from './RunPanel';
import { useComposeRun } from './useComposeRun';

const dirOf = (p: string) => p.replace(/[\\/][^\\/]*$/, '') || '/';

export function ComposeUpDialog({ onClose, onDown }: { onClose: () => void; onDown: (engine: string | undefined, project: string) => void }) {
  const primary = usePrimaryEngineId();
  const [engine, setEngine] = useState<string | undefined>();
  const [file, setFile] = useState('');
  const [checked, setChecked] = useState('');
  const [projectName, setProjectName] = useState('');
  const [envFile, setEnvFile] = useState('');
  const [profiles, setProfiles] = useState<ReadonlySet<string>>(() => new Set());
  const [browse, setBrowse] = useState<string | null>(null);
  const [errors, setErrors] = useState<{ file?: string | undefined; projectName?: string | undefined; envFile?: string | undefined }>({});
  const provider = useSettings((s) => s.composeProvider);
  const run = useComposeRun();
  const on = engine ?? primary;

  const planKey = ['compose', 'plan', on ?? '', checked, envFile.trim()] as const;
  const plan = useQuery({
    queryKey: planKey,
    enabled: !!checked,
    retry: false,
    queryFn: ({ signal }) => bridge.compose.plan.query({ ...(on ? { engine: on } : {}), files: [checked], ...(envFile.trim() ? { envFile: envFile.trim() } : {}) }, { signal }),
  });
  const name = projectName.trim() || plan.data?.projectName || '';
  // What the run left, from the live rows: also right after a Cancel, when the tool could not report it.
  const leftCount = useLiveSelect('containers', (s) => (name ? s.list.filter((c) => c.engine === on && projectOf(c.labels) === name).length : 0));
  const active = useMemo(() => {
    if (!plan.data) return [];
    return plan.data.services.filter((s) => s.profiles.length === 0 || s.profiles.some((p) => profiles.has(p))).map((s) => s.name);
  }, [plan.data, profiles]);

  // The desktop app has the OS's own picker; in serve the browser may be on another machine, so Berth lists the host's folders.
  const pick = async () => {
    if (browse !== null) return setBrowse(null);
    try {
      const r = await bridge.app.pickFile.mutate({ purpose: 'compose-file' });
      if (r.native) {
        if (r.path) {
          setFile(r.path);
          check(r.path);
        }
        return;
      }
    } catch (e) {
      setErrors((x) => ({ ...x, file: describeError(e).title }));
      return;
    }
    setBrowse(file.trim() ? dirOf(file.trim()) : '');
  };

  const check = (path = file) => {
    const f = path.trim();
    const message = !f ? 'Choose a compose file' : zodMessage(schemas.ComposeTargetInput.shape.files.element, f);
    setErrors((e) => ({ ...e, file: message }));
    if (!message) setChecked(f);
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const f = file.trim();
    const next = {
      file: !f ? 'Choose a compose file' : zodMessage(schemas.ComposeTargetInput.shape.files.element, f),
      projectName: projectName.trim() ? zodMessage(schemas.ProjectName, projectName.trim()) : undefined,
      envFile: envFile.trim() ? zodMessage(schemas.ComposeTargetInput.shape.files.element, envFile.trim()) : undefined,
    };
    setErrors(next);
    if (next.file || next.projectName || next.envFile) return;
    if (f !== checked) setChecked(f);
    const input = {
      ...(on ? { engine: on } : {}),
      files: [f],
      ...(projectName.trim() ? { projectName: projectName.trim() } : {}),
      ...(profiles.size ? { profiles: [...profiles] } : {}),
      ...(envFile.trim() ? { envFile: envFile.trim() } : {}),
      ...(provider ? { provider } : {}),
    };
    run.start((h) => bridge.compose.up.subscribe(input, h));
  };

  const phase = run.state.phase;
  const running = phase === 'running';
  const ended = phase === 'done' || phase === 'failed' || phase === 'cancelled';
  const left = leftSummary(run.state.left);
  const showLeft = (phase === 'failed' || phase === 'cancelled') && name && (left || leftCount > 0);

  const footer = ended ? (
    <>
      {phase === 'done' && name ? (
        <Button variant="primary" onClick={() => (onClose(), navigate({ view: 'compose', id: name, ...(engine ? { engine } : {}) }))}>
          Open project
        </Button>
      ) : null}
      {showLeft ? (
        <Button variant="danger" onClick={() => onDown(on, name)}>
          Down what was left
        </Button>
      ) : null}
      <Button onClick={run.reset}>Back to the form</Button>
      <Button onClick={onClose}>Close</Button>
    </>
  ) : running ? (
    <Button variant="danger" onClick={run.cancel}>
      Cancel
    </Button>
  ) : (
    <>
      <Button onClick={onClose}>Cancel</Button>
      <Button type="submit" variant="primary" icon="play">
        Up
      </Button>
    </>
  );

  return (
    <Dialog open title="Compose up" size="large" onClose={() => !running && onClose()} onSubmit={phase === 'idle' ? submit : undefined} footer={footer}>
      {phase === 'idle' ? (
        <>
          <EngineSelect value={engine} onChange={setEngine} hint="The engine the project runs on." />
          <ProviderLine engine={on} />
          <div className="compose-file-row">
            <TextField
              label="Compose file"
              required
              autoFocus
              value={file}
              placeholder="/home/me/projects/app/compose.yaml"
              hint="The full path on the machine Berth runs on; the project folder is the file's folder."
              error={errors.file}
              onChange={(e) => setFile(e.target.value)}
              onBlur={() => file.trim() && check()}
            />
            <Button onClick={() => void pick()} aria-expanded={browse !== null}>
              Browse…
            </Button>
          </div>
          {browse !== null ? (
            <FolderBrowser
              dir={browse || undefined}
              onDir={setBrowse}
              onFile={(p) => {
                setFile(p);
                setBrowse(null);
                check(p);
              }}
            />
          ) : null}
          {plan.isLoading && checked ? <QueryWait label="Reading the compose file" queryKey={planKey} onRetry={() => void plan.refetch()} /> : null}
          {plan.error ? <ErrorMessage error={plan.error} title="That compose file cannot be used" /> : null}
          {plan.data ? (
            <div className="compose-plan" role="group" aria-label="What up will start">
              <div>
                Project <strong>{name}</strong> in <span className="mono">{plan.data.dir}</span>
              </div>
              <div>
                Starts {active.length} of {plan.data.services.length} service{plan.data.services.length === 1 ? '' : 's'}: {active.join(', ') || 'none'}
              </div>
              {plan.data.profiles.length ? (
                <fieldset className="compose-profiles">
                  <legend>Profiles</legend>
                  {plan.data.profiles.map((p) => (
                    <CheckboxField
                      key={p}
                      label={`${p} (${plan.data.services
                        .filter((s) => s.profiles.includes(p))
                        .map((s) => s.name)
                        .join(', ')})`}
                      checked={profiles.has(p)}
                      onChange={(v) =>
                        setProfiles((prev) => {
                          const next = new Set(prev);
                          if (v) next.add(p);
                          else next.delete(p);
                          return next;
                        })
                      }
                    />
                  ))}
                </fieldset>
              ) : null}
            </div>
          ) : null}
          <TextField
            label="Project name"
            value={projectName}
            placeholder={plan.data?.projectName ?? 'the folder name'}
            hint="Optional: lowercase letters, digits, - and _."
            error={errors.projectName}
            onChange={(e) => setProjectName(e.target.value)}
          />
          <TextField
            label="Env file"
            value={envFile}
            placeholder="/home/me/projects/app/.env"
            hint="Optional: variables for the compose file (default: .env in the project folder)."
            error={errors.envFile}
            onChange={(e) => setEnvFile(e.target.value)}
          />
        </>
      ) : (
        <>
          <RunPanel state={run.state} what={`Compose up ${name}`} />
          {showLeft ? (
            <div className="compose-left" role="note">
              Left on the engine: {left ?? `${leftCount} container${leftCount === 1 ? '' : 's'} of ${name}`}. Down removes them (and the project&apos;s networks).
            </div>
          ) : null}
        </>
      )}
    </Dialog>
  );
}
