import { UsageError, type CliCommand } from '../command';
import { parseCommandArgs, parsePositiveInt } from '../options';
import { withWorkbench } from '../with-workbench';

const usage = 'relwb search NAME "text" [-k N] [--json]';

export const searchCommand: CliCommand = {
  path: ['search'],
  summary: 'Search a dataset with BM25',
  help: `usage: ${usage}\n\nPrints the top results for a query: rank, score, id and title.\n\noptions:\n  -k N     number of results (default 10, at most 1000)\n  --json   print the full response as JSON`,
  async run(argv, ctx) {
    const { values, positionals } = parseCommandArgs(argv, { k: { type: 'string', short: 'k' }, json: { type: 'boolean' } }, usage);
    if (positionals.length !== 2) throw new UsageError(`expected a dataset name and a query\nusage: ${usage}`);
    const [dataset, text] = positionals;
    if (text.trim() === '') throw new UsageError('the query text must not be empty');
    const k = parsePositiveInt(values.k, '-k', 10);
    if (k > 1000) throw new UsageError('-k must be at most 1000');
    const response = await withWorkbench(ctx, (workbench) => workbench.search({ dataset, text, k }));
    if (values.json) {
      ctx.stdout(`${JSON.stringify(response, null, 2)}\n`);
      return 0;
    }
    for (const result of response.results) {
      ctx.stdout(`${String(result.rank).padStart(4)}  ${(result.score ?? 0).toFixed(4).padStart(9)}  ${result.id}  ${result.title}\n`);
    }
    if (response.results.length === 0) ctx.stdout('no results\n');
    return 0;
  },
};
