import { useState } from 'react';
import { describeOrigin, type QuerySetSummary } from './sample-format';

interface QuerySetTableProps {
  sets: QuerySetSummary[] | undefined;
  selected: number | null;
  onView: (id: number) => void;
  /** Resolve when done; a rejection's message is shown by the page. */
  onCopy: (id: number, name: string) => Promise<unknown>;
  onDelete: (id: number) => Promise<unknown>;
}

/** The dataset's query sets with how each was made, its content hash and whether a task locked it. */
export function QuerySetTable({ sets, selected, onView, onCopy, onDelete }: QuerySetTableProps) {
  const [copying, setCopying] = useState<{ id: number; name: string } | null>(null);
  if (sets === undefined) return <p className="muted">Loading query sets…</p>;
  if (sets.length === 0) return <p className="muted">No query sets yet: create one below.</p>;
  return (
    <div className="table-card">
      <table className="data-table query-set-table" aria-label="Query sets">
        <thead>
          <tr>
            <th scope="col">name</th>
            <th scope="col" className="num">
              queries
            </th>
            <th scope="col">origin</th>
            <th scope="col">content hash</th>
            <th scope="col">state</th>
            <th scope="col">
              <span className="visually-hidden">actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {sets.map((set) => (
            <tr key={set.id} className={set.id === selected ? 'row-selected' : undefined} data-testid="query-set-row">
              <th scope="row">
                <button type="button" className="link-button set-name" onClick={() => onView(set.id)}>
                  {set.name}
                </button>
              </th>
              <td className="num">{set.queryCount.toLocaleString()}</td>
              <td className="origin-cell" title={JSON.stringify(set.origin)}>
                {describeOrigin(set.origin)}
              </td>
              <td>
                <code title={set.contentHash}>{set.contentHash.slice(0, 12)}</code>
              </td>
              <td>{set.locked ? <span className="badge badge-locked" title="Used by a rating task: copy it to change it">locked</span> : <span className="muted">open</span>}</td>
              <td className="actions-cell">
                {copying?.id === set.id ? (
                  <form
                    className="confirm"
                    onSubmit={(event) => {
                      event.preventDefault();
                      void onCopy(set.id, copying.name.trim()).then(() => setCopying(null), () => undefined);
                    }}
                  >
                    <input aria-label="Name of the copy" value={copying.name} onChange={(event) => setCopying({ id: set.id, name: event.target.value })} autoFocus />
                    <button type="submit" className="small-button">
                      Copy
                    </button>
                    <button type="button" className="small-button" onClick={() => setCopying(null)}>
                      Cancel
                    </button>
                  </form>
                ) : (
                  <>
                    <button type="button" className="small-button" onClick={() => setCopying({ id: set.id, name: `${set.name} copy` })}>
                      Copy…
                    </button>
                    <button type="button" className="small-button" onClick={() => void onDelete(set.id).catch(() => undefined)}>
                      Delete
                    </button>
                  </>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
