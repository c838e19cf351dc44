import type { Dashboard } from '../../../core/api/contract';
import { fixed, interval, pValue, signed } from './dashboard-format';

/**
 * Every pair on every measure as `relwb compare` prints it: delta, bootstrap CI, t-test and randomization
 * p (Holm-corrected too with three or more runs), and Tukey HSD over all runs.
 */
export function PairwiseTables({ dashboard }: { dashboard: Dashboard }) {
  const holm = dashboard.runs.length > 2;
  const name = (index: number) => dashboard.runs[index]!.name;
  return (
    <div className="pairwise">
      {dashboard.measures.map((measure) => (
        <div key={measure.column} className="pairwise-measure">
          <h4>{measure.label}</h4>
          <div className="table-card">
            <table className="data-table" aria-label={`${measure.label} pairs`}>
              <thead>
                <tr>
                  <th>pair</th>
                  <th>delta</th>
                  <th>95% CI (bootstrap)</th>
                  <th>t-test p</th>
                  <th>rand. p</th>
                  {holm && <th>t p Holm</th>}
                  {holm && <th>rand. p Holm</th>}
                  <th>W/T/L</th>
                  <th>d_z</th>
                  <th>MDE@80%</th>
                </tr>
              </thead>
              <tbody>
                {measure.pairs.map((pair) => (
                  <tr key={`${pair.baseline}-${pair.contender}`}>
                    <th>{`${name(pair.contender)} − ${name(pair.baseline)}`}</th>
                    <td>{signed(pair.delta)}</td>
                    <td>{interval(pair.confidenceInterval)}</td>
                    <td>{pValue(pair.tTest.pValue)}</td>
                    <td>{pValue(pair.randomizationPValue)}</td>
                    {holm && <td>{pValue(pair.tTestPValueHolm)}</td>}
                    {holm && <td>{pValue(pair.randomizationPValueHolm)}</td>}
                    <td>{`${pair.winTieLoss.wins}/${pair.winTieLoss.ties}/${pair.winTieLoss.losses}`}</td>
                    <td>{fixed(pair.effectSizeDz, 3)}</td>
                    <td>{fixed(pair.minimumDetectableEffect)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {measure.tukey && (
            <div className="table-card tukey">
              <table className="data-table" aria-label={`${measure.label} Tukey HSD`}>
                <caption>
                  Tukey HSD (two-way ANOVA residual MSE {fixed(measure.tukey.meanSquareError, 6)}, df {measure.tukey.degreesOfFreedom}, critical q {fixed(measure.tukey.criticalQ, 3)})
                </caption>
                <thead>
                  <tr>
                    <th>pair</th>
                    <th>difference</th>
                    <th>simultaneous 95% CI</th>
                    <th>q</th>
                    <th>p</th>
                  </tr>
                </thead>
                <tbody>
                  {measure.tukey.pairs.map((pair) => (
                    <tr key={`${pair.baseline}-${pair.contender}`}>
                      <th>{`${name(pair.contender)} − ${name(pair.baseline)}`}</th>
                      <td>{signed(pair.difference)}</td>
                      <td>{interval(pair.confidenceInterval)}</td>
                      <td>{fixed(pair.q, 3)}</td>
                      <td>{pValue(pair.pValue)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </div>
      ))}
    </div>
  );
}
