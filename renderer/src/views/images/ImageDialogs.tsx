/** Dialogs of the Images view: pull, build, push (with live progress), tag, history, remove, prune. */
import { useQuery } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { schemas, type ImageRow } from '../../../../electron/contract/index.js';
import { bridge } from '../../bridge/client';
import { Button, CheckboxField, ConfirmDialog, Dialog, ErrorMessage, formatBytes, formatDate, notify, ProgressBar, QueryWait, SelectField, shortId, TextField } from '../../components';
import { useEnginesStore } from '../../stores/engines';
import { openCreateContainer } from '../../stores/ui';
import { EngineSelect } from '../settings/engines/shared';
import { authOf, CredentialsFields, zodMessage } from './common';
import { cancelJob, jobTitle, startJob, useJobs, watchJob, type Job } from './jobs';
import { FormDialog } from '../common/FormDialog';
import { useSubmit } from '../common/useSubmit';

export function imageName(img: ImageRow): string {
  return img.repoTags.find((t) => t && !t.includes('<none>')) ?? shortId(img.id);
}

function useConnectionKind(engine?: string): 'podman' | 'docker' | undefined {
  const q = useQuery({ queryKey: ['system', 'connection'], queryFn: () => bridge.system.connection.query(), staleTime: 60_000 });
  const kind = useEnginesStore((s) => (engine ? s.list.find((e) => e.id === engine)?.kind : undefined));
  return kind ?? q.data?.kind;
}

/* ---------------- job progress (pull / push / build) ---------------- */

function JobProgress({ job }: { job: Job }) {
  const logRef = useRef<HTMLPreElement>(null);
  const stick = useRef(true);
  useEffect(() => {
    const el = logRef.current;
    if (el && stick.current) el.scrollTop = el.scrollHeight;
  }, [job.log]);
  const showLog = job.log.length > 0 || (job.kind === 'build' && job.state === 'running');
  return (
    <div className="rv-job">
      <div className="rv-status-line" role="status">
        {job.state === 'running' ? `${jobTitle(job)} — ${job.status}` : jobTitle(job)}
      </div>
      {job.state === 'running' && job.layers.length === 0 && job.kind !== 'build' ? <ProgressBar label={jobTitle(job)} /> : null}
      {job.layers.length > 0 ? (
        <div className="rv-layers" aria-label="Layers" role="group">
          {job.layers.map((l) => (
            <div className="rv-layer" key={l.id}>
              <span className="mono">{l.id}</span>
              <ProgressBar
                label={`Layer ${l.id}`}
                value={l.total ? (l.current ?? 0) : /complete|exists|already|pushed|done/i.test(l.status) ? 1 : undefined}
                max={l.total || 1}
                detail={l.total ? `${l.status} · ${formatBytes(l.current ?? 0)} of ${formatBytes(l.total)}` : l.status}
              />
            </div>
          ))}
        </div>
      ) : null}
      {showLog ? (
        <pre
          ref={logRef}
          className="rv-log mono"
          tabIndex={0}
          aria-label={job.kind === 'build' ? 'Build output' : 'Output'}
          onScroll={(e) => {
            const el = e.currentTarget;
            stick.current = el.scrollHeight - el.scrollTop - el.clientHeight < 24;
          }}
        >
          {job.logDropped ? `… ${job.logDropped.toLocaleString()} earlier lines not shown …\n` : ''}
          {job.log.join('\n')}
        </pre>
      ) : null}
      {job.state === 'done' ? (
        <div className="rv-success" role="status">
          {jobTitle(job)}
          {job.resultId ? (
            <>
              {' '}
              · image <span className="mono">{shortId(job.resultId)}</span>
            </>
          ) : null}
        </div>
      ) : null}
      {job.state === 'failed' && job.error ? (
        <div className="error-message" role="alert">
          <div className="error-text">
            <strong className="error-title">{job.error.title}</strong>
            {job.error.detail ? (
              <div className="error-detail">
                Engine said: <span className="mono">{job.error.detail}</span>
              </div>
            ) : null}
            {job.error.hint ? <div className="error-hint">{job.error.hint}</div> : null}
          </div>
        </div>
      ) : null}
    </div>
  );
}

function useJob(id: number | null): Job | undefined {
  return useJobs((s) => (id == null ? undefined : s.jobs.find((j) => j.id === id)));
}

function JobFooter({ job, onClose, runImage }: { job: Job; onClose: () => void; runImage?: string | undefined }) {
  const [ing] = job.kind === 'pull' ? ['pull'] : job.kind === 'push' ? ['push'] : ['build'];
  if (job.state === 'running')
    return (
      <>
        <Button onClick={onClose} title="Keep it running; you will be notified when it finishes">
          Hide
        </Button>
        <Button variant="danger" onClick={() => cancelJob(job.id)}>
          Cancel {ing}
        </Button>
      </>
    );
  return (
    <>
      {job.state === 'done' && runImage ? (
        <Button
          icon="play"
          onClick={() => {
            onClose();
            openCreateContainer(runImage, job.engine);
          }}
        >
          Run {runImage}
        </Button>
      ) : null}
      <Button variant="primary" onClick={onClose} autoFocus>
        Close
      </Button>
    </>
  );
}

/** Shows an existing job again (from the toolbar). */
export function JobDialog({ jobId, onClose }: { jobId: number; onClose: () => void }) {
  const job = useJob(jobId);
  useEffect(() => {
    watchJob(jobId, true);
    return () => watchJob(jobId, false);
  }, [jobId]);
  if (!job) return null;
  const runImage = job.kind === 'pull' ? job.target : job.kind === 'build' ? (job.state === 'done' ? (job.target.startsWith('/') ? job.resultId : job.target) : undefined) : undefined;
  return (
    <Dialog open title={`${job.kind === 'pull' ? 'Pull' : job.kind === 'push' ? 'Push' : 'Build'} ${job.target}`} onClose={onClose} size="large" footer={<JobFooter job={job} onClose={onClose} runImage={runImage} />}>
      <JobProgress job={job} />
    </Dialog>
  );
}

/* ---------------- pull ---------------- */

export function PullDialog({ onClose, onStarted }: { onClose: () => void; onStarted: (jobId: number) => void }) {
  const [reference, setReference] = useState('');
  const [engine, setEngine] = useState<string | undefined>();
  const [skipTls, setSkipTls] = useState(false);
  const [creds, setCreds] = useState({ username: '', password: '' });
  const [error, setError] = useState<string | undefined>();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const ref = reference.trim();
    const msg = zodMessage(schemas.ImageRef, ref);
    if (msg) {
      setError(msg);
      return;
    }
    onStarted(startJob({ kind: 'pull', input: { ...(engine ? { engine } : {}), reference: ref, tlsVerify: !skipTls, auth: authOf(creds) } }));
  };
  return (
    <Dialog
      open
      title="Pull an image"
      onClose={onClose}
      onSubmit={submit}
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="primary" icon="download">
            Pull
          </Button>
        </>
      }
    >
      <EngineSelect value={engine} onChange={setEngine} hint="The engine that pulls and keeps the image." />
      <TextField
        label="Image"
        required
        autoFocus
        value={reference}
        placeholder="docker.io/library/nginx:latest"
        hint="Registry, name and tag, e.g. docker.io/library/nginx:latest or localhost:5000/app:1.0"
        error={error}
        onChange={(e) => {
          setReference(e.target.value);
          setError(undefined);
        }}
      />
      <CheckboxField
        label="Skip TLS verification"
        checked={skipTls}
        onChange={setSkipTls}
        hint="Only for a registry you trust that has no valid certificate or uses plain HTTP (e.g. a local registry on localhost:5000)."
      />
      <CredentialsFields value={creds} onChange={setCreds} />
    </Dialog>
  );
}

/* ---------------- build ---------------- */

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
    onStarted(startJob({ kind: 'build', input: { ...(engine ? { engine } : {}), contextDir: dir, ...(containerfile.trim() ? { containerfile: containerfile.trim() } : {}), ...(t ? { tag: t } : {}) } }));
  };
  return (
    <Dialog
      open
      title="Build an image"
      onClose={onClose}
      onSubmit={submit}
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="primary">
            Build
          </Button>
        </>
      }
    >
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
      <TextField label="Containerfile" value={containerfile} placeholder="Containerfile" hint="Optional: a file name in that folder (default: Containerfile or Dockerfile)." onChange={(e) => setContainerfile(e.target.value)} />
      <TextField label="Tag" value={tag} placeholder="localhost/app:latest" hint="Optional: the name to give the new image." error={errors.tag} onChange={(e) => setTag(e.target.value)} />
    </Dialog>
  );
}

/* ---------------- push ---------------- */

export function PushDialog({ image, onClose, onStarted }: { image: ImageRow; onClose: () => void; onStarted: (jobId: number) => void }) {
  const tags = image.repoTags.filter((t) => t && !t.includes('<none>'));
  const [source, setSource] = useState(tags[0] ?? shortId(image.id));
  const [destination, setDestination] = useState('');
  const [skipTls, setSkipTls] = useState(false);
  const [creds, setCreds] = useState({ username: '', password: '' });
  const [error, setError] = useState<string | undefined>();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const dest = destination.trim();
    if (!dest && !tags.length) {
      setError('This image has no name; enter where to push it');
      return;
    }
    const msg = dest ? zodMessage(schemas.ImageRef, dest) : undefined;
    if (msg) {
      setError(msg);
      return;
    }
    onStarted(startJob({ kind: 'push', input: { engine: image.engine, reference: source, ...(dest ? { destination: dest } : {}), tlsVerify: !skipTls, auth: authOf(creds) } }));
  };
  return (
    <Dialog
      open
      title={`Push ${imageName(image)}`}
      onClose={onClose}
      onSubmit={submit}
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="primary">
            Push
          </Button>
        </>
      }
    >
      {tags.length > 1 ? <SelectField label="Image name" value={source} onChange={(e) => setSource(e.target.value)} options={tags.map((t) => ({ value: t, label: t }))} /> : null}
      <TextField
        label="Destination"
        autoFocus
        value={destination}
        placeholder={tags[0] ?? 'registry.example.com/team/app:1.0'}
        hint={tags.length ? `Optional: where to push; by default ${source}.` : 'Where to push, e.g. localhost:5000/app:1.0'}
        error={error}
        onChange={(e) => {
          setDestination(e.target.value);
          setError(undefined);
        }}
      />
      <CheckboxField label="Skip TLS verification" checked={skipTls} onChange={setSkipTls} hint="Only for a registry you trust that has no valid certificate or uses plain HTTP." />
      <CredentialsFields value={creds} onChange={setCreds} />
    </Dialog>
  );
}

/* ---------------- tag ---------------- */

export function TagDialog({ image, onClose }: { image: ImageRow; onClose: () => void }) {
  const [target, setTarget] = useState('');
  const [error, setError] = useState<string | undefined>();
  const { busy, failure, run } = useSubmit();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const t = target.trim();
    const msg = zodMessage(schemas.ImageRef, t);
    if (msg) {
      setError(msg);
      return;
    }
    await run(async () => {
      await bridge.images.tag.mutate({ engine: image.engine, id: image.id, target: t });
      notify({ kind: 'success', title: `Tagged ${imageName(image)} as ${t}` });
      onClose();
    });
  };
  return (
    <FormDialog
      title={`Tag ${imageName(image)}`}
      submitLabel="Tag"
      busy={busy}
      failure={failure}
      failureTitle="Could not tag the image"
      onSubmit={(e) => void submit(e)}
      onClose={onClose}
    >
      <TextField
        label="New name"
        required
        autoFocus
        value={target}
        placeholder="localhost:5000/app:1.0"
        hint="Another name for the same image, e.g. to push it to another registry."
        error={error}
        onChange={(e) => {
          setTarget(e.target.value);
          setError(undefined);
        }}
      />
    </FormDialog>
  );
}

/* ---------------- history ---------------- */

interface HistoryEntry {
  id?: string | null;
  created?: number;
  createdBy?: string;
  tags?: string[];
  size?: number;
  comment?: string;
}

export function HistoryDialog({ image, onClose }: { image: ImageRow; onClose: () => void }) {
  const q = useQuery({ queryKey: ['images', 'history', image.engine, image.id], queryFn: () => bridge.images.history.query({ engine: image.engine, id: image.id }) });
  const rows = (q.data ?? []) as HistoryEntry[];
  return (
    <Dialog
      open
      title={`History of ${imageName(image)}`}
      onClose={onClose}
      size="large"
      footer={
        <Button variant="primary" onClick={onClose} autoFocus>
          Close
        </Button>
      }
    >
      {q.isPending && !q.error ? <QueryWait label="Loading the history" queryKey={['images', 'history', image.engine, image.id]} onRetry={() => void q.refetch()} /> : null}
      {q.error ? <ErrorMessage error={q.error} title="Could not read the history" onRetry={() => void q.refetch()} /> : null}
      {q.data ? (
        <div className="rv-scroll" tabIndex={0} role="region" aria-label="Layers, newest first">
          <table className="rv-simple-table">
            <caption className="visually-hidden">Layers of {imageName(image)}, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Created</th>
                <th scope="col">Created by</th>
                <th scope="col">Size</th>
                <th scope="col">Comment</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((h, i) => (
                <tr key={i}>
                  <td style={{ whiteSpace: 'nowrap' }}>{h.created ? formatDate(h.created) : '—'}</td>
                  <td className="mono" style={{ wordBreak: 'break-all' }}>
                    {(h.createdBy ?? '').replace(/^\/bin\/sh -c #\(nop\)\s*/, '') || '—'}
                  </td>
                  <td className="num">{formatBytes(h.size ?? 0)}</td>
                  <td>{h.comment || ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </Dialog>
  );
}

/* ---------------- inspect ---------------- */

export { InspectDialog } from './InspectDialog';

/* ---------------- remove ---------------- */

export function RemoveImageDialog({ image, onClose }: { image: ImageRow; onClose: () => void }) {
  const kind = useConnectionKind(image.engine);
  const name = imageName(image);
  const tags = image.repoTags.filter((t) => t && !t.includes('<none>'));
  const users = image.containers ?? 0;
  const inUse = users > 0 || !!image.inUse;
  const [scope, setScope] = useState<'name' | 'image'>(tags.length > 1 ? 'name' : 'image');
  const [tag, setTag] = useState(tags[0] ?? '');
  const [force, setForce] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(undefined);
  const msgId = useId();
  const forceEffect =
    kind === 'docker'
      ? 'With Force, Docker only removes the name: the image stays on disk for the containers that use it.'
      : `With Force, Podman also removes ${users === 1 ? 'the container' : users > 1 ? `the ${users} containers` : 'the containers'} that use it, stopping running ones first; their data outside volumes is lost.`;

  const confirm = async () => {
    setBusy(true);
    setFailure(undefined);
    try {
      if (scope === 'name') {
        await bridge.images.untag.mutate({ engine: image.engine, id: image.id, target: tag });
        notify({ kind: 'success', title: `Removed the name ${tag}` });
      } else {
        // Podman refuses to delete an image with several names by id unless forced; that force touches no container.
        const needForce = force || (tags.length > 1 && !inUse);
        await bridge.images.remove.mutate({ engine: image.engine, id: image.id, ...(needForce ? { force: true } : {}) });
        notify({ kind: 'success', title: `Removed image ${name}` });
      }
      onClose();
    } catch (e) {
      setFailure(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog
      open
      alert
      size="small"
      title={`Remove image ${name}?`}
      describedBy={msgId}
      onClose={() => !busy && onClose()}
      footer={
        <>
          <Button onClick={onClose} disabled={busy} autoFocus>
            Cancel
          </Button>
          <Button variant="danger" busy={busy} onClick={() => void confirm()}>
            {scope === 'name' ? 'Remove name' : 'Remove image'}
          </Button>
        </>
      }
    >
      <div id={msgId} className="confirm-message">
        {scope === 'name' ? (
          <p>
            The name <strong>{tag}</strong> is removed; the image stays, with its other name{tags.length > 2 ? 's' : ''}.
          </p>
        ) : (
          <p>
            The image <strong>{name}</strong> ({formatBytes(image.size)}) is deleted from this engine{tags.length > 1 ? `, with all its ${tags.length} names` : ''}. You can pull or build it
            again later.
          </p>
        )}
      </div>
      {tags.length > 1 ? (
        <fieldset className="rv-fieldset">
          <legend>What to remove</legend>
          <div className="checkbox-row">
            <input id={`${msgId}-name`} type="radio" name={`${msgId}-scope`} checked={scope === 'name'} onChange={() => setScope('name')} disabled={busy} />
            <label htmlFor={`${msgId}-name`}>Only one name</label>
            <select aria-label="Name to remove" className="input select rv-inline-select" value={tag} onChange={(e) => (setTag(e.target.value), setScope('name'))} disabled={busy}>
              {tags.map((t) => (
                <option key={t} value={t}>
                  {t}
                </option>
              ))}
            </select>
          </div>
          <div className="checkbox-row">
            <input id={`${msgId}-image`} type="radio" name={`${msgId}-scope`} checked={scope === 'image'} onChange={() => setScope('image')} disabled={busy} />
            <label htmlFor={`${msgId}-image`}>The image and all its {tags.length} names</label>
          </div>
        </fieldset>
      ) : null}
      {scope === 'image' && inUse ? (
        <>
          <div className="rv-warning" role="note">
            <span>
              <strong>{users > 0 ? `${users} container${users === 1 ? ' uses' : 's use'} this image.` : 'A container uses this image.'}</strong> Without Force the engine refuses to remove
              it. {forceEffect}
            </span>
          </div>
          <CheckboxField label={kind === 'docker' ? 'Force: remove the name even though containers use it' : 'Force: also remove the containers that use it'} checked={force} onChange={setForce} disabled={busy} />
        </>
      ) : null}
      {failure !== undefined ? <ErrorMessage error={failure} /> : null}
    </Dialog>
  );
}

/* ---------------- prune ---------------- */

export function PruneImagesDialog({ onClose }: { onClose: () => void }) {
  const [engine, setEngine] = useState<string | undefined>();
  return (
    <ConfirmDialog
      open
      title="Remove unused images?"
      confirmLabel="Remove unused"
      message={
        <>
          <p>Removes dangling images: layers without a name that no container uses. Images used by a container are never removed.</p>
          <EngineSelect value={engine} onChange={setEngine} label="On engine" />
        </>
      }
      checkbox={{ label: 'Also remove named images that no container uses' }}
      onConfirm={async (all) => {
        const r = await bridge.images.prune.mutate({ ...(engine ? { engine } : {}), all });
        notify({
          kind: 'success',
          title: r.removed.length ? `Removed ${r.removed.length} image${r.removed.length === 1 ? '' : 's'}` : 'No unused images to remove',
          detail: r.reclaimed ? `Freed ${formatBytes(r.reclaimed)}` : undefined,
        });
        onClose();
      }}
      onCancel={onClose}
    />
  );
}
