import { labelText, type LabelState, type Scale } from './rating-state';

/**
 * Whether the server has this pair's label: "Saved ✓" only after it acknowledged the call, "Saving…"
 * while it is in flight, and the server's message (with a retry) when it failed.
 */
export function SaveStatus({ state, scale, onRetry }: { state: LabelState | undefined; scale: Scale; onRetry: () => void }) {
  if (!state || (state.value === null && state.status === 'saved')) {
    return (
      <p className="save-status save-none" data-testid="save-status" data-status="none">
        Not labelled yet
      </p>
    );
  }
  const text = state.value ? labelText(scale, state.value) : 'label removed';
  if (state.status === 'saving') {
    return (
      <p className="save-status save-saving" data-testid="save-status" data-status="saving" aria-live="polite">
        Saving… {text}
      </p>
    );
  }
  if (state.status === 'error') {
    return (
      <div className="save-status save-error" data-testid="save-status" data-status="error" role="alert">
        Not saved ({text}): {state.error}{' '}
        <button type="button" className="small-button" onClick={onRetry}>
          Retry
        </button>
      </div>
    );
  }
  return (
    <p className="save-status save-saved" data-testid="save-status" data-status="saved" aria-live="polite">
      Saved ✓ {text}
    </p>
  );
}
