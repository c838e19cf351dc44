import { useCallback, useEffect, useState } from 'react';
import type { DatasetSummary, InferenceStatus, JobSnapshot } from '../core/api/contract';
import { invoke, subscribe } from './api/client';
import { JobProgress } from './components/JobProgress';
import { DatasetsPage } from './pages/datasets/DatasetsPage';
import { SearchPage } from './pages/search/SearchPage';
import { VariantsPage } from './pages/variants/VariantsPage';

const PAGES = ['search', 'variants', 'datasets'] as const;
type Page = (typeof PAGES)[number];

export function App() {
  const [page, setPage] = useState<Page>('search');
  const [datasets, setDatasets] = useState<DatasetSummary[] | null>(null);
  const [jobs, setJobs] = useState<Map<string, JobSnapshot>>(new Map());
  const [inference, setInference] = useState<InferenceStatus | null>(null);
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
    invoke('models.status', {}).then(setInference, () => setInference(null));
    refreshDatasets();
    return unsubscribe;
  }, [refreshDatasets]);

  const visibleJobs = [...jobs.values()].filter((job) => job.state !== 'done');
  return (
    <div className="app">
      <nav className="tabs" aria-label="Pages">
        {PAGES.map((name) => (
          <button key={name} type="button" className={name === page ? 'tab tab-active' : 'tab'} aria-current={name === page ? 'page' : undefined} onClick={() => setPage(name)}>
            {name[0].toUpperCase() + name.slice(1)}
          </button>
        ))}
      </nav>
      {visibleJobs.length > 0 && <JobProgress jobs={visibleJobs} />}
      {loadError && <div className="banner banner-error">Could not reach the backend: {loadError}</div>}
      {page === 'search' && <SearchPage datasets={datasets ?? []} loading={datasets === null} inference={inference} />}
      {page === 'variants' && <VariantsPage />}
      {page === 'datasets' && <DatasetsPage datasets={datasets ?? []} />}
    </div>
  );
}
