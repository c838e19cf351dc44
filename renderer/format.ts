import type { JobSnapshot, JobUnit } from '../core/api/contract';

/** Scores span RRF's 0.03 to BM25's 30: four decimals below 100 keep small scores apart, one above. */
export const formatScore = (value: number): string => (Math.abs(value) >= 100 ? value.toFixed(1) : value.toFixed(4));

const UNIT_NAMES: Record<Exclude<JobUnit, 'bytes' | 'steps'>, string> = { documents: 'documents', queries: 'queries', pairs: 'pairs', trees: 'trees', lines: 'lines', judgments: 'judgments', rows: 'rows' };

/** 1,447,800 bytes → "1.4 MB": bytes are never shown as if they were a count of items. */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  let value = bytes / 1000;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${value.toFixed(value >= 100 ? 0 : 1)} ${units[unit]}`;
}

/** "about 12 s left" from the share done so far and the time it took; null until there is enough to go on. */
export function remainingTime(job: Pick<JobSnapshot, 'done' | 'total' | 'startedAt'>, now: number): string | null {
  const fraction = job.total > 0 ? job.done / job.total : 0;
  const elapsed = (now - Date.parse(job.startedAt)) / 1000;
  if (fraction < 0.02 || fraction >= 1 || elapsed < 1) return null;
  const left = Math.round((elapsed * (1 - fraction)) / fraction);
  return left < 60 ? `about ${Math.max(1, left)} s left` : `about ${Math.round(left / 60)} min left`;
}

/** A running job's progress line, in its own unit: "reading · 1.4 MB of 5.3 MB read · 27% · about 9 s left". */
export function progressText(job: JobSnapshot, now: number): string {
  if (job.state === 'done') return 'done · 100%';
  // Before the first count arrives the amount of work is unknown: say what is happening, not "0%".
  // A count without a known end (rows written so far): the count, no percentage.
  if (job.total === 0) return job.done > 0 && job.unit !== 'bytes' && job.unit !== 'steps' ? `${job.phase} · ${job.done.toLocaleString('en-US')} ${UNIT_NAMES[job.unit]}` : `${job.phase}…`;
  const percent = Math.round((job.done / job.total) * 100);
  const amount =
    job.unit === 'bytes'
      ? `${formatBytes(job.done)} of ${formatBytes(job.total)} read`
      : job.unit === 'steps'
        ? `step ${Math.min(job.done + 1, job.total)} of ${job.total}`
        : `${job.done.toLocaleString('en-US')} of ${job.total.toLocaleString('en-US')} ${UNIT_NAMES[job.unit]}`;
  return [job.phase, amount, `${percent}%`, remainingTime(job, now)].filter(Boolean).join(' · ');
}
