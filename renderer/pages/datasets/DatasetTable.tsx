import { useState } from 'react';
import type { DatasetSummary } from '../../../core/api/contract';
import { pageHref } from '../../app/router';
import { TableStatusRow } from '../../components/TableStatusRow';

interface DatasetTableProps {
  /** undefined while the first list is loading. */
  datasets: DatasetSummary[] | undefined;
  /** The dataset just imported, highlighted. */
  highlighted: string | null;
  onReindex: (name: string) => void;
  /** Resolves when the dataset is gone. */
  onDelete: (name: string) => Promise<unknown>;
}

/** Every imported dataset with its counts, dense models and vector index. */
export function DatasetTable({ datasets, highlighted, onReindex, onDelete }: DatasetTableProps) {
  /** The dataset whose delete button was pressed: its row asks to confirm. */
  const [confirming, setConfirming] = useState<string | null>(null);
  const [deleting, setDeleting] = useState(false);
  const confirmDelete = (name: string) => {
    setDeleting(true);
    onDelete(name).finally(() => {
      setDeleting(false);
      setConfirming(null);
    });
  };
  return (
    <div className="table-card">
      <table className="data-table" aria-label="Datasets">
        <thead>
          <tr>
            <th scope="col">name</th>
            <th scope="col">format</th>
            <th scope="col" className="num">
              documents
            </th>
            <th scope="col" className="num">
              queries
            </th>
            <th scope="col" className="num">
              judgments
            </th>
            <th scope="col">dense models</th>
            <th scope="col">vector index</th>
            <th scope="col">
              <span className="visually-hidden">actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          <TableStatusRow rows={datasets} columns={8} empty="No datasets yet: import one below." />
          {datasets?.map((dataset) => (
            <tr key={dataset.name} data-testid="dataset-row" data-name={dataset.name} className={highlighted === dataset.name ? 'row-new' : undefined}>
              <th scope="row">
                <a href={pageHref('search', { dataset: dataset.name, q: null })} title={`Search ${dataset.name}`}>
                  {dataset.name}
                </a>
              </th>
              <td>{dataset.format}</td>
              <td className="num" data-testid="dataset-docs">
                {dataset.docCount.toLocaleString()}
              </td>
              <td className="num" data-testid="dataset-queries">
                {dataset.queryCount.toLocaleString()}
              </td>
              <td className="num">{dataset.qrelCount.toLocaleString()}</td>
              <td>{dataset.denseModels.join(', ') || <span className="muted">none</span>}</td>
              <td>{dataset.denseModels.length === 0 ? <span className="muted">—</span> : dataset.annIndex ? 'IVF-PQ' : 'flat'}</td>
              <td className="actions-cell">
                {confirming === dataset.name ? (
                  <span className="confirm" role="group" aria-label={`Confirm deleting ${dataset.name}`}>
                    <span>
                      Delete {dataset.docCount.toLocaleString()} documents, {dataset.queryCount.toLocaleString()} queries and {dataset.qrelCount.toLocaleString()}{' '}
                      judgments?
                    </span>
                    <button type="button" className="small-button danger-button" disabled={deleting} onClick={() => confirmDelete(dataset.name)}>
                      {deleting ? 'Deleting…' : 'Delete'}
                    </button>
                    <button type="button" className="small-button" disabled={deleting} onClick={() => setConfirming(null)}>
                      Cancel
                    </button>
                  </span>
                ) : (
                  <>
                    <button type="button" className="small-button" onClick={() => onReindex(dataset.name)} aria-label={`Re-index ${dataset.name}`}>
                      Re-index
                    </button>
                    <button type="button" className="small-button" onClick={() => setConfirming(dataset.name)} aria-label={`Delete ${dataset.name}`}>
                      Delete…
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
