import { randomUUID } from 'node:crypto';
import { AppError, serializeError, type SerializedError } from './errors';
import type { EventBus } from './events';

export type JobState = 'running' | 'done' | 'failed';

export interface JobSnapshot {
  id: string;
  title: string;
  state: JobState;
  phase: string;
  done: number;
  /** 0 when the amount of work is not known yet. */
  total: number;
  /** What `done` and `total` count, so the UI never shows bytes as if they were documents. */
  unit: JobUnit;
  startedAt: string;
  finishedAt: string | null;
  error: SerializedError | null;
}

export type JobUnit = 'steps' | 'bytes' | 'documents' | 'queries' | 'pairs' | 'trees' | 'lines' | 'judgments' | 'rows';

export type ProgressReporter = (phase: string, done: number, total: number, unit?: JobUnit) => void;

/** Finished jobs kept for the history the UI shows; older ones are dropped. */
export const FINISHED_JOBS_KEPT = 20;

/** Tracks long-running work (imports, index builds, runs, training) and broadcasts its progress. */
export function createJobRegistry(events: EventBus, clock: () => Date = () => new Date()) {
  const jobs = new Map<string, JobSnapshot>();
  const publish = (job: JobSnapshot) => events.emit({ type: 'job', job: { ...job } });
  const pruneFinished = () => {
    const finished = [...jobs.values()].filter((job) => job.state !== 'running');
    for (const job of finished.slice(0, Math.max(0, finished.length - FINISHED_JOBS_KEPT))) jobs.delete(job.id);
  };

  return {
    list: (): JobSnapshot[] => [...jobs.values()].map((job) => ({ ...job })),
    get: (id: string): JobSnapshot | undefined => {
      const job = jobs.get(id);
      return job && { ...job };
    },
    /** Starts `work` now and returns its job at once; the promise settles when the work does. */
    start<T>(title: string, work: (report: ProgressReporter) => Promise<T>): { job: JobSnapshot; finished: Promise<T> } {
      const job: JobSnapshot = {
        id: randomUUID(),
        title,
        state: 'running',
        phase: 'starting',
        done: 0,
        total: 0,
        unit: 'steps',
        startedAt: clock().toISOString(),
        finishedAt: null,
        error: null,
      };
      jobs.set(job.id, job);
      publish(job);
      let lastPublished = 0;
      const report: ProgressReporter = (phase, done, total, unit = 'steps') => {
        const phaseChanged = phase !== job.phase;
        Object.assign(job, { phase, done, total, unit });
        // Throttle within a phase: a 100k-document import must not flood the transport with events.
        const now = Date.now();
        if (phaseChanged || now - lastPublished >= 100 || done === total) {
          lastPublished = now;
          publish(job);
        }
      };
      const settle = (fields: Partial<JobSnapshot>) => {
        Object.assign(job, fields, { finishedAt: clock().toISOString() });
        publish(job);
        pruneFinished();
      };
      const finished = work(report).then(
        (result) => {
          settle({ state: 'done', phase: 'done', done: job.total || 1, total: job.total || 1 });
          return result;
        },
        (error: unknown) => {
          settle({ state: 'failed', error: serializeError(error) });
          throw error;
        },
      );
      // The caller may not await; a failure is already recorded on the job.
      finished.catch(() => undefined);
      return { job: { ...job }, finished };
    },
  };
}

export type JobRegistry = ReturnType<typeof createJobRegistry>;

/**
 * A job's failure is already recorded on the job (and sent to the UI); callers that start a job and
 * never wait for it, like the API handlers, must not turn it into an unhandled rejection that ends the process.
 */
export function recordedOnJob<T>(finished: Promise<T>): Promise<T> {
  finished.catch(() => undefined);
  return finished;
}

/**
 * Jobs whose results stay readable after they end, as long as the registry keeps finished jobs: the UI
 * follows a job by its events and then asks for its result by job id. `what` names the job in errors.
 */
export function jobsWithResults<T>(jobs: JobRegistry, what: string) {
  const results = new Map<string, T>();
  return {
    start(title: string, work: (report: ProgressReporter) => Promise<T>): { job: JobSnapshot; finished: Promise<T> } {
      const started = jobs.start(title, work);
      const finished = started.finished.then((result) => {
        results.set(started.job.id, result);
        for (const id of [...results.keys()].slice(0, Math.max(0, results.size - FINISHED_JOBS_KEPT))) results.delete(id);
        return result;
      });
      return { job: started.job, finished: recordedOnJob(finished) };
    },
    result(job: string): T {
      const found = results.get(job);
      if (!found) throw new AppError('NOT_FOUND', `no finished ${what} job ${job} in this session`, { field: 'job' });
      return found;
    },
  };
}
