import { useState, type FormEvent } from 'react';
import { schemas, type ImageRow } from '../../../../../electron/contract/index.js';
import { CheckboxField, SelectField, shortId, TextField } from '../../../components';
import { authOf, CredentialsFields, zodMessage } from '../common';
import { startJob } from '../jobs';
import { imageName, namedTags } from '../image-name';
import { StartJobDialog } from './StartJobDialog';
import { useCheckedText } from './useCheckedText';

export function PushDialog({ image, onClose, onStarted }: { image: ImageRow; onClose: () => void; onStarted: (jobId: number) => void }) {
  const tags = namedTags(image);
  const [source, setSource] = useState(tags[0] ?? shortId(image.id));
  const destination = useCheckedText();
  const [skipTls, setSkipTls] = useState(false);
  const [creds, setCreds] = useState({ username: '', password: '' });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const dest = destination.value.trim();
    // Without a destination the image goes where its name says; a nameless image needs one.
    const problem = dest ? zodMessage(schemas.ImageRef, dest) : tags.length ? undefined : 'This image has no name; enter where to push it';
    if (!destination.check(problem)) return;
    onStarted(startJob({ kind: 'push', input: { engine: image.engine, reference: source, ...(dest ? { destination: dest } : {}), tlsVerify: !skipTls, auth: authOf(creds) } }));
  };
  return (
    <StartJobDialog title={`Push ${imageName(image)}`} submitLabel="Push" onSubmit={submit} onClose={onClose}>
      {tags.length > 1 ? <SelectField label="Image name" value={source} onChange={(e) => setSource(e.target.value)} options={tags.map((t) => ({ value: t, label: t }))} /> : null}
      <TextField
        label="Destination"
        autoFocus
        placeholder={tags[0] ?? 'registry.example.com/team/app:1.0'}
        hint={tags.length ? `Optional: where to push; by default ${source}.` : 'Where to push, e.g. localhost:5000/app:1.0'}
        {...destination.field}
      />
      <CheckboxField label="Skip TLS verification" checked={skipTls} onChange={setSkipTls} hint="Only for a registry you trust that has no valid certificate or uses plain HTTP." />
      <CredentialsFields value={creds} onChange={setCreds} />
    </StartJobDialog>
  );
}
