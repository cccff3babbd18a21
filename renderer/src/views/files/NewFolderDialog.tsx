/** Make a folder in the current one: the engine's name rule checked in the form, its answer (the name is taken) under the field. */
import { useState, type FormEvent } from 'react';
import { displayName, schemas } from '../../../../electron/contract/index.js';
import { bridge } from '../../bridge/client';
import { TextField } from '../../components';
import { FormDialog } from '../common/FormDialog';
import { useSubmit } from '../common/useSubmit';
import { zodMessage } from '../images/common';

export function NewFolderDialog({ engine, id, dir, onClose, onCreated }: { engine: string; id: string; dir: string; onClose: () => void; onCreated: (path: string) => void }) {
  const [name, setName] = useState('');
  const [error, setError] = useState<string | undefined>();
  const { busy, failure, run } = useSubmit();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const message = zodMessage(schemas.EntryName, name);
    setError(message);
    if (message) return;
    void run(async () => onCreated((await bridge.files.mkdir.mutate({ engine, id, dir, name })).path));
  };
  return (
    <FormDialog
      title={`New folder in ${displayName(dir)}`}
      submitLabel="Create"
      busy={busy}
      failure={failure}
      failureTitle="Could not create the folder"
      onSubmit={submit}
      onClose={onClose}
      size="small"
    >
      <TextField label="Folder name" required autoFocus value={name} error={error} onChange={(e) => setName(e.target.value)} />
    </FormDialog>
  );
}
