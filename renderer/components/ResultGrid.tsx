import { useLayoutEffect, useRef, useState } from 'react';
import type { SearchResult, SimilarityDropOff } from '../../core/api/contract';
import { mediaUrl } from '../api/client';
import { DropOffDivider } from './DropOffDivider';
import { ExplanationPanel } from './ExplanationPanel';
import { layOutMasonry } from './masonry';

const MIN_COLUMN_WIDTH = 220;
const GAP = 16;
/** A card's height before it has been measured (images load lazily). */
const ESTIMATED_HEIGHT = 320;

/** Measures the grid's width and every card's height, re-measuring when either changes (images loading). */
function useMeasured(count: number) {
  const container = useRef<HTMLOListElement>(null);
  const [width, setWidth] = useState(0);
  const [heights, setHeights] = useState<number[]>([]);
  useLayoutEffect(() => {
    const element = container.current;
    if (!element) return;
    const measure = () => {
      setWidth(element.clientWidth);
      const next = Array.from(element.children, (child) => (child as HTMLElement).offsetHeight);
      setHeights((previous) => (previous.length === next.length && previous.every((h, i) => h === next[i]) ? previous : next));
    };
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    for (const child of element.children) observer.observe(child);
    measure();
    return () => observer.disconnect();
  }, [count]);
  return { container, width, heights };
}

/** Rank-ordered masonry of one run of results: ranks across the top row first. */
function MasonrySection({ results, label, explainedId, onExplain }: {
  results: SearchResult[];
  label: string;
  explainedId: string | null;
  onExplain: (result: SearchResult) => void;
}) {
  const { container, width, heights } = useMeasured(results.length);
  const layout = layOutMasonry(
    results.map((_, i) => heights[i] ?? ESTIMATED_HEIGHT),
    width,
    MIN_COLUMN_WIDTH,
    GAP,
  );
  return (
    <ol className="masonry" aria-label={label} ref={container} style={{ height: layout.height }} data-columns={layout.columns}>
      {results.map((result, i) => (
        <li
          key={result.id}
          className="pin"
          data-testid="pin-card"
          data-rank={result.rank}
          style={{ width: layout.columnWidth, transform: `translate(${layout.placements[i]!.left}px, ${layout.placements[i]!.top}px)` }}
        >
          <span className="rank-badge" aria-label={`rank ${result.rank}`}>
            {result.rank}
          </span>
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
            {result.explanation && (
              <button type="button" className="link-button" aria-expanded={explainedId === result.id} onClick={() => onExplain(result)}>
                Why here?
              </button>
            )}
          </div>
        </li>
      ))}
    </ol>
  );
}

/**
 * Image-first masonry for pin-like datasets, in rank order, with a rank badge on every card. Results past
 * the dense legs' similarity drop-off go below a divider, dimmed, in a masonry of their own.
 */
export function ResultGrid({ results, dropOff }: { results: SearchResult[]; dropOff: SimilarityDropOff | null }) {
  const [explained, setExplained] = useState<SearchResult | null>(null);
  const firstWeak = dropOff ? results.findIndex((result) => result.rank >= dropOff.rank) : -1;
  const strong = firstWeak === -1 ? results : results.slice(0, firstWeak);
  const weak = firstWeak === -1 ? [] : results.slice(firstWeak);
  const sectionProps = { explainedId: explained?.id ?? null, onExplain: setExplained };
  return (
    <>
      <MasonrySection results={strong} label="Results" {...sectionProps} />
      {dropOff && weak.length > 0 && (
        <>
          <DropOffDivider dropOff={dropOff} />
          <div className="past-drop-off">
            <MasonrySection results={weak} label="Weaker matches" {...sectionProps} />
          </div>
        </>
      )}
      {explained?.explanation && <ExplanationPanel result={explained} explanation={explained.explanation} onClose={() => setExplained(null)} />}
    </>
  );
}
