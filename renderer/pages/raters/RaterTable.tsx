import { useState } from 'react';
import type { ResultOf } from '../../../core/api/contract';
import { TableStatusRow } from '../../components/TableStatusRow';

type Rater = ResultOf<'raters.list'>[number];

interface RaterTableProps {
  raters: Rater[] | undefined;
  /** The rater whose link was just made, highlighted. */
  highlighted: number | null;
  /** Resolves when the new token is issued (or the call failed). */
  onRotate: (rater: Rater) => Promise<unknown>;
}

/** Every profile with its role and who made it; a new link replaces the old one, so it asks first. */
export function RaterTable({ raters, highlighted, onRotate }: RaterTableProps) {
  const [confirming, setConfirming] = useState<number | null>(null);
  const [rotating, setRotating] = useState(false);
  const rotate = (rater: Rater) => {
    setRotating(true);
    void onRotate(rater).finally(() => {
      setRotating(false);
      setConfirming(null);
    });
  };
  return (
    <div className="table-card">
      <table className="data-table" aria-label="Raters">
        <thead>
          <tr>
            <th scope="col">name</th>
            <th scope="col">role</th>
            <th scope="col">link</th>
            <th scope="col">created</th>
            <th scope="col">by</th>
            <th scope="col">
              <span className="visually-hidden">actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          <TableStatusRow rows={raters} columns={6} empty="No raters yet: add one below and send them their link." />
          {raters?.map((rater) => (
            <tr key={rater.id} data-testid="rater-row" data-name={rater.name} className={rater.id === highlighted ? 'row-new' : undefined}>
              <th scope="row">{rater.name}</th>
              <td>
                <span className={rater.role === 'lead' ? 'badge badge-saved' : 'badge'}>{rater.role}</span>
              </td>
              <td>{rater.hasToken ? 'issued' : <span className="muted">none (this computer’s user)</span>}</td>
              <td>{new Date(rater.createdAt).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })}</td>
              <td>{rater.createdBy}</td>
              <td className="actions-cell">
                {!rater.hasToken ? null : confirming === rater.id ? (
                  <span className="confirm" role="group" aria-label={`Confirm a new link for ${rater.name}`}>
                    <span>{rater.name}’s current link stops working.</span>
                    <button type="button" className="small-button danger-button" disabled={rotating} onClick={() => rotate(rater)}>
                      {rotating ? 'Making…' : 'Make new link'}
                    </button>
                    <button type="button" className="small-button" disabled={rotating} onClick={() => setConfirming(null)}>
                      Cancel
                    </button>
                  </span>
                ) : (
                  <button type="button" className="small-button" onClick={() => setConfirming(rater.id)} aria-label={`New link for ${rater.name}`}>
                    New link…
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
