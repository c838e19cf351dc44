/**
 * Fusion of several retrievers' ranked lists into one. Every fused hit keeps, per retriever, the rank
 * and score it had there, so result explanations can show each stage. docs/ranking.md gives the formulas.
 */
import { AppError } from '../runtime/errors';

export interface RankedHit {
  id: string;
  score: number;
}

/** One retriever's results, best first; `key` names the retriever (see retrieverKey). */
export interface RankedList {
  key: string;
  hits: readonly RankedHit[];
}

export interface Contribution {
  /** 1-based rank in that retriever's list. */
  rank: number;
  /** The retriever's own score. */
  score: number;
  /** The score after normalization (weighted fusion only). */
  normalized?: number;
}

export interface FusedHit {
  id: string;
  score: number;
  /** Only the retrievers that returned the document. */
  contributions: Record<string, Contribution>;
}

export type Normalization = 'minmax' | 'zscore';

/** (s − min) / (max − min); a constant (or single-score) list maps to 1, as all its hits are equally the best. */
export function normalizeMinMax(scores: ArrayLike<number>): Float64Array {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < scores.length; i++) {
    min = Math.min(min, scores[i]!);
    max = Math.max(max, scores[i]!);
  }
  const range = max - min;
  const normalized = new Float64Array(scores.length);
  for (let i = 0; i < scores.length; i++) normalized[i] = range > 0 ? (scores[i]! - min) / range : 1;
  return normalized;
}

/** (s − mean) / σ with the population standard deviation; a constant list maps to 0 (no hit stands out). */
export function normalizeZScore(scores: ArrayLike<number>): Float64Array {
  const n = scores.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += scores[i]!;
  const mean = sum / n;
  let squares = 0;
  for (let i = 0; i < n; i++) squares += (scores[i]! - mean) ** 2;
  const deviation = Math.sqrt(squares / n);
  const normalized = new Float64Array(n);
  for (let i = 0; i < n; i++) normalized[i] = deviation > 0 ? (scores[i]! - mean) / deviation : 0;
  return normalized;
}

/** Σ over lists containing the document of 1 / (k + rank), rank from 1 (Cormack et al., 2009). */
export function reciprocalRankFusion(lists: readonly RankedList[], k = 60): FusedHit[] {
  const shares = lists.map(({ hits }) => {
    const listShares = new Float64Array(hits.length);
    for (let hit = 0; hit < hits.length; hit++) listShares[hit] = 1 / (k + hit + 1);
    return listShares;
  });
  return fuse(lists, shares);
}

/**
 * Σ over lists of weight × normalized score, each list normalized on its own. A document missing from a
 * list contributes 0 for it: under min-max that is the list's worst score, under z-score its mean.
 */
export function weightedFusion(
  lists: readonly RankedList[],
  weights: Readonly<Record<string, number>>,
  normalization: Normalization,
): FusedHit[] {
  const normalize = normalization === 'minmax' ? normalizeMinMax : normalizeZScore;
  const normalized = lists.map(({ hits }) => normalize(hits.map((hit) => hit.score)));
  const shares = lists.map(({ key }, list) => {
    const weight = weights[key];
    if (weight === undefined) {
      throw new AppError('INVALID_ARGS', `fusion.weights: no weight for retriever "${key}"`, { field: 'fusion.weights' });
    }
    const listShares = new Float64Array(normalized[list]!);
    for (let hit = 0; hit < listShares.length; hit++) listShares[hit] *= weight;
    return listShares;
  });
  return fuse(lists, shares, normalized);
}

/**
 * Sums each document's shares (shares[list][hit]) and orders by fused score, then best rank in any list,
 * then id, so equal scores still give the same order every time. A document listed twice by one retriever
 * counts once, at its best rank.
 */
function fuse(lists: readonly RankedList[], shares: readonly Float64Array[], normalized?: readonly Float64Array[]): FusedHit[] {
  if (new Set(lists.map((list) => list.key)).size !== lists.length) {
    throw new AppError('INVALID_ARGS', 'each retriever may appear only once in a fusion', { field: 'retrievers' });
  }
  const capacity = lists.reduce((total, list) => total + list.hits.length, 0);
  const slotOf = new Map<string, number>();
  const ids: string[] = [];
  const contributions: Record<string, Contribution>[] = [];
  const fusedScores = new Float64Array(capacity);
  const bestRanks = new Float64Array(capacity).fill(Infinity);
  for (let list = 0; list < lists.length; list++) {
    const { key, hits } = lists[list]!;
    const listShares = shares[list]!;
    const listNormalized = normalized?.[list];
    for (let hit = 0; hit < hits.length; hit++) {
      const { id, score } = hits[hit]!;
      let slot = slotOf.get(id);
      if (slot === undefined) {
        slot = ids.length;
        slotOf.set(id, slot);
        ids.push(id);
        contributions.push({});
      } else if (Object.hasOwn(contributions[slot]!, key)) {
        continue;
      }
      const rank = hit + 1;
      fusedScores[slot] += listShares[hit]!;
      bestRanks[slot] = Math.min(bestRanks[slot]!, rank);
      contributions[slot]![key] = listNormalized ? { rank, score, normalized: listNormalized[hit]! } : { rank, score };
    }
  }
  const order = new Uint32Array(ids.length);
  for (let slot = 0; slot < order.length; slot++) order[slot] = slot;
  order.sort(
    (a, b) =>
      fusedScores[b]! - fusedScores[a]! || bestRanks[a]! - bestRanks[b]! || (ids[a]! < ids[b]! ? -1 : ids[a]! > ids[b]! ? 1 : 0),
  );
  return Array.from(order, (slot) => ({ id: ids[slot]!, score: fusedScores[slot]!, contributions: contributions[slot]! }));
}
