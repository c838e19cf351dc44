import { randomUUID } from 'node:crypto';
import { serializeError, type SerializedError } from '../errors';

export type JobState = 'running' | 'done' | 'failed';

export interface JobSnapshot {
  id: string;
  title: string;
  state: JobState;
  phase: string;
  done: number;
  /** 0 when the amount of work is not known yet. */
  total: number;
  error: SerializedError | null;
}

export type ProgressReporter = (phase: string, done: number, total: number) => void;

/** Everything the backend pushes to the UI travels as one of these. */
export type WorkbenchEvent = { type: 'job'; job: JobSnapshot } | { type: 'datasets-changed' };

export type EventListener = (event: WorkbenchEvent) => void;

/** Tracks long-running work (imports, index builds) and broadcasts its progress to every listener. */
export function createJobRegistry() {
  const jobs = new Map<string, JobSnapshot>();
  const listeners = new Set<EventListener>();
  const emit = (event: WorkbenchEvent) => listeners.forEach((listener) => listener(event));
  const publish = (job: JobSnapshot) => emit({ type: 'job', job: { ...job } });

  return {
    emit,
    subscribe(listener: EventListener): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    list: (): JobSnapshot[] => [...jobs.values()].map((job) => ({ ...job })),
    /** Starts `work` now and returns its job at once; the promise settles when the work does. */
    start<T>(title: string, work: (report: ProgressReporter) => Promise<T>): { job: JobSnapshot; finished: Promise<T> } {
      const job: JobSnapshot = { id: randomUUID(), title, state: 'running', phase: 'starting', done: 0, total: 0, error: null };
      jobs.set(job.id, job);
      publish(job);
      let lastPublished = 0;
      const report: ProgressReporter = (phase, done, total) => {
        const phaseChanged = phase !== job.phase;
        Object.assign(job, { phase, done, total });
        // Throttle within a phase: a 100k-document import must not flood the transport with events.
        const now = Date.now();
        if (phaseChanged || now - lastPublished >= 100 || done === total) {
          lastPublished = now;
          publish(job);
        }
      };
      const finished = work(report).then(
        (result) => {
          Object.assign(job, { state: 'done', phase: 'done', done: job.total || 1, total: job.total || 1 });
          publish(job);
          return result;
        },
        (error: unknown) => {
          Object.assign(job, { state: 'failed', error: serializeError(error) });
          publish(job);
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
