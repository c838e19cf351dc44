import { useState } from 'react';
import { Bar, BarChart, CartesianGrid, Cell, ReferenceLine, Tooltip, XAxis, YAxis } from 'recharts';
import type { Dashboard } from '../../../core/api/contract';
import { navigate } from '../../app/router';
import { ChartCard } from './ChartCard';
import { signed } from './dashboard-format';

/** How a run is named in a side-by-side link: its variant, or the stored run. */
const sideBySideName = (run: Dashboard['runs'][number]) => run.variant ?? `run:${run.id}`;

/** Per-query differences of one pair on one measure, biggest loss first; a bar opens that query side by side. */
export function DeltaChart({ dashboard }: { dashboard: Dashboard }) {
  const [measureIndex, setMeasureIndex] = useState(0);
  const [pairIndex, setPairIndex] = useState(0);
  const measure = dashboard.measures[measureIndex] ?? dashboard.measures[0]!;
  const pair = measure.pairs[pairIndex] ?? measure.pairs[0]!;
  const deltas = measure.deltas[measure.pairs.indexOf(pair)]!;
  const baseline = dashboard.runs[pair.baseline]!;
  const contender = dashboard.runs[pair.contender]!;
  const title = `${measure.label} per query: ${contender.name} − ${baseline.name}`;
  const open = (queryId: string) =>
    navigate('side-by-side', { dataset: dashboard.dataset, querySet: String(dashboard.querySet.id), a: sideBySideName(baseline), b: sideBySideName(contender), query: queryId });
  const controls = (
    <>
      <select aria-label="Delta measure" value={measureIndex} onChange={(event) => setMeasureIndex(Number(event.target.value))}>
        {dashboard.measures.map((candidate, i) => (
          <option key={candidate.column} value={i}>
            {candidate.label}
          </option>
        ))}
      </select>
      <select aria-label="Delta pair" value={pairIndex} onChange={(event) => setPairIndex(Number(event.target.value))}>
        {measure.pairs.map((candidate, i) => (
          <option key={i} value={i}>
            {dashboard.runs[candidate.contender]!.name} − {dashboard.runs[candidate.baseline]!.name}
          </option>
        ))}
      </select>
    </>
  );
  return (
    <ChartCard title={title} header={['query', 'delta']} rows={deltas.map((row) => [row.queryId, signed(row.delta)])} controls={controls}>
      <p className="chart-hint">Click a bar to open the query side by side.</p>
      <BarChart width={Math.max(560, Math.min(1100, deltas.length * 14 + 80))} height={240} data={deltas} margin={{ top: 8, right: 8, bottom: 4, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey="queryId" tick={false} label={{ value: 'queries, biggest loss → biggest win', position: 'insideBottom', fontSize: 11 }} height={24} />
        <YAxis tick={{ fontSize: 11 }} width={52} />
        <ReferenceLine y={0} stroke="#6b6b70" />
        <Tooltip formatter={(value) => signed(Number(value))} labelFormatter={(label) => `query ${String(label)}`} />
        <Bar dataKey="delta" isAnimationActive={false} cursor="pointer" onClick={(_data, index) => open(deltas[index]!.queryId)}>
          {deltas.map((row) => (
            <Cell key={row.queryId} fill={row.delta < 0 ? '#c2415b' : '#2f9e6b'} />
          ))}
        </Bar>
      </BarChart>
    </ChartCard>
  );
}
