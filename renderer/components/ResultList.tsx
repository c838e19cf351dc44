import type { SearchResult } from '../../core/api/contract';
import { formatScore } from '../format';
import { WhyToggle } from './WhyToggle';

/** Ranked list for text datasets: rank, title, id, score and the start of the text. */
export function ResultList({ results }: { results: SearchResult[] }) {
  return (
    <ol className="result-list" aria-label="Results">
      {results.map((result) => (
        <li key={result.id} className="result-row" data-testid="text-result">
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
      ))}
    </ol>
  );
}
