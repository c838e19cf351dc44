import { Fragment } from 'react';
import type { SearchResult, SimilarityDropOff } from '../../core/api/contract';
import { DropOffDivider } from './DropOffDivider';
import { formatScore } from '../format';
import { WhyToggle } from './WhyToggle';

/** Ranked list for text datasets: rank, title, id, score and the start of the text; a divider where dense similarity drops off. */
export function ResultList({ results, dropOff }: { results: SearchResult[]; dropOff: SimilarityDropOff | null }) {
  return (
    <ol className="result-list" aria-label="Results">
      {results.map((result) => (
        <Fragment key={result.id}>
        {dropOff?.rank === result.rank && (
          <li className="drop-off-row">
            <DropOffDivider dropOff={dropOff} />
          </li>
        )}
        <li className={dropOff && result.rank >= dropOff.rank ? 'result-row past-drop-off' : 'result-row'} data-testid="text-result">
          <span className="result-rank">{result.rank}</span>
          <div className="result-main">
            <h3 className="result-title">{result.title || '(untitled)'}</h3>
            <p className="result-snippet">{result.snippet}</p>
            <WhyToggle result={result} />
          </div>
          <div className="result-meta">
            <span className="result-id" title="document id">
              #{result.id}
            </span>
            {result.score !== null && <span className="result-score" title="final score">
                {formatScore(result.score)}
              </span>}
          </div>
        </li>
        </Fragment>
      ))}
    </ol>
  );
}
