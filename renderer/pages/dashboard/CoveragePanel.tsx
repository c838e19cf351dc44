import { useState } from 'react';
import { Bar, BarChart, CartesianGrid, Cell, ReferenceLine, Tooltip, XAxis, YAxis } from 'recharts';
import type { ArgsOf, Dashboard } from '../../../core/api/contract';
import { useMutation } from '../../api/useApi';
import { pageHref } from '../../app/router';
import { ChartCard } from './ChartCard';
import { fixed } from './dashboard-format';
import { runColor } from './run-colors';

interface CoveragePanelProps {
  dashboard: Dashboard;
  comparison: ArgsOf<'dashboard.rateGap'>['comparison'];
}

/** Judged@k per run, a warning when a run's scores rest on too few labels, and "rate the gap". */
export function CoveragePanel({ dashboard, comparison }: CoveragePanelProps) {
  const { coverage, k } = dashboard;
  const rateGap = useMutation('dashboard.rateGap');
  const [created, setCreated] = useState<{ id: number; name: string; pairs: number } | null>(null);
  const below = coverage.belowThreshold.map((index) => dashboard.runs[index]!.name);
  const canPool = dashboard.runs.every((run) => run.variant !== null);
  const data = dashboard.runs.map((run, i) => ({ name: run.name, judged: coverage.judged[i]! }));
  return (
    <div className="coverage">
      {below.length > 0 && (
        <div className="banner banner-error coverage-warning" role="alert">
          <strong>
            Judged@{k} below {fixed(coverage.threshold, 2)} for {below.join(', ')}.
          </strong>{' '}
          Unjudged documents count as non-relevant, so these scores are biased low and the comparison may favour the run with more labels. {coverage.gapPairs} unjudged
          pairs in the union of the top {k} over {coverage.gap.length} queries.
        </div>
      )}
      <div className="coverage-row">
        <ChartCard title={`Judged@${k} per run`} header={['run', `Judged@${k}`]} rows={dashboard.runs.map((run, i) => [run.name, fixed(coverage.judged[i])])}>
          <BarChart width={420} height={200} data={data} margin={{ top: 8, right: 8, bottom: 4, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="name" tick={{ fontSize: 11 }} interval={0} />
            <YAxis domain={[0, 1]} tick={{ fontSize: 11 }} width={36} />
            <ReferenceLine y={coverage.threshold} stroke="#c8102e" strokeDasharray="4 3" />
            <Tooltip formatter={(value) => fixed(Number(value))} />
            <Bar dataKey="judged" isAnimationActive={false}>
              {data.map((entry, i) => (
                <Cell key={entry.name} fill={runColor(i)} />
              ))}
            </Bar>
          </BarChart>
        </ChartCard>
        <div className="gap-box">
          <p>
            {coverage.gapPairs === 0 ? `Every document in the top ${k} is labelled.` : `${coverage.gapPairs} documents in the union of the top ${k} have no label.`}
          </p>
          <button
            type="button"
            className="primary-button"
            disabled={coverage.gapPairs === 0 || !canPool || rateGap.busy}
            title={canPool ? undefined : 'Imported runs cannot be pooled: compare variants to rate the gap'}
            onClick={() => void rateGap.run({ comparison }).then((result) => setCreated({ id: result.task.id, name: result.task.name, pairs: result.task.pairCount }), () => undefined)}
          >
            {rateGap.busy ? 'Creating task…' : 'Rate the gap'}
          </button>
          {rateGap.error && <p className="dashboard-problem">{rateGap.error}</p>}
          {created && (
            <p className="banner banner-ok">
              Created task <a href={pageHref('tasks', { task: String(created.id) })}>{created.name}</a> with {created.pairs} pairs to rate.
            </p>
          )}
        </div>
      </div>
    </div>
  );
}
