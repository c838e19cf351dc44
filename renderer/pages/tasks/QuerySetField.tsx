import { useState } from 'react';
import type { ArgsOf, QuerySetSummary } from '../../../core/api/contract';
import { useApi, useMutation } from '../../api/useApi';
import { pageHref } from '../../app/router';
import { FieldProblem } from './ScaleField';

interface QuerySetFieldProps {
  dataset: string;
  value: number | null;
  onChange: (id: number | null) => void;
  /** The task form's problem for this field, if any. */
  problem: string | null;
}

type QuickSource = 'dataset' | 'list';

/** The dataset's query sets, and a quick way to make one from its queries or a pasted list without leaving the form. */
export function QuerySetField({ dataset, value, onChange, problem }: QuerySetFieldProps) {
  const sets = useApi('querySets.list', { dataset }, { topics: ['query-sets'], enabled: dataset !== '' });
  const [creating, setCreating] = useState(false);
  const list = sets.data;
  return (
    <div className="task-field">
      <label htmlFor="task-query-set">Query set</label>
      <div className="query-set-row">
        <select
          id="task-query-set"
          value={value ?? ''}
          onChange={(event) => onChange(event.target.value === '' ? null : Number(event.target.value))}
          aria-invalid={problem ? true : undefined}
          disabled={dataset === ''}
        >
          <option value="">{list === undefined ? 'Loading…' : list.length === 0 ? 'No query sets yet: make one →' : 'Pick a query set'}</option>
          {list?.map((set) => (
            <option key={set.id} value={set.id}>
              {querySetLabel(set)}
            </option>
          ))}
        </select>
        <button type="button" className="small-button" onClick={() => setCreating((open) => !open)} aria-expanded={creating} disabled={dataset === ''}>
          New query set…
        </button>
      </div>
      {sets.error && <FieldProblem message={`Could not load the query sets: ${sets.error}`} />}
      {problem && <FieldProblem message={problem} />}
      <span className="hint">
        A set used by a task is locked (copy it to change it). Sampled sets: <a href={pageHref('query-sets', { dataset })}>Query sets</a>.
      </span>
      {creating && (
        <QuickQuerySet
          dataset={dataset}
          onCreated={(set) => {
            setCreating(false);
            onChange(set.id);
          }}
        />
      )}
    </div>
  );
}

function querySetLabel(set: QuerySetSummary): string {
  return `${set.name} · ${set.queryCount.toLocaleString()} ${set.queryCount === 1 ? 'query' : 'queries'}${set.locked ? ' · in use' : ''}`;
}

function QuickQuerySet({ dataset, onCreated }: { dataset: string; onCreated: (set: QuerySetSummary) => void }) {
  const create = useMutation('querySets.create');
  const [name, setName] = useState('');
  const [source, setSource] = useState<QuickSource>('dataset');
  const [lines, setLines] = useState('');
  const submit = () => {
    const args: ArgsOf<'querySets.create'> = {
      dataset,
      name: name.trim(),
      source: source === 'dataset' ? { kind: 'dataset' } : { kind: 'list', lines: lines.split(/\r?\n/) },
    };
    create.run(args).then(onCreated, () => undefined);
  };
  return (
    <div className="quick-query-set" role="group" aria-label="New query set">
      <label>
        Query set name
        <input value={name} onChange={(event) => setName(event.target.value)} placeholder={`${dataset} queries`} aria-invalid={create.error ? true : undefined} />
      </label>
      <div className="quick-sources" role="radiogroup" aria-label="Queries from">
        <label className="check">
          <input type="radio" name="quick-source" checked={source === 'dataset'} onChange={() => setSource('dataset')} />
          every query of {dataset}
        </label>
        <label className="check">
          <input type="radio" name="quick-source" checked={source === 'list'} onChange={() => setSource('list')} />a pasted list
        </label>
      </div>
      {source === 'list' && (
        <label>
          Queries, one a line: <code>id&lt;TAB&gt;text</code> or just the text
          <textarea value={lines} onChange={(event) => setLines(event.target.value)} rows={5} spellCheck={false} aria-label="Pasted queries" />
        </label>
      )}
      <div className="actions">
        <button type="button" className="small-button" onClick={submit} disabled={create.busy}>
          {create.busy ? 'Creating…' : 'Create query set'}
        </button>
      </div>
      {create.error && <FieldProblem message={create.error} />}
    </div>
  );
}
