import { useState } from 'react';
import { problemAt, scaleIdFrom, type FormProblem } from './task-form';

/** The backend's built-in scales, by id (their levels live in core/rating/scales.ts). */
export const BUILT_IN_SCALES = [
  { id: 'five-level', name: '5-level: 5 Highly relevant … 1 Highly irrelevant (default)' },
  { id: 'binary', name: 'Binary: 1 Relevant, 0 Not relevant' },
  { id: 'trec-0-3', name: 'TREC 0–3: 3 Perfectly relevant … 0 Irrelevant' },
] as const;

export interface LevelDraft {
  value: string;
  label: string;
  color: string;
  key: string;
  description: string;
}

export interface CustomScaleDraft {
  name: string;
  id: string;
  /** The id was typed, so renaming the scale no longer changes it. */
  idEdited: boolean;
  levels: LevelDraft[];
}

/** What the scale field holds: a built-in scale's id, or a custom scale being edited. */
export type ScaleChoice = { kind: 'built-in'; id: string } | { kind: 'custom'; draft: CustomScaleDraft };

export const NEW_CUSTOM_SCALE: CustomScaleDraft = {
  name: 'Three-level',
  id: 'three-level',
  idEdited: false,
  levels: [
    { value: '2', label: 'Good', color: '#1a7f37', key: '2', description: 'Answers the query.' },
    { value: '1', label: 'Partial', color: '#d4a72c', key: '1', description: 'On topic, only partly useful.' },
    { value: '0', label: 'Bad', color: '#cf222e', key: '0', description: 'Does not answer the query.' },
  ],
};

/** The scale as `tasks.create` takes it; the backend validates it (parseScale) and says which field is wrong. */
export function scaleArgument(choice: ScaleChoice): string | Record<string, unknown> {
  if (choice.kind === 'built-in') return choice.id;
  const { name, id, levels } = choice.draft;
  return {
    id,
    name,
    // An empty or non-numeric value goes as null, so the backend reports it rather than guessing 0.
    levels: levels.map((level) => ({ ...level, value: level.value.trim() === '' || Number.isNaN(Number(level.value)) ? null : Number(level.value) })),
  };
}

interface ScaleFieldProps {
  choice: ScaleChoice;
  onChange: (choice: ScaleChoice) => void;
  problem: FormProblem | null;
}

const CUSTOM = 'custom';

/** Built-in scale picker, or the editor of a custom scale: levels with value, label, colour, key and description. */
export function ScaleField({ choice, onChange, problem }: ScaleFieldProps) {
  // The last custom draft survives a trip to a built-in scale and back.
  const [lastDraft, setLastDraft] = useState<CustomScaleDraft>(choice.kind === 'custom' ? choice.draft : NEW_CUSTOM_SCALE);
  const scaleProblem = problemAt(problem, 'scale');
  const pick = (value: string) => onChange(value === CUSTOM ? { kind: 'custom', draft: lastDraft } : { kind: 'built-in', id: value });
  const edit = (draft: CustomScaleDraft) => {
    setLastDraft(draft);
    onChange({ kind: 'custom', draft });
  };
  return (
    <fieldset className="task-field scale-field">
      <legend>Scale</legend>
      <select
        aria-label="Scale"
        value={choice.kind === 'custom' ? CUSTOM : choice.id}
        onChange={(event) => pick(event.target.value)}
        aria-invalid={scaleProblem ? true : undefined}
      >
        {BUILT_IN_SCALES.map((scale) => (
          <option key={scale.id} value={scale.id}>
            {scale.name}
          </option>
        ))}
        <option value={CUSTOM}>Custom scale…</option>
      </select>
      {scaleProblem && <FieldProblem id="scale-problem" message={scaleProblem} />}
      {choice.kind === 'custom' && <CustomScaleEditor draft={choice.draft} onChange={edit} problem={problem} />}
    </fieldset>
  );
}

export function FieldProblem({ id, message }: { id?: string; message: string }) {
  return (
    <span className="field-error" id={id} role="alert">
      {message}
    </span>
  );
}

interface CustomScaleEditorProps {
  draft: CustomScaleDraft;
  onChange: (draft: CustomScaleDraft) => void;
  problem: FormProblem | null;
}

const LEVEL_FIELDS = [
  { field: 'value', label: 'Value', className: 'level-value' },
  { field: 'label', label: 'Label', className: 'level-label' },
  { field: 'key', label: 'Key', className: 'level-key' },
  { field: 'description', label: 'Description', className: 'level-description' },
] as const;

function CustomScaleEditor({ draft, onChange, problem }: CustomScaleEditorProps) {
  const setLevel = (index: number, patch: Partial<LevelDraft>) => onChange({ ...draft, levels: draft.levels.map((level, i) => (i === index ? { ...level, ...patch } : level)) });
  const addLevel = () => onChange({ ...draft, levels: [...draft.levels, { value: '', label: '', color: '#6b6b70', key: '', description: '' }] });
  const removeLevel = (index: number) => onChange({ ...draft, levels: draft.levels.filter((_, i) => i !== index) });
  const nameProblem = problemAt(problem, 'scale.name');
  const idProblem = problemAt(problem, 'scale.id');
  const levelsProblem = problemAt(problem, 'scale.levels');
  return (
    <div className="custom-scale" data-testid="custom-scale">
      <div className="custom-scale-head">
        <label>
          Scale name
          <input
            value={draft.name}
            onChange={(event) => onChange({ ...draft, name: event.target.value, id: draft.idEdited ? draft.id : scaleIdFrom(event.target.value) })}
            aria-invalid={nameProblem ? true : undefined}
          />
          {nameProblem && <FieldProblem message={nameProblem} />}
        </label>
        <label>
          Scale id
          <input
            value={draft.id}
            spellCheck={false}
            onChange={(event) => onChange({ ...draft, id: event.target.value, idEdited: event.target.value !== '' })}
            aria-invalid={idProblem ? true : undefined}
          />
          {idProblem && <FieldProblem message={idProblem} />}
        </label>
      </div>
      <p className="hint">
        Judgments on the same scale id are reused by later tasks. Keys U S N G ? ← → belong to the rating screen. Levels are shown from the highest value
        down.
      </p>
      <table className="levels-table" aria-label="Scale levels">
        <thead>
          <tr>
            <th scope="col">#</th>
            {LEVEL_FIELDS.map(({ field, label }) => (
              <th key={field} scope="col">
                {label}
              </th>
            ))}
            <th scope="col">Colour</th>
            <th scope="col">
              <span className="visually-hidden">remove</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {draft.levels.map((level, index) => {
            const rowProblem = problemAt(problem, `scale.levels.${index}`, true);
            return (
              <LevelRow
                key={index}
                index={index}
                level={level}
                problemField={rowProblem ? problem!.field : null}
                rowProblem={rowProblem}
                onChange={(patch) => setLevel(index, patch)}
                onRemove={() => removeLevel(index)}
              />
            );
          })}
        </tbody>
      </table>
      {levelsProblem && <FieldProblem message={levelsProblem} />}
      <button type="button" className="small-button" onClick={addLevel}>
        Add level
      </button>
    </div>
  );
}

interface LevelRowProps {
  index: number;
  level: LevelDraft;
  /** The full path of the problem in this row (e.g. `scale.levels.2.key`), to mark that input. */
  problemField: string | null;
  rowProblem: string | null;
  onChange: (patch: Partial<LevelDraft>) => void;
  onRemove: () => void;
}

function LevelRow({ index, level, problemField, rowProblem, onChange, onRemove }: LevelRowProps) {
  const name = `Level ${index + 1}`;
  const invalid = (field: string) => (problemField === `scale.levels.${index}.${field}` ? true : undefined);
  return (
    <>
      <tr data-testid="scale-level">
        <th scope="row">{index + 1}</th>
        {LEVEL_FIELDS.map(({ field, label, className }) => (
          <td key={field} className={className}>
            <input
              aria-label={`${name} ${label.toLowerCase()}`}
              value={level[field]}
              inputMode={field === 'value' ? 'decimal' : undefined}
              spellCheck={field === 'label' || field === 'description'}
              onChange={(event) => onChange({ [field]: event.target.value })}
              aria-invalid={invalid(field)}
            />
          </td>
        ))}
        <td>
          <input type="color" aria-label={`${name} colour`} value={level.color} onChange={(event) => onChange({ color: event.target.value })} aria-invalid={invalid('color')} />
        </td>
        <td>
          <button type="button" className="small-button" onClick={onRemove} aria-label={`Remove level ${index + 1}`}>
            Remove
          </button>
        </td>
      </tr>
      {rowProblem && (
        <tr className="level-problem">
          <td />
          <td colSpan={6}>
            <FieldProblem message={`${name} ${problemField?.split('.').pop() ?? ''}: ${rowProblem}`} />
          </td>
        </tr>
      )}
    </>
  );
}
