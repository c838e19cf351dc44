import type { JobRegistry, ProgressReporter } from '../../jobs/jobs';
import { UsageError, type CliCommand } from '../command';
import { parseCommandArgs } from '../options';
import { progressPrinter, withWorkbench } from '../with-workbench';

const listUsage = 'relwb datasets list [--json]';

export const datasetsListCommand: CliCommand = {
  path: ['datasets', 'list'],
  summary: 'List imported datasets',
  help: `usage: ${listUsage}\n\nLists every imported dataset with its document, query and judgment counts.\n\noptions:\n  --json   print JSON instead of a table`,
  async run(argv, ctx) {
    const { values } = parseCommandArgs(argv, { json: { type: 'boolean' } }, listUsage);
    const datasets = await withWorkbench(ctx, async (workbench) => workbench.listDatasets());
    if (values.json) {
      ctx.stdout(`${JSON.stringify(datasets, null, 2)}\n`);
      return 0;
    }
    if (datasets.length === 0) {
      ctx.stdout('no datasets yet: import one with `relwb datasets import`, or run `relwb serve` to load the demos\n');
      return 0;
    }
    const rows = [['name', 'layout', 'format', 'docs', 'queries', 'qrels', 'indexed']].concat(
      datasets.map((d) => [d.name, d.layout, d.format, String(d.docCount), String(d.queryCount), String(d.qrelCount), d.indexedAt ?? 'no']),
    );
    const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
    ctx.stdout(rows.map((row) => row.map((cell, column) => cell.padEnd(widths[column])).join('  ').trimEnd()).join('\n') + '\n');
    return 0;
  },
};

const importUsage = 'relwb datasets import --format beir|pins DIR --name NAME';

export const datasetsImportCommand: CliCommand = {
  path: ['datasets', 'import'],
  summary: 'Import a dataset folder (BEIR or pins) and build its index',
  help:
    `usage: ${importUsage}\n\n` +
    'Imports all-or-nothing: a bad line stops the import with file:line and field, and nothing is kept.\n\n' +
    'formats:\n' +
    '  beir   corpus.jsonl (_id, title, text), queries.jsonl (_id, text), qrels/test.tsv (query-id, corpus-id, score)\n' +
    '  pins   pins.jsonl (id, title, description, tags[], board, image) with images relative to the folder\n\n' +
    'options:\n  --format F   beir or pins (required)\n  --name NAME  dataset name: letters, digits, - and _ (required)',
  async run(argv, ctx) {
    const { values, positionals } = parseCommandArgs(argv, { format: { type: 'string' }, name: { type: 'string' } }, importUsage);
    if (values.format !== 'beir' && values.format !== 'pins') throw new UsageError(`--format must be beir or pins\nusage: ${importUsage}`);
    if (!values.name) throw new UsageError(`--name is required\nusage: ${importUsage}`);
    if (positionals.length !== 1) throw new UsageError(`expected one folder, got ${positionals.length}\nusage: ${importUsage}`);
    const format = values.format;
    const name = values.name;
    const summary = await withWorkbench(ctx, async (workbench) => {
      const unsubscribe = followJobProgress(workbench.jobs.subscribe, progressPrinter(ctx));
      try {
        return await workbench.startImport({ format, dir: positionals[0], name }).finished;
      } finally {
        unsubscribe();
      }
    });
    ctx.stderr('\n');
    ctx.stdout(`imported ${summary.name}: ${summary.docCount} documents, ${summary.queryCount} queries, ${summary.qrelCount} judgments\n`);
    return 0;
  },
};

const indexUsage = 'relwb index NAME';

export const indexCommand: CliCommand = {
  path: ['index'],
  summary: "Rebuild a dataset's BM25 index",
  help: `usage: ${indexUsage}\n\nRebuilds the full-text (BM25) index of an imported dataset.`,
  async run(argv, ctx) {
    const { positionals } = parseCommandArgs(argv, {}, indexUsage);
    if (positionals.length !== 1) throw new UsageError(`expected one dataset name\nusage: ${indexUsage}`);
    const summary = await withWorkbench(ctx, async (workbench) => {
      const unsubscribe = followJobProgress(workbench.jobs.subscribe, progressPrinter(ctx));
      try {
        return await workbench.startReindex(positionals[0]).finished;
      } finally {
        unsubscribe();
      }
    });
    ctx.stderr('\n');
    ctx.stdout(`indexed ${summary.name}: ${summary.docCount} documents\n`);
    return 0;
  },
};

function followJobProgress(subscribe: JobRegistry['subscribe'], print: ProgressReporter): () => void {
  return subscribe((event) => {
    if (event.type === 'job' && event.job.state === 'running') print(event.job.phase, event.job.done, event.job.total);
  });
}
