import { IMPORT_FORMATS, type ImportFormat } from '../../judgment-exchange/formats/readers';
import { parseLevelMapping } from '../../judgment-exchange/scales';
import { UsageError, type CliCommand } from '../command';
import { parseCommandArgs } from '../options';
import { withJobProgress } from '../with-workbench';

const usage = `relwb judgments import DATASET --format ${IMPORT_FORMATS.join('|')} FILE [--source NAME] [--scale NAME] [--map 0=1,1=2,…] [--skip-unknown]`;

export const judgmentsImportCommand: CliCommand = {
  path: ['judgments', 'import'],
  summary: 'Import judgments from a file, attributed to an imported source',
  help:
    `usage: ${usage}\n\nReads the whole file first: any bad line stops the import with file:line and nothing is written.\n` +
    'Importing the same file again under the same source changes nothing. Progress goes to stderr.\n\noptions:\n' +
    '  --format F      qrels (TREC), beir (qrels TSV), quepid-csv, rre (ratings JSON, both shapes), srw (OpenSearch), jsonl (ours)\n' +
    '  --source NAME   who the judgments are attributed to (default: the file name without extension)\n' +
    '  --scale NAME    the scale to map onto (default: the smallest built-in scale holding the file\'s levels)\n' +
    '  --map A=B,…     file level A becomes scale value B (when the file\'s levels are not the scale\'s)\n' +
    '  --skip-unknown  leave out judgments of queries or documents the dataset lacks, and list them (default: refuse the file)',
  async run(argv, ctx) {
    const { values, positionals } = parseCommandArgs(
      argv,
      { format: { type: 'string' }, source: { type: 'string' }, scale: { type: 'string' }, map: { type: 'string' }, 'skip-unknown': { type: 'boolean' } },
      usage,
    );
    if (positionals.length !== 2) throw new UsageError(`expected a dataset name and a file\nusage: ${usage}`);
    if (!values.format || !(IMPORT_FORMATS as readonly string[]).includes(values.format)) throw new UsageError(`--format must be one of ${IMPORT_FORMATS.join(', ')}\nusage: ${usage}`);
    const [dataset, file] = positionals as [string, string];
    const report = await withJobProgress(ctx, (workbench) =>
      workbench.judgmentImports.startImport(
        {
          dataset,
          format: values.format as ImportFormat,
          path: file,
          source: values.source,
          scale: values.scale,
          mapping: values.map === undefined ? undefined : parseLevelMapping(values.map),
          skipUnknown: values['skip-unknown'] ?? false,
        },
        ctx.caller,
      ).finished,
    );
    const { import: entry } = report;
    if (report.alreadyImported) {
      ctx.stdout(`already imported: ${entry.fileName} is import ${entry.id} of source "${entry.source}" (${entry.judgments} judgments); nothing changed\n`);
      return 0;
    }
    ctx.stdout(`imported ${entry.judgments} judgments from ${entry.fileName} as source "${entry.source}" on scale ${entry.scaleId} (import ${entry.id})\n`);
    if (report.leftOut > 0) ctx.stdout(`left out ${report.leftOut} judgments\n`);
    if (report.unknownQueries.length > 0) ctx.stdout(`unknown queries (${report.unknownQueries.length}): ${report.unknownQueries.slice(0, 20).join(' ')}\n`);
    if (report.unknownDocuments.length > 0) ctx.stdout(`unknown documents (${report.unknownDocuments.length}): ${report.unknownDocuments.slice(0, 20).join(' ')}\n`);
    return 0;
  },
};
