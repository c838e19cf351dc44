import { useState, type FormEvent } from 'react';
import type { ArgsOf } from '../../../core/api/contract';
import { pickPath } from '../../api/client';
import { useApi } from '../../api/useApi';

type Format = 'beir' | 'pins' | 'jsonl' | 'csv';

const FORMAT_HINTS: Record<Format, string> = {
  beir: 'A folder with corpus.jsonl, queries.jsonl and qrels/*.tsv.',
  pins: 'A folder with pins.jsonl and the images it names.',
  jsonl: 'One JSON object per line; map its fields below.',
  csv: 'A CSV file with a header row; map its columns below.',
};

/** A dataset name from a path: the folder or file name without its extension. */
function suggestName(path: string): string {
  const base = path.replace(/[\\/]+$/, '').split(/[\\/]/).pop() ?? '';
  return base
    .replace(/\.(jsonl|csv|json)$/i, '')
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

interface ImportFormProps {
  /** An import is running: the form waits for it. */
  disabled: boolean;
  /** Resolves true when the import started: the form then clears for the next one. */
  onSubmit: (request: ArgsOf<'datasets.import'>) => Promise<boolean>;
  /** Names already taken, so a clash shows before starting. */
  takenNames: readonly string[];
}

/** Format, source path, name, field mapping, query set and dense models of a new import. */
export function ImportForm({ disabled, onSubmit, takenNames }: ImportFormProps) {
  const [format, setFormat] = useState<Format>('beir');
  const [path, setPath] = useState('');
  const [name, setName] = useState('');
  const [nameEdited, setNameEdited] = useState(false);
  const [mapping, setMapping] = useState('id=id,title=title,text=text');
  const [queries, setQueries] = useState('');
  const [denseModels, setDenseModels] = useState<ReadonlySet<string>>(new Set(['glove-100d']));
  const models = (useApi('models.list', {}).data ?? []).filter((model) => model.status === 'ready' && model.kind === 'bi-encoder');
  const mapped = format === 'jsonl' || format === 'csv';
  const nameTaken = takenNames.includes(name.trim());

  const changePath = (value: string) => {
    setPath(value);
    if (!nameEdited) setName(suggestName(value));
  };
  const browse = async () => {
    const picked = await pickPath?.(mapped ? 'file' : 'folder');
    if (picked) changePath(picked);
  };
  const reset = () => {
    setPath('');
    setName('');
    setNameEdited(false);
    setQueries('');
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (nameTaken) return;
    const fields = Object.fromEntries(
      mapping
        .split(',')
        .map((pair) => pair.split('=').map((part) => part.trim()))
        .filter((pair) => pair.length === 2 && pair[0] && pair[1]),
    );
    const started = await onSubmit({
      format,
      path: path.trim(),
      name: name.trim(),
      ...(mapped ? { mapping: fields } : {}),
      ...(mapped && queries.trim() ? { queries: queries.trim() } : {}),
      // Without the model list the backend's default applies; with it, an empty choice means "no vectors".
      ...(models.length > 0 ? { denseModels: [...denseModels].filter((id) => models.some((model) => model.id === id)) } : {}),
    });
    if (started) reset();
  };

  const toggleModel = (id: string, on: boolean) =>
    setDenseModels((previous) => {
      const next = new Set(previous);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });

  return (
    <form className="import-form card" onSubmit={submit} aria-describedby="import-status">
      <label>
        Format
        <select value={format} onChange={(event) => setFormat(event.target.value as Format)}>
          <option value="beir">BEIR folder</option>
          <option value="pins">Pins folder (pins.jsonl + images)</option>
          <option value="jsonl">JSONL file</option>
          <option value="csv">CSV file</option>
        </select>
        <span className="hint">{FORMAT_HINTS[format]}</span>
      </label>
      <label>
        {mapped ? 'File' : 'Folder'} on this computer
        <span className="path-field">
          <input
            value={path}
            onChange={(event) => changePath(event.target.value)}
            placeholder={mapped ? '/path/to/docs.jsonl' : '/path/to/folder'}
            spellCheck={false}
            required
          />
          {pickPath && (
            <button type="button" className="small-button" onClick={() => void browse()}>
              Browse…
            </button>
          )}
        </span>
      </label>
      <label>
        Name
        <input
          value={name}
          onChange={(event) => {
            setName(event.target.value);
            setNameEdited(event.target.value !== '');
          }}
          placeholder="my-dataset"
          spellCheck={false}
          required
          aria-invalid={nameTaken}
          aria-describedby={nameTaken ? 'import-name-taken' : undefined}
        />
      </label>
      {nameTaken && (
        // Outside the label, so the field keeps its name ("Name") for assistive technology.
        <span className="field-error" id="import-name-taken" role="alert">
          A dataset named “{name.trim()}” already exists: pick another name or delete it first.
        </span>
      )}
      {mapped && (
        <label>
          Field mapping (field=column, …)
          <input value={mapping} onChange={(event) => setMapping(event.target.value)} spellCheck={false} />
        </label>
      )}
      {mapped && (
        <label>
          Query set file (optional: .txt one a line, .jsonl or .csv)
          <input value={queries} onChange={(event) => setQueries(event.target.value)} placeholder="/path/to/queries.txt" spellCheck={false} />
        </label>
      )}
      {models.length > 0 && (
        <fieldset className="checks">
          <legend>Dense vectors (needed by the dense and hybrid rankers)</legend>
          {models.map((model) => (
            <label key={model.id} className="check">
              <input type="checkbox" checked={denseModels.has(model.id)} onChange={(event) => toggleModel(model.id, event.target.checked)} />
              {model.name ?? model.id}
            </label>
          ))}
        </fieldset>
      )}
      <div className="actions">
        <button type="submit" className="primary-button" disabled={disabled || nameTaken}>
          {disabled ? 'Importing…' : 'Import'}
        </button>
      </div>
    </form>
  );
}
