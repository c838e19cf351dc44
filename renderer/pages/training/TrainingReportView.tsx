import type { TrainingReport } from '../../../core/api/contract';
import { routeHash } from '../../app/router';
import { QueryDeltaChart } from './QueryDeltaChart';

const fixed = (value: number) => value.toFixed(4);
const signed = (value: number) => `${value >= 0 ? '+' : ''}${value.toFixed(4)}`;
const MEASURE_LABELS: Record<string, string> = { ndcg_cut_10: 'nDCG@10', map: 'MAP' };

/** The cross-validation report: verdict, overall tests, folds, per-query chart, feature importance. */
export function TrainingReportView({ report, onSave, saving }: { report: TrainingReport; onSave: (name: string) => void; saving: boolean }) {
  const label = (measure: string) => MEASURE_LABELS[measure] ?? measure;
  const suggestedName = `${report.dataset}-${report.trainer}`.toLowerCase().replace(/[^a-z0-9-_.]/g, '-').slice(0, 64);
  return (
    <section aria-labelledby="training-report-heading" className="training-report" data-testid="training-report">
      <h2 id="training-report-heading">Cross-validation report</h2>
      <p className="training-summary">
        {report.trainer === 'lambdamart' ? 'LambdaMART' : 'Linear'} over {report.base}&apos;s top {report.depth} on {report.dataset}: {report.queries} queries,{' '}
        {report.rows.toLocaleString()} rows, {report.folds}-fold CV by query (seed {report.seed}), {report.judgments}, {report.featureSet}.
      </p>
      {report.warning ? (
        <div className="banner banner-error" role="alert" data-testid="training-warning">
          {report.warning}
        </div>
      ) : (
        <div className="banner banner-ok" role="status" data-testid="training-better">
          Better than {report.base}: the nDCG@10 gain is significant (paired t-test p &lt; 0.05).
        </div>
      )}
      <table className="training-table">
        <thead>
          <tr>
            <th>Measure</th>
            <th>{report.base}</th>
            <th>Learned</th>
            <th>Δ</th>
            <th>95% CI</th>
            <th>t-test p</th>
            <th>Randomization p</th>
            <th>MDE</th>
            <th>Win / tie / loss</th>
          </tr>
        </thead>
        <tbody>
          {report.measures.map((m) => (
            <tr key={m.measure}>
              <td>{label(m.measure)}</td>
              <td>{fixed(m.base)}</td>
              <td>{fixed(m.learned)}</td>
              <td className={m.delta > 0 ? 'gain' : m.delta < 0 ? 'loss' : ''}>{signed(m.delta)}</td>
              <td>
                [{signed(m.confidenceInterval[0])}, {signed(m.confidenceInterval[1])}]
              </td>
              <td>{m.tTestPValue.toFixed(3)}</td>
              <td>{m.randomizationPValue.toFixed(3)}</td>
              <td>{fixed(m.minimumDetectableEffect)}</td>
              <td>
                {m.wins} / {m.ties} / {m.losses}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <QueryDeltaChart report={report} />
      <div className="training-columns">
        <table className="training-table">
          <caption>Per fold</caption>
          <thead>
            <tr>
              <th>Fold</th>
              <th>Queries</th>
              <th>Trees</th>
              {report.measures.map((m) => (
                <th key={m.measure}>
                  {label(m.measure)} base → learned
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {report.perFold.map((fold) => (
              <tr key={fold.fold}>
                <td>{fold.fold}</td>
                <td>{fold.queries}</td>
                <td>{fold.trees ?? '–'}</td>
                {fold.base.map((base, i) => (
                  <td key={i}>
                    {fixed(base)} → {fixed(fold.learned[i]!)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
        <table className="training-table training-importance">
          <caption>Feature importance (final model)</caption>
          <tbody>
            {report.featureImportance.map(({ feature, importance }) => (
              <tr key={feature}>
                <td>{feature}</td>
                <td className="importance-cell">
                  <span className="importance-bar" style={{ width: `${Math.round(importance * 100)}%` }} />
                  {(importance * 100).toFixed(1)}%
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {report.saved ? (
        <div className="banner banner-ok" role="status" data-testid="training-saved">
          Saved model and variant “{report.saved.variant}”{report.warning ? ' — with the warning above: it is not shown as better than its base' : ''}.{' '}
          <a href={routeHash('dashboard', { dataset: report.dataset, variants: `${report.base},${report.saved.variant}` })}>Compare with {report.base} on the dashboard →</a>
        </div>
      ) : (
        <form
          className="training-save-row"
          onSubmit={(event) => {
            event.preventDefault();
            const name = new FormData(event.currentTarget).get('name');
            if (typeof name === 'string' && name) onSave(name);
          }}
        >
          <label htmlFor="training-save-name">Save as variant</label>
          <input id="training-save-name" name="name" defaultValue={suggestedName} pattern="[a-z0-9][a-z0-9\-_.]{0,63}" required />
          <button type="submit" className="small-button" disabled={saving}>
            {report.warning ? 'Save anyway (with the warning)' : 'Save'}
          </button>
          <span className="training-hint">trains again with the same seed, then saves the model trained on all queries</span>
        </form>
      )}
    </section>
  );
}
