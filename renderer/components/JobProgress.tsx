import type { JobSnapshot } from '../../core/api/contract';
import { progressText } from '../format';

const percent = (job: JobSnapshot) => (job.state === 'done' ? 100 : job.total > 0 ? Math.round((job.done / job.total) * 100) : 0);

/** One long-running job (import, index build) with a real progress bar, or what made it fail. */
export function JobStatus({ job, onDismiss }: { job: JobSnapshot; onDismiss?: (id: string) => void }) {
  const failed = job.state === 'failed';
  return (
    <div className={`job job-${job.state}`} data-testid="job" data-state={job.state}>
      <div className="job-label">
        <strong>{failed ? `${job.title} failed` : job.title}</strong>
        {!failed && <span>{progressText(job, Date.now())}</span>}
        {failed && onDismiss && (
          <button type="button" className="small-button" onClick={() => onDismiss(job.id)} aria-label={`Dismiss: ${job.title} failed`}>
            Dismiss
          </button>
        )}
      </div>
      {failed ? (
        <p className="job-error" role="alert">
          {job.error?.message ?? 'unknown error'}
        </p>
      ) : (
        // No value while the total is unknown: an indeterminate bar instead of one stuck at 0%.
        <progress max={100} value={job.state === 'done' || job.total > 0 ? percent(job) : undefined} aria-label={`${job.title} progress`} />
      )}
    </div>
  );
}

/** Running jobs with a progress bar each, and failures of this session until dismissed. */
export function JobProgress({ jobs, onDismiss }: { jobs: JobSnapshot[]; onDismiss?: (id: string) => void }) {
  return (
    <div className="jobs" role="status" aria-live="polite">
      {jobs.map((job) => (
        <JobStatus key={job.id} job={job} onDismiss={onDismiss} />
      ))}
    </div>
  );
}
