/**
 * "Create container": image (prefilled from Images via openCreateContainer),
 * name, command, env, ports, volumes, secrets, restart policy. Validated before submit
 * (line-level parsing, then the contract's zod schema) with per-field
 * messages; engine errors (port in use, name in use …) shown in place.
 */
import { useEffect, useMemo, useState } from 'react';
import { schemas } from '../../../../electron/contract/index.js';
import { bridge, engineError } from '../../bridge/client';
import { Button, CheckboxField, Dialog, ErrorMessage, notify, SelectField, TextAreaField, TextField } from '../../components';
import { engineForRoute } from '../../stores/engines';
import { useLive } from '../../stores/live';
import { closeCreateContainer, navigate, useUi } from '../../stores/ui';
import { EngineSelect } from '../settings/engines/shared';
import { parseEnv, parsePorts, parseVolumes, splitCommand } from './parse';
import { parseSecrets } from './secret-lines';

type Field = 'image' | 'name' | 'command' | 'env' | 'ports' | 'mounts' | 'secrets' | 'restartPolicy' | 'healthcheck';
type Errors = Partial<Record<Field, string>>;

interface FormState {
  image: string;
  name: string;
  command: string;
  env: string;
  ports: string;
  volumes: string;
  secrets: string;
  restartPolicy: 'no' | 'always' | 'on-failure' | 'unless-stopped';
  /** Health check: a shell command, and its timings in seconds as typed. */
  healthCmd: string;
  healthInterval: string;
  healthTimeout: string;
  healthStart: string;
  healthRetries: string;
  start: boolean;
  /** The engine to create it on; the primary one when undefined. */
  engine?: string | undefined;
}

const EMPTY: FormState = {
  image: '',
  name: '',
  command: '',
  env: '',
  ports: '',
  volumes: '',
  secrets: '',
  restartPolicy: 'no',
  healthCmd: '',
  healthInterval: '',
  healthTimeout: '',
  healthStart: '',
  healthRetries: '',
  start: true,
};

/** The health fields as the bridge takes them (seconds typed, milliseconds sent); undefined without a command. */
function healthOf(f: FormState): { value?: Record<string, unknown>; error?: string } {
  const timings = [
    ['Interval', f.healthInterval, 'intervalMs'],
    ['Timeout', f.healthTimeout, 'timeoutMs'],
    ['Start period', f.healthStart, 'startPeriodMs'],
  ] as const;
  if (!f.healthCmd.trim()) {
    const stray = timings.find(([, v]) => v.trim()) ?? (f.healthRetries.trim() ? ['Retries'] : undefined);
    return stray ? { error: `${stray[0]} is set, but there is no health check command` } : {};
  }
  const value: Record<string, unknown> = { command: f.healthCmd.trim() };
  for (const [label, text, key] of timings) {
    if (!text.trim()) continue;
    const n = Number(text.trim());
    if (!Number.isFinite(n)) return { error: `${label}: a number of seconds, like 30 or 0.5` };
    value[key] = Math.round(n * 1000);
  }
  if (f.healthRetries.trim()) value.retries = Number(f.healthRetries.trim());
  return { value };
}

export function validateCreate(f: FormState): { input?: ReturnType<typeof schemas.CreateContainerInput.parse>; errors: Errors } {
  const errors: Errors = {};
  const cmd = splitCommand(f.command);
  const env = parseEnv(f.env);
  const ports = parsePorts(f.ports);
  const mounts = parseVolumes(f.volumes);
  const secrets = parseSecrets(f.secrets);
  if (cmd.errors.length) errors.command = cmd.errors.join('\n');
  if (env.errors.length) errors.env = env.errors.join('\n');
  if (ports.errors.length) errors.ports = ports.errors.join('\n');
  if (mounts.errors.length) errors.mounts = mounts.errors.join('\n');
  if (secrets.errors.length) errors.secrets = secrets.errors.join('\n');
  const health = healthOf(f);
  if (health.error) errors.healthcheck = health.error;
  const raw = {
    ...(f.engine ? { engine: f.engine } : {}),
    image: f.image.trim(),
    ...(f.name.trim() ? { name: f.name.trim() } : {}),
    ...(cmd.value.length ? { command: cmd.value } : {}),
    ...(Object.keys(env.value).length ? { env: env.value } : {}),
    ...(ports.value.length ? { ports: ports.value } : {}),
    ...(mounts.value.length ? { mounts: mounts.value } : {}),
    ...(secrets.value.length ? { secrets: secrets.value } : {}),
    ...(f.restartPolicy !== 'no' ? { restartPolicy: f.restartPolicy } : {}),
    ...(health.value ? { healthcheck: health.value } : {}),
    start: f.start,
  };
  const r = schemas.CreateContainerInput.safeParse(raw);
  if (!r.success) {
    for (const issue of r.error.issues) {
      const key = String(issue.path[0] ?? 'image') as Field;
      const line = typeof issue.path[1] === 'number' ? `Line ${issue.path[1] + 1}: ` : '';
      if (!errors[key]) errors[key] = `${line}${issue.message}`;
    }
  }
  if (Object.keys(errors).length) return { errors };
  return { input: r.success ? r.data : undefined, errors };
}

export function CreateContainerDialog() {
  const { open, image, engine } = useUi((s) => s.createContainer);
  return open ? <CreateForm initialImage={image} initialEngine={engine} /> : null;
}

function CreateForm({ initialImage, initialEngine }: { initialImage: string | undefined; initialEngine: string | undefined }) {
  const [f, setF] = useState<FormState>({ ...EMPTY, image: initialImage ?? '', engine: initialEngine });
  const [errors, setErrors] = useState<Errors>({});
  const [submitError, setSubmitError] = useState<unknown>(undefined);
  const [busy, setBusy] = useState(false);
  const [tried, setTried] = useState(false);
  const set = <K extends keyof FormState>(k: K, v: FormState[K]) => setF((prev) => ({ ...prev, [k]: v }));
  const secretItems = useLive('secrets').items;
  // Podman 4.3 announces no secret changes: re-read them for the hint when the form opens.
  useEffect(() => void bridge.live.resync.mutate({ kind: 'secrets' }).catch(() => undefined), []);
  const secretNames = useMemo(() => secretItems.filter((x) => !f.engine || x.engine === f.engine).map((x) => x.name), [secretItems, f.engine]);

  // After a first submit, re-validate as the user fixes things.
  useEffect(() => {
    if (tried) setErrors(validateCreate(f).errors);
  }, [f, tried]);

  const submit = async () => {
    setTried(true);
    const { input, errors: errs } = validateCreate(f);
    setErrors(errs);
    setSubmitError(undefined);
    if (!input) {
      const first = document.querySelector<HTMLElement>('.dialog [aria-invalid="true"]');
      first?.focus();
      return;
    }
    setBusy(true);
    try {
      const r = await bridge.containers.create.mutate(input);
      notify({ kind: 'success', title: `Created container ${input.name ?? r.id.slice(0, 12)}`, detail: r.warnings.length ? r.warnings.join('; ') : undefined });
      closeCreateContainer();
      navigate({ view: 'containers', id: r.id, engine: engineForRoute(input.engine) });
    } catch (e) {
      setBusy(false);
      const kind = engineError(e)?.kind;
      if (kind === 'name-in-use') setErrors((x) => ({ ...x, name: 'A container with this name already exists.' }));
      else if (kind === 'port-in-use') setErrors((x) => ({ ...x, ports: 'A host port here is already in use.' }));
      else if (kind === 'image-unknown' || kind === 'not-found') setErrors((x) => ({ ...x, image: 'This image is not available locally or in a registry.' }));
      setSubmitError(e);
    }
  };

  return (
    <Dialog
      open
      title="Create container"
      onClose={() => !busy && closeCreateContainer()}
      onSubmit={() => void submit()}
      size="large"
      footer={
        <>
          <Button onClick={closeCreateContainer} disabled={busy}>
            Cancel
          </Button>
          <Button type="submit" variant="primary" busy={busy}>
            {f.start ? 'Create and start' : 'Create'}
          </Button>
        </>
      }
    >
      <div className="create-grid">
        <TextField label="Image" required value={f.image} onChange={(e) => set('image', e.target.value)} error={errors.image} placeholder="docker.io/library/nginx:latest" autoFocus={!initialImage} />
        <TextField
          label="Name"
          value={f.name}
          onChange={(e) => set('name', e.target.value)}
          error={errors.name}
          placeholder="Optional, e.g. web"
          hint="Letters, digits, “_”, “.” and “-”."
          autoFocus={!!initialImage}
        />
        <div className="span-2">
          <TextField
            label="Command"
            value={f.command}
            onChange={(e) => set('command', e.target.value)}
            error={errors.command}
            placeholder="Optional; the image's default otherwise"
            hint='Words are split at spaces; quote to keep spaces: sh -c "echo hi"'
          />
        </div>
        <TextAreaField
          label="Environment variables"
          value={f.env}
          onChange={(e) => set('env', e.target.value)}
          error={errors.env}
          placeholder={'KEY=VALUE\nDEBUG=1'}
          hint="One KEY=VALUE per line."
          rows={4}
        />
        <TextAreaField
          label="Ports"
          value={f.ports}
          onChange={(e) => set('ports', e.target.value)}
          error={errors.ports}
          placeholder={'8080:80\n5353:53/udp'}
          hint="One host:container[/tcp|udp] per line."
          rows={4}
        />
        <div className="span-2">
          <TextAreaField
            label="Volumes"
            value={f.volumes}
            onChange={(e) => set('volumes', e.target.value)}
            error={errors.mounts}
            placeholder={'/home/me/site:/usr/share/nginx/html:ro\nmydata:/var/lib/data'}
            hint="One per line: a host path (starting with /) or a volume name, then :/path/in/container, optionally :ro."
            rows={3}
          />
          <TextAreaField
            label="Secrets"
            value={f.secrets}
            onChange={(e) => set('secrets', e.target.value)}
            error={errors.secrets}
            placeholder={'db-password\napi-key:/etc/app/key\nTOKEN=api-token'}
            hint={`One per line (Podman): a secret's name (a file in /run/secrets), name:/path for a file there, or VARIABLE=name (a variable's value shows in the container's inspect once it runs; a file's does not).${secretNames.length ? ` Yours: ${secretNames.slice(0, 8).join(', ')}${secretNames.length > 8 ? '…' : ''}.` : ''}`}
            rows={2}
          />
        </div>
        <EngineSelect value={f.engine} onChange={(v) => set('engine', v)} hint="Where the container is created; the image must be on that engine or in a registry." wrapClass="span-2" />
        <SelectField
          label="Restart policy"
          value={f.restartPolicy}
          onChange={(e) => set('restartPolicy', e.target.value as FormState['restartPolicy'])}
          error={errors.restartPolicy}
          options={[
            { value: 'no', label: 'Never restart' },
            { value: 'on-failure', label: 'On failure' },
            { value: 'unless-stopped', label: 'Unless stopped' },
            { value: 'always', label: 'Always' },
          ]}
        />
        <fieldset className="span-2 health-fields">
          <legend>Health check (optional)</legend>
          <TextField
            label="Health test (shell)"
            value={f.healthCmd}
            onChange={(e) => set('healthCmd', e.target.value)}
            error={errors.healthcheck}
            placeholder="curl -fs http://localhost/ || exit 1"
            hint="Runs in the container's shell; exit code 0 means healthy."
            className="mono"
          />
          <TextField label="Interval (s)" inputMode="decimal" value={f.healthInterval} onChange={(e) => set('healthInterval', e.target.value)} placeholder="30" />
          <TextField label="Timeout (s)" inputMode="decimal" value={f.healthTimeout} onChange={(e) => set('healthTimeout', e.target.value)} placeholder="30" />
          <TextField label="Start period (s)" inputMode="decimal" value={f.healthStart} onChange={(e) => set('healthStart', e.target.value)} placeholder="0" />
          <TextField label="Retries" inputMode="numeric" value={f.healthRetries} onChange={(e) => set('healthRetries', e.target.value)} placeholder="3" />
        </fieldset>
        <div style={{ alignSelf: 'end' }}>
          <CheckboxField label="Start the container after creating it" checked={f.start} onChange={(v) => set('start', v)} />
        </div>
      </div>
      {submitError !== undefined ? <ErrorMessage error={submitError} title="Could not create the container" /> : null}
    </Dialog>
  );
}
