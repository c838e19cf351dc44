import { useState, type FormEvent } from 'react';
import type { ArgsOf } from '../../../core/api/contract';
import { errorMessage, invoke } from '../../api/client';
import { useApi } from '../../api/useApi';
import { DEFAULT_SAMPLE_DRAFT, SampleFields, sampleSourceOf, type SampleDraft } from './SampleFields';
import { SamplePreviewTable } from './SamplePreviewTable';
import type { QuerySetSummary } from './sample-format';

type SourceKind = 'sample' | 'dataset' | 'list' | 'file';
type CreateSource = ArgsOf<'querySets.create'>['source'];

const SOURCE_LABELS: Record<SourceKind, string> = {
  sample: 'Sample a query log',
  dataset: "The dataset's queries",
  list: 'Pasted list',
  file: 'Query set file',
};

interface CreateQuerySetFormProps {
  dataset: string;
  onCreated: (set: QuerySetSummary) => void;
}

/** A new set from the dataset's queries, a pasted list, a file, or a seeded sample of a query log with a live per-stratum preview. */
export function CreateQuerySetForm({ dataset, onCreated }: CreateQuerySetFormProps) {
  const [name, setName] = useState('');
  const [kind, setKind] = useState<SourceKind>('sample');
  const [lines, setLines] = useState('');
  const [path, setPath] = useState('');
  const [draft, setDraft] = useState<SampleDraft>(DEFAULT_SAMPLE_DRAFT);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const sample = sampleSourceOf(draft);
  const previewing = kind === 'sample' && sample !== null;
  // The preview is the create call without the write: same arguments, same strata and queries.
  const preview = useApi('querySets.previewSample', { dataset, source: sample ?? DEFAULT_PREVIEW_SOURCE }, { enabled: previewing, topics: ['query-sets'] });

  const source = (): CreateSource | null => {
    if (kind === 'sample') return sample;
    if (kind === 'dataset') return { kind: 'dataset' };
    if (kind === 'list') return lines.trim() ? { kind: 'list', lines: lines.split('\n') } : null;
    return path.trim() ? { kind: 'file', path: path.trim() } : null;
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const chosen = source();
    if (!chosen) return setError('Fill in the source first.');
    setBusy(true);
    setError(null);
    try {
      onCreated(await invoke('querySets.create', { dataset, name: name.trim(), source: chosen }));
      setName('');
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="card query-set-form" onSubmit={submit} aria-label="New query set">
      <label>
        Name
        <input value={name} onChange={(event) => setName(event.target.value)} placeholder="judging round 1" required />
      </label>
      <fieldset className="source-kinds">
        <legend>Queries from</legend>
        {(Object.keys(SOURCE_LABELS) as SourceKind[]).map((option) => (
          <label key={option} className="check">
            <input type="radio" name="source-kind" value={option} checked={kind === option} onChange={() => setKind(option)} />
            {SOURCE_LABELS[option]}
          </label>
        ))}
      </fieldset>
      {kind === 'list' && (
        <label>
          One query a line (or id, a tab, the query)
          <textarea value={lines} onChange={(event) => setLines(event.target.value)} rows={6} spellCheck={false} />
        </label>
      )}
      {kind === 'file' && (
        <label>
          Query set file (.txt one a line, .jsonl, .csv, .tsv)
          <input value={path} onChange={(event) => setPath(event.target.value)} placeholder="/path/to/queries.txt" spellCheck={false} />
        </label>
      )}
      {kind === 'sample' && <SampleFields draft={draft} onChange={setDraft} />}
      {kind === 'sample' && preview.error && (
        <div className="banner banner-error" role="alert" data-testid="sample-preview-error">
          {preview.error}
        </div>
      )}
      {previewing && preview.data && !preview.error && <SamplePreviewTable preview={preview.data} />}
      {error && (
        <div className="banner banner-error" role="alert">
          {error}
        </div>
      )}
      <div className="actions">
        <button type="submit" className="primary-button" disabled={busy}>
          {busy ? 'Creating…' : 'Create query set'}
        </button>
      </div>
    </form>
  );
}

/** Sent never: the preview hook is disabled while the draft is incomplete, but its arguments must still type-check. */
const DEFAULT_PREVIEW_SOURCE = { kind: 'sample', log: { kind: 'bundled' }, method: 'uniform', size: 1, seed: 0 } as const;
