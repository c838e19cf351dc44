/**
 * Train / validation / test by query (a query's judgments never straddle two parts), stratified by
 * segment: each segment is shuffled with its own seeded stream and cut by the proportions.
 */
import { createRng } from '../eval/statistics';
import { compareText, deriveSeed, shuffled } from '../rating/random';
import { AppError } from '../runtime/errors';

export const SPLIT_PARTS = ['train', 'validation', 'test'] as const;
export type SplitPart = (typeof SPLIT_PARTS)[number];

/** `70/15/15` → [0.7, 0.15, 0.15]; the three numbers must be non-negative and sum to 100. */
export function parseSplit(text: string): [number, number, number] {
  const parts = text.split('/').map((part) => part.trim());
  if (parts.length !== 3 || parts.some((part) => !/^\d+(\.\d+)?$/.test(part))) {
    throw new AppError('INVALID_ARGS', `split "${text}" must be three percentages like 70/15/15`, { field: 'split' });
  }
  const numbers = parts.map(Number);
  const sum = numbers.reduce((total, n) => total + n, 0);
  if (Math.abs(sum - 100) > 1e-9) throw new AppError('INVALID_ARGS', `split "${text}" must sum to 100, sums to ${sum}`, { field: 'split' });
  return numbers.map((n) => n / 100) as [number, number, number];
}

/** Counts for `n` items by largest remainder, so they sum to `n` exactly. */
function apportion(n: number, proportions: readonly number[]): number[] {
  const exact = proportions.map((p) => p * n);
  const counts = exact.map(Math.floor);
  const order = exact.map((value, i) => ({ i, remainder: value - Math.floor(value) })).sort((a, b) => b.remainder - a.remainder || a.i - b.i);
  for (let k = 0; counts.reduce((total, c) => total + c, 0) < n; k++) counts[order[k % order.length]!.i]!++;
  return counts;
}

export function splitQueries(
  queries: readonly { queryId: string; segment: string | null }[],
  proportions: readonly [number, number, number],
  seed: number,
): Map<string, SplitPart> {
  const bySegment = new Map<string, string[]>();
  for (const query of queries) {
    const segment = query.segment ?? '';
    bySegment.set(segment, [...(bySegment.get(segment) ?? []), query.queryId]);
  }
  const assigned = new Map<string, SplitPart>();
  for (const segment of [...bySegment.keys()].sort(compareText)) {
    // Sorted first so the input order does not change the split, only the seed does.
    const ids = shuffled([...bySegment.get(segment)!].sort(compareText), createRng(deriveSeed(seed, `split:${segment}`)));
    const counts = apportion(ids.length, proportions);
    let at = 0;
    SPLIT_PARTS.forEach((part, index) => {
      for (const id of ids.slice(at, at + counts[index]!)) assigned.set(id, part);
      at += counts[index]!;
    });
  }
  return assigned;
}
