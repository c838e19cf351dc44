/**
 * Who rates what: every pooled pair goes to `overlap` different raters with loads kept even, and each
 * rater also gets gold pairs (known labels) hidden among their items to check their accuracy.
 */
import { createRng } from '../eval/statistics';
import { AppError } from '../runtime/errors';
import { orderForRater } from './pooling';
import { deriveSeed, shuffled } from './random';

export interface PairRef {
  queryId: string;
  docId: string;
}

export interface GoldPair extends PairRef {
  grade: number;
}

export interface AssignedItem extends PairRef {
  kind: 'pool' | 'gold';
}

export interface RaterQueue {
  raterId: string;
  /** Seed of this rater's order (see orderForRater). */
  seed: number;
  items: AssignedItem[];
}

export interface AssignmentOptions {
  raters: readonly string[];
  /** r: ratings each pair gets, from r different raters. */
  overlap: number;
  seed: number;
  gold?: readonly GoldPair[];
  /** Gold pairs mixed into each rater's items; fewer when the rater already has the others as pool pairs. */
  goldPerRater?: number;
}

/** Key of a (query, document) pair, for sets of pairs done. */
export function pairKey({ queryId, docId }: PairRef): string {
  return `${queryId}\u0000${docId}`;
}

function requireUnique(keys: readonly string[], what: string, field: string): void {
  const seen = new Set<string>();
  for (const key of keys) {
    if (seen.has(key)) throw new AppError('INVALID_ARGS', `${what} ${JSON.stringify(key.replace('\u0000', ' / '))} is listed twice`, { field });
    seen.add(key);
  }
}

/**
 * Gives each pair to `overlap` distinct raters, so no rater sees a pair twice. Pairs are dealt in a
 * seeded random order, each to the r least-loaded raters with seeded random tie-breaks: loads then
 * differ by at most one, and which raters share pairs varies, so every rater pair gets overlap to
 * compute agreement on. Gold pairs are drawn per rater from those not already among their pool pairs.
 * Each queue comes in the rater's own order ({@link orderForRater}).
 */
export function assignPairs(pairs: readonly PairRef[], options: AssignmentOptions): RaterQueue[] {
  const { raters, overlap, seed, gold = [], goldPerRater = 0 } = options;
  if (raters.length === 0) throw new AppError('INVALID_ARGS', 'a rating task needs at least one rater', { field: 'raters' });
  requireUnique(raters, 'rater', 'raters');
  requireUnique(pairs.map(pairKey), 'pair', 'pairs');
  requireUnique(gold.map(pairKey), 'gold pair', 'gold');
  if (!Number.isInteger(overlap) || overlap < 1 || overlap > raters.length) {
    throw new AppError('INVALID_ARGS', `overlap must be an integer from 1 to the ${raters.length} raters, got ${overlap}`, { field: 'overlap' });
  }
  if (!Number.isInteger(goldPerRater) || goldPerRater < 0) {
    throw new AppError('INVALID_ARGS', `goldPerRater must be a non-negative integer, got ${goldPerRater}`, { field: 'goldPerRater' });
  }

  const random = createRng(deriveSeed(seed, 'assignment'));
  const loads = new Map(raters.map((rater) => [rater, 0]));
  const poolItems = new Map<string, AssignedItem[]>(raters.map((rater) => [rater, []]));
  for (const pair of shuffled(pairs, random)) {
    const tieBreak = new Map(raters.map((rater) => [rater, random()]));
    const chosen = [...raters].sort((a, b) => loads.get(a)! - loads.get(b)! || tieBreak.get(a)! - tieBreak.get(b)!).slice(0, overlap);
    for (const rater of chosen) {
      loads.set(rater, loads.get(rater)! + 1);
      poolItems.get(rater)!.push({ queryId: pair.queryId, docId: pair.docId, kind: 'pool' });
    }
  }
  return raters.map((raterId) => {
    const own = new Set(poolItems.get(raterId)!.map(pairKey));
    const candidates = gold.filter((pair) => !own.has(pairKey(pair)));
    const goldItems = shuffled(candidates, createRng(deriveSeed(seed, `gold:${raterId}`)))
      .slice(0, goldPerRater)
      .map(({ queryId, docId }): AssignedItem => ({ queryId, docId, kind: 'gold' }));
    const { seed: orderSeed, items } = orderForRater([...poolItems.get(raterId)!, ...goldItems], seed, raterId);
    return { raterId, seed: orderSeed, items };
  });
}

/** The rater's next item: the first in their order not yet rated or skipped; null when all are done. */
export function nextItem(queue: RaterQueue, done: ReadonlySet<string>): AssignedItem | null {
  return queue.items.find((item) => !done.has(pairKey(item))) ?? null;
}
