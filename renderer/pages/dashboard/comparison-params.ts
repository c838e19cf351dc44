import type { ArgsOf } from '../../../core/api/contract';
import { labelSourceText, parseLabelSourceText } from '../../components/label-source';

export type ComparisonArgs = ArgsOf<'dashboard.build'>;

/** The comparison the URL describes (`#/dashboard?dataset=…&querySet=…&labels=task:3&variants=a,b&runs=4&k=10`), or null when incomplete. */
export function comparisonFromParams(params: URLSearchParams): ComparisonArgs | null {
  const dataset = params.get('dataset');
  const querySet = Number(params.get('querySet'));
  if (!dataset || !Number.isInteger(querySet) || querySet <= 0) return null;
  const list = (name: string) => (params.get(name) ?? '').split(',').filter(Boolean);
  const runs = list('runs').map(Number).filter((id) => Number.isInteger(id) && id > 0);
  const variants = list('variants');
  if (runs.length + variants.length < 2) return null;
  const labels = parseLabelSourceText(params.get('labels') ?? 'qrels') ?? { kind: 'qrels' };
  const k = Number(params.get('k') ?? 10);
  return { dataset, querySet, runs, variants, labels, k: Number.isInteger(k) && k > 0 ? k : 10 };
}

export function paramsFromComparison(args: ComparisonArgs): Record<string, string> {
  const labels = labelSourceText(args.labels ?? { kind: 'qrels' });
  return {
    dataset: args.dataset,
    querySet: String(args.querySet),
    labels,
    runs: (args.runs ?? []).join(','),
    variants: (args.variants ?? []).join(','),
    k: String(args.k ?? 10),
  };
}
