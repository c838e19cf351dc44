import type { SearchResponse } from '../../../core/api/contract';
import { ResultGrid } from '../../components/ResultGrid';
import { ResultList } from '../../components/ResultList';

export interface SearchFailure {
  /** What was asked, so the message can say which ranker failed on which dataset. */
  dataset: string;
  variant: string | null;
  message: string;
}

interface SearchResultsProps {
  response: SearchResponse | null;
  failure: SearchFailure | null;
  busy: boolean;
  /** Datasets still loading (first start), or none imported yet. */
  datasetsState: 'loading' | 'empty' | 'ready';
  notices: { variantsError: string | null; missingVariant: { wanted: string; shown: string } | null };
}

/** The results of the current query (grid or list by the dataset's layout), or why there are none. */
export function SearchResults({ response, failure, busy, datasetsState, notices }: SearchResultsProps) {
  return (
    <main className="results" aria-busy={datasetsState === 'loading' || busy}>
      {notices.variantsError && (
        <div className="banner banner-error" role="alert">
          Could not load the rankers: {notices.variantsError}
        </div>
      )}
      {notices.missingVariant && (
        <div className="banner banner-warn" role="status">
          There is no ranker named “{notices.missingVariant.wanted}” (deleted?); showing {notices.missingVariant.shown} instead.
        </div>
      )}
      {failure && (
        <div className="banner banner-error" role="alert" data-testid="search-error">
          <strong>{failure.variant ? `Ranker ${failure.variant} failed on ${failure.dataset}` : `Could not load ${failure.dataset}`}</strong>
          <span className="banner-detail">{failure.message}</span>
          {failure.variant && (
            <span className="banner-hint">
              Pick another ranker, check this one on the <a href="#/variants">Variants</a> page, or import the dataset again with the model it needs on
              the <a href="#/datasets">Datasets</a> page.
            </span>
          )}
        </div>
      )}
      {datasetsState === 'loading' && <p className="empty">Loading datasets…</p>}
      {datasetsState === 'empty' && (
        <p className="empty">
          No datasets yet. The demo datasets are being imported; or <a href="#/datasets">import your own</a>.
        </p>
      )}
      {response && response.results.length === 0 && (
        <p className="empty">{response.text ? `No results for “${response.text}” with ${response.variant}.` : `${response.dataset} has no documents.`}</p>
      )}
      {response &&
        response.results.length > 0 &&
        (response.layout === 'grid' ? (
          <ResultGrid results={response.results} dropOff={response.similarityDropOff} />
        ) : (
          <ResultList results={response.results} dropOff={response.similarityDropOff} />
        ))}
    </main>
  );
}
