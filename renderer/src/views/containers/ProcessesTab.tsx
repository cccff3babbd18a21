/** A running container's processes (the engine's `top`), read when the tab opens and on Refresh: no polling. */
import { useQuery } from '@tanstack/react-query';
import type { ContainerRow } from '../../../../electron/contract/index.js';
import { bridge } from '../../bridge/client';
import { Button, EmptyState, ErrorMessage, QueryWait } from '../../components';
import { SimpleTable } from '../common/SimpleTable';

export function ProcessesTab({ c }: { c: ContainerRow }) {
  const running = c.state === 'running' || c.state === 'paused';
  // The state in the key: a restart (new processes) reads again by itself.
  const key = ['containers', 'top', c.engine, c.id, c.state, c.startedAt ?? 0] as const;
  const q = useQuery({ queryKey: key, enabled: running, queryFn: ({ signal }) => bridge.containers.top.query({ engine: c.engine, id: c.id }, { signal }), staleTime: 0 });
  if (!running) return <EmptyState title={`${c.name} is not running`}>Start it to see its processes.</EmptyState>;
  return (
    <div className="details-body" style={{ paddingTop: 0, gap: 8 }}>
      <div className="toolbar">
        <Button size="small" icon="refresh" onClick={() => void q.refetch()} busy={q.isFetching}>
          Refresh
        </Button>
        {q.data ? (
          <span className="muted" role="status">
            {q.data.processes.length} process{q.data.processes.length === 1 ? '' : 'es'}
          </span>
        ) : null}
      </div>
      {q.error ? <ErrorMessage error={q.error} title={`Could not list the processes of ${c.name}`} /> : null}
      {q.isLoading ? <QueryWait label="Reading the processes" queryKey={key} onRetry={() => void q.refetch()} /> : null}
      {q.data ? (
        <SimpleTable
          caption={`Processes of ${c.name}`}
          region={`Processes of ${c.name}`}
          headers={q.data.titles}
          rows={q.data.processes}
          row={(p, i) => (
            <tr key={i}>
              {p.map((cell, j) => (
                <td key={j} className={j === p.length - 1 ? 'mono' : undefined}>
                  {cell}
                </td>
              ))}
            </tr>
          )}
        />
      ) : null}
    </div>
  );
}
