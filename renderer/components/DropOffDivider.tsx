import type { SimilarityDropOff } from '../../core/api/contract';
import { formatScore } from '../format';

/** The line below which results have no keyword match and only background similarity to the query. */
export function DropOffDivider({ dropOff }: { dropOff: SimilarityDropOff }) {
  const thresholds = Object.entries(dropOff.thresholds)
    .map(([leg, threshold]) => `${leg.replace(/^dense:/, '')} similarity under ${formatScore(threshold)}`)
    .join(', ');
  return (
    <div className="drop-off" role="separator" aria-label="Weaker matches below" data-testid="similarity-drop-off" data-rank={dropOff.rank}>
      <span className="drop-off-label">Weaker matches from rank {dropOff.rank}</span>
      <span className="drop-off-detail">{dropOff.lexicalLeg ? `no keyword match, ${thresholds}` : thresholds}</span>
    </div>
  );
}
