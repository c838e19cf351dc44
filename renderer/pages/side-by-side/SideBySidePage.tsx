import type { PageProps } from '../../app/routes';
import { ComparisonList } from './ComparisonList';
import { ComparisonScreen } from './ComparisonScreen';
import './side-by-side.css';

/** `#/side-by-side`: the comparisons; `#/side-by-side?comparison=ID[&query=QID]`: one comparison at one query. */
export function SideBySidePage({ route }: PageProps) {
  const comparison = Number(route.params.get('comparison'));
  if (!Number.isInteger(comparison) || comparison <= 0) return <ComparisonList />;
  return <ComparisonScreen key={comparison} comparison={comparison} queryParam={route.params.get('query')} />;
}
