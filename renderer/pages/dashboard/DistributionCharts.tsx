import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from 'recharts';
import type { Dashboard } from '../../../core/api/contract';
import { ChartCard } from './ChartCard';
import { runColor } from './run-colors';

/** How each run's per-query scores spread over [0, 1], one chart per measure. */
export function DistributionCharts({ dashboard }: { dashboard: Dashboard }) {
  return (
    <div className="chart-grid">
      {dashboard.measures.map((measure) => {
        const bins = measure.histograms[0]!;
        const binLabel = (b: number) => `${bins[b]!.from.toFixed(1)}–${bins[b]!.to.toFixed(1)}`;
        const data = bins.map((_, b) => ({ bin: binLabel(b), ...Object.fromEntries(dashboard.runs.map((run, r) => [run.name, measure.histograms[r]![b]!.count])) }));
        return (
          <ChartCard
            key={measure.column}
            title={`${measure.label} distribution`}
            header={['bin', ...dashboard.runs.map((run) => run.name)]}
            rows={bins.map((_, b) => [binLabel(b), ...measure.histograms.map((histogram) => String(histogram[b]!.count))])}
          >
            <BarChart width={420} height={220} data={data} margin={{ top: 8, right: 8, bottom: 4, left: 0 }}>
              <CartesianGrid strokeDasharray="3 3" vertical={false} />
              <XAxis dataKey="bin" tick={{ fontSize: 10 }} />
              <YAxis allowDecimals={false} tick={{ fontSize: 11 }} width={32} />
              <Tooltip />
              <Legend wrapperStyle={{ fontSize: 11 }} />
              {dashboard.runs.map((run, r) => (
                <Bar key={run.id} dataKey={run.name} fill={runColor(r)} isAnimationActive={false} />
              ))}
            </BarChart>
          </ChartCard>
        );
      })}
    </div>
  );
}
