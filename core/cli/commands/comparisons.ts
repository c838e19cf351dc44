import type { ComparisonAggregates } from '../../comparison/comparisons-service';
import type { PreferenceSummary } from '../../comparison/preference-statistics';
import { UsageError, type CliCommand } from '../command';
import { parseCommandArgs, parsePositiveInt } from '../options';
import { withWorkbench } from '../with-workbench';
import { formatTable } from './datasets';

const resultsUsage = 'relwb comparisons results ID [--simulate] [--impressions N] [--seed N] [--json]';

const percent = (value: number) => (Number.isNaN(value) ? '—' : `${(value * 100).toFixed(1)}%`);
const verdictLine = (label: string, summary: PreferenceSummary) =>
  `${label}: A ${summary.wins} – tie ${summary.ties} – B ${summary.losses}; A win rate ${percent(summary.winRate.estimate)} [${percent(summary.winRate.low)}, ${percent(summary.winRate.high)}] (Wilson 95%); sign test p ${summary.pValue.toFixed(4)}`;

function formatResults(results: ComparisonAggregates): string {
  const { comparison, pairwise, interleaving, metric } = results;
  const lines = [
    `${comparison.name}: A = ${comparison.sides?.a}, B = ${comparison.sides?.b} (${comparison.mode}, ${comparison.queryCount} queries, depth ${comparison.depth}, seed ${comparison.seed})`,
    verdictLine('pairwise', pairwise.overall),
    `  strength: ${Object.entries(pairwise.histogram).map(([value, count]) => `${value}: ${count}`).join('  ')}`,
    `  agreement on ${pairwise.agreement.units} queries: alpha (ordinal) ${pairwise.agreement.alpha?.toFixed(3) ?? '—'}, same direction ${pairwise.agreement.directionAgreement === null ? '—' : percent(pairwise.agreement.directionAgreement)}`,
    ...pairwise.perRater.map((rater) => `  ${verdictLine(pairwise.raters[rater.raterId] ?? String(rater.raterId), rater.summary)}`),
    verdictLine('interleaving', interleaving.overall),
    metric ? `${verdictLine(metric.measure, metric.verdict)}; mean A ${metric.meanA.toFixed(4)}, B ${metric.meanB.toFixed(4)}` : 'metric: no consensus labels yet',
  ];
  return `${lines.join('\n')}\n`;
}

export const comparisonsListCommand: CliCommand = {
  path: ['comparisons', 'list'],
  summary: 'List side-by-side and interleaving comparisons',
  help: 'usage: relwb comparisons list [--json]',
  async run(argv, ctx) {
    const { values } = parseCommandArgs(argv, { json: { type: 'boolean' } }, 'relwb comparisons list [--json]');
    const list = await withWorkbench(ctx, async (workbench) => workbench.comparisons.list(ctx.caller));
    if (values.json) ctx.stdout(`${JSON.stringify(list, null, 2)}\n`);
    else ctx.stdout(formatTable([['id', 'name', 'dataset', 'mode', 'A', 'B', 'queries'], ...list.map((row) => [String(row.id), row.name, row.dataset, row.mode, row.sides?.a ?? '-', row.sides?.b ?? '-', String(row.queryCount)])]));
    return 0;
  },
};

export const comparisonsResultsCommand: CliCommand = {
  path: ['comparisons', 'results'],
  summary: 'Pairwise, interleaving and metric verdicts of a comparison (the Side by side page\'s results)',
  help:
    `usage: ${resultsUsage}\n\nWin rates of A with Wilson 95% intervals and sign tests, the preference histogram, per-rater figures and\n` +
    'agreement, the interleaving outcome and nDCG at the comparison depth on the consensus labels. --simulate adds the\n' +
    'offline cascade-model simulation (default 500 impressions per query, seed 1): how often interleaving agrees with nDCG.',
  async run(argv, ctx) {
    const { values, positionals } = parseCommandArgs(
      argv,
      { json: { type: 'boolean' }, simulate: { type: 'boolean' }, impressions: { type: 'string' }, seed: { type: 'string' } },
      resultsUsage,
    );
    const id = Number(positionals[0]);
    if (positionals.length !== 1 || !Number.isInteger(id) || id < 1) throw new UsageError(`give one comparison id\nusage: ${resultsUsage}`);
    const impressions = parsePositiveInt(values.impressions, '--impressions', 500);
    const seed = values.seed === undefined ? 1 : Number(values.seed);
    if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) throw new UsageError(`--seed must be an integer from 0 to 4294967295, got "${values.seed}"`);
    const { results, simulation } = await withWorkbench(ctx, async (workbench) => ({
      results: workbench.comparisons.aggregates(id, ctx.caller),
      simulation: values.simulate ? workbench.comparisons.simulate({ comparison: id, impressions, seed }) : null,
    }));
    if (values.json) {
      ctx.stdout(`${JSON.stringify({ ...results, simulation }, null, 2)}\n`);
      return 0;
    }
    ctx.stdout(formatResults(results));
    if (simulation) {
      const { agreeing, decided, rate } = simulation.agreement;
      ctx.stdout(`simulation (${impressions} impressions per query, seed ${seed}): interleaving agrees with nDCG on ${agreeing} of ${decided} queries (${percent(rate)})\n`);
    }
    return 0;
  },
};
