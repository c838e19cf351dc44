import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import type { ArgsOf, TaskSummary } from '../../../core/api/contract';
import { ApiError, errorMessage } from '../../api/client';
import { useApi } from '../../api/useApi';
import { useWorkbench } from '../../app/WorkbenchData';
import { QuerySetField } from './QuerySetField';
import { FieldProblem, ScaleField, scaleArgument, type ScaleChoice } from './ScaleField';
import { locateProblem, parseGoldLines, problemAt, type FormProblem } from './task-form';

type Consensus = NonNullable<ArgsOf<'tasks.create'>['consensus']>;

const CONSENSUS_RULES: readonly { id: Consensus; label: string }[] = [
  { id: 'median', label: 'median (default)' },
  { id: 'mean', label: 'mean' },
  { id: 'majority', label: 'majority' },
  { id: 'adjudicated-wins', label: 'adjudicated wins' },
];

interface NewTaskFormProps {
  onCreate: (args: ArgsOf<'tasks.create'>) => Promise<TaskSummary>;
  onCancel: () => void;
}

/** Everything a rating task is made of; the backend pools the pairs and checks every field. */
export function NewTaskForm({ onCreate, onCancel }: NewTaskFormProps) {
  const { datasets } = useWorkbench();
  const variantList = useApi('variants.list', {}, { topics: ['variants'] });
  const raterList = useApi('raters.list', {}, { topics: ['raters'] });
  const [name, setName] = useState('');
  const [pickedDataset, setDataset] = useState<string | null>(null);
  const dataset = pickedDataset ?? datasets?.[0]?.name ?? '';
  const [querySet, setQuerySet] = useState<number | null>(null);
  const [variants, setVariants] = useState<ReadonlySet<string>>(new Set(['bm25']));
  const [depth, setDepth] = useState('10');
  const [scale, setScale] = useState<ScaleChoice>({ kind: 'built-in', id: 'five-level' });
  const [overlap, setOverlap] = useState('1');
  const [guidelines, setGuidelines] = useState('');
  const [blind, setBlind] = useState(true);
  const [reuse, setReuse] = useState(true);
  const [consensus, setConsensus] = useState<Consensus>('median');
  const [raters, setRaters] = useState<ReadonlySet<number>>(new Set());
  const [gold, setGold] = useState('');
  const [seed, setSeed] = useState('');
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  // The form is long: bring the field with the problem into view (the button may be far below it).
  useEffect(() => {
    const form = formRef.current;
    if (!problem?.field || !form) return;
    const invalid = form.querySelector<HTMLElement>('input[aria-invalid="true"], select[aria-invalid="true"], textarea[aria-invalid="true"]');
    if (invalid) invalid.focus();
    else form.querySelector('.field-error')?.scrollIntoView({ block: 'center' });
  }, [problem]);

  const at = (field: string) => problemAt(problem, field, true);
  const toggle = <T,>(set: ReadonlySet<T>, item: T, on: boolean): ReadonlySet<T> => {
    const next = new Set(set);
    if (on) next.add(item);
    else next.delete(item);
    return next;
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const parsedGold = parseGoldLines(gold);
    if ('error' in parsedGold) return setProblem({ field: 'gold', message: parsedGold.error });
    if (querySet === null) return setProblem({ field: 'querySet', message: 'pick a query set, or make one with “New query set…”' });
    setProblem(null);
    setBusy(true);
    try {
      await onCreate({
        name: name.trim(),
        dataset,
        querySet,
        variants: [...variants],
        depth: Number(depth),
        scale: scaleArgument(scale),
        overlap: Number(overlap),
        guidelines,
        blind,
        reuse,
        consensus,
        raters: [...raters],
        gold: parsedGold.items,
        ...(seed.trim() === '' ? {} : { seed: Number(seed) }),
      });
    } catch (error) {
      setProblem(error instanceof ApiError ? locateProblem(error.detail, scale.kind === 'custom') : { field: null, message: errorMessage(error) });
    } finally {
      setBusy(false);
    }
  };

  const assignable = raterList.data?.filter((rater) => rater.hasToken) ?? [];
  return (
    <form ref={formRef} className="new-task card" onSubmit={(event) => void submit(event)} aria-label="New rating task" noValidate>
      <div className="task-grid">
        <Field label="Task name" htmlFor="task-name" problem={at('name')}>
          <input id="task-name" value={name} onChange={(event) => setName(event.target.value)} placeholder="cranfield-bm25-vs-hybrid" aria-invalid={at('name') ? true : undefined} />
        </Field>
        <Field label="Dataset" htmlFor="task-dataset" problem={at('dataset')}>
          <select
            id="task-dataset"
            value={dataset}
            onChange={(event) => {
              setDataset(event.target.value);
              setQuerySet(null);
            }}
          >
            {datasets?.map((entry) => (
              <option key={entry.name} value={entry.name}>
                {entry.name} · {entry.docCount.toLocaleString()} documents
              </option>
            ))}
          </select>
        </Field>
      </div>

      <QuerySetField key={dataset} dataset={dataset} value={querySet} onChange={setQuerySet} problem={at('querySet')} />

      <fieldset className="task-field checks" aria-invalid={at('variants') ? true : undefined}>
        <legend>Variants to pool (each one’s top k per query, de-duplicated)</legend>
        {variantList.data?.map((variant) => (
          <label key={variant.name} className="check" title={variant.description ?? undefined}>
            <input type="checkbox" checked={variants.has(variant.name)} onChange={(event) => setVariants(toggle(variants, variant.name, event.target.checked))} />
            {variant.name}
          </label>
        ))}
        {variantList.error && <FieldProblem message={`Could not load the variants: ${variantList.error}`} />}
        {at('variants') && <FieldProblem message={at('variants')!} />}
      </fieldset>

      <div className="task-grid task-grid-small">
        <Field label="Depth k" htmlFor="task-depth" problem={at('depth')} hint="1–100 documents per variant and query">
          <input id="task-depth" type="number" min={1} max={100} value={depth} onChange={(event) => setDepth(event.target.value)} aria-invalid={at('depth') ? true : undefined} />
        </Field>
        <Field label="Overlap" htmlFor="task-overlap" problem={at('overlap')} hint="ratings per pair, each by a different rater">
          <input id="task-overlap" type="number" min={1} max={10} value={overlap} onChange={(event) => setOverlap(event.target.value)} aria-invalid={at('overlap') ? true : undefined} />
        </Field>
        <Field label="Consensus rule" htmlFor="task-consensus" problem={at('consensus')} hint="how raters’ grades make the final label">
          <select id="task-consensus" value={consensus} onChange={(event) => setConsensus(event.target.value as Consensus)}>
            {CONSENSUS_RULES.map((rule) => (
              <option key={rule.id} value={rule.id}>
                {rule.label}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Seed (optional)" htmlFor="task-seed" problem={at('seed')} hint="fixes each rater’s order; random when empty">
          <input id="task-seed" type="number" min={0} value={seed} onChange={(event) => setSeed(event.target.value)} aria-invalid={at('seed') ? true : undefined} />
        </Field>
      </div>

      <ScaleField choice={scale} onChange={setScale} problem={problem} />

      <div className="task-grid">
      <div className="task-field checks task-options">
        <label className="check">
          <input type="checkbox" checked={blind} onChange={(event) => setBlind(event.target.checked)} />
          Blind: hide which variant found a document and its rank
        </label>
        <label className="check">
          <input type="checkbox" checked={reuse} onChange={(event) => setReuse(event.target.checked)} />
          Reuse pairs already judged on this scale
        </label>
      </div>

      <fieldset className="task-field checks">
        <legend>Raters to assign (none ticked: anyone with a link)</legend>
        {assignable.map((rater) => (
          <label key={rater.id} className="check">
            <input type="checkbox" checked={raters.has(rater.id)} onChange={(event) => setRaters(toggle(raters, rater.id, event.target.checked))} />
            {rater.name}
            {rater.role === 'lead' && <span className="badge">lead</span>}
          </label>
        ))}
        {raterList.data && assignable.length === 0 && (
          <span className="hint">
            No raters yet: add them on the <a href="#/raters">Raters</a> page.
          </span>
        )}
        {at('raters') && <FieldProblem message={at('raters')!} />}
      </fieldset>
      </div>

      <div className="task-grid">
      <Field label="Guidelines (Markdown; raters open them with G)" htmlFor="task-guidelines" problem={at('guidelines')}>
        <textarea
          id="task-guidelines"
          value={guidelines}
          onChange={(event) => setGuidelines(event.target.value)}
          rows={6}
          placeholder={'## What counts as relevant\n- The document answers the query…'}
        />
      </Field>

      <Field label="Gold items (optional): queryId ⇥ docId ⇥ grade" htmlFor="task-gold" problem={at('gold')} hint="one a line; known labels hidden among the real pairs give each rater an accuracy figure">
        <textarea id="task-gold" value={gold} onChange={(event) => setGold(event.target.value)} rows={6} spellCheck={false} aria-invalid={at('gold') ? true : undefined} />
      </Field>
      </div>

      <div className="actions">
        <button type="submit" className="primary-button" disabled={busy || dataset === ''}>
          {busy ? 'Pooling…' : 'Create task'}
        </button>
        <button type="button" className="small-button" onClick={onCancel}>
          Cancel
        </button>
        {problem && (
          <span className="field-error" role="alert" data-testid="task-form-problem">
            Not created: {problem.field ? 'see the field marked in red.' : problem.message}
          </span>
        )}
      </div>
    </form>
  );
}

interface FieldProps {
  label: string;
  htmlFor: string;
  problem: string | null;
  hint?: string;
  children: ReactNode;
}

function Field({ label, htmlFor, problem, hint, children }: FieldProps) {
  return (
    <div className="task-field">
      <label htmlFor={htmlFor}>{label}</label>
      {children}
      {hint && <span className="hint">{hint}</span>}
      {problem && <FieldProblem message={problem} />}
    </div>
  );
}
