import { useEffect, useRef } from 'react';
import type { ResultExplanation, SearchResult } from '../../core/api/contract';
import { useHotkeys } from '../hooks/useHotkeys';
import { Explanation } from './Explanation';

/** "Why here?" for a grid card, in a side panel wide enough for every stage's scores (a card is not). */
export function ExplanationPanel({ result, explanation, onClose }: { result: SearchResult; explanation: ResultExplanation; onClose: () => void }) {
  const close = useRef<HTMLButtonElement>(null);
  useEffect(() => close.current?.focus(), [result.id]);
  useHotkeys({ Escape: onClose }, { inFields: true });
  return (
    <aside className="side-panel" role="dialog" aria-label={`Why ${result.title} is at rank ${result.rank}`} data-testid="explanation-panel">
      <header className="side-panel-header">
        <h2>
          <span className="rank-badge rank-badge-inline">{result.rank}</span> {result.title}
        </h2>
        <button type="button" className="small-button" ref={close} onClick={onClose}>
          Close
        </button>
      </header>
      <Explanation explanation={explanation} />
    </aside>
  );
}
