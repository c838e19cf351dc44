import fs from 'node:fs';
import { readQuerySet } from '../../datasets/query-set-format';
import { formatTrecRun, type RunQueryResults } from '../../ranking/trec-run';
import { UsageError, type CliCommand } from '../command';
import { parseCommandArgs, parsePositiveInt } from '../options';
import { progressPrinter, withWorkbench } from '../with-workbench';

const usage = 'relwb run NAME --variant V [--queries FILE] [-k 1000] --out run.trec [--tag TAG]';

export const runCommand: CliCommand = {
  path: ['run'],
  summary: 'Run a variant over a query set and write a TREC run file',
  help:
    `usage: ${usage}\n\nWrites \`qid Q0 docid rank score tag\` lines, scores strictly decreasing within a query, ready for\n` +
    '`relwb eval`. Default queries: the dataset\'s queries that have judgments (all its queries if none do).\n\noptions:\n' +
    '  --variant V    ranker variant (required; see `relwb variants list`)\n' +
    '  --queries FILE a query set instead: .txt (one a line), .jsonl or .csv\n' +
    '  -k N           results per query (default 1000)\n' +
    '  --out FILE     where to write the run (required)\n' +
    '  --tag TAG      run tag (default: the variant name)',
  async run(argv, ctx) {
    const { values, positionals } = parseCommandArgs(
      argv,
      { variant: { type: 'string' }, queries: { type: 'string' }, k: { type: 'string', short: 'k' }, out: { type: 'string' }, tag: { type: 'string' } },
      usage,
    );
    if (positionals.length !== 1) throw new UsageError(`expected one dataset name\nusage: ${usage}`);
    if (!values.variant) throw new UsageError(`--variant is required\nusage: ${usage}`);
    if (!values.out) throw new UsageError(`--out is required\nusage: ${usage}`);
    const k = parsePositiveInt(values.k, '-k', 1000);
    if (k > 1000) throw new UsageError('-k must be at most 1000');
    const [dataset] = positionals;
    const variant = values.variant;
    const progress = progressPrinter(ctx);
    const runs = await withWorkbench(ctx, async (workbench) => {
      const queries = values.queries ? await readQuerySet(values.queries) : judgedQueries(workbench.listQueries(dataset), workbench.listQrels(dataset));
      const results: RunQueryResults[] = [];
      for (const [index, query] of queries.entries()) {
        progress('running queries', index, queries.length);
        const { ranked } = await workbench.rank({ dataset, text: query.text, k, variant });
        results.push({ queryId: query.queryId, results: ranked.map((result) => ({ id: result.doc.id, score: result.score })) });
      }
      return results;
    });
    fs.writeFileSync(values.out, formatTrecRun(runs, values.tag ?? variant));
    ctx.stderr('\n');
    ctx.stdout(`wrote ${runs.length} queries to ${values.out}\n`);
    return 0;
  },
};

function judgedQueries<Q extends { queryId: string }>(queries: Q[], qrels: { queryId: string }[]): Q[] {
  if (qrels.length === 0) return queries;
  const judged = new Set(qrels.map((qrel) => qrel.queryId));
  return queries.filter((query) => judged.has(query.queryId));
}
