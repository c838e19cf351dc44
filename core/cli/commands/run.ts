import fs from 'node:fs';
import { UsageError, type CliCommand } from '../command';
import { parseCommandArgs, parsePositiveInt } from '../options';
import { withJobProgress } from '../with-workbench';

const usage = 'relwb run NAME --variant V [--queries FILE] [-k 1000] --out run.trec [--tag TAG] [--name RUN]';

export const runCommand: CliCommand = {
  path: ['run'],
  summary: 'Run a variant over a query set, store the run and write a TREC run file',
  help:
    `usage: ${usage}\n\nWrites \`qid Q0 docid rank score tag\` lines, scores strictly decreasing within a query, ready for\n` +
    '`relwb eval`, and stores the run in the app (the Runs list) under its name.\n' +
    "Default queries: the dataset's queries that have judgments (all its queries if none do).\n\noptions:\n" +
    '  --variant V    ranker variant (required; see `relwb variants list`)\n' +
    '  --queries FILE a query set instead: .txt (one a line), .jsonl or .csv\n' +
    '  -k N           results per query (default 1000)\n' +
    '  --out FILE     where to write the run (required)\n' +
    '  --tag TAG      run tag in the file (default: the variant name)\n' +
    '  --name RUN     name of the stored run (default: the variant name, numbered if taken)',
  async run(argv, ctx) {
    const { values, positionals } = parseCommandArgs(
      argv,
      {
        variant: { type: 'string' },
        queries: { type: 'string' },
        k: { type: 'string', short: 'k' },
        out: { type: 'string' },
        tag: { type: 'string' },
        name: { type: 'string' },
      },
      usage,
    );
    if (positionals.length !== 1) throw new UsageError(`expected one dataset name\nusage: ${usage}`);
    if (!values.variant) throw new UsageError(`--variant is required\nusage: ${usage}`);
    if (!values.out) throw new UsageError(`--out is required\nusage: ${usage}`);
    const k = parsePositiveInt(values.k, '-k', 1000);
    if (k > 1000) throw new UsageError('-k must be at most 1000');
    const variant = values.variant;
    const queries = values.queries ? { kind: 'file' as const, path: values.queries } : { kind: 'judged' as const };
    const { run, text } = await withJobProgress(ctx, async (workbench) => {
      const stored = await workbench.runs.startRun({ dataset: positionals[0]!, variant, queries, k, name: values.name }, ctx.caller).finished;
      return { run: stored, text: workbench.runs.trecText(stored.id, values.tag ?? variant) };
    });
    fs.writeFileSync(values.out, text);
    ctx.stdout(`wrote ${run.queryCount} queries to ${values.out} (stored as run "${run.name}", id ${run.id})\n`);
    return 0;
  },
};
