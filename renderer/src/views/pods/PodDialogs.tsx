/** Dialogs of the Pods view: create, remove, kube YAML (generate and play). */
import { useQuery } from '@tanstack/react-query';
import { useId, useMemo, useRef, useState, type FormEvent } from 'react';
import { schemas, type PodRow } from '../../../../electron/contract/index.js';
import { bridge } from '../../bridge/client';
import { Button, ConfirmDialog, Dialog, ErrorMessage, notify, ProgressBar, TextAreaField, TextField } from '../../components';
import { parseLabels, zodMessage } from '../images/common';
import { parsePortMappings } from '../common/ports';
import { copyText } from '../../panes/terminal/xterm-setup';
import { EngineSelect } from '../settings/engines/shared';
import { LogsPane } from '../../panes/logs/LogsPane';
import { useLive } from '../../stores/live';
import { CreateResourceDialog, type EngineTarget } from '../common/CreateResourceDialog';
import { FormDialog } from '../common/FormDialog';
import { useSubmit } from '../common/useSubmit';

export function CreatePodDialog({ onClose }: { onClose: () => void }) {
  const [name, setName] = useState('');
  const [ports, setPorts] = useState('');
  const [labels, setLabels] = useState('');
  const [errors, setErrors] = useState<{ name?: string | undefined; ports?: string | undefined; labels?: string | undefined }>({});
  const n = name.trim();
  const p = parsePortMappings(ports);
  const l = parseLabels(labels);
  const validate = () => {
    const next = { name: !n ? 'A pod needs a name' : zodMessage(schemas.ResourceName, n), ports: p.errors[0], labels: l.error };
    setErrors(next);
    return !next.name && !next.ports && !next.labels;
  };
  const create = async (on: EngineTarget) => {
    await bridge.pods.create.mutate({ ...on, name: n, ...(p.value.length ? { ports: p.value } : {}), ...(Object.keys(l.labels).length ? { labels: l.labels } : {}) });
    return n;
  };
  return (
    <CreateResourceDialog noun="pod" validate={validate} create={create} onClose={onClose}>
      <TextField label="Name" required autoFocus value={name} placeholder="web-pod" error={errors.name} onChange={(e) => setName(e.target.value)} />
      <TextField
        label="Published ports"
        value={ports}
        placeholder="8080:80, 127.0.0.1:8443:443"
        hint="host:container, separated by commas. Containers in the pod share these ports."
        error={errors.ports}
        onChange={(e) => setPorts(e.target.value)}
      />
      <TextAreaField label="Labels" value={labels} placeholder={'team=web\nenv=dev'} hint="One key=value per line." error={errors.labels} onChange={(e) => setLabels(e.target.value)} />
    </CreateResourceDialog>
  );
}

export function RemovePodDialog({ pod, onClose }: { pod: PodRow; onClose: () => void }) {
  const n = pod.containers.length;
  const running = pod.containers.filter((c) => c.state === 'running').length;
  return (
    <ConfirmDialog
      open
      title={`Remove pod ${pod.name}?`}
      confirmLabel="Remove"
      message={
        <>
          <p>
            The pod <strong>{pod.name}</strong> {n ? `and its ${n} container${n === 1 ? '' : 's'} are` : 'is'} removed. Data in the containers that is not in a volume is lost; volumes are kept.
          </p>
          {running ? (
            <div className="rv-warning" role="note">
              <span>
                <strong>
                  {running} container{running === 1 ? ' is' : 's are'} running.
                </strong>{' '}
                Without Force the engine refuses; with Force it stops {running === 1 ? 'it' : 'them'} first.
              </span>
            </div>
          ) : null}
        </>
      }
      checkbox={{ label: 'Force: stop running containers and remove anyway', defaultChecked: false }}
      onConfirm={async (force) => {
        await bridge.pods.remove.mutate({ engine: pod.engine, id: pod.id, ...(force ? { force: true } : {}) });
        notify({ kind: 'success', title: `Removed pod ${pod.name}` });
        onClose();
      }}
      onCancel={onClose}
    />
  );
}

export function KubeYamlDialog({ pod, onClose }: { pod: PodRow; onClose: () => void }) {
  const q = useQuery({ queryKey: ['kube', 'generate', pod.engine, pod.name], queryFn: () => bridge.kube.generate.query({ engine: pod.engine, names: [pod.name] }), staleTime: 0 });
  const [copied, setCopied] = useState('');
  const copy = async () => {
    try {
      await copyText(q.data ?? '');
      setCopied('Copied the YAML to the clipboard');
    } catch {
      setCopied('Could not copy to the clipboard');
    }
  };
  const href = q.data ? `data:application/yaml;charset=utf-8,${encodeURIComponent(q.data)}` : undefined;
  return (
    <Dialog
      open
      title={`Kubernetes YAML for ${pod.name}`}
      onClose={onClose}
      size="large"
      footer={
        <>
          <span className="rv-status-line" role="status">
            {copied}
          </span>
          <Button icon="copy" onClick={() => void copy()} disabled={!q.data}>
            Copy
          </Button>
          {href ? (
            <a className="btn btn-default" href={href} download={`${pod.name}.yaml`}>
              Save as file
            </a>
          ) : null}
          <Button variant="primary" onClick={onClose} autoFocus>
            Close
          </Button>
        </>
      }
    >
      {q.isPending ? <ProgressBar label="Generating the YAML" /> : null}
      {q.error ? <ErrorMessage error={q.error} title="Could not generate the YAML" onRetry={() => void q.refetch()} /> : null}
      {q.data ? (
        <pre className="rv-yaml mono" tabIndex={0} aria-label={`Kubernetes YAML for ${pod.name}`}>
          {q.data}
        </pre>
      ) : null}
    </Dialog>
  );
}

const MAX_YAML = 1024 * 1024;

export function PlayKubeDialog({ onClose }: { onClose: () => void }) {
  const [yaml, setYaml] = useState('');
  const [engine, setEngine] = useState<string | undefined>();
  const [error, setError] = useState<string | undefined>();
  const { busy, failure, run } = useSubmit();
  const [result, setResult] = useState<string[] | null>(null);
  const [fileName, setFileName] = useState('');
  const fileId = useId();
  const fileRef = useRef<HTMLInputElement>(null);

  const readFile = (file: File | undefined) => {
    if (!file) return;
    if (file.size > MAX_YAML) {
      setError(`${file.name} is larger than 1 MiB`);
      return;
    }
    const reader = new FileReader();
    reader.onload = () => {
      setYaml(String(reader.result ?? ''));
      setFileName(file.name);
      setError(undefined);
    };
    reader.onerror = () => setError(`Could not read ${file.name}`);
    reader.readAsText(file);
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const msg = zodMessage(schemas.KubePlayInput.shape.yaml, yaml.trim() ? yaml : '');
    if (msg) {
      setError(msg);
      return;
    }
    await run(async () => {
      const r = await bridge.kube.play.mutate({ ...(engine ? { engine } : {}), yaml });
      setResult(r.pods);
      notify({ kind: 'success', title: r.pods.length ? `Created pod${r.pods.length === 1 ? '' : 's'} ${r.pods.join(', ')}` : 'Played the YAML' });
    });
  };

  if (result)
    return (
      <Dialog
        open
        title="Play Kubernetes YAML"
        onClose={onClose}
        footer={
          <Button variant="primary" onClick={onClose} autoFocus>
            Close
          </Button>
        }
      >
        <div className="rv-success" role="status">
          {result.length ? (
            <>
              Created {result.length} pod{result.length === 1 ? '' : 's'}:{' '}
              {result.map((p, i) => (
                <span key={p}>
                  {i ? ', ' : ''}
                  <strong>{p}</strong>
                </span>
              ))}
            </>
          ) : (
            'The engine played the YAML.'
          )}
        </div>
      </Dialog>
    );

  return (
    <FormDialog
      title="Play Kubernetes YAML"
      size="large"
      submitIcon="play"
      submitLabel="Play"
      busy={busy}
      failure={failure}
      failureTitle="The engine could not play this YAML"
      onSubmit={(e) => void submit(e)}
      onClose={onClose}
    >
      <EngineSelect value={engine} onChange={setEngine} hint="The engine that creates the pods." />
      <div className="field">
        <label className="field-label" htmlFor={fileId}>
          YAML file
        </label>
        <input ref={fileRef} id={fileId} type="file" accept=".yaml,.yml,application/yaml,text/yaml,text/plain" onChange={(e) => readFile(e.target.files?.[0])} />
        <div className="field-hint">{fileName ? `Loaded ${fileName}; you can edit it below.` : 'Choose a file, or paste the YAML below.'}</div>
      </div>
      <TextAreaField
        label="YAML"
        className="input textarea rv-yaml-input"
        rows={14}
        value={yaml}
        placeholder={'apiVersion: v1\nkind: Pod\nmetadata:\n  name: demo\nspec:\n  containers:\n  - name: web\n    image: docker.io/library/nginx:alpine'}
        error={error}
        onChange={(e) => {
          setYaml(e.target.value);
          setError(undefined);
        }}
      />
    </FormDialog>
  );
}

/** The combined log of a pod's containers (not its infra container, which prints nothing), in time order. */
export function PodLogsDialog({ pod, onClose }: { pod: PodRow; onClose: () => void }) {
  const { items } = useLive('containers');
  const key = items
    .filter((c) => c.engine === pod.engine && c.pod?.id === pod.id && !c.isInfra)
    .map((c) => `${c.id}\0${c.name}`)
    .join('\n');
  // A new member set restarts the log; a state change of a member does not.
  const stable = useMemo(() => (key ? key.split('\n').map((l) => ({ id: l.split('\0')[0]!, name: l.split('\0')[1]! })) : []), [key]);
  return (
    <Dialog open title={`Logs of pod ${pod.name}`} onClose={onClose} size="large" footer={<Button onClick={onClose}>Close</Button>}>
      <div className="pod-logs">{stable.length ? <LogsPane members={stable} engine={pod.engine} name={pod.name} /> : <p className="muted">This pod has no containers of its own yet.</p>}</div>
    </Dialog>
  );
}
