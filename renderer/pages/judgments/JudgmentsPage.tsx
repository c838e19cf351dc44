import { useState } from 'react';
import { useApi } from '../../api/useApi';
import { ExportForm } from './ExportForm';
import { ImportForm } from './ImportForm';
import './judgments.css';

/** Judgments in and out: export a task's (or an imported source's) judgments with a preview, import files from other tools. */
export function JudgmentsPage() {
  const datasets = useApi('datasets.list', {}, { topics: ['datasets'] });
  const [picked, setPicked] = useState<string | null>(null);
  const dataset = picked ?? datasets.data?.[0]?.name ?? null;
  return (
    <main className="page judgments-page">
      <header className="judgments-header">
        <h2>Judgments</h2>
        <label>
          Dataset
          <select value={dataset ?? ''} onChange={(event) => setPicked(event.target.value)} aria-label="Dataset">
            {datasets.data?.map((summary) => (
              <option key={summary.name} value={summary.name}>
                {summary.name}
              </option>
            ))}
          </select>
        </label>
      </header>
      {datasets.error && (
        <div className="banner banner-error" role="alert">
          Could not load the datasets: {datasets.error}
        </div>
      )}
      {dataset && (
        <div className="judgments-columns">
          <ExportForm dataset={dataset} />
          <ImportForm dataset={dataset} />
        </div>
      )}
    </main>
  );
}
