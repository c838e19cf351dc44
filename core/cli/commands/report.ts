import { parseLabelSourceText } from '../../runs/label-source-text';
import fs from 'node:fs';
import { DEFAULT_COVERAGE_THRESHOLD, DEFAULT_DASHBOARD_K, DEFAULT_RUN_DEPTH } from '../../comparison/dashboard-service';
import { UsageError, type CliCommand } from '../command';
import { parseCommandArgs, parsePositiveInt } from '../options';
import { withJobProgress } from '../with-workbench';

const usage = 'relwb report DATASET --query-set ID (--variant V | --run ID)... [--labels qrels|task:ID|import:SOURCE] [-k 10] [--depth 100] [--seed N] [--format html|json] --out FILE';

export const reportCommand: CliCommand = {
  path: ['report'],
  summary: 'Write a comparison report (self-contained HTML or JSON) of the metrics dashboard',
  help: `usage: ${usage}

The Dashboard page's comparison as a file: runs of the variants over the query set (stored runs are
reused when the variant is unchanged) and stored runs by id, scored on the labels, with means and 95%
intervals, paired tests (Holm-corrected with 3+ runs), Tukey HSD, per-query deltas, segments, list
overlap, Judged@k coverage, and SHA-256 hashes of the query set, judgments, index, runs and models.
The HTML has no script and no external resource: it renders offline.

options:
  --query-set ID   the query set to compare on (required)
  --variant V      repeatable: a variant to run over the query set
  --run ID         repeatable: a stored run (see the Runs list)
  --labels L       qrels (default), task:ID (a rating task's consensus) or import:SOURCE (imported judgments)
  -k N             cutoff of nDCG, P, ERR, Judged and the overlaps (default ${DEFAULT_DASHBOARD_K})
  --depth N        depth of the runs made for --variant (default ${DEFAULT_RUN_DEPTH})
  --seed N         seed for bootstrap and randomization (default 42, as relwb compare)
  --format F       html (default) or json
  --out FILE       where to write the report (required)`,
  async run(argv, ctx) {
    const { values, positionals } = parseCommandArgs(
      argv,
      {
        'query-set': { type: 'string' },
        variant: { type: 'string', multiple: true },
        run: { type: 'string', multiple: true },
        labels: { type: 'string' },
        k: { type: 'string', short: 'k' },
        depth: { type: 'string' },
        seed: { type: 'string' },
        format: { type: 'string' },
        out: { type: 'string' },
      },
      usage,
    );
    if (positionals.length !== 1) throw new UsageError(`expected one dataset name\nusage: ${usage}`);
    if (!values.out) throw new UsageError(`--out is required\nusage: ${usage}`);
    const querySet = parsePositiveInt(values['query-set'], '--query-set', 0);
    if (querySet === 0) throw new UsageError(`--query-set is required\nusage: ${usage}`);
    const format = values.format ?? 'html';
    if (format !== 'html' && format !== 'json') throw new UsageError(`--format must be html or json, got "${format}"`);
    const labelsText = values.labels ?? 'qrels';
    const labels = parseLabelSourceText(labelsText);
    if (!labels) throw new UsageError(`--labels must be qrels, task:ID or import:SOURCE, got "${labelsText}"`);
    const k = parsePositiveInt(values.k, '-k', DEFAULT_DASHBOARD_K);
    const depth = parsePositiveInt(values.depth, '--depth', DEFAULT_RUN_DEPTH);
    if (k > 100 || depth > 1000 || depth < k) throw new UsageError('-k must be at most 100, and --depth at least k and at most 1000');
    const seed = values.seed === undefined ? undefined : parsePositiveInt(values.seed, '--seed', 42);
    const args = {
      dataset: positionals[0]!,
      querySet,
      runs: (values.run ?? []).map((id) => parsePositiveInt(id, '--run', 0)),
      variants: values.variant ?? [],
      labels,
      k,
      depth,
      seed,
      coverageThreshold: DEFAULT_COVERAGE_THRESHOLD,
      stratumWeighting: 'queries' as const,
    };
    const report = await withJobProgress(ctx, (workbench) => workbench.dashboard.report(args, format, ctx.caller));
    fs.writeFileSync(values.out, report.text);
    ctx.stdout(`wrote the ${format.toUpperCase()} report to ${values.out}\n`);
    return 0;
  },
};
