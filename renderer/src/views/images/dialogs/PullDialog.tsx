import { useState, type FormEvent } from 'react';
import { schemas } from '../../../../../electron/contract/index.js';
import { CheckboxField, TextField } from '../../../components';
import { EngineSelect } from '../../settings/engines/shared';
import { authOf, CredentialsFields, zodMessage } from '../common';
import { startJob } from '../jobs';
import { StartJobDialog } from './StartJobDialog';
import { useCheckedText } from './useCheckedText';

export function PullDialog({ onClose, onStarted }: { onClose: () => void; onStarted: (jobId: number) => void }) {
  const reference = useCheckedText();
  const [engine, setEngine] = useState<string | undefined>();
  const [skipTls, setSkipTls] = useState(false);
  const [creds, setCreds] = useState({ username: '', password: '' });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const ref = reference.value.trim();
    if (!reference.check(zodMessage(schemas.ImageRef, ref))) return;
    onStarted(startJob({ kind: 'pull', input: { ...(engine ? { engine } : {}), reference: ref, tlsVerify: !skipTls, auth: authOf(creds) } }));
  };
  return (
    <StartJobDialog title="Pull an image" submitLabel="Pull" submitIcon="download" onSubmit={submit} onClose={onClose}>
      <EngineSelect value={engine} onChange={setEngine} hint="The engine that pulls and keeps the image." />
      <TextField
        label="Image"
        required
        autoFocus
        placeholder="docker.io/library/nginx:latest"
        hint="Registry, name and tag, e.g. docker.io/library/nginx:latest or localhost:5000/app:1.0"
        {...reference.field}
      />
      <CheckboxField
        label="Skip TLS verification"
        checked={skipTls}
        onChange={setSkipTls}
        hint="Only for a registry you trust that has no valid certificate or uses plain HTTP (e.g. a local registry on localhost:5000)."
      />
      <CredentialsFields value={creds} onChange={setCreds} />
    </StartJobDialog>
  );
}
