import { useState } from 'react';
import type { ComparisonAggregates, ComparisonSimulation } from '../../../core/api/contract';
import { errorMessage, invoke } from '../../api/client';
import { useApi } from '../../api/useApi';
import { formatCoefficient, formatShare } from '../agreement/figures';

type Summary = ComparisonAggregates['pairwise']['overall'];

const HISTOGRAM_ROWS = [
  { value: '2', label: 'A much better' },
  { value: '1', label: 'A better' },
  { value: '0', label: 'About the same' },
  { value: '-1', label: 'B better' },
  { value: '-2', label: 'B much better' },
] as const;

const formatP = (p: number) => (p < 0.001 ? '< 0.001' : p.toFixed(3));

/** "A wins 62% [41%, 79%] of 13 decided · 4–2–1 · sign p 0.344"; a dash while nothing is decided. */
function Verdict({ summary, testId }: { summary: Summary; testId: string }) {
  const decided = summary.wins + summary.losses;
  return (
    <p className="sbs-verdict" data-testid={testId} data-wins={summary.wins} data-losses={summary.losses} data-ties={summary.ties}>
      {decided === 0 ? (
        'A win rate: — (no decided query yet)'
      ) : (
        <>
          A win rate <strong>{formatShare(summary.winRate.estimate)}</strong> [{formatShare(summary.winRate.low)}, {formatShare(summary.winRate.high)}] (Wilson 95%) of {decided} decided
        </>
      )}
      <span className="muted">
        {' '}
        · A {summary.wins} – tie {summary.ties} – B {summary.losses} · sign test p {formatP(summary.pValue)}
      </span>
    </p>
  );
}

/** The lead's verdicts: pairwise preferences, interleaving and the metric side by side, and the offline simulation. */
export function AggregatesPanel({ comparison, focusQuery }: { comparison: number; focusQuery: string }) {
  const aggregates = useApi('comparisons.aggregates', { comparison }, { topics: ['preferences', 'judgments'] });
  const [simulation, setSimulation] = useState<{ result?: ComparisonSimulation; error?: string; busy?: boolean }>({});
  const data = aggregates.data;
  if (aggregates.error && !data) {
    return (
      <div className="banner banner-error" role="alert">
        Could not load the results: {aggregates.error}
      </div>
    );
  }
  if (!data) return <p className="empty">Loading the results…</p>;
  const { pairwise, interleaving, metric } = data;
  const sides = data.comparison.sides;
  const maxCount = Math.max(1, ...Object.values(pairwise.histogram));
  const simulate = async () => {
    setSimulation({ busy: true });
    try {
      setSimulation({ result: await invoke('comparisons.simulate', { comparison, impressions: 500 }) });
    } catch (error) {
      setSimulation({ error: errorMessage(error) });
    }
  };
  const focused = data.perQuery.find((query) => query.queryId === focusQuery);
  return (
    <section className="sbs-results card" aria-label="Results" data-testid="sbs-results">
      <h3>
        Results: A = {sides?.a ?? 'A'}, B = {sides?.b ?? 'B'}
      </h3>
      <div className="sbs-results-grid">
        <div>
          <h4>Pairwise preferences</h4>
          <Verdict summary={pairwise.overall} testId="pairwise-verdict" />
          <ul className="sbs-histogram" aria-label="Preference strength">
            {HISTOGRAM_ROWS.map((row) => (
              <li key={row.value}>
                <span className="sbs-histogram-label">{row.label}</span>
                <span className="sbs-histogram-bar" style={{ width: `${(pairwise.histogram[row.value] / maxCount) * 100}%` }} />
                <span className="sbs-histogram-count" data-testid={`histogram-${row.value}`}>
                  {pairwise.histogram[row.value]}
                </span>
              </li>
            ))}
          </ul>
          <p className="muted">
            Agreement between raters on {pairwise.agreement.units} queries answered by two or more: Krippendorff’s α (ordinal) {formatCoefficient(pairwise.agreement.alpha)}, same direction{' '}
            {formatShare(pairwise.agreement.directionAgreement)}.
          </p>
          {pairwise.perRater.length > 0 && (
            <table className="sbs-table">
              <thead>
                <tr>
                  <th>Rater</th>
                  <th>Answers</th>
                  <th>A – tie – B</th>
                  <th>A win rate</th>
                </tr>
              </thead>
              <tbody>
                {pairwise.perRater.map((rater) => (
                  <tr key={rater.raterId} data-testid="rater-row">
                    <td>{pairwise.raters[rater.raterId]}</td>
                    <td>{rater.answers}</td>
                    <td>
                      {rater.summary.wins} – {rater.summary.ties} – {rater.summary.losses}
                    </td>
                    <td>{formatShare(Number.isNaN(rater.summary.winRate.estimate) ? null : rater.summary.winRate.estimate)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
        <div>
          <h4>Interleaving</h4>
          <Verdict summary={interleaving.overall} testId="interleaving-verdict" />
          <h4>Metric</h4>
          {metric ? (
            <>
              <p>
                {metric.measure}: A {metric.meanA.toFixed(4)} · B {metric.meanB.toFixed(4)} over {metric.judgedQueries} judged queries
              </p>
              <Verdict summary={metric.verdict} testId="metric-verdict" />
              <p className="muted">{metric.labels}</p>
            </>
          ) : (
            <p className="muted">No consensus labels on these lists yet: label documents to get the metric’s verdict.</p>
          )}
          <h4>Offline simulation</h4>
          <p className="muted">
            Simulated users (cascade model: they read from the top, click a result with a probability that grows with its grade, and stop after a click with a probability that grows too) see 500 team-draft
            interleavings of each query.
          </p>
          <button type="button" className="small-button" onClick={() => void simulate()} disabled={simulation.busy}>
            {simulation.busy ? 'Simulating…' : 'Run simulation'}
          </button>
          {simulation.error && (
            <p className="field-error" role="alert">
              {simulation.error}
            </p>
          )}
          {simulation.result && (
            <p data-testid="simulation-agreement">
              Interleaving agrees with nDCG on <strong>{simulation.result.agreement.agreeing}</strong> of {simulation.result.agreement.decided} queries where nDCG prefers a side (
              {formatShare(Number.isNaN(simulation.result.agreement.rate) ? null : simulation.result.agreement.rate)}).
            </p>
          )}
        </div>
      </div>
      {focused && (
        <p className="muted" data-testid="focused-query-verdicts">
          This query: pairwise {focused.pairwise ? `${focused.pairwise.outcome} (mean ${focused.pairwise.mean.toFixed(2)})` : '—'} · interleaving{' '}
          {focused.interleaving ? `${focused.interleaving.outcome} (${focused.interleaving.clicksA}–${focused.interleaving.clicksB})` : '—'} · nDCG A − B{' '}
          {focused.metricDifference === null ? '—' : focused.metricDifference.toFixed(4)}
        </p>
      )}
    </section>
  );
}
