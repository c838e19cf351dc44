/**
 * The rating screen's bookkeeping, kept pure so it can be tested without a browser: what a pair's label
 * is and whether the server has it, which items to fetch ahead, and the run of items of one query.
 */
import type { RatingQueue } from '../../../core/api/contract';

export type QueueEntry = RatingQueue['entries'][number];
export type Scale = RatingQueue['task']['spec']['scale'];

/** A grade on the task's scale, or a skip with its reason; a note may go with either. */
export type LabelValue = { grade: number; skip?: undefined; note?: string } | { skip: string; grade?: undefined; note?: string };

/**
 * One pair's label as the screen knows it. `saving`: sent, not yet acknowledged; `saved`: the server
 * answered, so it is durable; `error`: the server refused or could not be reached. `value` null: no label
 * (never labelled, or taken back).
 */
export interface LabelState {
  value: LabelValue | null;
  status: 'saving' | 'saved' | 'error';
  error?: string;
}

/** The reasons a rater may skip a pair (core/rating/scales.ts SKIP_REASONS), as the screen words them. */
export const SKIP_REASONS: readonly { id: string; label: string }[] = [
  { id: 'query-unclear', label: 'The query is unclear' },
  { id: 'document-unavailable', label: 'The document or image does not load' },
  { id: 'language', label: 'A language I cannot read' },
  { id: 'needs-expertise', label: 'Needs expertise I do not have' },
  { id: 'other', label: 'Other (say why in a note)' },
];

export const skipReasonLabel = (id: string) => SKIP_REASONS.find((reason) => reason.id === id)?.label ?? id;

/** Items are fetched this many at a time (tasks.items takes at most 50)… */
export const ITEM_BATCH = 25;
/** …whenever fewer than this many items after the current one are loaded or on their way. */
export const FETCH_AHEAD = 15;

/**
 * The pair indexes to fetch now: the next unrequested entries from `position` on, in batches of
 * {@link ITEM_BATCH}, when fewer than {@link FETCH_AHEAD} entries ahead are covered. Empty when enough are.
 */
export function pairsToFetch(entries: readonly QueueEntry[], position: number, requested: ReadonlySet<number>): number[][] {
  const end = Math.min(entries.length, position + FETCH_AHEAD + 1);
  const missing = entries.slice(Math.max(0, position), end).filter((entry) => !requested.has(entry.pairIndex));
  if (missing.length === 0) return [];
  // Fetch a whole batch from the first missing entry, so the next round trip comes late and rarely.
  const from = entries.indexOf(missing[0]!);
  const batch = entries
    .slice(from, from + ITEM_BATCH * 2)
    .filter((entry) => !requested.has(entry.pairIndex))
    .slice(0, ITEM_BATCH)
    .map((entry) => entry.pairIndex);
  return [batch];
}

/** [start, end) of the run of entries around `position` that share its query (a rater's queue keeps a query's items together). */
export function queryRun(entries: readonly QueueEntry[], position: number): { start: number; end: number } {
  const at = Math.min(Math.max(position, 0), entries.length - 1);
  if (at < 0) return { start: 0, end: 0 };
  const queryId = entries[at]!.queryId;
  let start = at;
  let end = at + 1;
  while (start > 0 && entries[start - 1]!.queryId === queryId) start--;
  while (end < entries.length && entries[end]!.queryId === queryId) end++;
  return { start, end };
}

/** The labels the queue reports (the caller's own), as acknowledged state; a skip's reason ("" here) comes with the item. */
export function labelsFromQueue(entries: readonly QueueEntry[]): Map<number, LabelState> {
  const labels = new Map<number, LabelState>();
  for (const entry of entries) {
    if (entry.grade !== null) labels.set(entry.pairIndex, { value: { grade: entry.grade }, status: 'saved' });
    else if (entry.skipped) labels.set(entry.pairIndex, { value: { skip: '' }, status: 'saved' });
  }
  return labels;
}

/** How many of the rater's pairs have a label the server acknowledged. */
export function countSaved(labels: ReadonlyMap<number, LabelState>): number {
  let saved = 0;
  for (const label of labels.values()) if (label.value && label.status === 'saved') saved++;
  return saved;
}

/** How many writes the server has not answered yet. */
export function countSaving(labels: ReadonlyMap<number, LabelState>): number {
  let saving = 0;
  for (const label of labels.values()) if (label.status === 'saving') saving++;
  return saving;
}

/** The short text for a label: "5 Highly relevant", or "Skipped: <reason>". */
export function labelText(scale: Scale, value: LabelValue): string {
  if (value.skip !== undefined) return value.skip ? `Skipped: ${skipReasonLabel(value.skip)}` : 'Skipped';
  const level = scale.levels.find((candidate) => candidate.value === value.grade);
  return level ? `${level.key} ${level.label}` : String(value.grade);
}

/** The next position at or after `from` with no label, or -1. */
export function nextUnlabelled(entries: readonly QueueEntry[], labels: ReadonlyMap<number, LabelState>, from: number, end = entries.length): number {
  for (let i = Math.max(0, from); i < end; i++) if (!labels.get(entries[i]!.pairIndex)?.value) return i;
  return -1;
}
