import { useState } from 'react';
import type { VariantSummary } from '../../../core/api/contract';
import { errorMessage, invoke } from '../../api/client';
import { useApi } from '../../api/useApi';
import { VariantEditor, type Message } from './VariantEditor';
import { VariantList } from './VariantList';

const NEW_VARIANT = {
  name: 'my-hybrid',
  description: 'BM25 and GloVe, BM25 weighted higher',
  retrievers: [{ kind: 'bm25' }, { kind: 'dense', model: 'glove-100d' }],
  fusion: { kind: 'weighted', normalization: 'zscore', weights: { bm25: 0.7, 'dense:glove-100d': 0.3 } },
  k: 100,
};

/** What the editor holds: a new variant, a copy of a built-in, or a saved variant. */
type Editing = { kind: 'new' } | { kind: 'copy'; of: string } | { kind: 'saved'; name: string };

/** Ranker variants: built-ins to copy from, saved ones to edit as validated JSON. */
export function VariantsPage() {
  const variants = useApi('variants.list', {}, { topics: ['variants'] });
  const [editing, setEditing] = useState<Editing>({ kind: 'new' });
  const [draft, setDraft] = useState(JSON.stringify(NEW_VARIANT, null, 2));
  const [message, setMessage] = useState<Message | null>(null);
  const [saving, setSaving] = useState(false);

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
        {variants.error && (
          <div className="banner banner-error" role="alert">
            Could not load the variants: {variants.error}
          </div>
        )}
        <VariantList variants={variants.data} selected={selected} onOpen={open} onDelete={(name) => void remove(name)} />
      </section>
      <section aria-labelledby="editor-heading">
        <VariantEditor heading={heading} draft={draft} onDraft={setDraft} saving={saving} onSave={() => void save()} message={message} />
      </section>
    </main>
  );
}
