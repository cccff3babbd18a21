/** Shows an existing job again (from the toolbar). */
import { useEffect } from 'react';
import { Dialog } from '../../../components';
import { useJobs, watchJob, type Job } from '../jobs';
import { JobFooter } from './JobFooter';
import { JobProgress } from './JobProgress';

const VERB = { pull: 'Pull', push: 'Push', build: 'Build' } as const;

/** The image a finished job offers to run: the one pulled, or the one built (by its tag, or its id when untagged). */
function runnableImage(job: Job): string | undefined {
  if (job.kind === 'pull') return job.target;
  if (job.kind === 'build' && job.state === 'done') return job.target.startsWith('/') ? job.resultId : job.target;
  return undefined;
}

export function JobDialog({ jobId, onClose }: { jobId: number; onClose: () => void }) {
  const job = useJobs((s) => s.jobs.find((j) => j.id === jobId));
  useEffect(() => {
    watchJob(jobId, true);
    return () => watchJob(jobId, false);
  }, [jobId]);
  if (!job) return null;
  return (
    <Dialog open title={`${VERB[job.kind]} ${job.target}`} onClose={onClose} size="large" footer={<JobFooter job={job} onClose={onClose} runImage={runnableImage(job)} />}>
      <JobProgress job={job} />
    </Dialog>
  );
}
