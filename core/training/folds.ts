/** Query-level k-fold splits: all of a query's rows fall in one fold, so no query is ever in train and test at once. */
import { createRng } from '../eval/statistics';
import { AppError } from '../runtime/errors';

/**
 * Fold (0 … k−1) of each query index: queries shuffled with the seed, then dealt round-robin, so fold
 * sizes differ by at most one.
 */
export function assignFolds(queryCount: number, folds: number, seed: number): Int32Array {
  if (!Number.isInteger(folds) || folds < 2) throw new AppError('INVALID_ARGS', `folds must be an integer ≥ 2 (got ${folds})`, { field: 'folds' });
  if (queryCount < folds) throw new AppError('INVALID_ARGS', `${folds}-fold cross-validation needs at least ${folds} queries; there are ${queryCount}`, { field: 'folds' });
  const order = shuffledIndexes(queryCount, seed);
  const fold = new Int32Array(queryCount);
  order.forEach((query, position) => (fold[query] = position % folds));
  return fold;
}

/** 0 … n−1 in a seeded Fisher–Yates order. */
export function shuffledIndexes(n: number, seed: number): number[] {
  const random = createRng(seed);
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order;
}

/**
 * Splits query indexes into training and early-stopping validation queries (about `fraction` of them,
 * at least one each when there are two or more queries).
 */
export function validationSplit(queries: readonly number[], fraction: number, seed: number): { train: number[]; validation: number[] } {
  if (queries.length < 2 || fraction <= 0) return { train: [...queries], validation: [] };
  const order = shuffledIndexes(queries.length, seed).map((i) => queries[i]!);
  const size = Math.min(queries.length - 1, Math.max(1, Math.round(fraction * queries.length)));
  const byIndex = (a: number, b: number) => a - b;
  return { train: order.slice(size).sort(byIndex), validation: order.slice(0, size).sort(byIndex) };
}
