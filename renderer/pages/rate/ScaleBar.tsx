import type { LabelValue, Scale } from './rating-state';

/** The scale's levels as buttons with their keys (most relevant first), then skip and note. */
export function ScaleBar({ scale, current, onGrade, onSkip, onNote, disabled }: {
  scale: Scale;
  current: LabelValue | null;
  onGrade: (grade: number) => void;
  onSkip: () => void;
  onNote: () => void;
  disabled?: boolean;
}) {
  return (
    <div className="scale-bar" role="group" aria-label={scale.name}>
      {scale.levels.map((level) => (
        <button
          key={level.value}
          type="button"
          className={current?.grade === level.value ? 'scale-level scale-level-current' : 'scale-level'}
          style={{ '--level-color': level.color } as React.CSSProperties}
          title={level.description}
          aria-keyshortcuts={level.key}
          disabled={disabled}
          onClick={() => onGrade(level.value)}
        >
          <kbd>{level.key}</kbd>
          <span>{level.label}</span>
        </button>
      ))}
      <span className="scale-bar-gap" />
      <button type="button" className={current?.skip !== undefined ? 'scale-extra scale-level-current' : 'scale-extra'} aria-keyshortcuts="S" disabled={disabled} onClick={onSkip}>
        <kbd>S</kbd> Skip
      </button>
      <button type="button" className="scale-extra" aria-keyshortcuts="N" disabled={disabled} onClick={onNote}>
        <kbd>N</kbd> Note
      </button>
    </div>
  );
}
