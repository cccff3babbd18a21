/**
 * The create form of a pod, volume, network or secret: the Engine select,
 * the kind's own fields, then Create. The words come from the noun ("Create
 * a volume", "Could not create the volume", "Created volume app-data").
 */
import { useState, type FormEvent, type ReactNode } from 'react';
import { notify } from '../../components';
import { EngineSelect } from '../settings/engines/shared';
import { FormDialog } from './FormDialog';
import { useSubmit } from './useSubmit';

/** Where to create it: no engine means the primary one. */
export type EngineTarget = { engine?: string };

export interface CreateResourceDialogProps {
  /** e.g. "volume". */
  noun: string;
  /** Checks the fields and shows what is wrong with them; false keeps the form open. */
  validate: () => boolean;
  /** Creates it on the engine; resolves to the name to tell the user. */
  create: (on: EngineTarget) => Promise<string>;
  onClose: () => void;
  /** The fields. */
  children: ReactNode;
}

export function CreateResourceDialog({ noun, validate, create, onClose, children }: CreateResourceDialogProps) {
  const [engine, setEngine] = useState<string | undefined>();
  const { busy, failure, run } = useSubmit();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!validate()) return;
    void run(async () => {
      const name = await create(engine ? { engine } : {});
      notify({ kind: 'success', title: `Created ${noun} ${name}` });
      onClose();
    });
  };
  return (
    <FormDialog title={`Create a ${noun}`} submitLabel="Create" busy={busy} failure={failure} failureTitle={`Could not create the ${noun}`} onSubmit={submit} onClose={onClose}>
      <EngineSelect value={engine} onChange={setEngine} />
      {children}
    </FormDialog>
  );
}
