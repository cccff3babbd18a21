/** A job dialog's buttons: Hide and Cancel while it runs; then Close, and Run for an image it pulled or built. */
import { Button } from '../../../components';
import { openCreateContainer } from '../../../stores/ui';
import { cancelJob, type Job } from '../jobs';

export function JobFooter({ job, onClose, runImage }: { job: Job; onClose: () => void; runImage?: string | undefined }) {
  if (job.state === 'running')
    return (
      <>
        <Button onClick={onClose} title="Keep it running; you will be notified when it finishes">
          Hide
        </Button>
        <Button variant="danger" onClick={() => cancelJob(job.id)}>
          Cancel {job.kind}
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
