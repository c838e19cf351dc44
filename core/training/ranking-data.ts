/**
 * Rows to rank, grouped by query, on typed arrays: what the trainers read. Features are float32 (what
 * an ONNX model receives), so a split the trainer learns is decided the same way at serving time.
 */
import { AppError } from '../runtime/errors';

export interface RankingData {
  featureCount: number;
  /** Row-major, `featureCount` values per row. */
  features: Float32Array;
  /** Graded relevance per row (0 = not relevant or unjudged). */
  labels: Float64Array;
  /** Query q's rows are [queryStarts[q], queryStarts[q + 1]). */
  queryStarts: Int32Array;
  queryIds: string[];
}

export interface LabelledRow {
  queryId: string;
  features: ArrayLike<number>;
  label: number;
}

/** Rows must come grouped by query (each query's rows consecutive), e.g. in base-rank order. */
export function rankingDataFromRows(rows: readonly LabelledRow[], featureCount: number): RankingData {
  const features = new Float32Array(rows.length * featureCount);
  const labels = new Float64Array(rows.length);
  const starts: number[] = [];
  const queryIds: string[] = [];
  const seen = new Set<string>();
  rows.forEach((row, r) => {
    if (row.features.length !== featureCount) {
      throw new AppError('INVALID_ARGS', `row ${r + 1} (query ${row.queryId}) has ${row.features.length} features, expected ${featureCount}`);
    }
    if (r === 0 || rows[r - 1]!.queryId !== row.queryId) {
      if (seen.has(row.queryId)) throw new AppError('INVALID_ARGS', `rows of query ${row.queryId} are not consecutive`);
      seen.add(row.queryId);
      starts.push(r);
      queryIds.push(row.queryId);
    }
    features.set(Array.from(row.features), r * featureCount);
    labels[r] = row.label;
  });
  starts.push(rows.length);
  return { featureCount, features, labels, queryStarts: Int32Array.from(starts), queryIds };
}

export const rowCount = (data: RankingData): number => data.labels.length;
export const queryCount = (data: RankingData): number => data.queryIds.length;

/** The queries at these indexes, in that order, as a dataset of their own. */
export function selectQueries(data: RankingData, queries: readonly number[]): RankingData {
  const sizes = queries.map((q) => data.queryStarts[q + 1]! - data.queryStarts[q]!);
  const total = sizes.reduce((sum, size) => sum + size, 0);
  const features = new Float32Array(total * data.featureCount);
  const labels = new Float64Array(total);
  const starts = new Int32Array(queries.length + 1);
  let at = 0;
  queries.forEach((q, i) => {
    const start = data.queryStarts[q]!;
    const end = data.queryStarts[q + 1]!;
    starts[i] = at;
    features.set(data.features.subarray(start * data.featureCount, end * data.featureCount), at * data.featureCount);
    labels.set(data.labels.subarray(start, end), at);
    at += end - start;
  });
  starts[queries.length] = at;
  return { featureCount: data.featureCount, features, labels, queryStarts: starts, queryIds: queries.map((q) => data.queryIds[q]!) };
}

export const gainOf = (label: number): number => 2 ** label - 1;
export const discountAt = (position: number): number => 1 / Math.log2(position + 2);

/** Row offsets [start, end) sorted by score, highest first; ties keep row order (the base ranking). */
export function orderByScore(scores: ArrayLike<number>, start: number, end: number): Int32Array {
  const order = Int32Array.from({ length: end - start }, (_, i) => start + i);
  return order.sort((a, b) => scores[b]! - scores[a]! || a - b);
}

/** DCG@k of the ideal order of rows [start, end). */
export function idealDcg(labels: ArrayLike<number>, start: number, end: number, k: number): number {
  const sorted = Array.from({ length: end - start }, (_, i) => labels[start + i]!).sort((a, b) => b - a);
  let dcg = 0;
  for (let p = 0; p < Math.min(k, sorted.length); p++) dcg += gainOf(sorted[p]!) * discountAt(p);
  return dcg;
}

/**
 * Mean nDCG@k (exponential gain) over the queries that have a relevant row among theirs; a training
 * signal, not the report's measure (that comes from core/eval over all of a query's judgments).
 */
export function meanNdcg(data: RankingData, scores: ArrayLike<number>, k: number): number {
  let sum = 0;
  let counted = 0;
  for (let q = 0; q < data.queryIds.length; q++) {
    const start = data.queryStarts[q]!;
    const end = data.queryStarts[q + 1]!;
    const ideal = idealDcg(data.labels, start, end, k);
    if (ideal === 0) continue;
    const order = orderByScore(scores, start, end);
    let dcg = 0;
    for (let p = 0; p < Math.min(k, order.length); p++) dcg += gainOf(data.labels[order[p]!]!) * discountAt(p);
    sum += dcg / ideal;
    counted++;
  }
  return counted === 0 ? 0 : sum / counted;
}
