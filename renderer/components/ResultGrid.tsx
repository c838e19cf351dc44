import type { SearchResult } from '../../core/api/contract';
import { mediaUrl } from '../api/client';
import { WhyToggle } from './WhyToggle';

/** Image-first masonry for pin-like datasets: columns flow top to bottom, cards keep their image's shape. */
export function ResultGrid({ results }: { results: SearchResult[] }) {
  return (
    <ol className="masonry" aria-label="Results">
      {results.map((result) => (
        <li key={result.id} className="pin" data-testid="pin-card">
          {result.imageUrl && (
            <div className="pin-image">
              <img src={mediaUrl(result.imageUrl)} alt={result.title} loading="lazy" decoding="async" />
            </div>
          )}
          <div className="pin-body">
            <h3 className="pin-title">{result.title}</h3>
            {result.board && <span className="pin-board">{result.board}</span>}
            {result.tags.length > 0 && (
              <ul className="pin-tags" aria-label="Tags">
                {result.tags.slice(0, 5).map((tag) => (
                  <li key={tag}>{tag}</li>
                ))}
              </ul>
            )}
            <WhyToggle result={result} />
          </div>
        </li>
      ))}
    </ol>
  );
}
