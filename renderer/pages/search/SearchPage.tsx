import { useEffect, useRef, useState } from 'react';
import type { DatasetSummary, SearchResponse } from '../../../core/api/contract';
import { errorMessage, invoke } from '../../api/client';
import { useApi } from '../../api/useApi';
import { replaceRoute } from '../../app/router';
import type { PageProps } from '../../app/routes';
import { useWorkbench } from '../../app/WorkbenchData';
import { useHotkeys } from '../../hooks/useHotkeys';
import { SearchResults, type SearchFailure } from './SearchResults';
import { SearchStatusBar } from './SearchStatusBar';
import { SearchToolbar } from './SearchToolbar';

const TYPING_PAUSE_MS = 250;
const RESULT_COUNT = 60;
const DEFAULT_VARIANT = 'bm25';

function preferredDataset(datasets: DatasetSummary[]): string {
  return (datasets.find((dataset) => dataset.layout === 'grid') ?? datasets[0])?.name ?? '';
}

/** Search any dataset with any ranker; the route (`dataset`, `variant`, `q`) is where a reload or a shared link starts. */
export function SearchPage({ route: { params } }: PageProps) {
  const { datasets: loaded, inference } = useWorkbench();
  const datasets = loaded ?? [];
  const variants = useApi('variants.list', {}, { topics: ['variants'] });
  // The user's choice; kept even while the dataset list is still filling in (first-start import).
  const [wantedDataset, setWantedDataset] = useState(() => params.get('dataset') ?? '');
  const [wantedVariant, setWantedVariant] = useState(() => params.get('variant') || DEFAULT_VARIANT);
  const [text, setText] = useState(() => params.get('q') ?? '');
  const [response, setResponse] = useState<SearchResponse | null>(null);
  const [failure, setFailure] = useState<SearchFailure | null>(null);
  const [busy, setBusy] = useState(false);
  const latestRequest = useRef(0);
  const searchInput = useRef<HTMLInputElement>(null);

  const datasetName = datasets.some((dataset) => dataset.name === wantedDataset) ? wantedDataset : preferredDataset(datasets);
  const variantMissing = variants.data !== undefined && !variants.data.some((candidate) => candidate.name === wantedVariant);
  const variant = variantMissing ? DEFAULT_VARIANT : wantedVariant;

  useEffect(() => {
    replaceRoute('search', { dataset: wantedDataset || datasetName, variant, q: text });
  }, [wantedDataset, datasetName, variant, text]);

  // "/" jumps to the search box from anywhere on the page, as on most search sites.
  useHotkeys({ '/': () => searchInput.current?.focus() });

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

  return (
    <>
      <SearchToolbar
        inputRef={searchInput}
        text={text}
        onText={setText}
        datasets={datasets}
        dataset={datasetName}
        onDataset={setWantedDataset}
        variants={variants.data}
        variant={variant}
        onVariant={setWantedVariant}
      />
      <SearchResults
        response={response}
        failure={failure}
        busy={busy}
        datasetsState={loaded === undefined ? 'loading' : datasets.length === 0 ? 'empty' : 'ready'}
        notices={{ variantsError: variants.error, missingVariant: variantMissing ? { wanted: wantedVariant, shown: DEFAULT_VARIANT } : null }}
      />
      <SearchStatusBar dataset={datasets.find((candidate) => candidate.name === datasetName)} response={response} busy={busy} inference={inference} />
    </>
  );
}
