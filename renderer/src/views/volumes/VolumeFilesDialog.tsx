/**
 * A volume's files: the Files browser on a helper container (created, never
 * run, removed when this dialog closes: its lifetime is the browse
 * subscription), with Export (a tar of the volume), Import (a tar extracted
 * into it) and Clone (a new volume with the same files).
 */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { schemas, type VolumeRow } from '../../../../electron/contract/index.js';
import { bridge } from '../../bridge/client';
import { Button, describeStreamError, Dialog, ErrorMessage, formatBytes, notify, ProgressBar, TextField } from '../../components';
import { FileBrowser } from '../files/FileBrowser';
import { putFile, UploadError } from '../files/uploads';
import { zodMessage } from '../images/common';

function startDownload(url: string) {
  const a = document.createElement('a');
  a.href = url;
  a.download = '';
  document.body.append(a);
  a.click();
  a.remove();
}

export function VolumeFilesDialog({ volume, onClose }: { volume: VolumeRow; onClose: () => void }) {
  const { engine, name } = volume;
  const [helper, setHelper] = useState<string | undefined>();
  const [openError, setOpenError] = useState<unknown>(undefined);
  const [generation, setGeneration] = useState(0);
  const [importing, setImporting] = useState<{ loaded: number; size: number } | undefined>();
  const [failure, setFailure] = useState<unknown>(undefined);
  const [cloneName, setCloneName] = useState(`${name}-copy`);
  const [cloneError, setCloneError] = useState<string | undefined>();
  const [cloning, setCloning] = useState(false);
  const tarInput = useRef<HTMLInputElement>(null);
  const abort = useRef<AbortController | undefined>(undefined);

  useEffect(() => {
    const sub = bridge.volumes.browse.subscribe({ engine, name }, { onData: (ev) => setHelper(ev.helper), onError: (e) => setOpenError(e) });
    return () => sub.unsubscribe();
  }, [engine, name]);

  const run = async (work: () => Promise<void>) => {
    setFailure(undefined);
    try {
      await work();
    } catch (e) {
      if ((e as Error).name !== 'AbortError') setFailure(e);
    }
  };
  const exportTar = () => run(async () => startDownload((await bridge.volumes.exportLink.mutate({ engine, name })).url));
  const importTar = (file: File) =>
    run(async () => {
      const ctl = new AbortController();
      abort.current = ctl;
      setImporting({ loaded: 0, size: file.size });
      try {
        const { url } = await bridge.volumes.importLink.mutate({ engine, name, size: file.size });
        await putFile(url, file, (loaded) => setImporting({ loaded, size: file.size }), ctl.signal);
        notify({ kind: 'success', title: `Imported ${file.name} into ${name}` });
        setGeneration((g) => g + 1);
      } finally {
        setImporting(undefined);
        abort.current = undefined;
      }
    });
  const clone = (e: FormEvent) => {
    e.preventDefault();
    const message = zodMessage(schemas.ResourceName, cloneName.trim());
    setCloneError(message);
    if (message) return;
    setCloning(true);
    void run(async () => {
      await bridge.volumes.clone.mutate({ engine, name, target: cloneName.trim() });
      notify({ kind: 'success', title: `Cloned ${name} to ${cloneName.trim()}` });
    }).finally(() => setCloning(false));
  };

  return (
    <Dialog open title={`Files of volume ${name}`} onClose={onClose} size="large" footer={<Button onClick={onClose}>Close</Button>}>
      <div className="volume-files">
        <div className="toolbar" role="toolbar" aria-label={`Volume ${name}`}>
          <Button size="small" icon="download" onClick={() => void exportTar()}>
            Export as tar
          </Button>
          <Button size="small" icon={{ path: 'M8 13.5V5.5M4.5 9L8 5.5 11.5 9M3 2.5h10' }} onClick={() => tarInput.current?.click()} disabled={!!importing}>
            Import a tar…
          </Button>
          <input
            ref={tarInput}
            type="file"
            hidden
            accept=".tar,application/x-tar"
            aria-label="Tar to import"
            onChange={(e) => (e.target.files?.[0] && void importTar(e.target.files[0]), (e.target.value = ''))}
          />
          <form className="clone-form" onSubmit={clone}>
            <TextField label="Clone as" value={cloneName} error={cloneError} onChange={(e) => setCloneName(e.target.value)} />
            <Button size="small" type="submit" busy={cloning}>
              Clone
            </Button>
          </form>
        </div>
        {importing ? (
          <div className="upload-progress" role="status">
            <ProgressBar
              label={`Importing into ${name}`}
              value={importing.size ? Math.round((importing.loaded / importing.size) * 100) : undefined}
              detail={`${formatBytes(importing.loaded)} of ${formatBytes(importing.size)}`}
            />
            <Button size="small" onClick={() => abort.current?.abort()}>
              Cancel
            </Button>
          </div>
        ) : null}
        {failure !== undefined ? (
          <ErrorMessage {...(failure instanceof UploadError ? { described: describeStreamError(failure.data) } : { error: failure })} title={`Could not finish that on volume ${name}`} />
        ) : null}
        {openError !== undefined ? <ErrorMessage error={openError} title={`Could not open volume ${name}`} /> : null}
        {helper ? (
          <FileBrowser
            key={generation}
            engine={engine}
            id={helper}
            label={`volume ${name}`}
            running={false}
            initialPath="/volume"
            root="/volume"
            stoppedNote="Files can be browsed, downloaded and uploaded here; to delete, use a container that mounts this volume."
          />
        ) : openError === undefined ? (
          <p role="status" className="muted">
            Opening volume {name}…
          </p>
        ) : null}
      </div>
    </Dialog>
  );
}
