import { useState, type ReactNode } from 'react';
import type { ConsensusLabel, DisagreedPairView, RatingScale, TaskAgreement } from '../../../core/api/contract';
import { mediaUrl } from '../../api/client';
import { useMutation } from '../../api/useApi';
import { useHotkeys } from '../../hooks/useHotkeys';

const levelOf = (scale: RatingScale, grade: number | null) => scale.levels.find((level) => level.value === grade);

/** "median of 2 ratings", "adjudicated by ana", …: how the consensus label came about. */
function consensusOrigin(label: ConsensusLabel): string {
  const ratings = `${label.ratings} ${label.ratings === 1 ? 'rating' : 'ratings'}`;
  if (label.adjudication) return `adjudicated by ${label.adjudication.decidedBy} (rule ${label.rule}, ${ratings})`;
  if (label.decidedBy === 'gold') return `gold label (${ratings})`;
  if (label.awaitingAdjudication) return `awaiting adjudication (rule ${label.rule}, ${ratings})`;
  return `${label.decidedBy === 'unanimous' ? 'unanimous' : label.rule} of ${ratings}${label.tie ? ', tie broken low' : ''}`;
}

function GradeChip({ scale, grade, children }: { scale: RatingScale; grade: number | null; children?: ReactNode }) {
  const level = levelOf(scale, grade);
  return (
    <span className="grade-chip" style={{ borderColor: level?.color ?? 'var(--line)' }} title={level?.label}>
      <span className="grade-dot" style={{ background: level?.color ?? 'var(--muted)' }} aria-hidden="true" />
      {children}
      <b>{grade ?? '—'}</b>
    </span>
  );
}

interface PairRowProps {
  pair: DisagreedPairView;
  scale: RatingScale;
  selected: boolean;
  busy: boolean;
  onSelect: () => void;
  onDecide: (grade: number) => void;
}

function PairRow({ pair, scale, selected, busy, onSelect, onDecide }: PairRowProps) {
  const { consensus } = pair;
  const title = pair.document?.title || pair.docId;
  return (
    <li className={selected ? 'disagreed selected' : 'disagreed'} data-testid="disagreed-pair" data-pair={pair.pairIndex} onClick={onSelect} aria-current={selected || undefined}>
      <div className="disagreed-thumb">{pair.document?.imageUrl ? <img src={mediaUrl(pair.document.imageUrl)} alt="" loading="lazy" /> : <span aria-hidden="true">¶</span>}</div>
      <div className="disagreed-body">
        <div className="disagreed-query">
          <span className="muted">query</span> {pair.query || pair.queryId}
        </div>
        <div className="disagreed-title" title={pair.docId}>
          {title}
        </div>
        <div className="disagreed-grades" aria-label="Raters' grades">
          {pair.grades.map((grade) => (
            <GradeChip key={grade.id} scale={scale} grade={grade.grade}>
              {grade.name}
            </GradeChip>
          ))}
        </div>
      </div>
      <div className="disagreed-decision">
        <div className="consensus-line" data-testid="consensus-label">
          <span className="muted">consensus</span>{' '}
          <GradeChip scale={scale} grade={consensus.label}>
            {levelOf(scale, consensus.label)?.label ?? 'none'}
          </GradeChip>
          {consensus.adjudicated && <span className="badge badge-saved">adjudicated</span>}
        </div>
        <div className="muted consensus-origin" data-testid="consensus-origin">
          {consensusOrigin(consensus)}
        </div>
        <div className="adjudicate-buttons" role="group" aria-label={`Final label for ${title}`}>
          {scale.levels.map((level) => (
            <button
              key={level.value}
              type="button"
              className={consensus.adjudication?.grade === level.value ? 'level-button chosen' : 'level-button'}
              style={{ borderColor: level.color }}
              title={`${level.label} (key ${level.key})`}
              aria-pressed={consensus.adjudication?.grade === level.value}
              disabled={busy}
              onClick={(event) => {
                event.stopPropagation();
                onDecide(level.value);
              }}
            >
              <kbd>{level.key}</kbd> {level.label}
            </button>
          ))}
        </div>
      </div>
    </li>
  );
}

/**
 * The pairs raters disagree on most, each with the consensus label and how it came about. A lead sets
 * the final label with a button, or selects a pair (click, ↑/↓) and presses the scale's key.
 */
export function DisagreedPairs({ agreement }: { agreement: TaskAgreement }) {
  const { scale } = agreement.task;
  const pairs = agreement.mostDisagreed;
  const adjudicate = useMutation('tasks.adjudicate');
  const [selected, setSelected] = useState(0);
  const current = pairs[Math.min(selected, pairs.length - 1)];
  const decide = (pair: DisagreedPairView, grade: number) => void adjudicate.run({ task: agreement.task.id, pairIndex: pair.pairIndex, grade }).catch(() => undefined);

  useHotkeys(
    {
      ArrowDown: () => setSelected((index) => Math.min(index + 1, pairs.length - 1)),
      ArrowUp: () => setSelected((index) => Math.max(index - 1, 0)),
      ...Object.fromEntries(scale.levels.map((level) => [level.key, () => current && decide(current, level.value)])),
    },
    { enabled: pairs.length > 0 && !adjudicate.busy },
  );

  return (
    <section aria-labelledby="disagreed-heading" className="agreement-section">
      <div className="section-head">
        <h3 id="disagreed-heading">Most disagreed pairs</h3>
        <span className="muted">
          Consensus rule: <b data-testid="consensus-rule">{agreement.task.rule}</b> · an adjudicated label is final under every rule · keys{' '}
          {scale.levels.map((level) => level.key).join(' ')} set the selected pair's label
        </span>
      </div>
      {adjudicate.error && (
        <div className="banner banner-error" role="alert">
          Not adjudicated: {adjudicate.error}
        </div>
      )}
      {pairs.length === 0 ? (
        <p className="muted">No pair has grades that differ.</p>
      ) : (
        <ol className="disagreed-list">
          {pairs.map((pair, index) => (
            <PairRow
              key={pair.pairIndex}
              pair={pair}
              scale={scale}
              selected={pair === current}
              busy={adjudicate.busy}
              onSelect={() => setSelected(index)}
              onDecide={(grade) => decide(pair, grade)}
            />
          ))}
        </ol>
      )}
    </section>
  );
}
