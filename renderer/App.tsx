import { useCallback, useEffect, useState } from 'react';
import type { DatasetSummary, JobSnapshot } from '../core/api/contract';
import { invoke, subscribe } from './api/client';
import { JobProgress } from './components/JobProgress';
import { SearchPage } from './pages/search/SearchPage';

export function App() {
  const [datasets, setDatasets] = useState<DatasetSummary[] | null>(null);
  const [jobs, setJobs] = useState<Map<string, JobSnapshot>>(new Map());
  const [loadError, setLoadError] = useState<string | null>(null);

  const refreshDatasets = useCallback(() => {
    invoke('datasets.list', {}).then(setDatasets, (error: Error) => setLoadError(error.message));
  }, []);

  useEffect(() => {
    const unsubscribe = subscribe((event) => {
      if (event.type === 'datasets-changed') refreshDatasets();
      else setJobs((previous) => new Map(previous).set(event.job.id, event.job));
    });
    invoke('app.status', {}).then(
      (status) => setJobs(new Map(status.jobs.map((job) => [job.id, job]))),
      (error: Error) => setLoadError(error.message),
    );
    refreshDatasets();
    return unsubscribe;
  }, [refreshDatasets]);

  const visibleJobs = [...jobs.values()].filter((job) => job.state !== 'done');
  return (
    <div className="app">
      {visibleJobs.length > 0 && <JobProgress jobs={visibleJobs} />}
      {loadError && <div className="banner banner-error">Could not reach the backend: {loadError}</div>}
      <SearchPage datasets={datasets ?? []} loading={datasets === null} />
    </div>
  );
}
