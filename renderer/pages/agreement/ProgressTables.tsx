import type { TaskProgress } from '../../../core/api/contract';
import { formatShare } from './figures';

/** How far the task is per query, and what each rater did, with their accuracy on gold pairs. */
export function ProgressTables({ progress }: { progress: TaskProgress }) {
  const { totals, task } = progress;
  const share = totals.pairs === 0 ? 0 : totals.complete / totals.pairs;
  return (
    <section aria-labelledby="progress-heading" className="agreement-section">
      <div className="section-head">
        <h3 id="progress-heading">Progress</h3>
        <span className="muted" data-testid="progress-summary">
          {totals.complete} of {totals.pairs} pairs have {task.overlap} {task.overlap === 1 ? 'label' : 'labels'} · {totals.skips} skips · {totals.goldPairs} gold
        </span>
      </div>
      <progress className="agreement-progress" max={1} value={share} aria-label="Pairs with all their labels" />
      <div className="agreement-columns">
        <div className="table-card">
          <table className="data-table" aria-label="Progress per query">
            <thead>
              <tr>
                <th scope="col">query</th>
                <th scope="col" className="num">pairs</th>
                <th scope="col" className="num">done</th>
                <th scope="col" className="num">skips</th>
                <th scope="col" className="num">gold</th>
              </tr>
            </thead>
            <tbody>
              {progress.perQuery.map((row) => (
                <tr key={row.queryId}>
                  <th scope="row" className="query-cell" title={row.queryId}>
                    {row.query || row.queryId}
                  </th>
                  <td className="num">{row.pairs}</td>
                  <td className="num">{row.complete}</td>
                  <td className="num">{row.skips}</td>
                  <td className="num">{row.goldPairs}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <div className="table-card">
          <table className="data-table" aria-label="Progress per rater">
            <thead>
              <tr>
                <th scope="col">rater</th>
                <th scope="col" className="num">labelled</th>
                <th scope="col" className="num">skipped</th>
                <th scope="col" className="num" title="Grades equal to the gold grade">gold exact</th>
                <th scope="col" className="num" title="Grades at most one level from the gold grade">gold ±1</th>
              </tr>
            </thead>
            <tbody>
              {progress.perRater.length === 0 && (
                <tr>
                  <td colSpan={5} className="muted">
                    Nobody has labelled yet.
                  </td>
                </tr>
              )}
              {progress.perRater.map((rater) => (
                <tr key={rater.id} data-testid="rater-progress" data-rater={rater.name}>
                  <th scope="row">{rater.name}</th>
                  <td className="num">{rater.labelled}</td>
                  <td className="num">{rater.skipped}</td>
                  <td className="num" data-testid="gold-accuracy">
                    {rater.gold ? `${formatShare(rater.gold.accuracy)} (${rater.gold.correct}/${rater.gold.total})` : '—'}
                  </td>
                  <td className="num">{rater.gold ? `${rater.gold.withinOne}/${rater.gold.total}` : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
    </section>
  );
}
