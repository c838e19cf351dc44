import type { ComparisonQueryView, ViewDocument } from '../../../core/api/contract';
import { mediaUrl } from '../../api/client';

type Scale = ComparisonQueryView['scale'];

/** An inline label as the screen knows it: "Saved ✓" only once the server answered. */
export interface InlineLabel {
  grade: number;
  status: 'saving' | 'saved' | 'error';
  error?: string;
}

interface DocumentCardProps {
  doc: ViewDocument;
  scale: Scale;
  focused: boolean;
  /** The same document in the other list is focused or hovered. */
  linked: boolean;
  /** Interleaving: the rater marked it as something they would engage with. */
  engaged?: boolean;
  /** Whether to show its rank in the other list (side-by-side only). */
  showOtherRank: boolean;
  label: InlineLabel | undefined;
  onFocus: () => void;
  onHover: (hovered: boolean) => void;
  onLabel: (grade: number) => void;
  onClick?: () => void;
}

/** Unjudged documents of the comparison task's pool, and ones the rater labelled (to relabel), take a label inline. */
export function isLabelable(doc: ViewDocument, label: InlineLabel | undefined): boolean {
  return doc.pairIndex !== null && (doc.consensus === null || label !== undefined || doc.myGrade !== null);
}

/** One result of a list: image first for pins, the rank, its rank in the other list, and its label or an inline labeller. */
export function DocumentCard({ doc, scale, focused, linked, engaged, showOtherRank, label, onFocus, onHover, onLabel, onClick }: DocumentCardProps) {
  const card = doc.document;
  const consensusLevel = doc.consensus === null ? null : scale.levels.find((level) => level.value === doc.consensus);
  const ownGrade = label?.grade ?? doc.myGrade;
  const labelable = isLabelable(doc, label);
  const classes = ['sbs-card', focused && 'sbs-card-focused', linked && 'sbs-card-linked', doc.otherRank !== null && showOtherRank && 'sbs-card-shared', engaged && 'sbs-card-engaged']
    .filter(Boolean)
    .join(' ');
  return (
    <li
      className={classes}
      data-testid="sbs-doc"
      data-doc-id={doc.docId}
      data-focused={focused || undefined}
      data-engaged={engaged || undefined}
      onMouseEnter={() => onHover(true)}
      onMouseLeave={() => onHover(false)}
      onClick={() => {
        onFocus();
        onClick?.();
      }}
    >
      <div className="sbs-card-head">
        <span className="rank-badge rank-badge-inline" aria-label={`rank ${doc.rank}`}>
          {doc.rank}
        </span>
        {showOtherRank && (
          <span className={doc.otherRank === null ? 'sbs-other sbs-other-none' : 'sbs-other'} data-testid="other-rank">
            {doc.otherRank === null ? 'only here' : `#${doc.otherRank} in the other list`}
          </span>
        )}
        {consensusLevel ? (
          <span className="sbs-consensus" style={{ '--level-color': consensusLevel.color } as React.CSSProperties} title={`Consensus label: ${consensusLevel.label}`} data-testid="consensus-badge">
            {consensusLevel.label}
          </span>
        ) : (
          <span className="sbs-unjudged" data-testid="unjudged">
            Unjudged
          </span>
        )}
        {engaged && <span className="sbs-engaged-mark">✓ would engage</span>}
      </div>
      {card?.imageUrl && (
        <div className="sbs-image">
          <img src={mediaUrl(card.imageUrl)} alt={card.title} loading="lazy" decoding="async" />
        </div>
      )}
      <div className="sbs-body">
        <h3 className="sbs-title">{card?.title ?? doc.docId}</h3>
        {card && !card.imageUrl && card.snippet && <p className="sbs-snippet">{card.snippet}</p>}
        {card?.board && <span className="pin-board">{card.board}</span>}
        {!card && <p className="muted">This document is no longer in the dataset.</p>}
      </div>
      {labelable && (focused || label) && (
        <div className="sbs-labeller" role="group" aria-label={`Label ${card?.title ?? doc.docId}`}>
          {focused &&
            scale.levels.map((level) => (
              <button
                key={level.value}
                type="button"
                className={ownGrade === level.value ? 'sbs-level sbs-level-current' : 'sbs-level'}
                style={{ '--level-color': level.color } as React.CSSProperties}
                title={level.description}
                onClick={(event) => {
                  event.stopPropagation();
                  onLabel(level.value);
                }}
              >
                <kbd>{level.key}</kbd> {level.label}
              </button>
            ))}
          <LabelStatus label={label} scale={scale} />
        </div>
      )}
    </li>
  );
}

function LabelStatus({ label, scale }: { label: InlineLabel | undefined; scale: Scale }) {
  if (!label) return null;
  const text = scale.levels.find((level) => level.value === label.grade)?.label ?? String(label.grade);
  if (label.status === 'saving') return <span className="sbs-label-status" data-status="saving">Saving… {text}</span>;
  if (label.status === 'error') return <span className="sbs-label-status sbs-label-error" data-status="error" role="alert">Not saved ({text}): {label.error}</span>;
  return <span className="sbs-label-status sbs-label-saved" data-status="saved">Saved ✓ {text}</span>;
}
