import { useState } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from 'recharts';
import type { Dashboard } from '../../../core/api/contract';
import { ChartCard } from './ChartCard';
import { fixed } from './dashboard-format';

/** Jaccard@k and RBO (p = 0.9) of two runs' top k, query by query. */
export function OverlapChart({ dashboard }: { dashboard: Dashboard }) {
  const [pairIndex, setPairIndex] = useState(0);
  const pair = dashboard.overlap[pairIndex] ?? dashboard.overlap[0]!;
  const name = (index: number) => dashboard.runs[index]!.name;
  const title = `Top-${dashboard.k} overlap: ${name(pair.baseline)} vs ${name(pair.contender)} (mean Jaccard ${fixed(pair.meanJaccard)}, mean RBO ${fixed(pair.meanRbo)})`;
  const controls = (
    <select aria-label="Overlap pair" value={pairIndex} onChange={(event) => setPairIndex(Number(event.target.value))}>
      {dashboard.overlap.map((candidate, i) => (
        <option key={i} value={i}>
          {name(candidate.baseline)} vs {name(candidate.contender)}
        </option>
      ))}
    </select>
  );
  return (
    <ChartCard title={title} header={['query', `Jaccard@${dashboard.k}`, 'RBO p=0.9']} rows={pair.perQuery.map((row) => [row.queryId, fixed(row.jaccard), fixed(row.rbo)])} controls={controls}>
      <BarChart width={Math.max(560, Math.min(1100, pair.perQuery.length * 18 + 80))} height={220} data={pair.perQuery} margin={{ top: 8, right: 8, bottom: 4, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey="queryId" tick={false} height={8} />
        <YAxis domain={[0, 1]} tick={{ fontSize: 11 }} width={36} />
        <Tooltip formatter={(value) => fixed(Number(value))} labelFormatter={(label) => `query ${String(label)}`} />
        <Legend wrapperStyle={{ fontSize: 11 }} />
        <Bar dataKey="jaccard" name={`Jaccard@${dashboard.k}`} fill="#7d5bc7" isAnimationActive={false} />
        <Bar dataKey="rbo" name="RBO" fill="#2a9fb0" isAnimationActive={false} />
      </BarChart>
    </ChartCard>
  );
}
