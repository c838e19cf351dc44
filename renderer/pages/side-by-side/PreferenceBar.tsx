import type { ScreenChoice } from '../../../core/api/contract';
import { choiceLabel, PREFERENCE_KEYS } from './comparison-keys';

/** A write as the screen knows it: "saved" only once the server answered; "none" before anything was sent. */
export interface SaveState<T> {
  value: T;
  status: 'none' | 'saving' | 'saved' | 'error';
  error?: string;
}

/** The five preference choices along the bottom, with their keys, the saved state, and the reveal button of a blind comparison. */
export function PreferenceBar({ state, note, onNote, blind, revealed, onChoose, onReveal }: {
  state: SaveState<ScreenChoice> | null;
  /** The note that goes with the preference (saved with the next choice, or with "Save note"). */
  note: string;
  onNote: (note: string) => void;
  blind: boolean;
  revealed: boolean;
  onChoose: (choice: ScreenChoice) => void;
  onReveal: () => void;
}) {
  return (
    <div className="sbs-bottom">
      <div className="sbs-preferences" role="group" aria-label="Which list is better for this query?">
        {PREFERENCE_KEYS.map(({ key, choice, label }) => (
          <button
            key={choice}
            type="button"
            className={state?.value === choice ? 'sbs-preference sbs-preference-current' : 'sbs-preference'}
            aria-keyshortcuts={key.toUpperCase()}
            aria-pressed={state?.value === choice}
            data-choice={choice}
            onClick={() => onChoose(choice)}
          >
            <kbd>{key.toUpperCase()}</kbd>
            <span>{label}</span>
          </button>
        ))}
      </div>
      <p className={`sbs-preference-status sbs-status-${state?.status ?? 'none'}`} data-testid="preference-status" data-status={state?.status ?? 'none'} aria-live="polite">
        {!state && 'No preference yet'}
        {state?.status === 'saving' && `Saving… ${choiceLabel(state.value)}`}
        {state?.status === 'saved' && `Saved ✓ ${choiceLabel(state.value)}`}
        {state?.status === 'error' && `Not saved (${choiceLabel(state.value)}): ${state.error}`}
      </p>
      <label className="sbs-note">
        <span className="muted">Note</span>
        <input value={note} maxLength={2000} onChange={(event) => onNote(event.target.value)} placeholder="why (optional)" data-testid="preference-note" />
      </label>
      {state && state.status !== 'saving' && (
        <button type="button" className="small-button" onClick={() => onChoose(state.value)}>
          Save note
        </button>
      )}
      {blind && !revealed && (
        <button type="button" className="small-button" onClick={onReveal} aria-keyshortcuts="V" data-testid="reveal">
          <kbd>V</kbd> Reveal names
        </button>
      )}
    </div>
  );
}
