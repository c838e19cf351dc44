import { type KeyboardEvent } from 'react';
import { pageHref } from '../../app/router';

export type Message = { kind: 'error' | 'ok' | 'info'; text: string; saved?: string };

const BANNER_CLASS = { error: 'banner banner-error', ok: 'banner banner-ok', info: 'banner banner-info' } as const;

interface VariantEditorProps {
  heading: string;
  draft: string;
  onDraft: (text: string) => void;
  saving: boolean;
  onSave: () => void;
  message: Message | null;
}

/** The variant's JSON with save (Ctrl+S) and what saving said. */
export function VariantEditor({ heading, draft, onDraft, saving, onSave, message }: VariantEditorProps) {
  // Ctrl+S / Cmd+S saves, as in any editor.
  const onEditorKey = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 's' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      onSave();
    }
  };
  return (
    <>
      <div className="section-head">
        <h2 id="editor-heading">{heading}</h2>
      </div>
      <p className="muted">
        Retrievers, fusion, filters, rerank and cutoff, as JSON: see docs/ranking.md. Saving checks the spec; a variant with the name of a saved one
        replaces it.
      </p>
      <textarea
        aria-label="Variant JSON"
        aria-describedby="variant-message"
        aria-invalid={message?.kind === 'error' ? true : undefined}
        className="json-editor"
        spellCheck={false}
        value={draft}
        onChange={(event) => onDraft(event.target.value)}
        onKeyDown={onEditorKey}
      />
      <div className="actions">
        <button type="button" className="primary-button" onClick={onSave} disabled={saving}>
          {saving ? 'Saving…' : 'Save variant'}
        </button>
        <span className="muted">Ctrl+S</span>
      </div>
      <div id="variant-message" aria-live="polite">
        {message && (
          <div className={BANNER_CLASS[message.kind]} role={message.kind === 'error' ? 'alert' : 'status'} data-testid="variant-message">
            {message.kind === 'error' && <strong>Not saved: </strong>}
            {message.text}
            {message.saved && (
              <>
                {' '}
                <a href={pageHref('search', { variant: message.saved })}>Search with {message.saved} →</a>
              </>
            )}
          </div>
        )}
      </div>
    </>
  );
}
