import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { DatasetSummary, InferenceStatus, JobSnapshot } from '../../core/api/contract';
import { ApiError, invoke } from '../api/client';
import { onConnectionChange, onWorkbenchEvent } from '../api/events';
import { useApi } from '../api/useApi';

/** An import started from the Datasets page: that page shows its progress next to the form. */
export interface WatchedImport {
  jobId: string;
  name: string;
  /** The job as the import call returned it, until its first event arrives. */
  started: JobSnapshot;
}

/** What every page may need: the datasets, the jobs, the inference device and the connection. */
export interface WorkbenchData {
  /** undefined while the first list is loading. */
  datasets: DatasetSummary[] | undefined;
  datasetsError: string | null;
  jobs: ReadonlyMap<string, JobSnapshot>;
  inference: InferenceStatus | null;
  connected: boolean;
  /** Web mode without a valid key: the page was opened without the link `relwb serve` printed. */
  signedOut: boolean;
  watchedImport: WatchedImport | null;
  /** The caller's role (a rater signed in by token, or a lead); null until known. */
  role: 'lead' | 'rater' | null;
  setWatchedImport: (watched: WatchedImport | null) => void;
}

const WorkbenchContext = createContext<WorkbenchData | null>(null);

export function WorkbenchDataProvider({ children }: { children: ReactNode }) {
  const datasets = useApi('datasets.list', {}, { topics: ['datasets'] });
  const role = useApi('raters.me', {}).data?.role ?? null;
  const [jobs, setJobs] = useState<ReadonlyMap<string, JobSnapshot>>(new Map());
  const [inference, setInference] = useState<InferenceStatus | null>(null);
  const [connected, setConnected] = useState(true);
  const [signedOut, setSignedOut] = useState(false);
  const [watchedImport, setWatchedImport] = useState<WatchedImport | null>(null);

  useEffect(() => {
    const readJobs = () =>
      invoke('app.status', {}).then(
        (status) => {
          setSignedOut(false);
          setJobs(new Map(status.jobs.map((job) => [job.id, job])));
        },
        (error: unknown) => setSignedOut(error instanceof ApiError && error.detail.code === 'UNAUTHORIZED'),
      );
    const offEvents = onWorkbenchEvent((event) => {
      if (event.type === 'job') setJobs((previous) => new Map(previous).set(event.job.id, event.job));
    });
    let wasConnected = true;
    const offConnection = onConnectionChange((isConnected) => {
      // Back after a gap (for example a restarted `relwb serve`): job events were missed, so re-read them.
      if (isConnected && !wasConnected) void readJobs();
      wasConnected = isConnected;
      setConnected(isConnected);
    });
    void readJobs();
    invoke('models.status', {}).then(setInference, () => setInference(null));
    return () => {
      offEvents();
      offConnection();
    };
  }, []);

  const value = useMemo<WorkbenchData>(
    () => ({ datasets: datasets.data, datasetsError: datasets.error, jobs, inference, connected, signedOut, watchedImport, role, setWatchedImport }),
    [datasets.data, datasets.error, jobs, inference, connected, signedOut, watchedImport, role],
  );
  return <WorkbenchContext.Provider value={value}>{children}</WorkbenchContext.Provider>;
}

export function useWorkbench(): WorkbenchData {
  const value = useContext(WorkbenchContext);
  if (!value) throw new Error('useWorkbench needs <WorkbenchDataProvider>');
  return value;
}
