import { useEffect, useState } from 'react';
import { useApi } from '../../api/useApi';
import { replaceRoute } from '../../app/router';
import type { PageProps } from '../../app/routes';
import { comparisonFromParams, paramsFromComparison, type ComparisonArgs } from './comparison-params';
import { CoveragePanel } from './CoveragePanel';
import { DashboardSettings } from './DashboardSettings';
import { DeltaChart } from './DeltaChart';
import { DistributionCharts } from './DistributionCharts';
import { MeansCharts } from './MeansCharts';
import { OverlapChart } from './OverlapChart';
import { PairwiseTables } from './PairwiseTables';
import { ReportButtons } from './ReportButtons';
import { SegmentTables } from './SegmentTables';
import './dashboard.css';

/**
 * The metrics dashboard (`#/dashboard?dataset=…&querySet=…&variants=…`): runs of two or more variants over a
 * query set scored on one label source, with the numbers `relwb compare` prints for the exported files.
 */
export function DashboardPage({ route }: PageProps) {
  const [comparison, setComparison] = useState<ComparisonArgs | null>(() => comparisonFromParams(route.params));
  useEffect(() => {
    if (route.version > 0) setComparison(comparisonFromParams(route.params));
  }, [route]);
  const built = useApi('dashboard.build', comparison ?? { dataset: '', querySet: 1 }, { enabled: comparison !== null, topics: ['judgments'] });
  const dashboard = comparison ? built.data : undefined;
  const compare = (args: ComparisonArgs) => {
    replaceRoute('dashboard', paramsFromComparison(args));
    setComparison(args);
  };
  return (
    <main className="page dashboard-page">
      <div className="section-head">
        <h2>Dashboard</h2>
        {dashboard && comparison && <ReportButtons comparison={comparison} />}
      </div>
      <DashboardSettings key={comparison ? JSON.stringify(comparison) : 'new'} initial={comparison} onCompare={compare} busy={built.loading && comparison !== null} />
      {built.error && comparison && (
        <div className="banner banner-error" role="alert">
          {built.error}
        </div>
      )}
      {comparison === null && <p className="empty">Pick a query set and two or more variants or runs to compare them.</p>}
      {dashboard && comparison && (
        <div className="dashboard-body" aria-busy={built.loading}>
          <p className="muted dashboard-summary">
            {dashboard.queries.length} evaluated queries of query set “{dashboard.querySet.name}” · {dashboard.labels.description} · k = {dashboard.k} · seed {dashboard.seed} · same numbers:{' '}
            <code>{dashboard.reproduce}</code>
          </p>
          <h3>Judged@{dashboard.k} coverage</h3>
          <CoveragePanel dashboard={dashboard} comparison={comparison} />
          <h3>Means with 95% confidence intervals</h3>
          <p className="muted">Error bars: each mean ± t₀.₉₇₅ · s/√n over the queries (the JSON report has them too); the paired tables below are what relwb compare prints.</p>
          <MeansCharts dashboard={dashboard} />
          <h3>{dashboard.runs.length > 2 ? 'Pairwise differences (Holm-corrected) and Tukey HSD' : 'Paired difference'}</h3>
          <PairwiseTables dashboard={dashboard} />
          <h3>Per-query deltas</h3>
          <DeltaChart dashboard={dashboard} />
          <h3>Score distributions</h3>
          <DistributionCharts dashboard={dashboard} />
          <h3>Segments</h3>
          <SegmentTables dashboard={dashboard} />
          <h3>List overlap</h3>
          <OverlapChart dashboard={dashboard} />
        </div>
      )}
    </main>
  );
}
