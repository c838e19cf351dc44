import type { Dashboard } from '../../../core/api/contract';
import { ChartCard } from './ChartCard';
import { fixed, interval, pValue, signed } from './dashboard-format';
import { runColor } from './run-colors';

/** The same statistics per query segment (stratum), and the stratum-weighted means of a stratified sample. */
export function SegmentTables({ dashboard }: { dashboard: Dashboard }) {
  const { segments, weighted, note } = dashboard.segments;
  const name = (index: number) => dashboard.runs[index]!.name;
  return (
    <div>
      <p className="muted">{note}</p>
      {weighted.length > 0 && (
        <div className="table-card">
          <table className="data-table" aria-label="Stratum-weighted means">
            <caption>Stratum-weighted means (± standard error)</caption>
            <thead>
              <tr>
                <th>measure</th>
                {dashboard.runs.map((run) => (
                  <th key={run.id}>{run.name}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {weighted.map((row) => (
                <tr key={row.measure}>
                  <th>{row.measure}</th>
                  {row.means.map((value, i) => (
                    <td key={i}>{`${fixed(value.mean)} ± ${fixed(value.standardError)}`}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <div className="chart-grid">
        {segments.length > 0 &&
          dashboard.measures.map((measure, m) => {
            const header = ['segment', 'queries', 'weight', ...dashboard.runs.map((run) => `${run.name} mean`), ...measure.pairs.map((pair) => `${name(pair.contender)} − ${name(pair.baseline)}`)];
            const rows = segments.map((segment) => [
              segment.key,
              String(segment.queries),
              segment.weight === null ? '—' : fixed(segment.weight),
              ...segment.measures[m]!.means.map((value) => fixed(value)),
              ...segment.measures[m]!.pairs.map((pair) => `${signed(pair.delta)} ${interval(pair.confidenceInterval)} p ${pValue(pair.tTestPValue)}`),
            ]);
            return (
              <ChartCard key={measure.column} title={`${measure.label} by segment`} header={header} rows={rows}>
                <div className="segment-bars">
                  {segments.map((segment) => (
                    <div key={segment.key} className="segment-bar-row">
                      <span className="segment-key">
                        {segment.key} ({segment.queries})
                      </span>
                      <span className="segment-bars-track">
                        {segment.measures[m]!.means.map((value, r) => (
                          <span key={r} className="segment-bar" style={{ width: `${Math.max(0, Math.min(1, value)) * 100}%`, background: runColor(r) }} title={`${name(r)}: ${fixed(value)}`} />
                        ))}
                      </span>
                    </div>
                  ))}
                </div>
              </ChartCard>
            );
          })}
      </div>
    </div>
  );
}
