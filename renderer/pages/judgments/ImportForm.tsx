import { useState, type FormEvent } from 'react';
import type { ArgsOf } from '../../../core/api/contract';
import { invoke } from '../../api/client';
import { JobStatus } from '../../components/JobProgress';
import { useJudgmentJob } from './useJudgmentJob';

const FORMATS = ['qrels', 'beir', 'quepid-csv', 'rre', 'srw', 'jsonl'] as const;
type Format = (typeof FORMATS)[number];

/** `0=1, 1=2` → {"0": 1, "1": 2}; the backend checks every level against the scale. */
function levelMapping(text: string): Record<string, number> | undefined {
  const entries = text
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => entry.split('=').map((side) => side.trim()));
  return entries.length === 0 ? undefined : Object.fromEntries(entries.map(([from, to]) => [String(Number(from)), Number(to)]));
}

/** A file on this machine, attributed to an imported source, mapped onto a scale. */
export function ImportForm({ dataset }: { dataset: string }) {
  const [format, setFormat] = useState<Format>('qrels');
  const [file, setFile] = useState('');
  const [source, setSource] = useState('');
  const [scale, setScale] = useState('');
  const [mapping, setMapping] = useState('');
  const importing = useJudgmentJob(
    (args: ArgsOf<'judgments.startImport'>) => invoke('judgments.startImport', args),
    (job) => invoke('judgments.importReport', { job }),
  );
  const { report, job } = importing;
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    await importing.start({
      dataset,
      format,
      path: file.trim(),
      ...(source.trim() ? { source: source.trim() } : {}),
      ...(scale ? { scale } : {}),
      ...(levelMapping(mapping) ? { mapping: levelMapping(mapping) } : {}),
    });
  };
  return (
    <section className="card judgments-card" aria-labelledby="import-heading">
      <h3 id="import-heading">Import</h3>
      <p className="muted">Imported judgments belong to a named source, not to a rater. A bad line stops the whole file; the same file twice changes nothing.</p>
      <form className="judgments-form" onSubmit={(event) => void submit(event)} aria-label="Import judgments">
        <label>
          Format
          <select value={format} onChange={(event) => setFormat(event.target.value as Format)} aria-label="Import format">
            {FORMATS.map((name) => (
              <option key={name}>{name}</option>
            ))}
          </select>
        </label>
        <label className="judgments-wide">
          File
          <input value={file} onChange={(event) => setFile(event.target.value)} placeholder="/path/to/qrels.txt" required spellCheck={false} />
        </label>
        <label>
          Source
          <input value={source} onChange={(event) => setSource(event.target.value)} placeholder="the file name" spellCheck={false} />
        </label>
        <label>
          Scale
          <select value={scale} onChange={(event) => setScale(event.target.value)} aria-label="Scale">
            <option value="">fits the file's levels</option>
            <option value="binary">Binary (0–1)</option>
            <option value="trec-0-3">TREC 0–3</option>
            <option value="five-level">5-level (1–5)</option>
          </select>
        </label>
        <label>
          Level mapping
          <input value={mapping} onChange={(event) => setMapping(event.target.value)} placeholder="0=1, 1=2, …" spellCheck={false} />
        </label>
        <button type="submit" className="primary-button" disabled={importing.running}>
          {importing.running ? 'Importing…' : 'Import'}
        </button>
        {importing.notStarted && (
          <span className="field-error judgments-wide" role="alert">
            {importing.notStarted}
          </span>
        )}
      </form>
      {/* The phase and a progress bar while it runs; the error with its file:line when it fails. */}
      {job && !report && <JobStatus job={job} />}
      {report && (
        <div className="banner judgments-report" role="status" data-testid="import-report">
          {report.alreadyImported
            ? `Already imported as source “${report.import.source}”: nothing changed.`
            : `Imported ${report.import.judgments} judgments as source “${report.import.source}” on scale ${report.import.scaleId}.`}
          {report.leftOut > 0 && ` Left out ${report.leftOut}.`}
        </div>
      )}
    </section>
  );
}
