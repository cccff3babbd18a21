/**
 * A container's filesystem (the Files tab): a folder at a time, read when
 * opened and on Refresh (no polling). Open folders and symlinks, view text,
 * download a file or a folder (as a tar), upload files or folders (picker or
 * drag and drop), make a folder, delete. Names are shown with control
 * characters escaped, so a newline in a name cannot pass for another row.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useRef, useState, type DragEvent, type FormEvent } from 'react';
import { displayName, joinPath, normalizeContainerPath, parentPath, type FileEntry } from '../../../../electron/contract/index.js';
import { bridge, describeError } from '../../bridge/client';
import { Button, ConfirmDialog, DataTable, ErrorMessage, formatBytes, formatDate, Icon, IconButton, notify, ProgressBar, QueryWait, type Column } from '../../components';
import { FileViewer } from './FileViewer';
import { NewFolderDialog } from './NewFolderDialog';
import { folderFirst, modeString, ownerString } from './file-format';
import { planFromDrop, planFromFileList, runUploads, topNames, UploadError, type UploadPlan, type UploadProgress } from './uploads';
import './files.css';

const FOLDER = { path: 'M2 4.5h4l1.5 1.5H14v6.5H2z' };
const FILE = { path: 'M4 2.5h5l3 3v8H4zM9 2.5v3h3' };
const LINK = { path: 'M6.5 9.5l3-3M5 8L3.8 9.2a2 2 0 0 0 2.9 2.9L8 11M11 8l1.2-1.2a2 2 0 0 0-2.9-2.9L8 5' };

export interface FileBrowserProps {
  engine: string;
  /** The container whose files these are. */
  id: string;
  /** How the user knows it ("web", "volume data"): in labels and messages. */
  label: string;
  /** Deleting needs a running container (the archive API cannot delete). */
  running: boolean;
  initialPath?: string;
  /** The top the user may reach (a volume's /volume in its helper); default `/`. */
  root?: string;
  /** Said instead of the "not running" note (e.g. why a volume's files cannot be deleted). */
  stoppedNote?: string;
}

/** Start a one-time download link in the browser's own downloader. */
async function download(engine: string, id: string, path: string): Promise<void> {
  const { url } = await bridge.files.downloadLink.mutate({ engine, id, path });
  const a = document.createElement('a');
  a.href = url;
  a.download = '';
  document.body.append(a);
  a.click();
  a.remove();
}

export function FileBrowser({ engine, id, label, running, initialPath = '/', root = '/', stoppedNote }: FileBrowserProps) {
  const [path, setPath] = useState(normalizeContainerPath(initialPath));
  const [typed, setTyped] = useState(path);
  const [viewing, setViewing] = useState<string | undefined>();
  const [creating, setCreating] = useState(false);
  const [deleting, setDeleting] = useState<string[] | undefined>();
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [pending, setPending] = useState<UploadPlan | undefined>();
  const [progress, setProgress] = useState<UploadProgress | undefined>();
  const [uploadFailure, setUploadFailure] = useState<unknown>(undefined);
  const [dragging, setDragging] = useState(false);
  const abort = useRef<AbortController | undefined>(undefined);
  const filesInput = useRef<HTMLInputElement>(null);
  const folderInput = useRef<HTMLInputElement>(null);
  const qc = useQueryClient();

  const key = ['files', engine, id, path] as const;
  const q = useQuery({ queryKey: key, queryFn: ({ signal }) => bridge.files.list.query({ engine, id, path }, { signal }), staleTime: 0, retry: false });
  const listing = q.data;
  // The engine resolves symlinks: show where we really are.
  const here = listing?.path ?? path;
  const rows = useMemo(() => [...(listing?.entries ?? [])].sort(folderFirst), [listing]);

  const top = normalizeContainerPath(root);
  const inside = (p: string) => top === '/' || p === top || p.startsWith(`${top}/`);
  const go = (p: string) => {
    const n = inside(normalizeContainerPath(p)) ? normalizeContainerPath(p) : top;
    setPath(n);
    setTyped(n);
    setSelected(new Set());
  };
  const refresh = () => void qc.invalidateQueries({ queryKey: ['files', engine, id] });
  const open = (e: FileEntry) => (e.kind === 'directory' || e.kind === 'symlink' ? go(joinPath(here, e.name)) : e.kind === 'file' ? setViewing(joinPath(here, e.name)) : undefined);
  const downloadPath = (p: string) => void download(engine, id, p).catch((err: unknown) => notify({ kind: 'error', ...describeError(err) }));

  const startUpload = (plan: UploadPlan) => {
    if (plan.files.length === 0 && plan.dirs.length === 0) return;
    const existing = new Set(rows.map((r) => r.name));
    if (topNames(plan).some((n) => existing.has(n))) setPending(plan);
    else void upload(plan);
  };
  const upload = async (plan: UploadPlan) => {
    setPending(undefined);
    setUploadFailure(undefined);
    const ctl = new AbortController();
    abort.current = ctl;
    setProgress({ index: 0, total: plan.files.length, name: plan.files[0]?.rel ?? plan.dirs[0] ?? '', loaded: 0, size: plan.files[0]?.file.size ?? 0 });
    try {
      await runUploads({ engine, id, dir: here }, plan, setProgress, ctl.signal);
      notify({ kind: 'success', title: `Uploaded ${plan.files.length === 1 ? displayName(plan.files[0]!.rel) : `${plan.files.length} files`} to ${displayName(here)}` });
    } catch (e) {
      if ((e as Error).name !== 'AbortError') setUploadFailure(e);
    } finally {
      abort.current = undefined;
      setProgress(undefined);
      refresh();
    }
  };

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    if (progress) return;
    const dropped = e.dataTransfer;
    // Folders need the entries API; a drop without entries (some sources) still carries its files.
    void planFromDrop(dropped.items)
      .then((plan) => (plan.files.length || plan.dirs.length ? plan : planFromFileList(dropped.files)))
      .then(startUpload, (err: unknown) => setUploadFailure(err));
  };

  const columns = useMemo<Column<FileEntry>[]>(
    () => [
      {
        id: 'name',
        header: 'Name',
        width: 'minmax(200px, 3fr)',
        rowHeader: true,
        sort: folderFirst,
        cell: (e) => (
          <span className="file-name">
            <Icon name={e.kind === 'directory' ? FOLDER : e.kind === 'symlink' ? LINK : FILE} />
            <button type="button" className="link-button mono" onClick={() => open(e)} title={displayName(e.name)} disabled={e.kind === 'other'}>
              {displayName(e.name)}
            </button>
            {e.linkTarget !== undefined ? <span className="muted mono"> → {displayName(e.linkTarget)}</span> : null}
          </span>
        ),
      },
      { id: 'size', header: 'Size', width: '90px', align: 'end', sort: (a, b) => a.size - b.size, cell: (e) => (e.kind === 'file' ? formatBytes(e.size) : '') },
      { id: 'mode', header: 'Mode', width: '110px', cell: (e) => <span className="mono">{modeString(e.kind, e.mode)}</span> },
      { id: 'owner', header: 'Owner', width: '90px', cell: (e) => <span className="mono">{ownerString(e)}</span> },
      { id: 'mtime', header: 'Modified', width: '170px', sort: (a, b) => a.mtime - b.mtime, cell: (e) => (e.mtime ? formatDate(e.mtime) : '') },
      {
        id: 'actions',
        header: 'Actions',
        headerHidden: true,
        width: '80px',
        cell: (e) => (
          <span className="row-actions">
            <IconButton icon="download" label={`Download ${displayName(e.name)}`} disabled={e.kind === 'other'} onClick={() => downloadPath(joinPath(here, e.name))} />
            <IconButton icon="trash" variant="danger" label={`Delete ${displayName(e.name)}`} disabled={!running} onClick={() => setDeleting([joinPath(here, e.name)])} />
          </span>
        ),
      },
    ],
    // open/downloadPath read only `here`, `engine`, `id` and state setters.
    [here, running, engine, id],
  );

  // Crumbs from the root the user may reach: `/volume/a/b` in a volume shows as `/ a / b`.
  const shown = top === '/' ? here : here.slice(top.length) || '/';
  const crumbs = shown === '/' ? [] : shown.slice(1).split('/');
  const crumbPath = (i: number) => joinPath(top, crumbs.slice(0, i + 1).join('/'));
  const submitPath = (e: FormEvent) => {
    e.preventDefault();
    if (typed.startsWith('/')) go(typed);
    else go(joinPath(here, typed));
  };
  const uploadPct = progress && progress.size > 0 ? Math.round((progress.loaded / progress.size) * 100) : undefined;

  return (
    <div className="file-browser" onDragOver={(e) => (e.preventDefault(), setDragging(true))} onDragLeave={() => setDragging(false)} onDrop={onDrop} data-dragging={dragging || undefined}>
      <div className="toolbar file-toolbar" role="toolbar" aria-label={`Files of ${label}`}>
        <IconButton icon={{ path: 'M8 12.5v-9M4 7l4-3.5L12 7' }} label="Up one folder" disabled={here === top} onClick={() => go(parentPath(here))} />
        <nav aria-label="Folder path" className="crumbs">
          <button type="button" className="link-button mono" onClick={() => go(top)}>
            /
          </button>
          {crumbs.map((c, i) => (
            <span key={i} className="mono">
              <button type="button" className="link-button mono" onClick={() => go(crumbPath(i))} aria-current={i === crumbs.length - 1 ? 'location' : undefined}>
                {displayName(c)}
              </button>
              {i < crumbs.length - 1 ? '/' : ''}
            </span>
          ))}
        </nav>
        <form className="go-to" onSubmit={submitPath}>
          <input aria-label="Go to path" className="mono" value={typed} onChange={(e) => setTyped(e.target.value)} spellCheck={false} />
          <Button size="small" type="submit">
            Go
          </Button>
        </form>
        <Button size="small" icon="refresh" onClick={refresh} busy={q.isFetching}>
          Refresh
        </Button>
        <Button size="small" icon="plus" onClick={() => setCreating(true)}>
          New folder
        </Button>
        <Button size="small" icon={{ path: 'M8 13.5V5.5M4.5 9L8 5.5 11.5 9M3 2.5h10' }} onClick={() => filesInput.current?.click()} disabled={!!progress}>
          Upload files
        </Button>
        <Button size="small" icon={{ path: 'M8 13.5V5.5M4.5 9L8 5.5 11.5 9M3 2.5h10' }} onClick={() => folderInput.current?.click()} disabled={!!progress}>
          Upload folder
        </Button>
        <Button size="small" icon="download" onClick={() => downloadPath(here)}>
          Download folder
        </Button>
        {selected.size > 0 ? (
          <Button size="small" variant="danger" icon="trash" disabled={!running} onClick={() => setDeleting([...selected].map((n) => joinPath(here, n)))}>
            Delete {selected.size} selected
          </Button>
        ) : null}
        <input ref={filesInput} type="file" multiple hidden aria-label="Files to upload" onChange={(e) => (e.target.files && startUpload(planFromFileList(e.target.files)), (e.target.value = ''))} />
        <input
          ref={folderInput}
          type="file"
          hidden
          aria-label="Folder to upload"
          {...{ webkitdirectory: '' }}
          onChange={(e) => (e.target.files && startUpload(planFromFileList(e.target.files)), (e.target.value = ''))}
        />
      </div>
      {!running ? <p className="muted small">{stoppedNote ?? `${label} is not running: files can be browsed, downloaded and uploaded, but deleting needs it running.`}</p> : null}
      {progress ? (
        <div className="upload-progress" role="status">
          <ProgressBar
            label={`Uploading ${displayName(progress.name)}`}
            value={uploadPct}
            detail={`${progress.index + 1} of ${progress.total}: ${displayName(progress.name)} · ${formatBytes(progress.loaded)} of ${formatBytes(progress.size)}`}
          />
          <Button size="small" onClick={() => abort.current?.abort()}>
            Cancel upload
          </Button>
        </div>
      ) : null}
      {uploadFailure !== undefined ? (
        <ErrorMessage
          {...(uploadFailure instanceof UploadError
            ? { described: { title: `${uploadFailure.data.operation} failed`, detail: uploadFailure.data.engineMessage ?? uploadFailure.data.message, hint: uploadFailure.data.hint } }
            : { error: uploadFailure })}
          title="The upload failed"
        />
      ) : null}
      {q.error ? <ErrorMessage error={q.error} title={`Could not list ${displayName(path)}`} onRetry={() => void q.refetch()} /> : null}
      {q.isLoading ? <QueryWait label={`Reading ${displayName(path)}`} queryKey={key} onRetry={() => void q.refetch()} /> : null}
      {listing ? (
        <>
          <DataTable
            label={`Files in ${displayName(here)}`}
            rows={rows}
            columns={columns}
            getKey={(e) => e.name}
            getName={(e) => displayName(e.name)}
            onActivate={open}
            selectable
            selected={selected}
            onSelectedChange={setSelected}
            empty={<p className="muted">This folder is empty. Drop files here to upload them.</p>}
          />
          <p className="muted small" role="status">
            {listing.truncated
              ? `Showing the first ${listing.entries.length.toLocaleString()} of ${listing.total.toLocaleString()} entries.`
              : `${listing.total.toLocaleString()} item${listing.total === 1 ? '' : 's'}`}{' '}
            · Drop files or folders here to upload them to {displayName(here)}.
          </p>
        </>
      ) : null}
      {viewing ? <FileViewer engine={engine} id={id} path={viewing} onClose={() => setViewing(undefined)} onDownload={() => downloadPath(viewing)} /> : null}
      {creating ? (
        <NewFolderDialog
          engine={engine}
          id={id}
          dir={here}
          onClose={() => setCreating(false)}
          onCreated={(p) => {
            setCreating(false);
            refresh();
            notify({ kind: 'success', title: `Created ${displayName(p)}` });
          }}
        />
      ) : null}
      <ConfirmDialog
        open={pending !== undefined}
        title={`Replace items in ${displayName(here)}?`}
        message={`${topNames(pending ?? { files: [], dirs: [] })
          .filter((n) => rows.some((r) => r.name === n))
          .map(displayName)
          .join(', ')} already exist${pending && topNames(pending).length === 1 ? 's' : ''} here. Files of the same name are replaced; other files in those folders stay.`}
        confirmLabel="Replace"
        onConfirm={() => pending && void upload(pending)}
        onCancel={() => setPending(undefined)}
      />
      <ConfirmDialog
        open={deleting !== undefined}
        title={deleting?.length === 1 ? `Delete ${displayName(deleting[0]!)}?` : `Delete ${deleting?.length ?? 0} items?`}
        message={`${deleting?.length === 1 ? 'It is' : 'They are'} removed from ${label}, folders with everything in them. This cannot be undone.`}
        confirmLabel="Delete"
        onConfirm={async () => {
          await bridge.files.remove.mutate({ engine, id, paths: deleting ?? [] });
          setDeleting(undefined);
          setSelected(new Set());
          refresh();
        }}
        onCancel={() => setDeleting(undefined)}
      />
    </div>
  );
}
