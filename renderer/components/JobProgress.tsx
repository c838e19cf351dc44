import type { JobSnapshot } from '../../core/api/contract';

/** Long-running work (first-start demo import, index builds) with a real progress bar each. */
export function JobProgress({ jobs }: { jobs: JobSnapshot[] }) {
  return (
    <div className="jobs" role="status" aria-live="polite">
      {jobs.map((job) => {
        const fraction = job.total > 0 ? job.done / job.total : 0;
        return (
          <div key={job.id} className={`job job-${job.state}`}>
            <div className="job-label">
              <strong>{job.title}</strong>
              <span>{job.state === 'failed' ? `failed: ${job.error?.message}` : `${job.phase} · ${Math.round(fraction * 100)}%`}</span>
            </div>
            <progress max={1} value={job.state === 'failed' ? 0 : fraction} aria-label={job.title} />
          </div>
        );
      })}
    </div>
  );
}
