import { useId, useState } from 'react';
import type { SearchResult } from '../../core/api/contract';
import { Explanation } from './Explanation';

/** "Why here?" on demand: the result's per-stage ranks and scores and its features. */
export function WhyToggle({ result }: { result: SearchResult }) {
  const [open, setOpen] = useState(false);
  const panel = useId();
  if (!result.explanation) return null;
  return (
    <div className="why">
      <button type="button" className="link-button" aria-expanded={open} aria-controls={panel} onClick={() => setOpen(!open)}>
        {open ? 'Hide explanation' : 'Why here?'}
      </button>
      {open && (
        <div id={panel}>
          <Explanation explanation={result.explanation} />
        </div>
      )}
    </div>
  );
}
