/**
 * Settings → Engines: every engine Berth knows (found by discovery, added by
 * the user, running machines) with kind, version, mode, address, how it was
 * found and its health; Show (which the lists include), Test, Remove (only
 * the user's own), and a form to add one by address.
 */
import { useState, type FormEvent } from 'react';
import { schemas, type EngineEntry, type EngineTestResult } from '../../../../../electron/contract/index.js';
import { bridge, describeError } from '../../../bridge/client';
import { Badge, Button, ConfirmDialog, ErrorMessage, notify, notifyError, TextField } from '../../../components';
import { useEngines } from '../../../stores/engines';
import { SimpleTable, type TableHeader } from '../../common/SimpleTable';
import './engines.css';

export const SOURCE_LABELS: Record<string, string> = {
  explicit: 'Given at start',
  env: 'Environment (CONTAINER_HOST / DOCKER_HOST)',
  rootless: 'Your rootless Podman',
  rootful: 'Rootful Podman',
  machine: 'Podman machine',
  docker: 'Docker socket',
  embedded: 'Started by Berth',
  user: 'Added by you',
};

export function kindName(kind: string | undefined): string {
  return kind === 'docker' ? 'Docker' : kind === 'podman' ? 'Podman' : '—';
}

export function HealthText({ e }: { e: Pick<EngineEntry, 'health'> }) {
  const h = e.health;
  const text = h.state === 'healthy' ? 'Healthy' : h.state === 'unreachable' ? 'Unreachable' : 'Connecting…';
  const detail = h.state === 'unreachable' ? (h.message ?? h.error?.engineMessage ?? h.error?.message) : undefined;
  return (
    <span className="eng-health">
      <span className="health-inline">
        <span className={`health-dot health-${h.state}`} aria-hidden="true" />
        {text}
      </span>
      {detail ? <span className="muted eng-health-detail">{detail}</span> : null}
      {h.state === 'unreachable' && h.error?.hint ? <span className="muted eng-health-detail">{h.error.hint}</span> : null}
    </span>
  );
}

function TestResultText({ r }: { r: EngineTestResult | { failed: unknown } }) {
  if ('failed' in r) {
    const d = describeError(r.failed);
    return (
      <span className="eng-test eng-test-bad">
        Test failed: {d.title}
        {d.detail ? ` — ${d.detail}` : ''}
      </span>
    );
  }
  if (r.ok)
    return (
      <span className="eng-test eng-test-ok">
        Answers: {kindName(r.kind)} {r.version ?? ''}
        {r.rootless !== undefined ? (r.rootless ? ', rootless' : ', rootful') : ''}
      </span>
    );
  return (
    <span className="eng-test eng-test-bad">
      Does not answer{r.error ? `: ${r.error.engineMessage ?? r.error.message}` : ''}
      {r.error?.hint ? <span className="muted"> {r.error.hint}</span> : null}
    </span>
  );
}

type TestState = { busy: true } | { busy: false; result: EngineTestResult | { failed: unknown } };

async function runTest(address: string): Promise<EngineTestResult | { failed: unknown }> {
  try {
    return await bridge.engines.test.mutate({ address });
  } catch (e) {
    return { failed: e };
  }
}

function EngineRow({ e, onRemove }: { e: EngineEntry; onRemove: (e: EngineEntry) => void }) {
  const [test, setTest] = useState<TestState | undefined>();
  const [toggling, setToggling] = useState(false);
  // Optimistic: the box follows the click at once; the engines list confirms it.
  const [pending, setPending] = useState<boolean | undefined>();
  if (pending !== undefined && pending === e.enabled && !toggling) setPending(undefined);
  const doTest = async () => {
    setTest({ busy: true });
    setTest({ busy: false, result: await runTest(e.address) });
  };
  const setShown = async (enabled: boolean) => {
    setToggling(true);
    setPending(enabled);
    try {
      await bridge.engines.setEnabled.mutate({ id: e.id, enabled });
    } catch (err) {
      setPending(undefined);
      notifyError(err, `Could not ${enabled ? 'show' : 'hide'} ${e.label}`);
    } finally {
      setToggling(false);
    }
  };
  const showId = `eng-show-${e.id.replace(/[^a-zA-Z0-9_-]/g, '_')}`;
  return (
    <tr aria-label={e.label}>
      <th scope="row" className="eng-name">
        <span>{e.label}</span>
        <span className="eng-badges">
          {e.primary ? <Badge tone="info">primary</Badge> : null}
          {e.embedded ? <Badge tone="neutral">Berth’s own service</Badge> : null}
          {e.userAdded ? <Badge tone="neutral">added</Badge> : null}
        </span>
      </th>
      <td>{kindName(e.kind)}</td>
      <td>{e.version ?? '—'}</td>
      <td>{e.rootless === undefined ? '—' : e.rootless ? 'Rootless' : 'Rootful'}</td>
      <td className="mono eng-address">{e.address}</td>
      <td>{SOURCE_LABELS[e.source] ?? e.source}</td>
      <td>
        <HealthText e={e} />
        {test ? (
          <div role="status" className="eng-test-line">
            {test.busy ? <span className="muted">Testing…</span> : <TestResultText r={test.result} />}
          </div>
        ) : null}
      </td>
      <td className="eng-show">
        <input id={showId} type="checkbox" checked={pending ?? e.enabled} disabled={toggling} onChange={(ev) => void setShown(ev.target.checked)} aria-label={`Show ${e.label} in the lists`} />
      </td>
      <td className="eng-actions">
        <Button size="small" onClick={() => void doTest()} busy={test?.busy} aria-label={`Test ${e.label}`}>
          Test
        </Button>
        {e.userAdded ? (
          <Button size="small" icon="trash" onClick={() => onRemove(e)} aria-label={`Remove ${e.label}`}>
            Remove
          </Button>
        ) : null}
      </td>
    </tr>
  );
}

function AddEngineForm() {
  const [address, setAddress] = useState('');
  const [label, setLabel] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [labelError, setLabelError] = useState<string | undefined>();
  const [busy, setBusy] = useState<'test' | 'add' | null>(null);
  const [test, setTest] = useState<EngineTestResult | { failed: unknown } | undefined>();
  const [failure, setFailure] = useState<unknown>(undefined);

  const validate = (): { address: string; label?: string } | undefined => {
    const r = schemas.EngineAddInput.safeParse({ address, ...(label.trim() ? { label } : {}) });
    if (r.success) {
      setError(undefined);
      setLabelError(undefined);
      return r.data;
    }
    setError(r.error.issues.find((i) => i.path[0] === 'address')?.message);
    setLabelError(r.error.issues.find((i) => i.path[0] === 'label')?.message);
    return undefined;
  };

  // A new address has neither the old one's error nor its test result.
  const editAddress = (value: string) => {
    setAddress(value);
    setError(undefined);
    setTest(undefined);
  };

  const doTest = async () => {
    const input = validate();
    if (!input) return;
    setBusy('test');
    setTest(undefined);
    setTest(await runTest(input.address));
    setBusy(null);
  };

  const submit = async (ev: FormEvent) => {
    ev.preventDefault();
    setFailure(undefined);
    const input = validate();
    if (!input) return;
    setBusy('add');
    try {
      const e = await bridge.engines.add.mutate(input);
      notify({ kind: 'success', title: `Added engine ${e.label}`, detail: e.health.state === 'unreachable' ? 'It does not answer yet; Berth keeps trying.' : undefined });
      setAddress('');
      setLabel('');
      setTest(undefined);
    } catch (e) {
      setFailure(e);
    } finally {
      setBusy(null);
    }
  };

  return (
    <form className="eng-add" onSubmit={(e) => void submit(e)} aria-labelledby="eng-add-title">
      <h3 id="eng-add-title">Add an engine</h3>
      <div className="eng-add-fields">
        <TextField
          label="Address"
          required
          value={address}
          placeholder="unix:///run/user/1000/podman/podman.sock"
          hint="unix:///path/to/podman.sock, npipe:////./pipe/podman-machine-default, or an absolute socket path."
          error={error}
          onChange={(e) => editAddress(e.target.value)}
        />
        <TextField label="Label" value={label} placeholder="Optional, e.g. Build server" error={labelError} onChange={(e) => setLabel(e.target.value)} />
      </div>
      <div className="eng-add-actions">
        <Button onClick={() => void doTest()} busy={busy === 'test'} disabled={!!busy}>
          Test connection
        </Button>
        <Button type="submit" variant="primary" icon="plus" busy={busy === 'add'} disabled={!!busy}>
          Add engine
        </Button>
        <span role="status" className="eng-test-line">
          {test ? <TestResultText r={test} /> : null}
        </span>
      </div>
      {failure !== undefined ? <ErrorMessage error={failure} title="Could not add the engine" /> : null}
    </form>
  );
}

const ENGINE_HEADERS: TableHeader[] = ['Engine', 'Kind', 'Version', 'Mode', 'Address', 'Found by', 'Health', 'Show', { label: 'Actions', hidden: true }];

export function EnginesSection() {
  const { list, ready, error } = useEngines();
  const [removing, setRemoving] = useState<EngineEntry | null>(null);
  const shown = list.filter((e) => e.enabled).length;
  return (
    <section className="section eng-section" aria-labelledby="set-engines" id="engines">
      <h2 id="set-engines">Engines</h2>
      <p className="muted eng-intro">
        The container engines Berth found or you added. Ticked engines appear in the lists{shown > 1 ? ', with an Engine column' : ''}; actions always go to the engine the item lives on. New items go
        to the primary engine unless you choose another.
      </p>
      {error && !ready ? <ErrorMessage error={error} title="Could not list the engines" /> : null}
      {!ready && !error ? <p className="muted">Reading the engines…</p> : null}
      {ready && !list.length ? <p>No engine found yet. Install Podman or Docker, or add an engine by its address below.</p> : null}
      {list.length ? (
        <SimpleTable
          region="Engines table"
          caption="Engines Berth knows"
          className="eng-table"
          headers={ENGINE_HEADERS}
          rows={list}
          row={(e) => <EngineRow key={e.id} e={e} onRemove={setRemoving} />}
        />
      ) : null}
      <AddEngineForm />
      <ConfirmDialog
        open={!!removing}
        title={`Remove engine ${removing?.label ?? ''}?`}
        confirmLabel="Remove engine"
        message={
          <p>
            Berth forgets <span className="mono">{removing?.address}</span> and stops showing its containers, images and volumes. Nothing on the engine itself is deleted; you can add it again later.
          </p>
        }
        onConfirm={async () => {
          if (!removing) return;
          await bridge.engines.remove.mutate({ id: removing.id });
          notify({ kind: 'success', title: `Removed engine ${removing.label}` });
          setRemoving(null);
        }}
        onCancel={() => setRemoving(null)}
      />
    </section>
  );
}
