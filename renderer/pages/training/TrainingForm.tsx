import { useState, type FormEvent } from 'react';
import type { ArgsOf } from '../../../core/api/contract';
import { parseLabelSourceText } from '../../components/label-source';
import { useApi } from '../../api/useApi';
import { useWorkbench } from '../../app/WorkbenchData';
import { LabelSourceOptions } from '../../components/LabelSourceOptions';

export type TrainingRequest = ArgsOf<'training.start'>;

const SAVE_NAME = /^[a-z0-9][a-z0-9-_.]{0,63}$/;

/** Judgments, base variant and parameters of a cross-validated training run. */
export function TrainingForm({ disabled, onStart }: { disabled: boolean; onStart: (request: TrainingRequest) => void }) {
  const { datasets } = useWorkbench();
  const variants = useApi('variants.list', {}, { topics: ['variants'] });
  const [dataset, setDataset] = useState('');
  const [base, setBase] = useState('bm25');
  const [labels, setLabels] = useState('qrels');
  const [minAgreement, setMinAgreement] = useState('');
  const [excludeGold, setExcludeGold] = useState(false);
  const [trainer, setTrainer] = useState<'lambdamart' | 'linear'>('lambdamart');
  const [depth, setDepth] = useState(100);
  const [folds, setFolds] = useState(5);
  const [seed, setSeed] = useState(42);
  const [trees, setTrees] = useState(300);
  const [learningRate, setLearningRate] = useState(0.05);
  const [leaves, setLeaves] = useState(15);
  const [save, setSave] = useState('');

  const chosenDataset = dataset || datasets?.[0]?.name || '';
  const bases = (variants.data ?? []).filter((variant) => !variant.spec.rerank && !variant.problem);
  const saveInvalid = save !== '' && !SAVE_NAME.test(save);
  const labelSource = parseLabelSourceText(labels) ?? { kind: 'qrels' as const };
  const agreementInvalid = minAgreement !== '' && !(Number(minAgreement) >= 0 && Number(minAgreement) <= 1);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!chosenDataset || saveInvalid || agreementInvalid) return;
    onStart({
      dataset: chosenDataset,
      base,
      depth,
      folds,
      seed,
      trainer,
      labels: labelSource.kind === 'task' ? { ...labelSource, minAgreement: minAgreement === '' ? undefined : Number(minAgreement), excludeGold: excludeGold || undefined } : labelSource,
      params: trainer === 'lambdamart' ? { trees, learningRate, maxLeaves: leaves } : {},
      save: save || undefined,
    });
  };

  const numberField = (id: string, label: string, value: number, set: (value: number) => void, attributes: { min: number; max: number; step?: number }) => (
    <div className="training-field">
      <label htmlFor={id}>{label}</label>
      <input id={id} type="number" value={value} {...attributes} onChange={(event) => set(Number(event.target.value))} />
    </div>
  );

  return (
    <form className="training-form" onSubmit={submit} aria-label="Train a ranker">
      <div className="training-grid">
        <div className="training-field">
          <label htmlFor="training-dataset">Dataset</label>
          <select id="training-dataset" value={chosenDataset} onChange={(event) => setDataset(event.target.value)}>
            {(datasets ?? []).map((d) => (
              <option key={d.name} value={d.name}>
                {d.name} ({d.qrelCount.toLocaleString()} judgments)
              </option>
            ))}
          </select>
        </div>
        <div className="training-field">
          <label htmlFor="training-labels">Judgments</label>
          <select id="training-labels" value={labels} onChange={(event) => setLabels(event.target.value)}>
            <LabelSourceOptions dataset={chosenDataset} />
          </select>
        </div>
        {labelSource.kind === 'task' && (
          <div className="training-field">
            <label htmlFor="training-min-agreement">Only pairs whose raters agree (0–1, blank: all)</label>
            <input id="training-min-agreement" type="number" min={0} max={1} step={0.05} value={minAgreement} aria-invalid={agreementInvalid} onChange={(event) => setMinAgreement(event.target.value)} />
            <label className="training-check">
              <input type="checkbox" checked={excludeGold} onChange={(event) => setExcludeGold(event.target.checked)} /> Leave out gold pairs
            </label>
          </div>
        )}
        <div className="training-field">
          <label htmlFor="training-base">Base variant (its top K is reranked)</label>
          <select id="training-base" value={base} onChange={(event) => setBase(event.target.value)}>
            {bases.map((variant) => (
              <option key={variant.name} value={variant.name}>
                {variant.name}
              </option>
            ))}
          </select>
        </div>
        <div className="training-field">
          <label htmlFor="training-trainer">Trainer</label>
          <select id="training-trainer" value={trainer} onChange={(event) => setTrainer(event.target.value as 'lambdamart' | 'linear')}>
            <option value="lambdamart">LambdaMART (boosted trees)</option>
            <option value="linear">Linear (coordinate ascent)</option>
          </select>
        </div>
      </div>
      <div className="training-grid training-grid-small">
        {numberField('training-depth', 'Top K', depth, setDepth, { min: 2, max: 1000 })}
        {numberField('training-folds', 'Folds', folds, setFolds, { min: 2, max: 20 })}
        {numberField('training-seed', 'Seed', seed, setSeed, { min: 0, max: 4294967295 })}
        {trainer === 'lambdamart' && numberField('training-trees', 'Trees', trees, setTrees, { min: 1, max: 5000 })}
        {trainer === 'lambdamart' && numberField('training-rate', 'Learning rate', learningRate, setLearningRate, { min: 0.001, max: 1, step: 0.001 })}
        {trainer === 'lambdamart' && numberField('training-leaves', 'Leaves', leaves, setLeaves, { min: 2, max: 1024 })}
      </div>
      <div className="training-field training-save">
        <label htmlFor="training-save">Save as model and variant (optional)</label>
        <input id="training-save" value={save} placeholder="e.g. cranfield-lambdamart" aria-invalid={saveInvalid} onChange={(event) => setSave(event.target.value.trim())} />
        {saveInvalid && <span className="training-hint">lowercase letters, digits, - _ . (up to 64)</span>}
      </div>
      <div className="actions">
        <button type="submit" className="primary-button" disabled={disabled || !chosenDataset || saveInvalid || agreementInvalid}>
          Train with cross-validation
        </button>
      </div>
    </form>
  );
}
