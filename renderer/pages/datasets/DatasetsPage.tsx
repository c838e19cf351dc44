import { useEffect, useState, type FormEvent } from 'react';
import type { DatasetSummary, JobSnapshot, ModelSummary } from '../../../core/api/contract';
import { errorMessage, invoke } from '../../api/client';
import { JobStatus } from '../../components/JobProgress';
import { pageHref } from '../../routing';

type Format = 'beir' | 'pins' | 'jsonl' | 'csv';

/** An import started from this page: the page shows its progress and outcome under the form. */
export interface WatchedImport {
  jobId: string;
  name: string;
  /** The job as the import call returned it, until its first event arrives. */
  started: JobSnapshot;
}

interface DatasetsPageProps {
  /** null while the first list is loading. */
  datasets: DatasetSummary[] | null;
  jobs: ReadonlyMap<string, JobSnapshot>;
  watched: WatchedImport | null;
  onImportStarted: (watched: WatchedImport | null) => void;
}

const FORMAT_HINTS: Record<Format, string> = {
  beir: 'A folder with corpus.jsonl, queries.jsonl and qrels/*.tsv.',
  pins: 'A folder with pins.jsonl and the images it names.',
  jsonl: 'One JSON object per line; map its fields below.',
  csv: 'A CSV file with a header row; map its columns below.',
};

/** A dataset name from a path: the folder or file name without its extension. */
function suggestName(path: string): string {
  const base = path.replace(/[\\/]+$/, '').split(/[\\/]/).pop() ?? '';
  return base
    .replace(/\.(jsonl|csv|json)$/i, '')
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** Imported datasets and a form to import more, with the import's progress and outcome. */
export function DatasetsPage({ datasets, jobs, watched, onImportStarted }: DatasetsPageProps) {
  const [format, setFormat] = useState<Format>('beir');
  const [path, setPath] = useState('');
  const [name, setName] = useState('');
  const [nameEdited, setNameEdited] = useState(false);
  const [mapping, setMapping] = useState('id=id,title=title,text=text');
  const [queries, setQueries] = useState('');
  const [models, setModels] = useState<ModelSummary[]>([]);
  const [denseModels, setDenseModels] = useState<ReadonlySet<string>>(new Set(['glove-100d']));
  const [message, setMessage] = useState<{ kind: 'error' | 'ok'; text: string } | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const mapped = format === 'jsonl' || format === 'csv';

  useEffect(() => {
    invoke('models.list', {}).then(
      (list) => setModels(list.filter((model) => model.status === 'ready' && model.kind === 'bi-encoder')),
      () => setModels([]),
    );
  }, []);

  const job = watched ? (jobs.get(watched.jobId) ?? watched.started) : undefined;
  const running = job?.state === 'running';
  const imported = job?.state === 'done' ? datasets?.find((dataset) => dataset.name === watched?.name) : undefined;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const fields = Object.fromEntries(
      mapping
        .split(',')
        .map((pair) => pair.split('=').map((part) => part.trim()))
        .filter((pair) => pair.length === 2 && pair[0] && pair[1]),
    );
    setMessage(null);
    setSubmitting(true);
    try {
      const { job: started } = await invoke('datasets.import', {
        format,
        path: path.trim(),
        name: name.trim(),
        ...(mapped ? { mapping: fields } : {}),
        ...(mapped && queries.trim() ? { queries: queries.trim() } : {}),
        // Without the model list the backend's default applies; with it, an empty choice means "no vectors".
        ...(models.length > 0 ? { denseModels: [...denseModels].filter((id) => models.some((model) => model.id === id)) } : {}),
      });
      onImportStarted({ jobId: started.id, name: name.trim(), started });
    } catch (error) {
      // Rejected before any work started (bad arguments, name taken): nothing to watch.
      onImportStarted(null);
      setMessage({ kind: 'error', text: errorMessage(error) });
    } finally {
      setSubmitting(false);
    }
  };

  const reindex = (dataset: string) =>
    invoke('datasets.index', { name: dataset }).then(
      () => setMessage({ kind: 'ok', text: `Rebuilding the indexes of ${dataset}; progress shows at the top.` }),
      (error) => setMessage({ kind: 'error', text: errorMessage(error) }),
    );

  const toggleModel = (id: string, on: boolean) =>
    setDenseModels((previous) => {
      const next = new Set(previous);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });

  return (
    <main className="page">
      <section aria-labelledby="datasets-heading">
        <h2 id="datasets-heading">Datasets</h2>
        <div className="table-card">
          <table className="data-table" aria-label="Datasets">
            <thead>
              <tr>
                <th scope="col">name</th>
                <th scope="col">format</th>
                <th scope="col" className="num">
                  documents
                </th>
                <th scope="col" className="num">
                  queries
                </th>
                <th scope="col" className="num">
                  judgments
                </th>
                <th scope="col">dense models</th>
                <th scope="col">vector index</th>
                <th scope="col">
                  <span className="visually-hidden">actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {datasets === null && (
                <tr>
                  <td colSpan={8} className="muted">
                    Loading…
                  </td>
                </tr>
              )}
              {datasets?.length === 0 && (
                <tr>
                  <td colSpan={8} className="muted">
                    No datasets yet: import one below.
                  </td>
                </tr>
              )}
              {datasets?.map((dataset) => (
                <tr key={dataset.name} data-testid="dataset-row" data-name={dataset.name} className={imported?.name === dataset.name ? 'row-new' : undefined}>
                  <th scope="row">
                    <a href={pageHref('search', { dataset: dataset.name, q: null })} title={`Search ${dataset.name}`}>
                      {dataset.name}
                    </a>
                  </th>
                  <td>{dataset.format}</td>
                  <td className="num" data-testid="dataset-docs">
                    {dataset.docCount.toLocaleString()}
                  </td>
                  <td className="num" data-testid="dataset-queries">
                    {dataset.queryCount.toLocaleString()}
                  </td>
                  <td className="num">{dataset.qrelCount.toLocaleString()}</td>
                  <td>{dataset.denseModels.join(', ') || <span className="muted">none</span>}</td>
                  <td>{dataset.denseModels.length === 0 ? <span className="muted">—</span> : dataset.annIndex ? 'IVF-PQ' : 'flat'}</td>
                  <td className="actions-cell">
                    <button type="button" className="small-button" onClick={() => reindex(dataset.name)} aria-label={`Re-index ${dataset.name}`}>
                      Re-index
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section aria-labelledby="import-heading" className="import-section">
        <h2 id="import-heading">Import</h2>
        <form className="import-form card" onSubmit={submit} aria-describedby="import-status">
          <label>
            Format
            <select value={format} onChange={(event) => setFormat(event.target.value as Format)}>
              <option value="beir">BEIR folder</option>
              <option value="pins">Pins folder (pins.jsonl + images)</option>
              <option value="jsonl">JSONL file</option>
              <option value="csv">CSV file</option>
            </select>
            <span className="hint">{FORMAT_HINTS[format]}</span>
          </label>
          <label>
            {mapped ? 'File' : 'Folder'} on this computer
            <input
              value={path}
              onChange={(event) => {
                setPath(event.target.value);
                if (!nameEdited) setName(suggestName(event.target.value));
              }}
              placeholder={mapped ? '/path/to/docs.jsonl' : '/path/to/folder'}
              spellCheck={false}
              required
            />
          </label>
          <label>
            Name
            <input
              value={name}
              onChange={(event) => {
                setName(event.target.value);
                setNameEdited(event.target.value !== '');
              }}
              placeholder="my-dataset"
              spellCheck={false}
              required
            />
          </label>
          {mapped && (
            <label>
              Field mapping (field=column, …)
              <input value={mapping} onChange={(event) => setMapping(event.target.value)} spellCheck={false} />
            </label>
          )}
          {mapped && (
            <label>
              Query set file (optional: .txt one a line, .jsonl or .csv)
              <input value={queries} onChange={(event) => setQueries(event.target.value)} placeholder="/path/to/queries.txt" spellCheck={false} />
            </label>
          )}
          {models.length > 0 && (
            <fieldset className="checks">
              <legend>Dense vectors (needed by the dense and hybrid rankers)</legend>
              {models.map((model) => (
                <label key={model.id} className="check">
                  <input type="checkbox" checked={denseModels.has(model.id)} onChange={(event) => toggleModel(model.id, event.target.checked)} />
                  {model.name ?? model.id}
                </label>
              ))}
            </fieldset>
          )}
          <div className="actions">
            <button type="submit" className="primary-button" disabled={submitting || running}>
              {running ? 'Importing…' : 'Import'}
            </button>
          </div>
        </form>
        <div id="import-status" className="import-status" aria-live="polite" data-testid="import-status">
          {message && (
            <div className={message.kind === 'error' ? 'banner banner-error' : 'banner banner-ok'} role={message.kind === 'error' ? 'alert' : 'status'}>
              {message.kind === 'error' && <strong>Import not started: </strong>}
              {message.text}
            </div>
          )}
          {job && <JobStatus job={job} onDismiss={() => onImportStarted(null)} />}
          {job?.state === 'done' && (
            <div className="banner banner-ok" role="status" data-testid="import-done">
              Imported {watched!.name}
              {imported && (
                <>
                  : {imported.docCount.toLocaleString()} documents, {imported.queryCount.toLocaleString()} queries, {imported.qrelCount.toLocaleString()}{' '}
                  judgments.
                </>
              )}{' '}
              <a href={pageHref('search', { dataset: watched!.name, q: null })}>Search it →</a>
            </div>
          )}
        </div>
      </section>
    </main>
  );
}
