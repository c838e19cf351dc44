import { labelSourceText, parseLabelSourceText } from '../../components/label-source';
import { useState } from 'react';
import { LabelSourceOptions } from '../../components/LabelSourceOptions';
import { useApi } from '../../api/useApi';
import type { ComparisonArgs } from './comparison-params';

interface DashboardSettingsProps {
  initial: ComparisonArgs | null;
  onCompare: (args: ComparisonArgs) => void;
  busy: boolean;
}

const toggle = <T,>(values: readonly T[], value: T): T[] => (values.includes(value) ? values.filter((other) => other !== value) : [...values, value]);

/** What to compare: a query set of a dataset, the label source, the runs and variants, and k. */
export function DashboardSettings({ initial, onCompare, busy }: DashboardSettingsProps) {
  const datasets = useApi('datasets.list', {}, { topics: ['datasets'] });
  const [dataset, setDataset] = useState(initial?.dataset ?? '');
  const chosenDataset = dataset || datasets.data?.[0]?.name || '';
  const enabled = chosenDataset !== '';
  const querySets = useApi('querySets.list', { dataset: chosenDataset }, { topics: ['query-sets'], enabled });
  const runs = useApi('runs.list', { dataset: chosenDataset }, { topics: ['runs'], enabled });
  const variants = useApi('variants.list', {}, { topics: ['variants'] });
  const [querySet, setQuerySet] = useState<number | null>(initial?.querySet ?? null);
  const [labels, setLabels] = useState(labelSourceText(initial?.labels ?? { kind: 'qrels' }));
  const [chosenRuns, setChosenRuns] = useState<number[]>(initial?.runs ?? []);
  const [chosenVariants, setChosenVariants] = useState<string[]>(initial?.variants ?? []);
  const [k, setK] = useState(initial?.k ?? 10);
  const chosenSet = querySet ?? querySets.data?.[querySets.data.length - 1]?.id ?? null;
  const count = chosenRuns.length + chosenVariants.length;
  const submit = () => {
    if (chosenSet === null) return;
    onCompare({ dataset: chosenDataset, querySet: chosenSet, runs: chosenRuns, variants: chosenVariants, labels: parseLabelSourceText(labels) ?? { kind: 'qrels' }, k });
  };
  return (
    <form
      className="dashboard-settings"
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <label>
        Dataset
        <select aria-label="Dataset" value={chosenDataset} onChange={(event) => { setDataset(event.target.value); setQuerySet(null); setChosenRuns([]); }}>
          {datasets.data?.map((candidate) => (
            <option key={candidate.name} value={candidate.name}>
              {candidate.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        Query set
        <select aria-label="Query set" value={chosenSet ?? ''} onChange={(event) => setQuerySet(Number(event.target.value))}>
          {querySets.data?.length === 0 && <option value="">No query sets: make one on the Query sets page</option>}
          {querySets.data?.map((set) => (
            <option key={set.id} value={set.id}>
              {set.name} ({set.queryCount} queries)
            </option>
          ))}
        </select>
      </label>
      <label>
        Labels
        <select aria-label="Labels" value={labels} onChange={(event) => setLabels(event.target.value)}>
          <LabelSourceOptions dataset={chosenDataset} />
        </select>
      </label>
      <label>
        k
        <input aria-label="k" type="number" min={1} max={100} value={k} onChange={(event) => setK(Math.max(1, Math.min(100, Number(event.target.value) || 10)))} />
      </label>
      <fieldset>
        <legend>Variants (run over the query set)</legend>
        {variants.data
          ?.filter((variant) => !variant.problem)
          .map((variant) => (
            <label key={variant.name} className="check">
              <input type="checkbox" checked={chosenVariants.includes(variant.name)} onChange={() => setChosenVariants((values) => toggle(values, variant.name))} />
              {variant.name}
            </label>
          ))}
      </fieldset>
      <fieldset>
        <legend>Stored runs</legend>
        {runs.data?.length === 0 && <span className="muted">none yet</span>}
        {runs.data?.map((run) => (
          <label key={run.id} className="check">
            <input type="checkbox" checked={chosenRuns.includes(run.id)} onChange={() => setChosenRuns((values) => toggle(values, run.id))} />
            {run.name} <span className="muted">({run.origin})</span>
          </label>
        ))}
      </fieldset>
      <button type="submit" className="primary-button" disabled={busy || count < 2 || chosenSet === null}>
        {busy ? 'Comparing…' : count < 2 ? 'Pick 2+ to compare' : `Compare ${count}`}
      </button>
    </form>
  );
}
