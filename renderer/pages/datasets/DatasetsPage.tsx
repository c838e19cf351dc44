import { useState } from 'react';
import type { ArgsOf } from '../../../core/api/contract';
import { errorMessage, invoke } from '../../api/client';
import { pageHref } from '../../app/router';
import { useWorkbench } from '../../app/WorkbenchData';
import { JobStatus } from '../../components/JobProgress';
import { DatasetTable } from './DatasetTable';
import { ImportForm } from './ImportForm';

/** Imported datasets and a form to import more, with the import's progress and outcome. */
export function DatasetsPage() {
  const { datasets, jobs, watchedImport: watched, setWatchedImport } = useWorkbench();
  const [message, setMessage] = useState<{ kind: 'error' | 'ok'; text: string } | null>(null);
  const [submitting, setSubmitting] = useState(false);
  /** The outcome of a re-index or delete, shown under the table. */
  const [notice, setNotice] = useState<{ kind: 'error' | 'ok'; text: string } | null>(null);

  const job = watched ? (jobs.get(watched.jobId) ?? watched.started) : undefined;
  const running = job?.state === 'running';
  const imported = job?.state === 'done' ? datasets?.find((dataset) => dataset.name === watched?.name) : undefined;

  const startImport = async (request: ArgsOf<'datasets.import'>) => {
    setMessage(null);
    setSubmitting(true);
    try {
      const { job: started } = await invoke('datasets.import', request);
      setWatchedImport({ jobId: started.id, name: request.name, started });
      return true;
    } catch (error) {
      // Rejected before any work started (bad arguments, name taken): nothing to watch.
      setWatchedImport(null);
      setMessage({ kind: 'error', text: `Import not started: ${errorMessage(error)}` });
      return false;
    } finally {
      setSubmitting(false);
    }
  };

  const reindex = (dataset: string) =>
    invoke('datasets.index', { name: dataset }).then(
      () => setNotice({ kind: 'ok', text: `Rebuilding the indexes of ${dataset}; progress shows at the top.` }),
      (error) => setNotice({ kind: 'error', text: errorMessage(error) }),
    );

  const remove = (dataset: string) =>
    invoke('datasets.delete', { name: dataset }).then(
      () => setNotice({ kind: 'ok', text: `Deleted ${dataset}.` }),
      (error) => setNotice({ kind: 'error', text: `Could not delete ${dataset}: ${errorMessage(error)}` }),
    );

  return (
    <main className="page">
      <section aria-labelledby="datasets-heading">
        <h2 id="datasets-heading">Datasets</h2>
        <DatasetTable datasets={datasets} highlighted={imported?.name ?? null} onReindex={reindex} onDelete={remove} />
        {notice && (
          <div className={notice.kind === 'error' ? 'banner banner-error' : 'banner banner-ok'} role={notice.kind === 'error' ? 'alert' : 'status'} data-testid="datasets-notice">
            {notice.text}
          </div>
        )}
      </section>

      <section aria-labelledby="import-heading" className="import-section">
        <h2 id="import-heading">Import</h2>
        <ImportForm disabled={submitting || running} onSubmit={startImport} takenNames={datasets?.map((dataset) => dataset.name) ?? []} />
        <div id="import-status" className="import-status" aria-live="polite" data-testid="import-status">
          {message && (
            <div className={message.kind === 'error' ? 'banner banner-error' : 'banner banner-ok'} role={message.kind === 'error' ? 'alert' : 'status'}>
              {message.text}
            </div>
          )}
          {job && <JobStatus job={job} onDismiss={() => setWatchedImport(null)} />}
          {job?.state === 'done' && watched && (
            <div className="banner banner-ok" role="status" data-testid="import-done">
              Imported {watched.name}
              {imported && (
                <>
                  : {imported.docCount.toLocaleString()} documents, {imported.queryCount.toLocaleString()} queries, {imported.qrelCount.toLocaleString()}{' '}
                  judgments.
                </>
              )}{' '}
              <a href={pageHref('search', { dataset: watched.name, q: null })}>Search it →</a>
            </div>
          )}
        </div>
      </section>
    </main>
  );
}
