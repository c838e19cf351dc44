import type { AgreementFigures as Figures, TaskAgreement } from '../../../core/api/contract';
import { alphaReading, formatBias, formatCoefficient, formatShare } from './figures';

function OverallFigures({ figures }: { figures: Figures }) {
  const cards = [
    { label: "Krippendorff's α (ordinal)", value: formatCoefficient(figures.alpha), testId: 'overall-alpha', reading: alphaReading(figures.alpha) },
    { label: 'Weighted κ (quadratic)', value: formatCoefficient(figures.kappa), testId: 'overall-kappa' },
    { label: 'Exact match', value: formatShare(figures.exactMatch), testId: 'overall-exact' },
    { label: 'Within one level', value: formatShare(figures.withinOneLevel), testId: 'overall-within-one' },
    { label: 'Pairs rated twice or more', value: String(figures.items), testId: 'overall-items' },
  ];
  return (
    <div className="figure-cards">
      {cards.map((card) => (
        <div key={card.testId} className={`figure-card${card.reading ? ` figure-${card.reading}` : ''}`}>
          <div className="figure-value" data-testid={card.testId}>
            {card.value}
          </div>
          <div className="figure-label">{card.label}</div>
        </div>
      ))}
    </div>
  );
}

/** κ between every two raters, as a matrix (the lower triangle mirrors the upper one). */
function RaterPairMatrix({ agreement }: { agreement: TaskAgreement }) {
  const raters = agreement.perRater;
  const pairOf = (a: number, b: number) => agreement.perRaterPair.find((pair) => (pair.raterA.id === a && pair.raterB.id === b) || (pair.raterA.id === b && pair.raterB.id === a));
  if (raters.length < 2) return <p className="muted">Agreement between raters needs two raters with labels.</p>;
  return (
    <div className="table-card">
      <table className="data-table rater-matrix" aria-label="Weighted κ per rater pair">
        <thead>
          <tr>
            <th scope="col">κ</th>
            {raters.map((rater) => (
              <th key={rater.id} scope="col" className="num">
                {rater.name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {raters.map((row) => (
            <tr key={row.id}>
              <th scope="row">{row.name}</th>
              {raters.map((column) => {
                if (column.id === row.id) return <td key={column.id} className="num matrix-self" aria-label="same rater" />;
                const pair = pairOf(row.id, column.id);
                const title = pair ? `${pair.shared} shared pairs · exact ${formatShare(pair.exactMatch)} · within one ${formatShare(pair.withinOneLevel)}` : '';
                return (
                  <td key={column.id} className="num" title={title} data-testid={`kappa-${row.name}-${column.name}`}>
                    {formatCoefficient(pair?.kappa ?? null)}
                    <span className="matrix-shared">{pair ? ` · ${pair.shared}` : ''}</span>
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Overall, per-query and per-rater-pair agreement, and each rater's bias against the others' consensus. */
export function AgreementFigures({ agreement }: { agreement: TaskAgreement }) {
  return (
    <section aria-labelledby="agreement-heading" className="agreement-section">
      <div className="section-head">
        <h3 id="agreement-heading">Agreement</h3>
        <span className="muted">
          From grades only: skips are not grades
          {agreement.goldPairsExcluded === 1 ? ', and the gold pair counts for accuracy only' : agreement.goldPairsExcluded > 1 ? `, and the ${agreement.goldPairsExcluded} gold pairs count for accuracy only` : ''}.
        </span>
      </div>
      <OverallFigures figures={agreement.overall} />
      <div className="agreement-columns">
        <div>
          <h4>Per query</h4>
          <div className="table-card">
            <table className="data-table" aria-label="Agreement per query">
              <thead>
                <tr>
                  <th scope="col">query</th>
                  <th scope="col" className="num">α</th>
                  <th scope="col" className="num">κ</th>
                  <th scope="col" className="num">exact</th>
                  <th scope="col" className="num">±1</th>
                  <th scope="col" className="num">pairs</th>
                </tr>
              </thead>
              <tbody>
                {agreement.perQuery.map((row) => (
                  <tr key={row.queryId} data-testid="query-agreement">
                    <th scope="row" className="query-cell" title={row.queryId}>
                      {row.query || row.queryId}
                    </th>
                    <td className={`num figure-text-${alphaReading(row.alpha)}`}>{formatCoefficient(row.alpha)}</td>
                    <td className="num">{formatCoefficient(row.kappa)}</td>
                    <td className="num">{formatShare(row.exactMatch)}</td>
                    <td className="num">{formatShare(row.withinOneLevel)}</td>
                    <td className="num">{row.items}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
        <div>
          <h4>Per rater pair</h4>
          <RaterPairMatrix agreement={agreement} />
          <h4>Bias against the other raters</h4>
          <ul className="bias-list" aria-label="Bias per rater">
            {agreement.perRater.map((rater) => (
              <li key={rater.id} data-testid="rater-bias" data-rater={rater.name}>
                <span className="bias-name">{rater.name}</span>
                <span className="bias-bar" aria-hidden="true">
                  <span
                    className={rater.bias !== null && rater.bias < 0 ? 'bias-fill bias-low' : 'bias-fill bias-high'}
                    style={{ width: `${Math.min(50, Math.abs(rater.bias ?? 0) * 25)}%`, [rater.bias !== null && rater.bias < 0 ? 'right' : 'left']: '50%' }}
                  />
                </span>
                <span className="num bias-value" title={`over ${rater.biasItems} pairs others graded too`}>
                  {formatBias(rater.bias)}
                </span>
              </li>
            ))}
          </ul>
          <p className="hint">Mean of the rater's grade minus the consensus of the others' grades, in levels: + rates higher, − lower.</p>
        </div>
      </div>
    </section>
  );
}
