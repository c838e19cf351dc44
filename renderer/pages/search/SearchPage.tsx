import { useEffect, useRef, useState } from 'react';
import type { DatasetSummary, InferenceStatus, SearchResponse, VariantSummary } from '../../../core/api/contract';
import { errorMessage, invoke, transportKind } from '../../api/client';
import { ResultGrid } from '../../components/ResultGrid';
import { ResultList } from '../../components/ResultList';
import { replaceRoute } from '../../routing';

const TYPING_PAUSE_MS = 250;
const RESULT_COUNT = 60;
const DEFAULT_VARIANT = 'bm25';

function preferredDataset(datasets: DatasetSummary[]): string {
  return (datasets.find((dataset) => dataset.layout === 'grid') ?? datasets[0])?.name ?? '';
}

interface SearchPageProps {
  /** The route's `dataset`, `variant` and `q`: where a reload or a shared link starts. */
  params: URLSearchParams;
  datasets: DatasetSummary[];
  loading: boolean;
  inference: InferenceStatus | null;
}

interface SearchFailure {
  /** What was asked, so the message can say which ranker failed on which dataset. */
  dataset: string;
  variant: string | null;
  message: string;
}

export function SearchPage({ params, datasets, loading, inference }: SearchPageProps) {
  // The user's choice; kept even while the dataset list is still filling in (first-start import).
  const [wantedDataset, setWantedDataset] = useState(() => params.get('dataset') ?? '');
  const [variants, setVariants] = useState<VariantSummary[] | null>(null);
  const [wantedVariant, setWantedVariant] = useState(() => params.get('variant') || DEFAULT_VARIANT);
  const [text, setText] = useState(() => params.get('q') ?? '');
  const [response, setResponse] = useState<SearchResponse | null>(null);
  const [failure, setFailure] = useState<SearchFailure | null>(null);
  const [variantsError, setVariantsError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const latestRequest = useRef(0);
  const searchInput = useRef<HTMLInputElement>(null);

  const datasetName = datasets.some((dataset) => dataset.name === wantedDataset) ? wantedDataset : preferredDataset(datasets);
  const variantMissing = variants !== null && !variants.some((candidate) => candidate.name === wantedVariant);
  const variant = variantMissing ? DEFAULT_VARIANT : wantedVariant;

  useEffect(() => {
    invoke('variants.list', {}).then(setVariants, (error) => setVariantsError(errorMessage(error)));
  }, []);

  useEffect(() => {
    replaceRoute('search', { dataset: wantedDataset || datasetName, variant, q: text });
  }, [wantedDataset, datasetName, variant, text]);

  // "/" jumps to the search box from anywhere on the page, as on most search sites.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      if (event.key !== '/' || event.ctrlKey || event.metaKey || event.altKey) return;
      if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) return;
      event.preventDefault();
      searchInput.current?.focus();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  useEffect(() => {
    const request = ++latestRequest.current;
    if (!datasetName) return;
    const query = text.trim();
    const timer = setTimeout(
      () => {
        setBusy(true);
        const call = query
          ? invoke('search', { dataset: datasetName, text: query, k: RESULT_COUNT, variant, features: true })
          : invoke('datasets.browse', { dataset: datasetName, limit: RESULT_COUNT });
        call.then(
          (result) => {
            // Answers can arrive out of order; only the newest request may update the page.
            if (request !== latestRequest.current) return;
            setResponse(result);
            setFailure(null);
            setBusy(false);
          },
          (error) => {
            if (request !== latestRequest.current) return;
            // Old results under an error would look like the answer to the new question: clear them.
            setResponse(null);
            setFailure({ dataset: datasetName, variant: query ? variant : null, message: errorMessage(error) });
            setBusy(false);
          },
        );
      },
      query ? TYPING_PAUSE_MS : 0,
    );
    return () => clearTimeout(timer);
  }, [datasetName, text, variant]);

  const dataset = datasets.find((candidate) => candidate.name === datasetName);
  const builtIn = variants?.filter((candidate) => candidate.builtIn) ?? [];
  const saved = variants?.filter((candidate) => !candidate.builtIn) ?? [];
  const variantDescription = variants?.find((candidate) => candidate.name === variant)?.description;
  return (
    <>
      <div className="toolbar">
        <form className="searchbox" role="search" onSubmit={(event) => event.preventDefault()}>
          <input
            ref={searchInput}
            type="search"
            aria-label="Search"
            placeholder={dataset ? `Search ${dataset.name}…` : 'Search'}
            value={text}
            onChange={(event) => setText(event.target.value)}
            autoFocus
          />
        </form>
        <label className="picker">
          <span>Dataset</span>
          <select aria-label="Dataset" value={datasetName} disabled={datasets.length === 0} onChange={(event) => setWantedDataset(event.target.value)}>
            {datasets.map((candidate) => (
              <option key={candidate.name} value={candidate.name}>
                {candidate.name} ({candidate.docCount.toLocaleString()})
              </option>
            ))}
          </select>
        </label>
        <label className="picker" title={variantDescription}>
          <span>Ranker</span>
          <select aria-label="Variant" value={variant} onChange={(event) => setWantedVariant(event.target.value)}>
            {variants === null && <option value={variant}>{variant}</option>}
            {builtIn.length > 0 && (
              <optgroup label="Built in">
                {builtIn.map((candidate) => (
                  <option key={candidate.name} value={candidate.name} title={candidate.description}>
                    {candidate.name}
                  </option>
                ))}
              </optgroup>
            )}
            {saved.length > 0 && (
              <optgroup label="Saved">
                {saved.map((candidate) => (
                  <option key={candidate.name} value={candidate.name} title={candidate.description}>
                    {candidate.name}
                  </option>
                ))}
              </optgroup>
            )}
          </select>
        </label>
      </div>
      <main className="results" aria-busy={loading || busy}>
        {variantsError && (
          <div className="banner banner-error" role="alert">
            Could not load the rankers: {variantsError}
          </div>
        )}
        {variantMissing && (
          <div className="banner banner-warn" role="status">
            There is no ranker named “{wantedVariant}” (deleted?); showing {DEFAULT_VARIANT} instead.
          </div>
        )}
        {failure && (
          <div className="banner banner-error" role="alert" data-testid="search-error">
            <strong>{failure.variant ? `Ranker ${failure.variant} failed on ${failure.dataset}` : `Could not load ${failure.dataset}`}</strong>
            <span className="banner-detail">{failure.message}</span>
            {failure.variant && (
              <span className="banner-hint">
                Pick another ranker, check this one on the <a href="#/variants">Variants</a> page, or import the dataset again with the model it
                needs on the <a href="#/datasets">Datasets</a> page.
              </span>
            )}
          </div>
        )}
        {loading && <p className="empty">Loading datasets…</p>}
        {!loading && datasets.length === 0 && (
          <p className="empty">
            No datasets yet. The demo datasets are being imported; or <a href="#/datasets">import your own</a>.
          </p>
        )}
        {response && response.results.length === 0 && (
          <p className="empty">{response.text ? `No results for “${response.text}” with ${response.variant}.` : `${response.dataset} has no documents.`}</p>
        )}
        {response &&
          response.results.length > 0 &&
          (response.layout === 'grid' ? <ResultGrid results={response.results} /> : <ResultList results={response.results} />)}
      </main>
      <footer className="statusbar">
        <span>{transportKind === 'desktop' ? 'Desktop' : 'Web mode'}</span>
        {dataset && (
          <span>
            {dataset.name}: {dataset.docCount.toLocaleString()} documents · {dataset.queryCount.toLocaleString()} queries ·{' '}
            {dataset.qrelCount.toLocaleString()} judgments
          </span>
        )}
        {response && (
          <span data-testid="result-summary">
            {response.text ? `${response.results.length} results for “${response.text}” by ${response.variant}` : `browsing ${response.results.length}`} ·{' '}
            {response.tookMs.toFixed(1)} ms
          </span>
        )}
        {busy && <span className="muted">searching…</span>}
        <span className="statusbar-right" data-testid="inference-status" title={inference?.fallbackReason ?? undefined}>
          Models: {inference ? `${inference.provider} (device ${inference.device})` : 'unavailable'}
        </span>
      </footer>
    </>
  );
}
