import { useState } from 'react';
import { useHotkeys } from '../../hooks/useHotkeys';
import { SKIP_REASONS } from './rating-state';

/** "Skip / can't judge": pick a reason by its number or a click; "other" needs a note saying why. */
export function SkipDialog({ count, onSkip, onClose }: { count: number; onSkip: (reason: string, note?: string) => void; onClose: () => void }) {
  const [other, setOther] = useState(false);
  const [note, setNote] = useState('');
  const choose = (reason: string) => (reason === 'other' ? setOther(true) : onSkip(reason));
  useHotkeys(Object.fromEntries(SKIP_REASONS.map((reason, i) => [String(i + 1), () => choose(reason.id)])), { enabled: !other });
  return (
    <div className="rate-modal-backdrop" onClick={onClose}>
      <div className="rate-modal" role="dialog" aria-modal="true" aria-label="Skip" data-testid="skip-dialog" onClick={(event) => event.stopPropagation()}>
        <h2>Skip {count > 1 ? `${count} items` : 'this item'}: why can’t you judge it?</h2>
        {other ? (
          <form
            onSubmit={(event) => {
              event.preventDefault();
              if (note.trim()) onSkip('other', note.trim());
            }}
          >
            <label className="rate-field">
              Say why
              <textarea
                autoFocus
                value={note}
                maxLength={500}
                aria-label="Why you skip"
                onChange={(event) => setNote(event.target.value)}
                onKeyDown={(event) => {
                  if (event.key === 'Escape') onClose();
                  if (event.key === 'Enter' && !event.shiftKey) {
                    event.preventDefault();
                    if (note.trim()) onSkip('other', note.trim());
                  }
                }}
              />
            </label>
            <div className="actions">
              <button type="submit" className="primary-button" disabled={!note.trim()}>
                Skip
              </button>
              <button type="button" className="small-button" onClick={onClose}>
                Cancel
              </button>
            </div>
          </form>
        ) : (
          <ol className="skip-reasons">
            {SKIP_REASONS.map((reason, i) => (
              <li key={reason.id}>
                <button type="button" className="skip-reason" onClick={() => choose(reason.id)}>
                  <kbd>{i + 1}</kbd> {reason.label}
                </button>
              </li>
            ))}
          </ol>
        )}
      </div>
    </div>
  );
}
