/** A pull, push or build as it runs: status line, per-layer progress, the output, then the result or the failure. */
import { useEffect, useRef } from 'react';
import { ErrorMessage, formatBytes, ProgressBar, shortId } from '../../../components';
import { jobTitle, type Job } from '../jobs';

export function JobProgress({ job }: { job: Job }) {
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
      {job.state === 'failed' && job.error ? <ErrorMessage described={job.error} /> : null}
    </div>
  );
}
