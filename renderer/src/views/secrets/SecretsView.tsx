/**
 * Podman secrets: live list, create from text or a file, inspect (never the
 * value), remove. The value lives only in the create form's state until it
 * is sent; the form is cleared as soon as the engine has it.
 */
import { useCallback, useEffect, useMemo, useState, type ChangeEvent, type FormEvent } from 'react';
import { schemas, type SecretRow } from '../../../../electron/contract/index.js';
import { bridge } from '../../bridge/client';
import { notify, TextAreaField, TextField, type Column } from '../../components';
import { useMultiEngine } from '../../stores/engines';
import { parseLabels, zodMessage } from '../images/common';
import { CreateEmptyState } from '../common/CreateEmptyState';
import { CreateResourceDialog, type EngineTarget } from '../common/CreateResourceDialog';
import { FormDialog } from '../common/FormDialog';
import { ResourceInspectDialog } from '../common/ResourceInspectDialog';
import { ResourceListView, type RowDialog } from '../common/ResourceListView';
import { useSubmit } from '../common/useSubmit';
import { engineColumn } from '../settings/engines/shared';

type DialogState = { kind: 'create' } | RowDialog<SecretRow>;

/** Podman 4.3 announces no secret changes: the list is re-read (differences only) when it opens and after each change here. */
const reread = () => void bridge.live.resync.mutate({ kind: 'secrets' }).catch(() => undefined);

function CreateSecretDialog({ onClose }: { onClose: () => void }) {
  const [name, setName] = useState('');
  const [value, setValue] = useState('');
  const [fileName, setFileName] = useState<string | undefined>();
  const [labels, setLabels] = useState('');
  const [errors, setErrors] = useState<{ name?: string | undefined; value?: string | undefined; labels?: string | undefined }>({});

  const pickFile = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    e.target.value = '';
    if (!file) return;
    if (file.size > schemas.SECRET_MAX_BYTES) {
      setErrors((x) => ({ ...x, value: `${file.name} is larger than 512 KiB, the most a secret holds` }));
      return;
    }
    setValue(await file.text());
    setFileName(file.name);
    setErrors((x) => ({ ...x, value: undefined }));
  };

  const n = name.trim();
  const l = parseLabels(labels);
  const validate = () => {
    const next = { name: n ? zodMessage(schemas.ResourceName, n) : 'A secret needs a name', value: zodMessage(schemas.SecretCreateInput.shape.value, value), labels: l.error };
    setErrors(next);
    return !next.name && !next.value && !next.labels;
  };
  const create = async (on: EngineTarget) => {
    await bridge.secrets.create.mutate({ ...on, name: n, value, ...(Object.keys(l.labels).length ? { labels: l.labels } : {}) });
    setValue('');
    reread();
    return n;
  };

  return (
    <CreateResourceDialog noun="secret" validate={validate} create={create} onClose={onClose}>
      <TextField label="Name" autoFocus required value={name} placeholder="db-password" error={errors.name} onChange={(e) => setName(e.target.value)} />
      <TextAreaField
        label="Secret"
        required
        rows={3}
        className="mono"
        autoComplete="off"
        spellCheck={false}
        value={fileName ? '' : value}
        placeholder={fileName ? `From ${fileName}` : 'The value; it is never shown again'}
        hint="Type or paste it, or take it from a file. Berth never shows or logs it."
        error={errors.value}
        onChange={(e) => {
          setFileName(undefined);
          setValue(e.target.value);
        }}
      />
      <label className="button" data-testid="secret-file">
        Take it from a file…
        <input type="file" hidden aria-label="Secret from a file" onChange={(e) => void pickFile(e)} />
      </label>
      {fileName ? <p className="muted">Using the contents of {fileName}.</p> : null}
      <TextAreaField label="Labels" value={labels} placeholder="app=web" hint="One key=value per line." error={errors.labels} onChange={(e) => setLabels(e.target.value)} />
    </CreateResourceDialog>
  );
}

function RemoveSecretDialog({ secret, onClose }: { secret: SecretRow; onClose: () => void }) {
  const { busy, failure, run } = useSubmit();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      await bridge.secrets.remove.mutate({ engine: secret.engine, id: secret.id });
      reread();
      notify({ kind: 'success', title: `Removed secret ${secret.name}` });
      onClose();
    });
  };
  return (
    <FormDialog
      title={`Remove secret ${secret.name}?`}
      submitLabel="Remove"
      submitIcon="trash"
      busy={busy}
      failure={failure}
      failureTitle="Could not remove the secret"
      onSubmit={submit}
      onClose={onClose}
    >
      <p>
        The secret <strong>{secret.name}</strong> is deleted. Containers created with it keep their copy; new ones cannot use it.
      </p>
    </FormDialog>
  );
}

export function SecretsView() {
  const multi = useMultiEngine();
  useEffect(reread, []);
  const [dialog, setDialog] = useState<DialogState | null>(null);
  const close = useCallback(() => setDialog(null), []);

  const columns = useMemo<Column<SecretRow>[]>(
    () => [
      {
        id: 'name',
        header: 'Name',
        rowHeader: true,
        width: 'minmax(200px, 2fr)',
        sort: (a, b) => a.name.localeCompare(b.name),
        cell: (s) => (
          <span className="rv-name" title={s.name}>
            {s.name}
          </span>
        ),
      },
      ...(multi ? [engineColumn<SecretRow>((s) => s.engine)] : []),
      { id: 'id', header: 'ID', width: '130px', cell: (s) => <span className="mono">{s.id.slice(0, 12)}</span> },
      { id: 'driver', header: 'Driver', width: '90px', cell: (s) => s.driver },
    ],
    [multi],
  );

  return (
    <ResourceListView
      kind="secrets"
      title="Secrets"
      noun="secret"
      columns={columns}
      matches={(s, q) => s.name.toLowerCase().includes(q) || s.id.startsWith(q)}
      onRowDialog={setDialog}
      onCreate={() => setDialog({ kind: 'create' })}
      empty={
        <CreateEmptyState title="No secrets yet" icon="info" createLabel="Create a secret" onCreate={() => setDialog({ kind: 'create' })}>
          Secrets give containers passwords and keys as a file or a variable, without putting them in an image. Secrets are a Podman feature.
        </CreateEmptyState>
      }
    >
      {dialog?.kind === 'create' ? <CreateSecretDialog onClose={close} /> : null}
      {dialog?.kind === 'remove' ? <RemoveSecretDialog secret={dialog.row} onClose={close} /> : null}
      {dialog?.kind === 'inspect' ? <ResourceInspectDialog kind="secrets" noun="secret" engine={dialog.row.engine} id={dialog.row.id} name={dialog.row.name} onClose={close} /> : null}
    </ResourceListView>
  );
}
