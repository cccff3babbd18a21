import { useState, type FormEvent } from 'react';
import { schemas } from '../../../../../electron/contract/index.js';
import { TextField } from '../../../components';
import { EngineSelect } from '../../settings/engines/shared';
import { zodMessage } from '../common';
import { startJob } from '../jobs';
import { StartJobDialog } from './StartJobDialog';

export function BuildDialog({ onClose, onStarted }: { onClose: () => void; onStarted: (jobId: number) => void }) {
  const [contextDir, setContextDir] = useState('');
  const [engine, setEngine] = useState<string | undefined>();
  const [containerfile, setContainerfile] = useState('');
  const [tag, setTag] = useState('');
  const [errors, setErrors] = useState<{ contextDir?: string | undefined; tag?: string | undefined }>({});
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const dir = contextDir.trim();
    const t = tag.trim();
    const next = {
      contextDir: !dir ? 'The build folder is required' : zodMessage(schemas.BuildInput.shape.contextDir, dir),
      tag: t ? zodMessage(schemas.ImageRef, t) : undefined,
    };
    setErrors(next);
    if (next.contextDir || next.tag) return;
    onStarted(
      startJob({ kind: 'build', input: { ...(engine ? { engine } : {}), contextDir: dir, ...(containerfile.trim() ? { containerfile: containerfile.trim() } : {}), ...(t ? { tag: t } : {}) } }),
    );
  };
  return (
    <StartJobDialog title="Build an image" submitLabel="Build" onSubmit={submit} onClose={onClose}>
      <EngineSelect value={engine} onChange={setEngine} hint="The engine that builds and keeps the image; the folder must be on the machine where it runs." />
      <TextField
        label="Build folder"
        required
        autoFocus
        value={contextDir}
        placeholder="/home/me/projects/app"
        hint="An absolute path on the machine where the engine runs; it holds the Containerfile or Dockerfile and the files it copies."
        error={errors.contextDir}
        onChange={(e) => setContextDir(e.target.value)}
      />
      <TextField
        label="Containerfile"
        value={containerfile}
        placeholder="Containerfile"
        hint="Optional: a file name in that folder (default: Containerfile or Dockerfile)."
        onChange={(e) => setContainerfile(e.target.value)}
      />
      <TextField label="Tag" value={tag} placeholder="localhost/app:latest" hint="Optional: the name to give the new image." error={errors.tag} onChange={(e) => setTag(e.target.value)} />
    </StartJobDialog>
  );
}
