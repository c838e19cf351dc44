import { EXPORT_FORMATS, type ExportFormat } from '../../judgment-exchange/export-service';
import { parseSplit } from '../../judgment-exchange/split';
import { UsageError, type CliCommand } from '../command';
import { parseCommandArgs, parsePositiveInt } from '../options';
import { withJobProgress } from '../with-workbench';

const usage =
  `relwb export DATASET --format ${EXPORT_FORMATS.join('|')} --out PATH [--variant V] [--depth N] [--split 70/15/15] [--seed N]\n` +
  '       [--task ID | --source NAME] [--comparison ID] [--no-side-by-side] [--rater NAME] [--from DATE] [--to DATE] [--min-agreement X] [--exclude-gold] [--exclude-skips]';

export const exportCommand: CliCommand = {
  path: ['export'],
  summary: 'Export judgments (qrels, prefs, BEIR, JSONL, CSV, LETOR/LightGBM/XGBoost, pairs, RRE, OpenSearch)',
  help:
    `usage: ${usage}\n\nLabels are gains (scale value minus the scale's lowest value) except in JSONL, which carries both.\n` +
    "Default judgments: every rating task of the dataset; --source exports an imported source's instead.\n\noptions:\n" +
    '  --out PATH         the file; with --split a folder receiving train/validation/test files\n' +
    "  --variant V        feature formats: rows are each judged query's top --depth under V (unjudged: gain 0); computes missing features;\n" +
    "                     jsonl: V's stage scores of each pair in its top --depth, computed now (stages.computed: true)\n" +
    '  --depth N          with --variant, results per query (default 100)\n' +
    '  --split A/B/C      split by query into train/validation/test, stratified by segment\n' +
    '  --seed N           seed of the split (default 0)\n' +
    '  --min-agreement X  pairs whose raters agree with the consensus at least this share (0–1)\n' +
    "  --comparison ID    prefs/pairs: only this side-by-side comparison's preferences (and, without --task, its task's judgments)\n" +
    '  --no-side-by-side  prefs/pairs: leave out the document preferences side-by-side answers imply (included by default)',
  async run(argv, ctx) {
    const { values, positionals } = parseCommandArgs(
      argv,
      {
        format: { type: 'string' },
        out: { type: 'string' },
        variant: { type: 'string' },
        depth: { type: 'string' },
        split: { type: 'string' },
        seed: { type: 'string' },
        task: { type: 'string' },
        source: { type: 'string' },
        rater: { type: 'string' },
        from: { type: 'string' },
        to: { type: 'string' },
        'min-agreement': { type: 'string' },
        'exclude-gold': { type: 'boolean' },
        'exclude-skips': { type: 'boolean' },
        comparison: { type: 'string' },
        'no-side-by-side': { type: 'boolean' },
      },
      usage,
    );
    if (positionals.length !== 1) throw new UsageError(`expected one dataset name\nusage: ${usage}`);
    if (!values.format || !(EXPORT_FORMATS as readonly string[]).includes(values.format)) throw new UsageError(`--format must be one of ${EXPORT_FORMATS.join(', ')}\nusage: ${usage}`);
    if (!values.out) throw new UsageError(`--out is required\nusage: ${usage}`);
    const minAgreement = values['min-agreement'] === undefined ? undefined : Number(values['min-agreement']);
    if (minAgreement !== undefined && !(minAgreement >= 0 && minAgreement <= 1)) throw new UsageError('--min-agreement must be a number from 0 to 1');
    const seed = values.seed === undefined ? undefined : Number(values.seed);
    if (seed !== undefined && !(Number.isInteger(seed) && seed >= 0)) throw new UsageError('--seed must be a non-negative integer');
    const report = await withJobProgress(ctx, (workbench) =>
      workbench.judgmentExports.startExport({
        dataset: positionals[0]!,
        format: values.format as ExportFormat,
        out: values.out!,
        variant: values.variant,
        depth: parsePositiveInt(values.depth, '--depth', 100),
        split: values.split === undefined ? undefined : parseSplit(values.split),
        seed,
        task: values.task === undefined ? undefined : parsePositiveInt(values.task, '--task', 0),
        source: values.source,
        rater: values.rater,
        from: values.from,
        to: values.to,
        minAgreement,
        excludeGold: values['exclude-gold'] ?? false,
        excludeSkips: values['exclude-skips'] ?? false,
        comparison: values.comparison === undefined ? undefined : parsePositiveInt(values.comparison, '--comparison', 0),
        sideBySide: !(values['no-side-by-side'] ?? false),
      }).finished,
    );
    ctx.stdout(`exported ${report.judgments} judgments, ${report.pairs} labelled pairs of ${report.queries} queries: ${report.rows} rows as ${report.format}\n`);
    if (report.preferences > 0) ctx.stdout(`side-by-side: ${report.preferences} document preferences\n`);
    if (report.featureVersion) ctx.stdout(`features: ${report.featureVersion}; ${report.computedFeatures} rows computed at export, ${report.withoutFeatures} pairs left out without features\n`);
    for (const part of report.split ?? []) ctx.stdout(`${part.part}: ${part.queries} queries, ${part.rows} rows\n`);
    ctx.stdout(`wrote ${report.files.join(', ')}\n${report.format} ${report.drops}\n`);
    return 0;
  },
};
