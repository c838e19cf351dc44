import { COMPARISON_DEFAULTS, compareEvaluations, evaluateRunFile, formatFixed, loadQrels, type MeasureComparison } from '../../eval';
import { UsageError, type CliCommand } from '../command';
import { parseCommandArgs } from '../options';
import { evaluationFlags, evaluationOptionsFrom, reportingInputErrors } from './eval';

const usage = 'relwb compare QRELS RUN_A RUN_B [RUN_C...] [-m MEASURE]... [-l LEVEL] [-M N] [--seed N] [--json]';
export const DEFAULT_COMPARE_MEASURES = ['map', 'ndcg_cut.10', 'P.10', 'recip_rank'];
const { seed: DEFAULT_SEED, resamples: RESAMPLES, permutations: PERMUTATIONS } = COMPARISON_DEFAULTS;

function parseSeed(value: string | undefined): number {
  if (value === undefined) return DEFAULT_SEED;
  const seed = Number(value);
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) throw new UsageError(`--seed must be an integer from 0 to 4294967295, got "${value}"`);
  return seed;
}

function signed(value: number): string {
  return `${value >= 0 ? '+' : ''}${formatFixed(value, 4)}`;
}

function formatP(value: number): string {
  return value < 0.0001 ? '<0.0001' : formatFixed(value, 4);
}

function formatComparisons(runNames: readonly string[], queries: number, comparisons: readonly MeasureComparison[]): string {
  const lines = [`queries: ${queries} (every judged query; missing results score 0)`, ''];
  const labels = runNames.map((_, i) => String.fromCharCode(65 + (i % 26)) + (i >= 26 ? String(Math.floor(i / 26)) : ''));
  runNames.forEach((name, i) => lines.push(`  ${labels[i]}  ${name}`));
  const holm = runNames.length > 2;
  for (const comparison of comparisons) {
    lines.push('', comparison.measure);
    comparison.means.forEach((mean, i) => lines.push(`  ${labels[i]!.padEnd(4)} mean ${formatFixed(mean, 4)}`));
    const header = ['pair', 'delta', '95% CI (bootstrap)', 't-test p', 'rand. p', ...(holm ? ['t p Holm', 'rand. p Holm'] : []), 'W/T/L', 'd_z', 'MDE@80%', 'queries for delta'];
    const rows = comparison.pairs.map((pair) => [
      `${labels[pair.contender]}-${labels[pair.baseline]}`,
      signed(pair.delta),
      `[${signed(pair.confidenceInterval[0])}, ${signed(pair.confidenceInterval[1])}]`,
      formatP(pair.tTest.pValue),
      formatP(pair.randomizationPValue),
      ...(holm ? [formatP(pair.tTestPValueHolm), formatP(pair.randomizationPValueHolm)] : []),
      `${pair.winTieLoss.wins}/${pair.winTieLoss.ties}/${pair.winTieLoss.losses}`,
      formatFixed(pair.effectSizeDz, 3),
      formatFixed(pair.minimumDetectableEffect, 4),
      Number.isFinite(pair.queriesNeededForDelta) ? String(pair.queriesNeededForDelta) : 'n/a',
    ]);
    const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
    for (const row of [header, ...rows]) lines.push(`  ${row.map((cell, column) => cell.padEnd(widths[column]!)).join('  ')}`.trimEnd());
  }
  return `${lines.join('\n')}\n`;
}

export const compareCommand: CliCommand = {
  path: ['compare'],
  summary: 'Compare runs with paired significance tests',
  help: `usage: ${usage}

For each measure: the mean of every run, then for every pair of runs (later run minus earlier run)
the mean difference, its 95% bootstrap confidence interval (${RESAMPLES} resamples), two-sided p-values
of the paired t-test and of a Fisher randomization test (${PERMUTATIONS} sign flips), win/tie/loss
counts, Cohen's d_z, the minimum detectable effect at 80% power (alpha 0.05) for the observed
variance, and the number of queries needed to detect the observed difference. With 3 or more runs
the p-values are also Holm-corrected over all pairs. Every query in QRELS is used (like -c).

options:
  -m MEASURE   repeatable (default: ${DEFAULT_COMPARE_MEASURES.join(', ')}); any per-query measure of relwb eval
  -l LEVEL     minimum judgment value counted as relevant (default 1)
  -M N         evaluate only the top N documents per query
  --gain exp   exponential gain for the nDCG family
  --seed N     seed for bootstrap and randomization (default ${DEFAULT_SEED})
  --json       print JSON`,
  async run(argv, ctx) {
    const { values, positionals } = parseCommandArgs(argv, { ...evaluationFlags, seed: { type: 'string' } }, usage);
    if (positionals.length < 3) throw new UsageError(`expected QRELS and at least two runs\nusage: ${usage}`);
    const options = { ...evaluationOptionsFrom(values, DEFAULT_COMPARE_MEASURES), averageOverAllJudgedQueries: true };
    const seed = parseSeed(values.seed);
    const [qrelsFile, ...runFiles] = positionals as [string, ...string[]];
    return reportingInputErrors(ctx, () => {
      const qrels = loadQrels(qrelsFile);
      const evaluations = runFiles.map((file) => evaluateRunFile(qrels, file, options));
      const comparison = compareEvaluations(evaluations, { seed });
      if (comparison.measures.length === 0) throw new UsageError('none of the requested measures has per-query values to compare');
      const comparisons = comparison.measures;
      const runNames = evaluations.map((evaluation, i) => `${runFiles[i]} (${evaluation.runId})`);
      if (values.json) {
        const json = { queries: comparison.queryIds.length, seed, runs: runFiles.map((file, i) => ({ file, runId: evaluations[i]!.runId })), measures: comparisons.map(({ perQuery: _perQuery, ...rest }) => rest) };
        ctx.stdout(`${JSON.stringify(json, (_key, value: unknown) => (typeof value === 'number' && !Number.isFinite(value) ? null : value), 2)}\n`);
      } else ctx.stdout(formatComparisons(runNames, evaluations[0]!.queryIds.length, comparisons));
      return 0;
    });
  },
};
