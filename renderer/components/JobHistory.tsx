import { useState } from 'react';
import type { JobSnapshot } from '../../core/api/contract';

const timeOf = (iso: string | null) => (iso ? new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' }) : '');

/** The app bar's "Jobs" button: every recent job, newest first, with how it ended. */
export function JobHistory({ jobs }: { jobs: JobSnapshot[] }) {
  const [open, setOpen] = useState(false);
  const newestFirst = [...jobs].sort((a, b) => b.startedAt.localeCompare(a.startedAt));
  const failures = jobs.filter((job) => job.state === 'failed').length;
  const running = jobs.filter((job) => job.state === 'running').length;
  return (
    <div className="job-history">
      <button type="button" className="small-button" aria-expanded={open} onClick={() => setOpen((value) => !value)} data-testid="job-history-button">
        Jobs{running > 0 ? ` · ${running} running` : ''}
        {failures > 0 && <span className="badge badge-error">{failures} failed</span>}
      </button>
      {open && (
        <div className="job-history-panel" role="dialog" aria-label="Recent jobs">
          {newestFirst.length === 0 && <p className="muted">No jobs yet.</p>}
          <ol>
            {newestFirst.map((job) => (
              <li key={job.id} data-testid="job-history-item" data-state={job.state}>
                <span className={`job-dot job-dot-${job.state}`} aria-hidden="true" />
                <span className="job-history-title">{job.title}</span>
                <span className="muted">
                  {job.state === 'running' ? 'running' : `${job.state} ${timeOf(job.finishedAt)}`}
                </span>
                {job.error && <p className="job-error">{job.error.message}</p>}
              </li>
            ))}
          </ol>
        </div>
      )}
    </div>
  );
}
