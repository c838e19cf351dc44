import type { PageProps } from '../../app/routes';
import { ComparisonList, sideParam } from './ComparisonList';
import { ComparisonScreen } from './ComparisonScreen';
import './side-by-side.css';

/**
 * `#/side-by-side`: the comparisons; `#/side-by-side?comparison=ID[&query=QID]`: one comparison at one query;
 * `#/side-by-side?dataset=…&querySet=…&a=…&b=…&query=…` (the dashboard's per-query link): the comparisons of
 * those two sides, and the form filled in to freeze one.
 */
export function SideBySidePage({ route }: PageProps) {
  const { params } = route;
  const comparison = Number(params.get('comparison'));
  if (!Number.isInteger(comparison) || comparison <= 0) {
    const [dataset, querySet, a, b] = ['dataset', 'querySet', 'a', 'b'].map((key) => params.get(key));
    const wanted = dataset && querySet && a && b ? { dataset, querySet: Number(querySet), a: sideParam(a), b: sideParam(b), query: params.get('query') } : null;
    return <ComparisonList wanted={wanted} />;
  }
  return <ComparisonScreen key={comparison} comparison={comparison} queryParam={route.params.get('query')} />;
}
