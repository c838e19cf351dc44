import { useLayoutEffect, useRef, useState } from 'react';
import type { SearchResult } from '../../core/api/contract';
import { mediaUrl } from '../api/client';
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

/** Image-first masonry for pin-like datasets, in rank order: a rank badge on every card, ranks 1…N across the top row. */
export function ResultGrid({ results }: { results: SearchResult[] }) {
  const { container, width, heights } = useMeasured(results.length);
  const [explained, setExplained] = useState<SearchResult | null>(null);
  const layout = layOutMasonry(
    results.map((_, i) => heights[i] ?? ESTIMATED_HEIGHT),
    width,
    MIN_COLUMN_WIDTH,
    GAP,
  );
  return (
    <>
      <ol className="masonry" aria-label="Results" ref={container} style={{ height: layout.height }} data-columns={layout.columns}>
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
                <button type="button" className="link-button" aria-expanded={explained?.id === result.id} onClick={() => setExplained(result)}>
                  Why here?
                </button>
              )}
            </div>
          </li>
        ))}
      </ol>
      {explained?.explanation && <ExplanationPanel result={explained} explanation={explained.explanation} onClose={() => setExplained(null)} />}
    </>
  );
}
