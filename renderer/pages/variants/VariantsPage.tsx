import { useCallback, useEffect, useState } from 'react';
import type { VariantSummary } from '../../../core/api/contract';
import { ApiError, invoke } from '../../api/client';

const NEW_VARIANT = {
  name: 'my-hybrid',
  description: 'BM25 and GloVe, BM25 weighted higher',
  retrievers: [{ kind: 'bm25' }, { kind: 'dense', model: 'glove-100d' }],
  fusion: { kind: 'weighted', normalization: 'zscore', weights: { bm25: 0.7, 'dense:glove-100d': 0.3 } },
  k: 100,
};

/** Ranker variants: built-ins to copy from, saved ones to edit as validated JSON. */
export function VariantsPage() {
  const [variants, setVariants] = useState<VariantSummary[]>([]);
  const [selected, setSelected] = useState<string | null>(null);
  const [draft, setDraft] = useState(JSON.stringify(NEW_VARIANT, null, 2));
  const [message, setMessage] = useState<{ kind: 'error' | 'ok'; text: string } | null>(null);

  const refresh = useCallback(() => invoke('variants.list', {}).then(setVariants, (error: Error) => setMessage({ kind: 'error', text: error.message })), []);
  useEffect(() => {
    refresh();
  }, [refresh]);

  const open = (variant: VariantSummary) => {
    setSelected(variant.name);
    const spec = variant.builtIn ? { ...variant.spec, name: `${variant.name}-copy` } : variant.spec;
    setDraft(JSON.stringify(spec, null, 2));
    setMessage(variant.builtIn ? { kind: 'ok', text: `${variant.name} is built in: edit this copy and save it under a new name.` } : null);
  };

  const save = async () => {
    let spec: unknown;
    try {
      spec = JSON.parse(draft);
    } catch (error) {
      setMessage({ kind: 'error', text: `Not valid JSON: ${(error as Error).message}` });
      return;
    }
    try {
      const saved = await invoke('variants.save', { spec });
      setMessage({ kind: 'ok', text: `Saved ${saved.name}.` });
      setSelected(saved.name);
      await refresh();
    } catch (error) {
      setMessage({ kind: 'error', text: error instanceof ApiError ? error.detail.message : (error as Error).message });
    }
  };

  const remove = async (name: string) => {
    await invoke('variants.delete', { name }).then(
      () => setMessage({ kind: 'ok', text: `Deleted ${name}.` }),
      (error: Error) => setMessage({ kind: 'error', text: error.message }),
    );
    await refresh();
  };

  return (
    <main className="page two-columns">
      <section>
        <h2>Ranker variants</h2>
        <ul className="variant-list">
          {variants.map((variant) => (
            <li key={variant.name} className={variant.name === selected ? 'selected' : undefined}>
              <button type="button" className="link-button" onClick={() => open(variant)}>
                {variant.name}
              </button>
              <span className="badge">{variant.builtIn ? 'built-in' : 'saved'}</span>
              <p className="muted">{variant.description}</p>
              {!variant.builtIn && (
                <button type="button" className="small-button" onClick={() => remove(variant.name)}>
                  Delete
                </button>
              )}
            </li>
          ))}
        </ul>
      </section>
      <section>
        <h2>Edit (JSON)</h2>
        <p className="muted">Retrievers, fusion, filters, rerank and cutoff: see docs/ranking.md. Saving validates the spec.</p>
        <textarea aria-label="Variant JSON" className="json-editor" spellCheck={false} value={draft} onChange={(event) => setDraft(event.target.value)} />
        <div className="actions">
          <button type="button" className="primary-button" onClick={save}>
            Save variant
          </button>
        </div>
        {message && <div className={message.kind === 'error' ? 'banner banner-error' : 'banner banner-ok'} role="status">{message.text}</div>}
      </section>
    </main>
  );
}
