import { useState } from 'react';

/** A free-text note on the item; it is saved with the item's label (now, if it has one). */
export function NoteDialog({ initial, onSave, onClose }: { initial: string; onSave: (note: string) => void; onClose: () => void }) {
  const [note, setNote] = useState(initial);
  return (
    <div className="rate-modal-backdrop" onClick={onClose}>
      <form
        className="rate-modal"
        role="dialog"
        aria-modal="true"
        aria-label="Note"
        data-testid="note-dialog"
        onClick={(event) => event.stopPropagation()}
        onSubmit={(event) => {
          event.preventDefault();
          onSave(note.trim());
        }}
      >
        <h2>Note on this item</h2>
        <textarea
          autoFocus
          className="rate-note-input"
          value={note}
          maxLength={2000}
          aria-label="Note"
          placeholder="What the lead should know about this pair (Enter saves, Shift+Enter for a new line)"
          onChange={(event) => setNote(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Escape') onClose();
            if (event.key === 'Enter' && !event.shiftKey) {
              event.preventDefault();
              onSave(note.trim());
            }
          }}
        />
        <div className="actions">
          <button type="submit" className="primary-button">
            Save note
          </button>
          <button type="button" className="small-button" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </div>
  );
}
