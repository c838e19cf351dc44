import { useState, type FormEvent } from 'react';
import type { ArgsOf, ComparisonSummary } from '../../../core/api/contract';
import { ApiError, errorMessage, invoke } from '../../api/client';
import { useApi } from '../../api/useApi';
import { useWorkbench } from '../../app/WorkbenchData';
import { QuerySetField } from '../tasks/QuerySetField';
import { BUILT_IN_SCALES, FieldProblem } from '../tasks/ScaleField';
import '../tasks/tasks.css';

type Side = ArgsOf<'comparisons.create'>['a'];
type Mode = NonNullable<ArgsOf<'comparisons.create'>['mode']>;

/** A side as a select value: `variant:NAME` or `run:ID`. */
const sideValue = (side: Side) => (side.kind === 'variant' ? `variant:${side.variant}` : `run:${side.run}`);
const sideFrom = (value: string): Side => (value.startsWith('run:') ? { kind: 'run', run: Number(value.slice(4)) } : { kind: 'variant', variant: value.slice(8) });

/** What the form starts from when another page asks for a comparison; sides as select values. */
export interface ComparisonDraft {
  dataset: string;
  querySet: number;
  a: string;
  b: string;
}

interface NewComparisonFormProps {
  draft: ComparisonDraft | null;
  onCreated: (comparison: ComparisonSummary) => void;
  onCancel: () => void;
}

/** Two variants or stored runs, a query set, and how raters see them; the backend freezes every list at creation. */
export function NewComparisonForm({ draft, onCreated, onCancel }: NewComparisonFormProps) {
  const { datasets } = useWorkbench();
  const variants = useApi('variants.list', {}, { topics: ['variants'] });
  const raterList = useApi('raters.list', {}, { topics: ['raters'] });
  const [name, setName] = useState('');
  const [pickedDataset, setDataset] = useState<string | null>(draft?.dataset ?? null);
  const dataset = pickedDataset ?? datasets?.[0]?.name ?? '';
  const runs = useApi('runs.list', { dataset }, { topics: ['runs'], enabled: dataset !== '' });
  const [querySet, setQuerySet] = useState<number | null>(draft?.querySet ?? null);
  const [a, setA] = useState(draft?.a ?? 'variant:bm25');
  const [b, setB] = useState(draft?.b ?? 'variant:dense-glove');
  const [depth, setDepth] = useState('10');
  const [mode, setMode] = useState<Mode>('side-by-side');
  const [blind, setBlind] = useState(true);
  const [scale, setScale] = useState('five-level');
  const [raters, setRaters] = useState<ReadonlySet<number>>(new Set());
  const [seed, setSeed] = useState('');
  const [problem, setProblem] = useState<{ field: string | null; message: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const at = (field: string) => (problem?.field === field ? problem.message : null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (querySet === null) return setProblem({ field: 'querySet', message: 'pick a query set, or make one with “New query set…”' });
    setProblem(null);
    setBusy(true);
    try {
      onCreated(
        await invoke('comparisons.create', {
          name: name.trim(),
          dataset,
          querySet,
          a: sideFrom(a),
          b: sideFrom(b),
          depth: Number(depth),
          mode,
          blind,
          scale,
          raters: [...raters],
          ...(seed.trim() === '' ? {} : { seed: Number(seed) }),
        }),
      );
    } catch (error) {
      const field = error instanceof ApiError ? (error.detail.field?.split('.')[0] ?? null) : null;
      setProblem({ field, message: errorMessage(error) });
    } finally {
      setBusy(false);
    }
  };

  const sideOptions = (
    <>
      <optgroup label="Variants (ranked now, at creation)">
        {variants.data?.map((variant) => (
          <option key={variant.name} value={sideValue({ kind: 'variant', variant: variant.name })}>
            {variant.name}
          </option>
        ))}
      </optgroup>
      <optgroup label="Stored and imported runs">
        {runs.data?.map((run) => (
          <option key={run.id} value={sideValue({ kind: 'run', run: run.id })}>
            {run.name} ({run.source === 'import' ? 'imported TREC run' : `run of ${run.variant}`}, {run.queryCount} queries)
          </option>
        ))}
      </optgroup>
    </>
  );
  const assignable = raterList.data?.filter((rater) => rater.hasToken) ?? [];
  return (
    <form className="new-task card" onSubmit={(event) => void submit(event)} aria-label="New comparison" noValidate>
      <div className="task-grid">
        <Field label="Comparison name" htmlFor="sbs-name" problem={at('name')}>
          <input id="sbs-name" value={name} onChange={(event) => setName(event.target.value)} placeholder="bm25-vs-hybrid" aria-invalid={at('name') ? true : undefined} />
        </Field>
        <Field label="Dataset" htmlFor="sbs-dataset" problem={at('dataset')}>
          <select
            id="sbs-dataset"
            value={dataset}
            onChange={(event) => {
              setDataset(event.target.value);
              setQuerySet(null);
            }}
          >
            {datasets?.map((entry) => (
              <option key={entry.name} value={entry.name}>
                {entry.name}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <QuerySetField key={dataset} dataset={dataset} value={querySet} onChange={setQuerySet} problem={at('querySet')} />
      <div className="task-grid">
        <Field label="Side A" htmlFor="sbs-a" problem={at('a')}>
          <select id="sbs-a" value={a} onChange={(event) => setA(event.target.value)}>
            {sideOptions}
          </select>
        </Field>
        <Field label="Side B" htmlFor="sbs-b" problem={at('b')}>
          <select id="sbs-b" value={b} onChange={(event) => setB(event.target.value)}>
            {sideOptions}
          </select>
        </Field>
      </div>
      <div className="task-grid task-grid-small">
        <Field label="Depth k" htmlFor="sbs-depth" problem={at('depth')} hint="1–50 results per side">
          <input id="sbs-depth" type="number" min={1} max={50} value={depth} onChange={(event) => setDepth(event.target.value)} />
        </Field>
        <Field label="Mode" htmlFor="sbs-mode" problem={at('mode')}>
          <select id="sbs-mode" value={mode} onChange={(event) => setMode(event.target.value as Mode)}>
            <option value="side-by-side">side by side + preferences</option>
            <option value="interleaving">team-draft interleaving</option>
          </select>
        </Field>
        <Field label="Scale for inline labels" htmlFor="sbs-scale" problem={at('scale')}>
          <select id="sbs-scale" value={scale} onChange={(event) => setScale(event.target.value)}>
            {BUILT_IN_SCALES.map((entry) => (
              <option key={entry.id} value={entry.id}>
                {entry.name}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Seed (optional)" htmlFor="sbs-seed" problem={at('seed')} hint="fixes sides and interleavings">
          <input id="sbs-seed" type="number" min={0} value={seed} onChange={(event) => setSeed(event.target.value)} />
        </Field>
      </div>
      <div className="task-grid">
        <div className="task-field checks task-options">
          <label className="check">
            <input type="checkbox" checked={blind} onChange={(event) => setBlind(event.target.checked)} />
            Blind: sides shuffled per query, names hidden until the rater reveals them
          </label>
        </div>
        <fieldset className="task-field checks">
          <legend>Raters to assign (none ticked: anyone with a link)</legend>
          {assignable.map((rater) => (
            <label key={rater.id} className="check">
              <input
                type="checkbox"
                checked={raters.has(rater.id)}
                onChange={(event) => {
                  const next = new Set(raters);
                  if (event.target.checked) next.add(rater.id);
                  else next.delete(rater.id);
                  setRaters(next);
                }}
              />
              {rater.name}
            </label>
          ))}
        </fieldset>
      </div>
      <div className="actions">
        <button type="submit" className="primary-button" disabled={busy || dataset === ''}>
          {busy ? 'Freezing the lists…' : 'Create comparison'}
        </button>
        <button type="button" className="small-button" onClick={onCancel}>
          Cancel
        </button>
        {problem && (
          <span className="field-error" role="alert" data-testid="comparison-form-problem">
            Not created: {problem.message}
          </span>
        )}
      </div>
    </form>
  );
}

function Field({ label, htmlFor, problem, hint, children }: { label: string; htmlFor: string; problem: string | null; hint?: string; children: React.ReactNode }) {
  return (
    <div className="task-field">
      <label htmlFor={htmlFor}>{label}</label>
      {children}
      {hint && <span className="hint">{hint}</span>}
      {problem && <FieldProblem message={problem} />}
    </div>
  );
}
