/**
 * The rater's own progress on the task: labels the server acknowledged, of all their items, and how many
 * are still on their way to it.
 */
export function ProgressBar({ saved, pending, total }: { saved: number; pending: number; total: number }) {
  const share = total === 0 ? 1 : saved / total;
  return (
    <div className="rate-progress" data-testid="rate-progress" data-saved={saved} data-pending={pending} data-total={total}>
      <div className="rate-progress-track" role="progressbar" aria-label="Labelled" aria-valuemin={0} aria-valuemax={total} aria-valuenow={saved}>
        <div className="rate-progress-fill" style={{ width: `${(share * 100).toFixed(2)}%` }} />
      </div>
      <span className="rate-progress-text">
        {saved} / {total} labelled
        {pending > 0 && <span className="rate-progress-pending"> · saving {pending}…</span>}
      </span>
    </div>
  );
}
