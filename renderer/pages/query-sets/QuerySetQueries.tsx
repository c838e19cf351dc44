import { useApi } from '../../api/useApi';
import type { QuerySetSummary } from './sample-format';

/** A set's queries in order, with the stratum each was sampled from. */
export function QuerySetQueries({ set }: { set: QuerySetSummary }) {
  const queries = useApi('querySets.queries', { id: set.id }, { topics: ['query-sets'] });
  const stratified = queries.data?.some((query) => query.stratum !== null) ?? false;
  return (
    <section aria-labelledby="set-queries-heading" className="set-queries">
      <h3 id="set-queries-heading">
        {set.name} <span className="muted">· {set.queryCount.toLocaleString()} queries</span>
      </h3>
      {queries.error && (
        <div className="banner banner-error" role="alert">
          {queries.error}
        </div>
      )}
      {queries.data && (
        <div className="table-card set-queries-scroll">
          <table className="data-table" aria-label={`Queries of ${set.name}`}>
            <thead>
              <tr>
                <th scope="col" className="num">
                  #
                </th>
                <th scope="col">id</th>
                <th scope="col">query</th>
                {stratified && <th scope="col">stratum</th>}
              </tr>
            </thead>
            <tbody>
              {queries.data.map((query) => (
                <tr key={query.position}>
                  <td className="num">{query.position + 1}</td>
                  <td>
                    <code>{query.queryId}</code>
                  </td>
                  <td>{query.text}</td>
                  {stratified && <td>{query.stratum ?? '—'}</td>}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
