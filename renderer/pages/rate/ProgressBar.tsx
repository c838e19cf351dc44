/** The rater's own progress on the task: labels the server acknowledged, of all their items. */
export function ProgressBar({ saved, total }: { saved: number; total: number }) {
  const share = total === 0 ? 1 : saved / total;
  return (
    <div className="rate-progress" data-testid="rate-progress" data-saved={saved} data-total={total}>
      <div className="rate-progress-track" role="progressbar" aria-label="Labelled" aria-valuemin={0} aria-valuemax={total} aria-valuenow={saved}>
        <div className="rate-progress-fill" style={{ width: `${(share * 100).toFixed(2)}%` }} />
      </div>
      <span className="rate-progress-text">
        {saved} / {total} labelled
      </span>
    </div>
  );
}
