/**
 * Folders and compose files on the machine Berth runs on (in `serve` the
 * browser may be on another machine, so its own file picker would not do).
 */
import { useQuery } from '@tanstack/react-query';
import { bridge } from '../../bridge/client';
import { Button, ErrorMessage, QueryWait } from '../../components';

export function FolderBrowser({ dir, onDir, onFile }: { dir: string | undefined; onDir: (dir: string) => void; onFile: (path: string) => void }) {
  const key = ['compose', 'browse', dir ?? ''] as const;
  const q = useQuery({ queryKey: key, queryFn: ({ signal }) => bridge.compose.browse.query(dir ? { dir } : {}, { signal }), staleTime: 5_000 });
  return (
    <div className="compose-browser" role="group" aria-label="Choose a compose file">
      <div className="compose-browser-head">
        <span className="mono" title={q.data?.dir}>
          {q.data?.dir ?? dir ?? 'Home folder'}
        </span>
        {q.data?.parent ? (
          <Button size="small" onClick={() => onDir(q.data.parent!)}>
            Up a folder
          </Button>
        ) : null}
      </div>
      {q.error ? <ErrorMessage error={q.error} title="Could not open that folder" compact /> : null}
      {q.isLoading ? <QueryWait label="Reading the folder" queryKey={key} onRetry={() => void q.refetch()} /> : null}
      {q.data ? (
        <ul className="compose-browser-list">
          {q.data.entries.map((e) => (
            <li key={e.path}>
              <button type="button" className={`compose-entry compose-entry-${e.kind}`} onClick={() => (e.kind === 'dir' ? onDir(e.path) : onFile(e.path))}>
                <span aria-hidden="true">{e.kind === 'dir' ? '📁' : '📄'}</span> {e.name}
                {e.kind === 'dir' ? '/' : ''}
              </button>
            </li>
          ))}
          {q.data.entries.length === 0 ? <li className="muted">No folders or YAML files here</li> : null}
          {q.data.truncated ? <li className="muted">More entries than shown; type the path instead</li> : null}
        </ul>
      ) : null}
    </div>
  );
}
