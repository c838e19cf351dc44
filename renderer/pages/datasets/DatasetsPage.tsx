import { useState, type FormEvent } from 'react';
import type { DatasetSummary } from '../../../core/api/contract';
import { ApiError, invoke } from '../../api/client';

type Format = 'beir' | 'pins' | 'jsonl' | 'csv';

/** Imported datasets and a form to import more; progress shows in the job bar above. */
export function DatasetsPage({ datasets }: { datasets: DatasetSummary[] }) {
  const [format, setFormat] = useState<Format>('beir');
  const [path, setPath] = useState('');
  const [name, setName] = useState('');
  const [mapping, setMapping] = useState('id=id,title=title,text=text');
  const [message, setMessage] = useState<{ kind: 'error' | 'ok'; text: string } | null>(null);
  const mapped = format === 'jsonl' || format === 'csv';

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const fields = Object.fromEntries(
      mapping
        .split(',')
        .map((pair) => pair.split('=').map((part) => part.trim()))
        .filter((pair) => pair.length === 2 && pair[0] && pair[1]),
    );
    try {
      const { job } = await invoke('datasets.import', { format, path, name, ...(mapped ? { mapping: fields } : {}) });
      setMessage({ kind: 'ok', text: `Importing ${name}… (${job.title})` });
    } catch (error) {
      setMessage({ kind: 'error', text: error instanceof ApiError ? error.detail.message : (error as Error).message });
    }
  };

  const reindex = (dataset: string) =>
    invoke('datasets.index', { name: dataset }).catch((error: Error) => setMessage({ kind: 'error', text: error.message }));

  return (
    <main className="page">
      <h2>Datasets</h2>
      <table className="data-table">
        <thead>
          <tr>
            <th>name</th>
            <th>format</th>
            <th>documents</th>
            <th>queries</th>
            <th>judgments</th>
            <th>dense models</th>
            <th>vector index</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {datasets.map((dataset) => (
            <tr key={dataset.name}>
              <td>{dataset.name}</td>
              <td>{dataset.format}</td>
              <td>{dataset.docCount.toLocaleString()}</td>
              <td>{dataset.queryCount}</td>
              <td>{dataset.qrelCount}</td>
              <td>{dataset.denseModels.join(', ') || '—'}</td>
              <td>{dataset.annIndex ? 'IVF-PQ' : 'flat'}</td>
              <td>
                <button type="button" className="small-button" onClick={() => reindex(dataset.name)}>
                  Re-index
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>

      <h2>Import</h2>
      <form className="import-form" onSubmit={submit}>
        <label>
          Format
          <select value={format} onChange={(event) => setFormat(event.target.value as Format)}>
            <option value="beir">BEIR folder</option>
            <option value="pins">Pins folder (pins.jsonl + images)</option>
            <option value="jsonl">JSONL file</option>
            <option value="csv">CSV file</option>
          </select>
        </label>
        <label>
          {mapped ? 'File' : 'Folder'} on this computer
          <input value={path} onChange={(event) => setPath(event.target.value)} placeholder={mapped ? '/path/to/docs.jsonl' : '/path/to/folder'} required />
        </label>
        <label>
          Name
          <input value={name} onChange={(event) => setName(event.target.value)} placeholder="my-dataset" required />
        </label>
        {mapped && (
          <label>
            Field mapping (field=column, …)
            <input value={mapping} onChange={(event) => setMapping(event.target.value)} />
          </label>
        )}
        <button type="submit" className="primary-button">
          Import
        </button>
      </form>
      {message && <div className={message.kind === 'error' ? 'banner banner-error' : 'banner banner-ok'} role="status">{message.text}</div>}
    </main>
  );
}
