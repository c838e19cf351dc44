import { Bar, BarChart, CartesianGrid, Cell, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { TrainingReport } from '../../../core/api/contract';

/** Learned minus base nDCG@10 per query, sorted: how many queries gain, how many lose, and by how much. */
export function QueryDeltaChart({ report }: { report: TrainingReport }) {
  const deltas = report.perQuery
    .map((query) => ({ query: query.queryId, delta: query.learned - query.base }))
    .sort((a, b) => b.delta - a.delta);
  return (
    <figure className="training-chart" aria-label="Per-query nDCG@10 change">
      <figcaption>
        Per-query nDCG@10, learned − {report.base} ({deltas.filter((d) => d.delta > 0).length} better, {deltas.filter((d) => d.delta < 0).length} worse,{' '}
        {deltas.filter((d) => d.delta === 0).length} unchanged)
      </figcaption>
      <ResponsiveContainer width="100%" height={220}>
        <BarChart data={deltas} margin={{ top: 8, right: 12, bottom: 8, left: 0 }} barCategoryGap={0}>
          <CartesianGrid vertical={false} stroke="#e6e3dc" />
          <XAxis dataKey="query" tick={false} label={{ value: `${deltas.length} queries, sorted by change`, position: 'insideBottom', offset: -2, fontSize: 12 }} />
          <YAxis width={48} tick={{ fontSize: 12 }} domain={[-1, 1]} />
          <ReferenceLine y={0} stroke="#777" />
          <Tooltip formatter={(value: number) => value.toFixed(4)} labelFormatter={(query) => `query ${query}`} />
          <Bar dataKey="delta" isAnimationActive={false}>
            {deltas.map((d) => (
              <Cell key={d.query} fill={d.delta >= 0 ? '#3c8d5a' : '#c0504d'} />
            ))}
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
}
