import { Bar, BarChart, CartesianGrid, Cell, ErrorBar, Tooltip, XAxis, YAxis } from 'recharts';
import type { Dashboard } from '../../../core/api/contract';
import { ChartCard } from './ChartCard';
import { fixed } from './dashboard-format';
import { runColor } from './run-colors';

/** Each measure's mean per run with its 95% interval as an error bar. */
export function MeansCharts({ dashboard }: { dashboard: Dashboard }) {
  return (
    <div className="chart-grid">
      {dashboard.measures.map((measure) => {
        const data = dashboard.runs.map((run, i) => {
          const [low, high] = measure.meanIntervals[i]!;
          return { name: run.name, mean: measure.means[i]!, error: [measure.means[i]! - low, high - measure.means[i]!] };
        });
        return (
          <ChartCard
            key={measure.column}
            title={`${measure.label} means`}
            header={['run', 'mean', '95% CI low', '95% CI high']}
            rows={dashboard.runs.map((run, i) => [run.name, fixed(measure.means[i]), fixed(measure.meanIntervals[i]![0]), fixed(measure.meanIntervals[i]![1])])}
          >
            <BarChart width={420} height={220} data={data} margin={{ top: 8, right: 8, bottom: 4, left: 0 }}>
              <CartesianGrid strokeDasharray="3 3" vertical={false} />
              <XAxis dataKey="name" tick={{ fontSize: 11 }} interval={0} />
              <YAxis tick={{ fontSize: 11 }} width={44} />
              <Tooltip formatter={(value) => fixed(Number(value))} />
              <Bar dataKey="mean" isAnimationActive={false}>
                {data.map((entry, i) => (
                  <Cell key={entry.name} fill={runColor(i)} />
                ))}
                <ErrorBar dataKey="error" width={8} stroke="#1d1d1f" />
              </Bar>
            </BarChart>
          </ChartCard>
        );
      })}
    </div>
  );
}
