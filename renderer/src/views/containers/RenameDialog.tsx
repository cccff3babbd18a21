/** Rename a container: the same name rule as the bridge, the engine's answer (e.g. the name is taken) under the field. */
import { useState, type FormEvent } from 'react';
import { schemas, type ContainerRow } from '../../../../electron/contract/index.js';
import { bridge } from '../../bridge/client';
import { TextField } from '../../components';
import { FormDialog } from '../common/FormDialog';
import { zodMessage } from '../images/common';

export function RenameDialog({ c, onClose, onRenamed }: { c: ContainerRow; onClose: () => void; onRenamed: (name: string) => void }) {
  const [name, setName] = useState(c.name);
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(undefined);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const n = name.trim();
    const message = !n ? 'A name is required' : n === c.name ? 'That is its name already' : zodMessage(schemas.ResourceName, n);
    setError(message);
    if (message) return;
    setBusy(true);
    setFailure(undefined);
    try {
      await bridge.containers.rename.mutate({ engine: c.engine, id: c.id, name: n });
      onRenamed(n);
    } catch (err) {
      setFailure(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <FormDialog
      title={`Rename ${c.name}`}
      submitLabel="Rename"
      busy={busy}
      failure={failure}
      failureTitle={`Could not rename ${c.name}`}
      onSubmit={(e) => void submit(e)}
      onClose={onClose}
      size="small"
    >
      <TextField label="New name" required autoFocus value={name} error={error} onChange={(e) => setName(e.target.value)} onFocus={(e) => e.currentTarget.select()} />
    </FormDialog>
  );
}
