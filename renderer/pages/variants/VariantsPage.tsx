import { useCallback, useEffect, useState, type KeyboardEvent } from 'react';
import type { VariantSummary } from '../../../core/api/contract';
import { errorMessage, invoke } from '../../api/client';
import { pageHref } from '../../routing';

const NEW_VARIANT = {
  name: 'my-hybrid',
  description: 'BM25 and GloVe, BM25 weighted higher',
  retrievers: [{ kind: 'bm25' }, { kind: 'dense', model: 'glove-100d' }],
  fusion: { kind: 'weighted', normalization: 'zscore', weights: { bm25: 0.7, 'dense:glove-100d': 0.3 } },
  k: 100,
};

type Message = { kind: 'error' | 'ok' | 'info'; text: string; saved?: string };

/** What the editor holds: a new variant, a copy of a built-in, or a saved variant. */
type Editing = { kind: 'new' } | { kind: 'copy'; of: string } | { kind: 'saved'; name: string };

const BANNER_CLASS = { error: 'banner banner-error', ok: 'banner banner-ok', info: 'banner banner-info' } as const;

/** Ranker variants: built-ins to copy from, saved ones to edit as validated JSON. */
export function VariantsPage() {
  const [variants, setVariants] = useState<VariantSummary[] | null>(null);
  const [editing, setEditing] = useState<Editing>({ kind: 'new' });
  const [draft, setDraft] = useState(JSON.stringify(NEW_VARIANT, null, 2));
  const [message, setMessage] = useState<Message | null>(null);
  const [saving, setSaving] = useState(false);

  const refresh = useCallback(
    () => invoke('variants.list', {}).then(setVariants, (error) => setMessage({ kind: 'error', text: `Could not load the variants: ${errorMessage(error)}` })),
    [],
  );
  useEffect(() => {
    refresh();
  }, [refresh]);

  const open = (variant: VariantSummary) => {
    const spec = variant.builtIn ? { ...variant.spec, name: `${variant.name}-copy` } : variant.spec;
    setEditing(variant.builtIn ? { kind: 'copy', of: variant.name } : { kind: 'saved', name: variant.name });
    setDraft(JSON.stringify(spec, null, 2));
    setMessage(variant.builtIn ? { kind: 'info', text: `${variant.name} is built in: edit this copy and save it under a new name.` } : null);
  };

  const startNew = () => {
    setEditing({ kind: 'new' });
    setDraft(JSON.stringify(NEW_VARIANT, null, 2));
    setMessage(null);
  };

  const save = async () => {
    let spec: unknown;
    try {
      spec = JSON.parse(draft);
    } catch (error) {
      setMessage({ kind: 'error', text: `the text is not valid JSON (${(error as Error).message})` });
      return;
    }
    setSaving(true);
    try {
      const saved = await invoke('variants.save', { spec });
      setMessage({ kind: 'ok', text: `Saved ${saved.name}.`, saved: saved.name });
      setEditing({ kind: 'saved', name: saved.name });
      setDraft(JSON.stringify(saved.spec, null, 2));
      await refresh();
    } catch (error) {
      setMessage({ kind: 'error', text: errorMessage(error) });
    } finally {
      setSaving(false);
    }
  };

  const remove = async (name: string) => {
    if (!window.confirm(`Delete the variant ${name}?`)) return;
    await invoke('variants.delete', { name }).then(
      () => {
        setMessage({ kind: 'ok', text: `Deleted ${name}.` });
        if (editing.kind === 'saved' && editing.name === name) setEditing({ kind: 'new' });
      },
      (error) => setMessage({ kind: 'error', text: errorMessage(error) }),
    );
    await refresh();
  };

  // Ctrl+S / Cmd+S saves, as in any editor.
  const onEditorKey = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 's' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      void save();
    }
  };

  const selected = editing.kind === 'saved' ? editing.name : editing.kind === 'copy' ? editing.of : null;
  const heading = editing.kind === 'saved' ? `Edit ${editing.name}` : editing.kind === 'copy' ? `New variant from ${editing.of}` : 'New variant';
  return (
    <main className="page two-columns">
      <section aria-labelledby="variants-heading">
        <div className="section-head">
          <h2 id="variants-heading">Ranker variants</h2>
          <button type="button" className="small-button" onClick={startNew}>
            New variant
          </button>
        </div>
        {variants === null && <p className="muted">Loading…</p>}
        <ul className="variant-list" aria-label="Variants">
          {variants?.map((variant) => (
            <li key={variant.name} className={variant.name === selected ? 'selected' : undefined} data-testid="variant-item">
              <div className="variant-head">
                <button type="button" className="link-button variant-name" onClick={() => open(variant)} aria-current={variant.name === selected ? 'true' : undefined}>
                  {variant.name}
                </button>
                <span className={variant.builtIn ? 'badge' : 'badge badge-saved'}>{variant.builtIn ? 'built-in' : 'saved'}</span>
                {!variant.builtIn && (
                  <button type="button" className="small-button push-right" onClick={() => remove(variant.name)} aria-label={`Delete ${variant.name}`}>
                    Delete
                  </button>
                )}
              </div>
              {variant.description && <p className="muted">{variant.description}</p>}
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="editor-heading">
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
          onChange={(event) => setDraft(event.target.value)}
          onKeyDown={onEditorKey}
        />
        <div className="actions">
          <button type="button" className="primary-button" onClick={save} disabled={saving}>
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
      </section>
    </main>
  );
}
