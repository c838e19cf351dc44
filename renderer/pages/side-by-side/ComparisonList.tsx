import { useState } from 'react';
import type { ComparisonSummary } from '../../../core/api/contract';
import { useApi } from '../../api/useApi';
import { routeHash } from '../../app/router';
import { useWorkbench } from '../../app/WorkbenchData';
import { NewComparisonForm, type ComparisonDraft } from './NewComparisonForm';

/** A side named in a link: `run:ID` for a stored run, anything else a variant (the form's `variant:NAME`). */
export const sideParam = (side: string) => (side.startsWith('run:') ? side : `variant:${side}`);

/** Two sides someone asked to see side by side (from the dashboard), at one query. */
export interface WantedComparison extends ComparisonDraft {
  query: string | null;
}

/** The comparisons the caller takes part in, and (for a lead) the form that freezes a new one. */
export function ComparisonList({ wanted }: { wanted: WantedComparison | null }) {
  const comparisons = useApi('comparisons.list', {}, { topics: ['comparisons'] });
  const isLead = useWorkbench().role === 'lead';
  const [formOpen, setFormOpen] = useState(wanted !== null);
  const atQuery = (id: number) => routeHash('side-by-side', { comparison: String(id), query: wanted?.query });
  // A comparison of the same two variants over the same query set already holds the lists (in either order).
  const sameSides = (comparison: ComparisonSummary) =>
    wanted !== null &&
    comparison.dataset === wanted.dataset &&
    comparison.querySet === wanted.querySet &&
    comparison.sides !== null &&
    [wanted.a, wanted.b].sort().join() === [`variant:${comparison.sides.a}`, `variant:${comparison.sides.b}`].sort().join();
  const existing = comparisons.data?.filter(sameSides) ?? [];
  const [created, setCreated] = useState<ComparisonSummary | null>(null);
  return (
    <main className="page sbs-page">
      <section aria-labelledby="sbs-heading">
        <div className="section-head">
          <h2 id="sbs-heading">Side by side</h2>
          {isLead && !formOpen && (
            <button
              type="button"
              className="primary-button"
              onClick={() => {
                setCreated(null);
                setFormOpen(true);
              }}
            >
              New comparison
            </button>
          )}
        </div>
        {comparisons.error && (
          <div className="banner banner-error" role="alert">
            Could not load the comparisons: {comparisons.error}
          </div>
        )}
        {created && (
          <div className="banner banner-ok" role="status" data-testid="comparison-created">
            Created “{created.name}” over {created.queryCount} queries. <a href={atQuery(created.id)}>Open it →</a>
          </div>
        )}
        {wanted && !created && (
          <div className="banner" role="status" data-testid="wanted-comparison">
            {existing.length > 0 ? (
              <>
                Already compared side by side:{' '}
                {existing.map((comparison) => (
                  <a key={comparison.id} href={atQuery(comparison.id)}>
                    {comparison.name}
                  </a>
                ))}
                {isLead && ' — or freeze a new comparison below.'}
              </>
            ) : isLead ? (
              'No comparison of these two yet: the form below is filled in to freeze one.'
            ) : (
              'No comparison of these two yet: a lead can freeze one.'
            )}
          </div>
        )}
        {comparisons.data?.length === 0 && <p className="muted">No comparisons yet. A lead picks two variants or stored runs and a query set.</p>}
        {comparisons.data && comparisons.data.length > 0 && (
          <table className="sbs-table sbs-list-table">
            <thead>
              <tr>
                <th>Name</th>
                <th>Dataset</th>
                <th>Mode</th>
                <th>A</th>
                <th>B</th>
                <th>Queries</th>
                <th>Depth</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {comparisons.data.map((comparison) => (
                <tr key={comparison.id} data-testid="comparison-row" className={comparison.id === created?.id ? 'highlighted' : undefined}>
                  <td>{comparison.name}</td>
                  <td>{comparison.dataset}</td>
                  <td>
                    {comparison.mode}
                    {comparison.blind && <span className="badge">blind</span>}
                  </td>
                  <td>{comparison.sides?.a ?? 'hidden'}</td>
                  <td>{comparison.sides?.b ?? 'hidden'}</td>
                  <td>{comparison.queryCount}</td>
                  <td>{comparison.depth}</td>
                  <td>
                    <a className="small-button" href={routeHash('side-by-side', { comparison: String(comparison.id) })}>
                      Open
                    </a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      {isLead && formOpen && (
        <section aria-labelledby="new-comparison-heading" className="new-task-section">
          <h2 id="new-comparison-heading">New comparison</h2>
          <NewComparisonForm
            draft={wanted}
            onCreated={(comparison) => {
              setCreated(comparison);
              setFormOpen(false);
            }}
            onCancel={() => setFormOpen(false)}
          />
        </section>
      )}
    </main>
  );
}
