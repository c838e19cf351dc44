import { useEffect, useRef, useState } from 'react';
import type { DatasetSummary, InferenceStatus, SearchResponse, VariantSummary } from '../../../core/api/contract';
import { invoke, transportKind } from '../../api/client';
import { ResultGrid } from '../../components/ResultGrid';
import { ResultList } from '../../components/ResultList';

const TYPING_PAUSE_MS = 250;
const RESULT_COUNT = 60;

function preferredDataset(datasets: DatasetSummary[]): string {
  return (datasets.find((dataset) => dataset.layout === 'grid') ?? datasets[0])?.name ?? '';
}

interface SearchPageProps {
  datasets: DatasetSummary[];
  loading: boolean;
  inference: InferenceStatus | null;
}

export function SearchPage({ datasets, loading, inference }: SearchPageProps) {
  const [datasetName, setDatasetName] = useState('');
  const [variants, setVariants] = useState<VariantSummary[]>([]);
  const [variant, setVariant] = useState('bm25');
  const [text, setText] = useState('');
  const [response, setResponse] = useState<SearchResponse | null>(null);
  const [error, setError] = useState<string | null>(null);
  const latestRequest = useRef(0);

  useEffect(() => {
    if (!datasets.some((dataset) => dataset.name === datasetName)) setDatasetName(preferredDataset(datasets));
  }, [datasets, datasetName]);

  useEffect(() => {
    invoke('variants.list', {}).then(setVariants, (failure: Error) => setError(failure.message));
  }, []);

  useEffect(() => {
    if (!datasetName) return;
    const request = ++latestRequest.current;
    const query = text.trim();
    const timer = setTimeout(
      () => {
        const call = query
          ? invoke('search', { dataset: datasetName, text: query, k: RESULT_COUNT, variant, features: true })
          : invoke('datasets.browse', { dataset: datasetName, limit: RESULT_COUNT });
        call.then(
          (result) => {
            // Answers can arrive out of order; only the newest request may update the page.
            if (request !== latestRequest.current) return;
            setResponse(result);
            setError(null);
          },
          (failure: Error) => request === latestRequest.current && setError(failure.message),
        );
      },
      query ? TYPING_PAUSE_MS : 0,
    );
    return () => clearTimeout(timer);
  }, [datasetName, text, variant]);

  const dataset = datasets.find((candidate) => candidate.name === datasetName);
  return (
    <>
      <header className="topbar">
        <div className="brand" title="Relevance Workbench">
          <span className="brand-mark" aria-hidden="true">R</span>
          <span className="brand-name">Relevance Workbench</span>
        </div>
        <form className="searchbox" role="search" onSubmit={(event) => event.preventDefault()}>
          <input
            type="search"
            aria-label="Search"
            placeholder={dataset ? `Search ${dataset.name}…` : 'Search'}
            value={text}
            onChange={(event) => setText(event.target.value)}
            autoFocus
          />
        </form>
        <label className="dataset-picker">
          <span>Dataset</span>
          <select aria-label="Dataset" value={datasetName} onChange={(event) => setDatasetName(event.target.value)}>
            {datasets.map((candidate) => (
              <option key={candidate.name} value={candidate.name}>
                {candidate.name} ({candidate.docCount.toLocaleString()})
              </option>
            ))}
          </select>
        </label>
        <label className="dataset-picker">
          <span>Ranker</span>
          <select aria-label="Variant" value={variant} onChange={(event) => setVariant(event.target.value)}>
            {variants.map((candidate) => (
              <option key={candidate.name} value={candidate.name} title={candidate.description}>
                {candidate.name}
              </option>
            ))}
          </select>
        </label>
      </header>
      <main className="results" aria-busy={loading}>
        {error && <div className="banner banner-error">{error}</div>}
        {!loading && datasets.length === 0 && <p className="empty">No datasets yet. The demo datasets are being imported…</p>}
        {response && response.results.length === 0 && <p className="empty">No results for “{response.text}”.</p>}
        {response &&
          response.results.length > 0 &&
          (response.layout === 'grid' ? <ResultGrid results={response.results} /> : <ResultList results={response.results} />)}
      </main>
      <footer className="statusbar">
        <span>{transportKind === 'desktop' ? 'Desktop' : 'Web mode'}</span>
        {dataset && (
          <span>
            {dataset.name}: {dataset.docCount.toLocaleString()} documents · {dataset.queryCount} queries · {dataset.qrelCount} judgments
          </span>
        )}
        {response && (
          <span data-testid="result-summary">
            {response.text ? `${response.results.length} results for “${response.text}” by ${response.variant}` : `browsing ${response.results.length}`} ·{' '}
            {response.tookMs.toFixed(1)} ms
          </span>
        )}
        <span className="statusbar-right" data-testid="inference-status" title={inference?.fallbackReason ?? undefined}>
          Models: {inference ? `${inference.provider} (device ${inference.device})` : 'unavailable'}
        </span>
      </footer>
    </>
  );
}
