import { useState, type FormEvent } from 'react';
import type { ArgsOf } from '../../../core/api/contract';
import { downloadFile, errorMessage, invoke } from '../../api/client';
import { useApi } from '../../api/useApi';
import { JobStatus } from '../../components/JobProgress';
import { ExportPreview } from './ExportPreview';
import { useJudgmentJob } from './useJudgmentJob';

const FORMATS = ['qrels', 'prefs', 'beir', 'jsonl', 'quepid-csv', 'wide-csv', 'letor', 'lightgbm', 'xgboost', 'pairs', 'rre', 'srw'] as const;
type Format = (typeof FORMATS)[number];
const FEATURE_FORMATS: ReadonlySet<Format> = new Set(['letor', 'lightgbm', 'xgboost']);
const PREFERENCE_FORMATS: ReadonlySet<Format> = new Set(['prefs', 'pairs']);

/** Which judgments (a task, every task, or an imported source), the filters, the format and where to write; the preview follows every change. */
export function ExportForm({ dataset }: { dataset: string }) {
  const tasks = useApi('tasks.list', {}, { topics: ['tasks'] });
  const imports = useApi('judgments.imports', { dataset }, { topics: ['judgments'] });
  const variants = useApi('variants.list', {}, { topics: ['variants'] });
  const comparisons = useApi('comparisons.list', {}, { topics: ['comparisons'] });
  const [format, setFormat] = useState<Format>('qrels');
  const [origin, setOrigin] = useState('tasks');
  const [rater, setRater] = useState('');
  const [minAgreement, setMinAgreement] = useState('');
  const [excludeGold, setExcludeGold] = useState(false);
  const [excludeSkips, setExcludeSkips] = useState(false);
  const [variant, setVariant] = useState('');
  const [sideBySide, setSideBySide] = useState(true);
  const [comparison, setComparison] = useState('');
  const [split, setSplit] = useState('');
  const [out, setOut] = useState('');
  const exporting = useJudgmentJob(
    (args: ArgsOf<'judgments.startExport'>) => invoke('judgments.startExport', args),
    (job) => invoke('judgments.exportReport', { job }),
  );
  const { report, job } = exporting;
  const [downloading, setDownloading] = useState(false);
  const [downloadError, setDownloadError] = useState<string | null>(null);
  const [downloaded, setDownloaded] = useState<string | null>(null);

  const sources = [...new Set(imports.data?.map((entry) => entry.source) ?? [])];
  const selection: ArgsOf<'judgments.exportPreview'> = {
    dataset,
    format,
    ...(origin.startsWith('task:') ? { task: Number(origin.slice(5)) } : origin.startsWith('source:') ? { source: origin.slice(7) } : {}),
    ...(rater.trim() ? { rater: rater.trim() } : {}),
    ...(minAgreement !== '' ? { minAgreement: Number(minAgreement) } : {}),
    excludeGold,
    excludeSkips,
    ...(variant && (FEATURE_FORMATS.has(format) || format === 'jsonl') ? { variant } : {}),
    ...(PREFERENCE_FORMATS.has(format) ? { sideBySide, ...(comparison && !origin.startsWith('source:') ? { comparison: Number(comparison) } : {}) } : {}),
  };
  const preview = useApi('judgments.exportPreview', selection, { topics: ['judgments'] });
  const proportions = split.trim() === '' ? undefined : (split.split('/').map((part) => Number(part) / 100) as [number, number, number]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    await exporting.start({ ...selection, out: out.trim(), ...(proportions ? { split: proportions } : {}) });
  };

  const download = async () => {
    if (!downloadFile) return;
    setDownloading(true);
    setDownloadError(null);
    setDownloaded(null);
    try {
      setDownloaded(await downloadFile('judgments', { ...selection, ...(proportions ? { split: proportions } : {}) }));
    } catch (error) {
      setDownloadError(errorMessage(error));
    } finally {
      setDownloading(false);
    }
  };
  const nothingToExport = !preview.data || (preview.data.pairs === 0 && preview.data.preferences === 0);

  return (
    <section className="card judgments-card" aria-labelledby="export-heading">
      <h3 id="export-heading">Export</h3>
      <form className="judgments-form" onSubmit={(event) => void submit(event)} aria-label="Export judgments">
        <label>
          Judgments
          <select value={origin} onChange={(event) => setOrigin(event.target.value)} aria-label="Judgments to export">
            <option value="tasks">every rating task</option>
            {tasks.data
              ?.filter((task) => task.dataset === dataset)
              .map((task) => (
                <option key={task.id} value={`task:${task.id}`}>
                  task {task.name}
                </option>
              ))}
            {sources.map((source) => (
              <option key={source} value={`source:${source}`}>
                imported: {source}
              </option>
            ))}
          </select>
        </label>
        <label>
          Format
          <select value={format} onChange={(event) => setFormat(event.target.value as Format)} aria-label="Export format">
            {FORMATS.map((name) => (
              <option key={name}>{name}</option>
            ))}
          </select>
        </label>
        <label>
          Rater
          <input value={rater} onChange={(event) => setRater(event.target.value)} placeholder="everyone" spellCheck={false} />
        </label>
        <label>
          Min. agreement
          <input type="number" min={0} max={1} step={0.05} value={minAgreement} onChange={(event) => setMinAgreement(event.target.value)} placeholder="any" />
        </label>
        <label className="judgments-check">
          <input type="checkbox" checked={excludeGold} onChange={(event) => setExcludeGold(event.target.checked)} /> exclude gold
        </label>
        <label className="judgments-check">
          <input type="checkbox" checked={excludeSkips} onChange={(event) => setExcludeSkips(event.target.checked)} /> exclude skips
        </label>
        {PREFERENCE_FORMATS.has(format) && (
          <>
            <label className="judgments-check">
              <input type="checkbox" checked={sideBySide} onChange={(event) => setSideBySide(event.target.checked)} /> side-by-side preferences
            </label>
            <label>
              Comparison
              <select value={comparison} onChange={(event) => setComparison(event.target.value)} aria-label="Comparison" disabled={!sideBySide || origin.startsWith('source:')}>
                <option value="">every side-by-side comparison</option>
                {comparisons.data
                  ?.filter((summary) => summary.dataset === dataset && summary.mode === 'side-by-side')
                  .map((summary) => (
                    <option key={summary.id} value={String(summary.id)}>
                      {summary.name}
                    </option>
                  ))}
              </select>
            </label>
          </>
        )}
        {(FEATURE_FORMATS.has(format) || format === 'jsonl') && (
          <label>
            {format === 'jsonl' ? 'Variant (computes stage scores)' : 'Variant (top 100, computes features)'}
            <select value={variant} onChange={(event) => setVariant(event.target.value)} aria-label="Variant">
              <option value="">{format === 'jsonl' ? 'no stage scores' : 'judged pairs only'}</option>
              {variants.data?.map((summary) => (
                <option key={summary.name}>{summary.name}</option>
              ))}
            </select>
          </label>
        )}
        <label>
          Split (train/validation/test %)
          <input value={split} onChange={(event) => setSplit(event.target.value)} placeholder="none, e.g. 70/15/15" pattern="\d+/\d+/\d+" />
        </label>
        <label className="judgments-wide">
          Write to {proportions ? '(folder)' : '(file)'}
          <input value={out} onChange={(event) => setOut(event.target.value)} placeholder="/path/on/this/machine" required spellCheck={false} />
        </label>
        <button type="submit" className="primary-button" disabled={exporting.running || nothingToExport}>
          {exporting.running ? 'Exporting…' : 'Export'}
        </button>
        {downloadFile && (
          <button type="button" className="secondary-button" onClick={() => void download()} disabled={downloading || exporting.running || nothingToExport} title="Save the export in this browser (a .tar for a split)">
            {downloading ? 'Preparing…' : 'Download'}
          </button>
        )}
        {downloadError && (
          <span className="field-error" role="alert">
            {downloadError}
          </span>
        )}
        {exporting.notStarted && (
          <span className="field-error" role="alert">
            {exporting.notStarted}
          </span>
        )}
      </form>
      {/* The phase and a progress bar while it runs; the error (with its field) when it fails. */}
      {job && !report && <JobStatus job={job} />}
      <ExportPreview preview={preview.data} error={preview.error} />
      {downloaded && (
        <div className="banner judgments-report" role="status" data-testid="download-report">
          Downloaded {downloaded}.
        </div>
      )}
      {report && (
        <div className="banner judgments-report" role="status" data-testid="export-report">
          Wrote {report.rows} rows ({report.pairs} labelled pairs of {report.queries} queries) to {report.files.join(', ')}.
          {report.preferences > 0 && ` Side by side: ${report.preferences} document preferences.`}
          {report.featureVersion && ` Features ${report.featureVersion}: ${report.computedFeatures} computed now, ${report.withoutFeatures} pairs left out without a vector.`}
          {report.split && ` Split: ${report.split.map((part) => `${part.part} ${part.queries} queries / ${part.rows} rows`).join(', ')}.`}
        </div>
      )}
    </section>
  );
}
