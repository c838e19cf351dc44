import { parseLabelSourceText } from '../../runs/label-source-text';
import type { RunLabelSource } from '../../runs/service';
import fs from 'node:fs';
import { formatTrecRun } from '../../ranking/trec-run';
import { withoutCvRun, type TrainingReport } from '../../training/training-report';
import { UsageError, type CliCommand } from '../command';
import { parseCommandArgs, parsePositiveInt } from '../options';
import { withJobProgress, withWorkbench } from '../with-workbench';
import { formatTable } from './datasets';

const usage =
  'relwb train DATASET --base VARIANT [--depth K] [--folds 5] [--seed N] [--trainer lambdamart|linear] [--trees N] [--learning-rate R] [--leaves N] [--labels qrels|task:ID|import:SOURCE [--min-agreement A] [--exclude-gold]] [--save NAME] [--cv-run FILE] [--json]';

function parseRate(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const rate = Number(value);
  if (!(rate > 0 && rate <= 1)) throw new UsageError(`--learning-rate must be in (0, 1], got "${value}"`);
  return rate;
}

const fixed = (value: number, digits = 4) => value.toFixed(digits);
const signed = (value: number) => `${value >= 0 ? '+' : ''}${fixed(value)}`;

/** The CV report as text: per fold, overall with the paired tests, the verdict, feature importance. */
export function formatTrainingReport(report: TrainingReport): string {
  const names = report.measures.map((m) => m.measure);
  const lines = [
    `${report.trainer} over ${report.base}'s top ${report.depth} on ${report.dataset}: ${report.queries} queries, ${report.rows} rows, ${report.folds}-fold CV by query (seed ${report.seed}), ${report.judgments}, ${report.featureSet}`,
    '',
    formatTable([
      ['fold', 'queries', 'trees', ...names.flatMap((name) => [`${name} base`, `${name} learned`])],
      ...report.perFold.map((fold) => [String(fold.fold), String(fold.queries), fold.trees === null ? '-' : String(fold.trees), ...fold.base.flatMap((base, i) => [fixed(base), fixed(fold.learned[i]!)])]),
    ]).trimEnd(),
    '',
    formatTable([
      ['measure', 'base', 'learned', 'delta', '95% CI', 't-test p', 'randomization p', 'MDE', 'win/tie/loss'],
      ...report.measures.map((m) => [
        m.measure,
        fixed(m.base),
        fixed(m.learned),
        signed(m.delta),
        `[${signed(m.confidenceInterval[0])}, ${signed(m.confidenceInterval[1])}]`,
        fixed(m.tTestPValue),
        fixed(m.randomizationPValue),
        fixed(m.minimumDetectableEffect),
        `${m.wins}/${m.ties}/${m.losses}`,
      ]),
    ]).trimEnd(),
    '',
    report.warning ? `WARNING: ${report.warning}` : `Better than ${report.base}: nDCG@10 gain is significant (paired t-test p < 0.05).`,
    '',
    'feature importance (final model):',
    ...report.featureImportance.map(({ feature, importance }) => `  ${feature.padEnd(24)} ${(importance * 100).toFixed(1).padStart(5)}%`),
  ];
  if (report.saved) lines.push('', `saved model "${report.saved.model}" in ${report.saved.dir} and variant "${report.saved.variant}"${report.warning ? ' (with the warning above)' : ''}`);
  return `${lines.join('\n')}\n`;
}

function labelsFrom(values: { labels?: string; 'min-agreement'?: string; 'exclude-gold'?: boolean }): RunLabelSource | undefined {
  const labels = values.labels === undefined ? undefined : parseLabelSourceText(values.labels);
  if (labels === null) throw new UsageError(`--labels must be qrels, task:ID or import:SOURCE, got "${values.labels}"`);
  const minAgreement = values['min-agreement'] === undefined ? undefined : Number(values['min-agreement']);
  if (minAgreement === undefined && !values['exclude-gold']) return labels;
  if (labels?.kind !== 'task') throw new UsageError('--min-agreement and --exclude-gold filter a rating task\'s consensus: use them with --labels task:ID');
  if (minAgreement !== undefined && !(minAgreement >= 0 && minAgreement <= 1)) throw new UsageError(`--min-agreement must be between 0 and 1, got "${values['min-agreement']}"`);
  return { ...labels, minAgreement, excludeGold: values['exclude-gold'] || undefined };
}

export const trainCommand: CliCommand = {
  path: ['train'],
  summary: 'Train a learned reranker (LambdaMART or linear) with k-fold cross-validation by query',
  help:
    `usage: ${usage}\n\nCollects each judged query's top K under the base variant with its features, cross-validates a ranker\n` +
    "by query (a query's documents are never in train and test at once) and reports nDCG@10 and MAP of the\n" +
    'base vs the learned rerank per fold and overall, with paired t and randomization tests, a bootstrap CI and\n' +
    'the minimum detectable effect. A model that does not beat the base with p < 0.05 is reported (and saved)\n' +
    'with a warning.\n\noptions:\n' +
    '  --base V          variant whose top K is reranked (required; it must not rerank itself)\n' +
    '  --depth K         candidates per query (default 100)\n' +
    '  --folds N         cross-validation folds (default 5)\n' +
    '  --seed N          folds, early-stopping split and feature sampling (default 42)\n' +
    '  --trainer T       lambdamart (default) or linear (coordinate ascent, a fast baseline)\n' +
    '  --trees N, --learning-rate R, --leaves N   LambdaMART parameters (defaults 300, 0.05, 15)\n' +
    "  --labels L        qrels (default), task:ID (a rating task's consensus) or import:SOURCE (imported judgments)\n" +
    "  --min-agreement A with task:ID, only pairs whose raters agree with the consensus label at least A (0-1) of the time\n" +
    '  --exclude-gold    with task:ID, leave the gold pairs out\n' +
    '  --save NAME       save the model trained on all queries to <data dir>/models/NAME and create variant NAME\n' +
    '  --cv-run FILE     write the cross-validated TREC run (each query ranked by the model not trained on it)\n' +
    '  --json            the report as JSON',
  async run(argv, ctx) {
    const { values, positionals } = parseCommandArgs(
      argv,
      {
        base: { type: 'string' },
        depth: { type: 'string' },
        folds: { type: 'string' },
        seed: { type: 'string' },
        trainer: { type: 'string' },
        trees: { type: 'string' },
        'learning-rate': { type: 'string' },
        leaves: { type: 'string' },
        labels: { type: 'string' },
        'min-agreement': { type: 'string' },
        'exclude-gold': { type: 'boolean' },
        save: { type: 'string' },
        'cv-run': { type: 'string' },
        json: { type: 'boolean' },
      },
      usage,
    );
    if (positionals.length !== 1) throw new UsageError(`expected one dataset name\nusage: ${usage}`);
    if (!values.base) throw new UsageError(`--base is required\nusage: ${usage}`);
    const trainer = values.trainer ?? 'lambdamart';
    if (trainer !== 'lambdamart' && trainer !== 'linear') throw new UsageError(`--trainer must be lambdamart or linear, got "${trainer}"`);
    const seed = values.seed === undefined ? undefined : Number(values.seed);
    if (seed !== undefined && !(Number.isInteger(seed) && seed >= 0)) throw new UsageError(`--seed must be a non-negative integer, got "${values.seed}"`);
    const args = {
      dataset: positionals[0]!,
      base: values.base,
      depth: parsePositiveInt(values.depth, '--depth', 100),
      folds: parsePositiveInt(values.folds, '--folds', 5),
      seed,
      trainer: trainer as 'lambdamart' | 'linear',
      labels: labelsFrom(values),
      params: { trees: values.trees === undefined ? undefined : parsePositiveInt(values.trees, '--trees', 300), learningRate: parseRate(values['learning-rate']), maxLeaves: values.leaves === undefined ? undefined : parsePositiveInt(values.leaves, '--leaves', 15) },
      save: values.save,
    };
    const report = await withJobProgress(ctx, (workbench) => workbench.training.start(args, ctx.caller).finished);
    if (values['cv-run']) {
      const byQuery = new Map<string, { id: string; score: number }[]>();
      for (const row of report.cvRun) byQuery.set(row.queryId, [...(byQuery.get(row.queryId) ?? []), { id: row.docId, score: row.score }]);
      fs.writeFileSync(values['cv-run'], formatTrecRun([...byQuery].map(([queryId, results]) => ({ queryId, results })), `cv-${report.trainer}`));
    }
    if (values.json) {
      ctx.stdout(`${JSON.stringify(withoutCvRun(report), null, 2)}\n`);
    } else {
      ctx.stdout(formatTrainingReport(report));
    }
    return 0;
  },
};

const importUsage = 'relwb models import FILE --format xgboost|lightgbm --name NAME [--index-base 1] [--base-score X] [--base VARIANT --depth K]';

export const modelsImportCommand: CliCommand = {
  path: ['models', 'import'],
  summary: 'Convert an XGBoost JSON or LightGBM text ranker to an ONNX ltr model (and a variant)',
  help:
    `usage: ${importUsage}\n\nReads a model trained elsewhere on an exported feature file (columns in the current feature set's order)\n` +
    'and writes it as ONNX to <data dir>/models/NAME, scored by the ltr rerank like an in-app model.\n\noptions:\n' +
    '  --format F        xgboost (a saved JSON model, or a dump_format=json dump) or lightgbm (model.txt)\n' +
    '  --name NAME       model id (and variant name with --base)\n' +
    '  --index-base N    the id of the first feature column in the training file: 1 for LETOR/SVMlight (default), 0\n' +
    "  --base-score X    XGBoost dumps only: the model's base_score (default 0.5; saved JSON models carry it)\n" +
    '  --base V          also create variant NAME: V\'s top K reranked by the model\n' +
    '  --depth K         candidates reranked with --base (default 100)',
  async run(argv, ctx) {
    const { values, positionals } = parseCommandArgs(
      argv,
      { format: { type: 'string' }, name: { type: 'string' }, 'index-base': { type: 'string' }, 'base-score': { type: 'string' }, base: { type: 'string' }, depth: { type: 'string' } },
      importUsage,
    );
    if (positionals.length !== 1) throw new UsageError(`expected one model file\nusage: ${importUsage}`);
    if (values.format !== 'xgboost' && values.format !== 'lightgbm') throw new UsageError(`--format must be xgboost or lightgbm\nusage: ${importUsage}`);
    if (!values.name) throw new UsageError(`--name is required\nusage: ${importUsage}`);
    const indexBase = values['index-base'] === undefined ? undefined : Number(values['index-base']);
    if (indexBase !== undefined && indexBase !== 0 && indexBase !== 1) throw new UsageError('--index-base must be 0 or 1');
    const baseScore = values['base-score'] === undefined ? undefined : Number(values['base-score']);
    if (baseScore !== undefined && !Number.isFinite(baseScore)) throw new UsageError('--base-score must be a number');
    const imported = await withWorkbench(ctx, (workbench) =>
      workbench.training.importModel({
        format: values.format as 'xgboost' | 'lightgbm',
        path: positionals[0]!,
        name: values.name!,
        indexBase,
        baseScore,
        base: values.base,
        depth: values.depth === undefined ? undefined : parsePositiveInt(values.depth, '--depth', 100),
      }),
    );
    ctx.stdout(`imported ${imported.trees} trees as model "${imported.model}" in ${imported.dir}${imported.variant ? ` and variant "${imported.variant}"` : ''}\n`);
    return 0;
  },
};
