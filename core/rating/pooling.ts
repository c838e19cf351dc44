/**
 * Depth-k pooling: the (query, document) pairs to judge are the union of every variant's top k, so
 * each variant's top k is fully judged and variants can be compared on the same labels.
 */
import { createRng } from '../eval/statistics';
import { AppError } from '../runtime/errors';
import { compareText, deriveSeed, shuffled } from './random';

export interface VariantRanking {
  variant: string;
  /** Ranked document ids per query id, best first. */
  rankings: ReadonlyMap<string, readonly string[]>;
}

export interface PoolContribution {
  variant: string;
  /** 1-based rank in that variant's list. */
  rank: number;
}

export interface PooledPair {
  queryId: string;
  docId: string;
  /** Every variant that ranked the document in its top k, in variant order. */
  contributors: PoolContribution[];
  /** A label on the same scale exists and is reused, so the pair needs no new rating. */
  alreadyJudged: boolean;
}

export interface PoolOptions {
  depth: number;
  /** The scale the task rates on: only earlier labels on this scale are reused. */
  scaleId: string;
  /** Keys from {@link judgmentKey} of pairs judged before. */
  judged?: ReadonlySet<string>;
  /** False when the task asks for fresh labels even where some exist (to re-measure agreement, say). */
  reuseJudgments?: boolean;
}

/** Key of a judged (query, document, scale) triple; NUL cannot occur in ids read from text files. */
export function judgmentKey(queryId: string, docId: string, scaleId: string): string {
  return `${queryId}\u0000${docId}\u0000${scaleId}`;
}

/**
 * Pools the variants' top `depth` per query. Queries come in the order first seen across variants; within
 * a query, pairs are ordered by their best rank, then by the first variant that reached it, then by id.
 * A variant ranking a document twice counts at its first rank.
 */
export function poolPairs(variants: readonly VariantRanking[], options: PoolOptions): PooledPair[] {
  const { depth, scaleId, judged = new Set<string>(), reuseJudgments = true } = options;
  if (!Number.isInteger(depth) || depth < 1) throw new AppError('INVALID_ARGS', `pool depth must be a positive integer, got ${depth}`, { field: 'depth' });
  const names = variants.map((variant) => variant.variant);
  const duplicate = names.find((name, i) => names.indexOf(name) !== i);
  if (duplicate !== undefined) throw new AppError('INVALID_ARGS', `variant "${duplicate}" is listed twice`, { field: 'variants' });

  const byQuery = new Map<string, Map<string, PooledPair & { bestRank: number; firstVariant: number }>>();
  variants.forEach(({ variant, rankings }, variantIndex) => {
    for (const [queryId, docIds] of rankings) {
      const pairs = byQuery.get(queryId) ?? new Map();
      byQuery.set(queryId, pairs);
      const seen = new Set<string>();
      docIds.slice(0, depth).forEach((docId, index) => {
        if (seen.has(docId)) return;
        seen.add(docId);
        const rank = index + 1;
        const pair = pairs.get(docId);
        if (pair) {
          pair.contributors.push({ variant, rank });
          if (rank < pair.bestRank) [pair.bestRank, pair.firstVariant] = [rank, variantIndex];
        } else {
          const alreadyJudged = reuseJudgments && judged.has(judgmentKey(queryId, docId, scaleId));
          pairs.set(docId, { queryId, docId, contributors: [{ variant, rank }], alreadyJudged, bestRank: rank, firstVariant: variantIndex });
        }
      });
    }
  });
  return [...byQuery.values()].flatMap((pairs) =>
    [...pairs.values()]
      .sort((a, b) => a.bestRank - b.bestRank || a.firstVariant - b.firstVariant || compareText(a.docId, b.docId))
      .map(({ queryId, docId, contributors, alreadyJudged }) => ({ queryId, docId, contributors, alreadyJudged })),
  );
}

export interface RaterOrder<T> {
  /** Recorded with the task so the order can be rebuilt and audited. */
  seed: number;
  items: T[];
}

/**
 * A rater's own order of their items: queries shuffled, and the documents of each query shuffled and kept
 * together, so a rater reads a query once and judges its documents in a row without seeing which variant
 * ranked what where. The seed is {@link deriveSeed}(task seed, "rater:<id>"), so each rater's order is
 * fixed by the task seed alone and does not depend on the other raters.
 */
export function orderForRater<T extends { queryId: string }>(items: readonly T[], taskSeed: number, raterId: string): RaterOrder<T> {
  const seed = deriveSeed(taskSeed, `rater:${raterId}`);
  const random = createRng(seed);
  const byQuery = new Map<string, T[]>();
  for (const item of items) byQuery.set(item.queryId, [...(byQuery.get(item.queryId) ?? []), item]);
  const queries = shuffled([...byQuery.keys()], random);
  return { seed, items: queries.flatMap((queryId) => shuffled(byQuery.get(queryId)!, random)) };
}
