import { useEffect, useState } from 'react';
import type { TrainingReport } from '../../../core/api/contract';
import { errorMessage, invoke } from '../../api/client';
import { useWorkbench } from '../../app/WorkbenchData';
import { JobStatus } from '../../components/JobProgress';
import { TrainingForm, type TrainingRequest } from './TrainingForm';
import { TrainingReportView } from './TrainingReportView';
import './training.css';

/** Train a learned reranker with cross-validation, watch it, read the report, save it as a variant. */
export function TrainingPage() {
  const { jobs } = useWorkbench();
  const [request, setRequest] = useState<TrainingRequest | null>(null);
  const [jobId, setJobId] = useState<string | null>(null);
  const [report, setReport] = useState<TrainingReport | null>(null);
  const [error, setError] = useState<string | null>(null);

  const job = jobId ? jobs.get(jobId) : undefined;
  const running = jobId !== null && job?.state !== 'done' && job?.state !== 'failed';

  useEffect(() => {
    if (!jobId || job?.state !== 'done') return;
    invoke('training.report', { job: jobId }).then(setReport, (e: unknown) => setError(errorMessage(e)));
  }, [jobId, job?.state]);

  const start = (next: TrainingRequest) => {
    setError(null);
    setReport(null);
    setRequest(next);
    invoke('training.start', next).then(
      ({ job: started }) => setJobId(started.id),
      (e: unknown) => setError(`Training not started: ${errorMessage(e)}`),
    );
  };

  return (
    <main className="page training-page">
      <section aria-labelledby="training-heading">
        <h2 id="training-heading">Train a learned reranker</h2>
        <p className="training-intro">
          Collects each judged query&apos;s top K under the base variant with its features and cross-validates by query: every query is scored by a model that never saw it.
          With few judged queries (30–80) boosted trees often lose to BM25; the report says whether the gain is real.
        </p>
        <TrainingForm disabled={running} onStart={start} />
        {error && (
          <div className="banner banner-error" role="alert">
            {error}
          </div>
        )}
        {job && <JobStatus job={job} />}
      </section>
      {report && <TrainingReportView report={report} saving={running} onSave={(name) => request && start({ ...request, save: name })} />}
    </main>
  );
}
