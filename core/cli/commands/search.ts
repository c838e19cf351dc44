import type { SearchResult } from '../../search/service';
import { UsageError, type CliCommand } from '../command';
import { parseCommandArgs, parsePositiveInt } from '../options';
import { withWorkbench } from '../with-workbench';

const usage = 'relwb search NAME "text" [--variant V] [-k N] [--explain] [--json]';

export const searchCommand: CliCommand = {
  path: ['search'],
  summary: 'Search a dataset with a ranker variant',
  help:
    `usage: ${usage}\n\nPrints the top results for a query: rank, score, id and title.\n\noptions:\n` +
    '  --variant V  ranker variant (default bm25; see `relwb variants list`)\n' +
    '  -k N         number of results (default 10, at most 1000)\n' +
    "  --explain    show each stage's rank and score and the ranking features of every result\n" +
    '  --json       print the full response as JSON',
  async run(argv, ctx) {
    const { values, positionals } = parseCommandArgs(
      argv,
      { k: { type: 'string', short: 'k' }, json: { type: 'boolean' }, variant: { type: 'string' }, explain: { type: 'boolean' } },
      usage,
    );
    if (positionals.length !== 2) throw new UsageError(`expected a dataset name and a query\nusage: ${usage}`);
    const [dataset, text] = positionals;
    if (text.trim() === '') throw new UsageError('the query text must not be empty');
    const k = parsePositiveInt(values.k, '-k', 10);
    if (k > 1000) throw new UsageError('-k must be at most 1000');
    const variant = values.variant ?? 'bm25';
    const response = await withWorkbench(ctx, (workbench) => workbench.search.search({ dataset, text, k, variant, features: values.explain }));
    if (values.json) {
      ctx.stdout(`${JSON.stringify(response, null, 2)}\n`);
      return 0;
    }
    for (const result of response.results) {
      ctx.stdout(`${String(result.rank).padStart(4)}  ${(result.score ?? 0).toFixed(4).padStart(9)}  ${result.id}  ${result.title}\n`);
      if (values.explain) ctx.stdout(explainLines(result));
    }
    if (response.results.length === 0) ctx.stdout('no results\n');
    return 0;
  },
};

function explainLines({ explanation }: SearchResult): string {
  if (!explanation) return '';
  const stage = (name: string, value: { rank: number; score: number } | null) =>
    value ? `${name} #${value.rank} (${value.score.toFixed(4)})` : `${name} —`;
  const parts = Object.entries(explanation.retrievers).map(([key, value]) => stage(key, value));
  if (explanation.fusion) parts.push(stage(`fusion:${explanation.fusion.kind}`, explanation.fusion));
  if (explanation.rerank) parts.push(stage(`rerank:${explanation.rerank.model}`, explanation.rerank));
  const lines = [`        stages: ${parts.join(' → ')}`];
  if (explanation.features) {
    const { names, values, version } = explanation.features;
    lines.push(`        features (${version}): ${names.map((name, i) => `${name}=${Number(values[i].toFixed(4))}`).join(' ')}`);
  }
  return lines.join('\n') + '\n';
}
