import { useCallback, useEffect, useState } from 'react';
import type { DatasetSummary, InferenceStatus, JobSnapshot } from '../core/api/contract';
import { errorMessage, invoke, subscribe } from './api/client';
import { JobProgress } from './components/JobProgress';
import { DatasetsPage, type WatchedImport } from './pages/datasets/DatasetsPage';
import { SearchPage } from './pages/search/SearchPage';
import { VariantsPage } from './pages/variants/VariantsPage';
import { PAGES, pageHref, useRoute } from './routing';

const PAGE_TITLES = { search: 'Search', variants: 'Variants', datasets: 'Datasets' } as const;

export function App() {
  const route = useRoute();
  const [datasets, setDatasets] = useState<DatasetSummary[] | null>(null);
  const [jobs, setJobs] = useState<Map<string, JobSnapshot>>(new Map());
  const [inference, setInference] = useState<InferenceStatus | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [connected, setConnected] = useState(true);
  /** Failed jobs the user has read and closed. */
  const [dismissed, setDismissed] = useState<ReadonlySet<string>>(new Set());
  /** The import started from the Datasets page; that page shows its progress next to the form. */
  const [watched, setWatched] = useState<WatchedImport | null>(null);

  const refreshDatasets = useCallback(() => {
    invoke('datasets.list', {}).then(
      (list) => {
        setDatasets(list);
        setLoadError(null);
      },
      (error) => setLoadError(errorMessage(error)),
    );
  }, []);

  const refreshJobs = useCallback(() => {
    invoke('app.status', {}).then(
      (status) => setJobs(new Map(status.jobs.map((job) => [job.id, job]))),
      (error) => setLoadError(errorMessage(error)),
    );
  }, []);

  useEffect(() => {
    let wasConnected = true;
    const unsubscribe = subscribe(
      (event) => {
        if (event.type === 'datasets-changed') refreshDatasets();
        else setJobs((previous) => new Map(previous).set(event.job.id, event.job));
      },
      (isConnected) => {
        // Back after a gap (for example a restarted `relwb serve`): events were missed, so reload what they carry.
        if (isConnected && !wasConnected) {
          refreshDatasets();
          refreshJobs();
        }
        wasConnected = isConnected;
        setConnected(isConnected);
      },
    );
    refreshJobs();
    invoke('models.status', {}).then(setInference, () => setInference(null));
    refreshDatasets();
    return unsubscribe;
  }, [refreshDatasets, refreshJobs]);

  const dismiss = useCallback((id: string) => setDismissed((previous) => new Set(previous).add(id)), []);

  const visibleJobs = [...jobs.values()].filter(
    (job) => job.state !== 'done' && !dismissed.has(job.id) && !(route.page === 'datasets' && job.id === watched?.jobId),
  );
  return (
    <div className="app">
      <header className="appbar">
        <a className="brand" href={pageHref('search')} title="Relevance Workbench">
          <span className="brand-mark" aria-hidden="true">
            R
          </span>
          <span className="brand-name">Relevance Workbench</span>
        </a>
        <nav className="tabs" aria-label="Pages">
          {PAGES.map((name) => (
            <a key={name} href={pageHref(name)} className={name === route.page ? 'tab tab-active' : 'tab'} aria-current={name === route.page ? 'page' : undefined}>
              {PAGE_TITLES[name]}
            </a>
          ))}
        </nav>
      </header>
      {!connected && (
        <div className="banner banner-error banner-app" role="alert">
          Lost the connection to the backend. Retrying… (is <code>relwb serve</code> still running?)
        </div>
      )}
      {loadError && connected && (
        <div className="banner banner-error banner-app" role="alert">
          Could not reach the backend: {loadError}
        </div>
      )}
      {visibleJobs.length > 0 && <JobProgress jobs={visibleJobs} onDismiss={dismiss} />}
      {route.page === 'search' && <SearchPage key={route.version} params={route.params} datasets={datasets ?? []} loading={datasets === null} inference={inference} />}
      {route.page === 'variants' && <VariantsPage />}
      {route.page === 'datasets' && <DatasetsPage datasets={datasets} jobs={jobs} watched={watched} onImportStarted={setWatched} />}
    </div>
  );
}
