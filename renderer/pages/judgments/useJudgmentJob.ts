import { useEffect, useRef, useState } from 'react';
import type { JobSnapshot } from '../../../core/api/contract';
import { errorMessage } from '../../api/client';
import { useWorkbench } from '../../app/WorkbenchData';

/**
 * An import or export started as a job: the job as the shared event stream updates it (shown with
 * `JobStatus`), and its report fetched once it is done. `notStarted` is a refusal before any job existed.
 */
export function useJudgmentJob<A, R>(startJob: (args: A) => Promise<{ job: JobSnapshot }>, fetchReport: (job: string) => Promise<R>) {
  const { jobs } = useWorkbench();
  const [started, setStarted] = useState<JobSnapshot | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const [report, setReport] = useState<R | null>(null);
  const [notStarted, setNotStarted] = useState<string | null>(null);
  const fetchRef = useRef(fetchReport);
  fetchRef.current = fetchReport;

  const job = started ? (jobs.get(started.id) ?? started) : null;
  const state = job?.state;
  useEffect(() => {
    if (!started || state !== 'done') return;
    let current = true;
    fetchRef.current(started.id).then(
      (result) => current && setReport(result),
      (error: unknown) => current && setNotStarted(errorMessage(error)),
    );
    return () => {
      current = false;
    };
  }, [started, state]);

  const start = async (args: A) => {
    setNotStarted(null);
    setReport(null);
    setStarted(null);
    setSubmitting(true);
    try {
      setStarted((await startJob(args)).job);
    } catch (error) {
      setNotStarted(errorMessage(error));
    } finally {
      setSubmitting(false);
    }
  };

  return { job, report, notStarted, start, running: submitting || state === 'running' || (state === 'done' && report === null && notStarted === null) };
}
