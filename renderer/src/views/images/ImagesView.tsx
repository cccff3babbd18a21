/**
 * Images: a live, virtualized table (name, id, size, created, containers using
 * it) with pull, build and prune in the toolbar and run, tag, push, history,
 * inspect and remove on each row. Pulls, pushes and builds keep running when
 * their dialog is hidden; the toolbar shows them.
 */
import { useCallback, useMemo, useState } from 'react';
import type { ImageRow } from '../../../../electron/contract/index.js';
import { bridge } from '../../bridge/client';
import {
  Badge,
  Button,
  compareNatural,
  DataTable,
  IconButton,
  EmptyState,
  ErrorMessage,
  formatBytes,
  formatDate,
  SearchField,
  shortId,
  timeAgo,
  Toolbar,
  ToolbarSpacer,
  type Column,
} from '../../components';
import { useMultiEngine } from '../../stores/engines';
import { keyOf, useLive } from '../../stores/live';
import { engineColumn } from '../settings/engines/shared';
import { openCreateContainer } from '../../stores/ui';
import { ActionButton, ExtraIconSvg, RowActions, ViewFrame } from './common';
import { BuildDialog, HistoryDialog, JobDialog, PruneImagesDialog, PullDialog, PushDialog, RemoveImageDialog, TagDialog } from './dialogs';
import { imageName, namedTags } from './image-name';
import { InspectDialog } from './InspectDialog';
import { forgetJob, jobTitle, useJobs } from './jobs';

type DialogState = { kind: 'pull' } | { kind: 'build' } | { kind: 'prune' } | { kind: 'job'; jobId: number } | { kind: 'push' | 'tag' | 'history' | 'remove' | 'inspect'; image: ImageRow };

export function ImagesView() {
  const { items, ready, error } = useLive('images');
  const multi = useMultiEngine();
  const [query, setQuery] = useState('');
  const [dialog, setDialog] = useState<DialogState | null>(null);
  const jobs = useJobs((s) => s.jobs);
  const close = useCallback(() => setDialog(null), []);
  const showJob = useCallback((jobId: number) => setDialog({ kind: 'job', jobId }), []);

  const rows = useMemo(() => {
    const q = query.trim().toLowerCase();
    if (!q) return items;
    return items.filter((i) => i.id.toLowerCase().includes(q) || i.repoTags.some((t) => t.toLowerCase().includes(q)));
  }, [items, query]);

  const columns = useMemo<Column<ImageRow>[]>(
    () => [
      {
        id: 'name',
        header: 'Image',
        rowHeader: true,
        width: 'minmax(220px, 3fr)',
        sort: (a, b) => compareNatural(imageName(a), imageName(b)),
        cell: (r) => {
          const tags = namedTags(r);
          return (
            <span className="rv-name" title={tags.join('\n') || undefined}>
              {tags[0] ?? <span className="muted">&lt;none&gt;</span>}
              {tags.length > 1 ? <span className="muted rv-sub">+{tags.length - 1} more</span> : null}
            </span>
          );
        },
      },
      ...(multi ? [engineColumn<ImageRow>((r) => r.engine)] : []),
      { id: 'id', header: 'ID', width: '120px', cell: (r) => <span className="mono">{shortId(r.id)}</span> },
      { id: 'size', header: 'Size', width: '90px', align: 'end', sort: (a, b) => a.size - b.size, cell: (r) => formatBytes(r.size) },
      {
        id: 'created',
        header: 'Created',
        width: '130px',
        sort: (a, b) => a.created - b.created,
        cell: (r) => <span title={formatDate(r.created)}>{timeAgo(r.created)}</span>,
      },
      {
        id: 'used',
        header: 'In use',
        width: '110px',
        sort: (a, b) => a.containers - b.containers,
        cell: (r) =>
          r.containers > 0 ? (
            <Badge tone="success">
              {r.containers} container{r.containers === 1 ? '' : 's'}
            </Badge>
          ) : r.inUse ? (
            <Badge tone="success">in use</Badge>
          ) : (
            <span className="muted">unused</span>
          ),
      },
      {
        id: 'actions',
        header: 'Actions',
        headerHidden: true,
        width: '190px',
        cell: (r) => {
          const name = imageName(r);
          return (
            <RowActions>
              <IconButton label={`Run ${name}`} icon="play" onClick={() => openCreateContainer(namedTags(r)[0] ?? r.id, r.engine)} />
              <ActionButton label={`Tag ${name}`} icon="tag" onClick={() => setDialog({ kind: 'tag', image: r })} />
              <ActionButton label={`Push ${name}`} icon="upload" onClick={() => setDialog({ kind: 'push', image: r })} />
              <ActionButton label={`History of ${name}`} icon="history" onClick={() => setDialog({ kind: 'history', image: r })} />
              <ActionButton label={`Inspect ${name}`} icon="inspect" onClick={() => setDialog({ kind: 'inspect', image: r })} />
              <IconButton label={`Remove ${name}`} icon="trash" onClick={() => setDialog({ kind: 'remove', image: r })} />
            </RowActions>
          );
        },
      },
    ],
    [multi],
  );

  const running = jobs.filter((j) => j.state === 'running' || !j.watched);

  return (
    <ViewFrame
      title="Images"
      count={ready ? items.length : undefined}
      toolbar={
        <>
          <Toolbar label="Image actions">
            <SearchField label="Search images" value={query} onChange={setQuery} />
            <ToolbarSpacer />
            <Button variant="primary" icon="download" onClick={() => setDialog({ kind: 'pull' })}>
              Pull
            </Button>
            <Button onClick={() => setDialog({ kind: 'build' })}>
              <ExtraIconSvg name="build" />
              Build
            </Button>
            <Button onClick={() => setDialog({ kind: 'prune' })}>
              <ExtraIconSvg name="broom" />
              Prune unused
            </Button>
          </Toolbar>
          {running.length ? (
            <div className="rv-jobs" role="group" aria-label="Image jobs">
              {running.map((j) => (
                <span key={j.id} className="rv-job-chip">
                  <Button size="small" onClick={() => showJob(j.id)} busy={false}>
                    {j.state === 'running' ? <span className="spinner" aria-hidden="true" /> : null}
                    {jobTitle(j)}
                  </Button>
                  {j.state !== 'running' ? (
                    <button type="button" className="btn btn-icon btn-ghost btn-small" aria-label={`Dismiss ${jobTitle(j)}`} title="Dismiss" onClick={() => forgetJob(j.id)}>
                      ×
                    </button>
                  ) : null}
                </span>
              ))}
            </div>
          ) : null}
        </>
      }
    >
      {error && !ready ? <ErrorMessage error={error} title="Could not list images" /> : null}
      <DataTable
        label="Images"
        rows={rows}
        columns={columns}
        getKey={(r) => keyOf('images', r)}
        getName={imageName}
        onActivate={(r) => setDialog({ kind: 'inspect', image: r })}
        initialSort={{ id: 'created', dir: 'desc' }}
        empty={
          !ready ? (
            <span className="muted">Loading images…</span>
          ) : query ? (
            <EmptyState title={`No image matches “${query}”`} />
          ) : (
            <EmptyState
              title="No images yet"
              icon="images"
              action={
                <Button variant="primary" icon="download" onClick={() => setDialog({ kind: 'pull' })}>
                  Pull an image
                </Button>
              }
            >
              Pull one from a registry or build one from a folder.
            </EmptyState>
          )
        }
      />
      {dialog?.kind === 'pull' ? <PullDialog onClose={close} onStarted={showJob} /> : null}
      {dialog?.kind === 'build' ? <BuildDialog onClose={close} onStarted={showJob} /> : null}
      {dialog?.kind === 'prune' ? <PruneImagesDialog onClose={close} /> : null}
      {dialog?.kind === 'job' ? <JobDialog key={dialog.jobId} jobId={dialog.jobId} onClose={close} /> : null}
      {dialog?.kind === 'push' ? <PushDialog image={dialog.image} onClose={close} onStarted={showJob} /> : null}
      {dialog?.kind === 'tag' ? <TagDialog image={dialog.image} onClose={close} /> : null}
      {dialog?.kind === 'history' ? <HistoryDialog image={dialog.image} onClose={close} /> : null}
      {dialog?.kind === 'remove' ? <RemoveImageDialog image={dialog.image} onClose={close} /> : null}
      {dialog?.kind === 'inspect' ? (
        <InspectDialog
          title={`Inspect ${imageName(dialog.image)}`}
          queryKey={['images', 'inspect', dialog.image.engine, dialog.image.id]}
          load={() => bridge.images.inspect.query({ engine: dialog.image.engine, id: dialog.image.id })}
          onClose={close}
        />
      ) : null}
    </ViewFrame>
  );
}

export default ImagesView;
