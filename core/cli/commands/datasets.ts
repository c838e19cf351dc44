import type { ImportFormat } from '../../datasets/import-dataset';
import { UsageError, type CliCommand, type CliContext } from '../command';
import { parseCommandArgs } from '../options';
import { withJobProgress, withWorkbench } from '../with-workbench';

/** `--map` parsed; loaded on use so that commands other than imports start without zod. */
async function fieldMapping(spec: string) {
  const { parseFieldMappingSpec } = await import('../../datasets/field-mapping');
  return parseFieldMappingSpec(spec);
}

const listUsage = 'relwb datasets list [--json]';

export const datasetsListCommand: CliCommand = {
  path: ['datasets', 'list'],
  summary: 'List imported datasets',
  help: `usage: ${listUsage}\n\nLists every imported dataset with its document, query and judgment counts.\n\noptions:\n  --json   print JSON instead of a table`,
  async run(argv, ctx) {
    const { values } = parseCommandArgs(argv, { json: { type: 'boolean' } }, listUsage);
    const datasets = await withWorkbench(ctx, async (workbench) => workbench.datasets.list());
    if (values.json) {
      ctx.stdout(`${JSON.stringify(datasets, null, 2)}\n`);
      return 0;
    }
    if (datasets.length === 0) {
      ctx.stdout('no datasets yet: import one with `relwb import`, or run `relwb serve` to load the demos\n');
      return 0;
    }
    ctx.stdout(
      formatTable([
        ['name', 'layout', 'format', 'docs', 'queries', 'qrels', 'dense models', 'vector index'],
        ...datasets.map((d) => [d.name, d.layout, d.format, String(d.docCount), String(d.queryCount), String(d.qrelCount), d.denseModels.join(',') || '-', d.annIndex ? 'IVF-PQ' : 'flat']),
      ]),
    );
    return 0;
  },
};

export function formatTable(rows: string[][]): string {
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  return rows.map((row) => row.map((cell, column) => cell.padEnd(widths[column])).join('  ').trimEnd()).join('\n') + '\n';
}

const importUsage =
  'relwb import --format beir|pins|jsonl|csv PATH --name NAME [--map FIELD=COLUMN,...] [--vector-model M] [--dense-model M]... [--no-dense] [--queries FILE] [--no-stem] [--keep-stop-words]';
const importHelp =
  `usage: ${importUsage}\n       (also: relwb datasets import …)\n\n` +
  'Imports all-or-nothing and builds the indexes: a bad line stops the import with file:line and field, and nothing is kept.\n\n' +
  'formats:\n' +
  '  beir   a folder: corpus.jsonl (_id, title, text), queries.jsonl (_id, text), qrels/test.tsv (query-id, corpus-id, score)\n' +
  '  pins   a folder: pins.jsonl (id, title, description, tags[], board, image) with images relative to it\n' +
  '  jsonl  a file of JSON objects, one a line, read through --map\n' +
  '  csv    a CSV file with a header row, read through --map\n\n' +
  'options:\n' +
  '  --name NAME          dataset name: letters, digits, - and _ (required)\n' +
  '  --map SPEC           jsonl/csv field mapping, e.g. id=doc_id,title=name,text=body,tags=labels,board=category,\n' +
  '                       image=img,popularity=saves,createdAt=created,vector=embedding (dot paths reach into JSON)\n' +
  '  --vector-model M     the bi-encoder that made the mapped vector column (queries are encoded with it)\n' +
  '  --dense-model M      embed documents with this bi-encoder (repeatable; default glove-100d)\n' +
  '  --no-dense           embed nothing at import (BM25 only, fastest)\n' +
  '  --queries FILE       a query set for jsonl/csv imports: .txt (one a line), .jsonl or .csv\n' +
  '  --no-stem            BM25 without English stemming\n' +
  '  --keep-stop-words    BM25 without stop-word removal';

async function runImport(argv: string[], ctx: CliContext): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    argv,
    {
      format: { type: 'string' },
      name: { type: 'string' },
      map: { type: 'string' },
      'vector-model': { type: 'string' },
      'dense-model': { type: 'string', multiple: true },
      'no-dense': { type: 'boolean' },
      queries: { type: 'string' },
      'no-stem': { type: 'boolean' },
      'keep-stop-words': { type: 'boolean' },
    },
    importUsage,
  );
  const format = values.format as ImportFormat;
  const { IMPORT_FORMATS } = await import('../../datasets/import-dataset');
  if (!IMPORT_FORMATS.includes(format)) throw new UsageError(`--format must be one of ${IMPORT_FORMATS.join(', ')}\nusage: ${importUsage}`);
  if (!values.name) throw new UsageError(`--name is required\nusage: ${importUsage}`);
  if (positionals.length !== 1) throw new UsageError(`expected one folder or file, got ${positionals.length}\nusage: ${importUsage}`);
  if ((format === 'jsonl' || format === 'csv') !== Boolean(values.map)) {
    throw new UsageError(format === 'jsonl' || format === 'csv' ? `--map is required for ${format}` : `--map applies to jsonl and csv only`);
  }
  if (values['no-dense'] && values['dense-model']) throw new UsageError('--no-dense and --dense-model contradict each other');
  const request = {
    format,
    path: positionals[0],
    name: values.name,
    mapping: values.map ? await fieldMapping(values.map) : undefined,
    vectorModel: values['vector-model'],
    denseModels: values['no-dense'] ? [] : values['dense-model'],
    queries: values.queries,
    analyzer: { stem: !values['no-stem'], removeStopWords: !values['keep-stop-words'] },
  };
  const summary = await withJobProgress(ctx, (workbench) => workbench.datasets.startImport(request).finished);
  ctx.stdout(`imported ${summary.name}: ${summary.docCount} documents, ${summary.queryCount} queries, ${summary.qrelCount} judgments\n`);
  return 0;
}

export const importCommand: CliCommand = { path: ['import'], summary: 'Import a dataset (BEIR, pins, JSONL or CSV) and build its indexes', help: importHelp, run: runImport };
export const datasetsImportCommand: CliCommand = { ...importCommand, path: ['datasets', 'import'], summary: 'Same as `relwb import`' };

const addUsage = 'relwb datasets add NAME --format pins|jsonl|csv PATH [--map FIELD=COLUMN,...] [--vector-model M]';

export const datasetsAddCommand: CliCommand = {
  path: ['datasets', 'add'],
  summary: 'Add documents to an imported dataset and update its indexes incrementally',
  help:
    `usage: ${addUsage}\n\nAppends documents (new ids only) to an existing dataset, embeds them with the dataset's dense models and\n` +
    'folds them into its indexes. All-or-nothing: a bad line leaves the dataset as it was.',
  async run(argv, ctx) {
    const { values, positionals } = parseCommandArgs(
      argv,
      { format: { type: 'string' }, map: { type: 'string' }, 'vector-model': { type: 'string' } },
      addUsage,
    );
    const format = values.format as ImportFormat;
    if (!['pins', 'jsonl', 'csv'].includes(format)) throw new UsageError(`--format must be pins, jsonl or csv\nusage: ${addUsage}`);
    if (positionals.length !== 2) throw new UsageError(`expected a dataset name and a folder or file\nusage: ${addUsage}`);
    if ((format === 'jsonl' || format === 'csv') !== Boolean(values.map)) throw new UsageError(`--map is required for jsonl and csv, and only for them`);
    const [name, source] = positionals;
    const request = { format, path: source, name, mapping: values.map ? await fieldMapping(values.map) : undefined, vectorModel: values['vector-model'] };
    const { added, dataset } = await withJobProgress(ctx, (workbench) => workbench.datasets.startAppend(request).finished);
    ctx.stdout(`added ${added} documents to ${dataset.name}: ${dataset.docCount} documents\n`);
    return 0;
  },
};

const deleteUsage = 'relwb datasets delete NAME --yes';

export const datasetsDeleteCommand: CliCommand = {
  path: ['datasets', 'delete'],
  summary: 'Delete a dataset with its documents, indexes, media, queries, judgments and runs',
  help:
    `usage: ${deleteUsage}\n\nDeletes the dataset and everything stored for it. --yes confirms; without it nothing is deleted.\n` +
    'A deleted demo dataset (pins, cranfield) is not imported again at the next start.',
  async run(argv, ctx) {
    const { values, positionals } = parseCommandArgs(argv, { yes: { type: 'boolean' } }, deleteUsage);
    if (positionals.length !== 1) throw new UsageError(`expected one dataset name\nusage: ${deleteUsage}`);
    const name = positionals[0]!;
    return withWorkbench(ctx, async (workbench) => {
      const summary = workbench.datasets.summary(name);
      if (!values.yes) {
        ctx.stderr(`this deletes "${name}": ${summary.docCount} documents, ${summary.queryCount} queries, ${summary.qrelCount} judgments; pass --yes to confirm\n`);
        return 2;
      }
      await workbench.datasets.remove(name);
      ctx.stdout(`deleted dataset ${name}\n`);
      return 0;
    });
  },
};

const indexUsage = 'relwb index NAME';

export const indexCommand: CliCommand = {
  path: ['index'],
  summary: "Rebuild a dataset's indexes (BM25, filters, vectors), taking in added documents",
  help: `usage: ${indexUsage}\n\nRebuilds the BM25, board-filter and (for large datasets) IVF-PQ vector indexes of an imported dataset.`,
  async run(argv, ctx) {
    const { positionals } = parseCommandArgs(argv, {}, indexUsage);
    if (positionals.length !== 1) throw new UsageError(`expected one dataset name\nusage: ${indexUsage}`);
    const summary = await withJobProgress(ctx, (workbench) => workbench.datasets.startReindex(positionals[0]).finished);
    ctx.stdout(`indexed ${summary.name}: ${summary.docCount} documents (vector index: ${summary.annIndex ? 'IVF-PQ' : 'flat'})\n`);
    return 0;
  },
};
