import { Markdown } from '../../components/Markdown';
import type { Scale } from './rating-state';

/** The task's guidelines (markdown from the lead, rendered without HTML) and what each level means. */
export function GuidelinesPanel({ guidelines, scale, onClose }: { guidelines: string; scale: Scale; onClose: () => void }) {
  return (
    <aside className="side-panel rate-guidelines" aria-label="Guidelines" data-testid="guidelines">
      <div className="side-panel-header">
        <h2>Guidelines</h2>
        <button type="button" className="small-button" onClick={onClose}>
          Close (G)
        </button>
      </div>
      {guidelines.trim() ? <Markdown source={guidelines} /> : <p className="muted">This task has no written guidelines: use the scale below.</p>}
      <h3 className="rate-guidelines-scale">{scale.name}</h3>
      <dl className="rate-scale-legend">
        {scale.levels.map((level) => (
          <div key={level.value}>
            <dt>
              <kbd style={{ borderColor: level.color }}>{level.key}</kbd> {level.label}
            </dt>
            <dd>{level.description}</dd>
          </div>
        ))}
      </dl>
    </aside>
  );
}
