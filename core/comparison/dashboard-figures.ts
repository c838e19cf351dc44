/**
 * The dashboard's figures from per-query scores and rankings: pure functions, so the page, the HTML
 * report and the tests all read the same numbers.
 */
import { comparePaired, mean, standardDeviation, studentTQuantile, type PairedComparisonOptions } from '../eval/statistics';
import { stratifiedEstimate, type StratumPopulation, type StratumWeighting } from '../rating/sampling';
import { jaccardAtK, rankBiasedOverlap } from './list-overlap';

/** RBO's persistence: p = 0.9 gives the top 10 about 86% of the weight. */
export const RBO_PERSISTENCE = 0.9;

/**
 * The share of RBO's weight that the first d ranks carry (Webber, Moffat and Zobel 2010, eq. 21):
 * 1 − p^(d−1) + (1−p)/p · d · (ln(1/(1−p)) − Σ_{i<d} p^i/i). The report states it next to p.
 */
export function rboPrefixWeight(p: number, d: number): number {
  let partial = 0;
  for (let i = 1; i < d; i++) partial += p ** i / i;
  return 1 - p ** (d - 1) + ((1 - p) / p) * d * (Math.log(1 / (1 - p)) - partial);
}

/** 95% Student t interval of a mean over queries: mean ± t₀.₉₇₅,ₙ₋₁ · s/√n. */
export function meanInterval(values: readonly number[], confidence = 0.95): [number, number] {
  const average = mean(values);
  if (values.length < 2) return [average, average];
  const margin = (studentTQuantile(1 - (1 - confidence) / 2, values.length - 1) * standardDeviation(values)) / Math.sqrt(values.length);
  return [average - margin, average + margin];
}

export interface QueryDelta {
  queryId: string;
  /** contender − baseline on this query. */
  delta: number;
}

/** Per-query differences sorted from the biggest loss to the biggest win (ties by query id, so the order is stable). */
export function sortedQueryDeltas(queryIds: readonly string[], baseline: readonly number[], contender: readonly number[]): QueryDelta[] {
  return queryIds
    .map((queryId, i) => ({ queryId, delta: contender[i]! - baseline[i]! }))
    .sort((a, b) => a.delta - b.delta || (a.queryId < b.queryId ? -1 : a.queryId > b.queryId ? 1 : 0));
}

export interface HistogramBin {
  /** [from, to); the last bin includes 1. */
  from: number;
  to: number;
  count: number;
}

/** Counts of per-query scores in `bins` equal bins of [0, 1] (the range of every dashboard measure). */
export function scoreHistogram(values: readonly number[], bins = 10): HistogramBin[] {
  const counts = new Array<number>(bins).fill(0);
  for (const value of values) counts[Math.min(bins - 1, Math.max(0, Math.floor(value * bins)))]!++;
  return counts.map((count, i) => ({ from: i / bins, to: (i + 1) / bins, count }));
}

export interface SegmentPair {
  baseline: number;
  contender: number;
  delta: number;
  confidenceInterval: [number, number];
  tTestPValue: number;
  randomizationPValue: number;
}

export interface SegmentMeasure {
  measure: string;
  means: number[];
  pairs: SegmentPair[];
}

export interface Segment {
  key: string;
  queries: number;
  /** Share of the population the segment stands for in a weighted estimate; null when unweighted. */
  weight: number | null;
  measures: SegmentMeasure[];
}

export interface WeightedMean {
  measure: string;
  /** Per run: the stratum-weighted mean and its standard error (NaN when a stratum has one judged query). */
  means: { mean: number; standardError: number }[];
}

export interface SegmentBreakdown {
  segments: Segment[];
  /** Stratum-weighted means per measure when the query set is a stratified sample; empty otherwise. */
  weighted: WeightedMean[];
  /** Why there is no weighted estimate, or how it is weighted. */
  note: string;
}

export interface MeasureScores {
  measure: string;
  /** perRun[r][q], in `queryIds` order. */
  perRun: number[][];
}

/**
 * Per segment (a query's stratum), the same statistics as the whole comparison: each run's mean and,
 * for every pair, the paired difference with its bootstrap CI and p-values (same seed and resamples).
 * With the sample's stratum populations, also the stratified estimate of every run's mean.
 */
export function segmentBreakdown(
  queryIds: readonly string[],
  stratumOf: ReadonlyMap<string, string | null>,
  scores: readonly MeasureScores[],
  testOptions: PairedComparisonOptions,
  design: { strata: readonly StratumPopulation[]; weighting: StratumWeighting } | null,
): SegmentBreakdown {
  const members = new Map<string, number[]>();
  queryIds.forEach((queryId, i) => {
    const key = stratumOf.get(queryId);
    if (key == null) return;
    members.set(key, [...(members.get(key) ?? []), i]);
  });
  if (members.size === 0) return { segments: [], weighted: [], note: 'The query set has no segments (its queries carry no stratum).' };
  const order = design ? [...design.strata.map((stratum) => stratum.key).filter((key) => members.has(key)), ...[...members.keys()].filter((key) => !design.strata.some((s) => s.key === key)).sort()] : [...members.keys()].sort();
  const totalPopulation = design ? design.strata.reduce((sum, stratum) => sum + stratum.population, 0) : 0;
  const weightOf = (key: string): number | null => {
    const stratum = design?.strata.find((candidate) => candidate.key === key);
    if (!stratum) return null;
    return design!.weighting === 'queries' ? stratum.population / totalPopulation : stratum.trafficShare;
  };
  const segments = order.map((key): Segment => {
    const indexes = members.get(key)!;
    return {
      key,
      queries: indexes.length,
      weight: weightOf(key),
      measures: scores.map(({ measure, perRun }) => {
        const subsets = perRun.map((values) => indexes.map((i) => values[i]!));
        const pairs: SegmentPair[] = [];
        for (let baseline = 0; baseline < subsets.length; baseline++) {
          for (let contender = baseline + 1; contender < subsets.length; contender++) {
            const paired = comparePaired(subsets[contender]!, subsets[baseline]!, testOptions);
            pairs.push({ baseline, contender, delta: paired.delta, confidenceInterval: paired.confidenceInterval, tTestPValue: paired.tTest.pValue, randomizationPValue: paired.randomizationPValue });
          }
        }
        return { measure, means: subsets.map((values) => mean(values)), pairs };
      }),
    };
  });
  if (!design) return { segments, weighted: [], note: 'Not a stratified sample: segments are shown, and every query counts equally in the overall means.' };
  try {
    const weighted = scores.map(({ measure, perRun }) => ({
      measure,
      means: perRun.map((values) => {
        const estimate = stratifiedEstimate(
          queryIds.flatMap((queryId, i) => {
            const stratum = stratumOf.get(queryId);
            return stratum == null ? [] : [{ stratum, value: values[i]! }];
          }),
          design.strata,
          design.weighting,
        );
        return { mean: estimate.mean, standardError: estimate.standardError };
      }),
    }));
    const how = design.weighting === 'queries' ? "its share of the log's distinct queries (W_h = N_h/N)" : "its share of the log's traffic";
    return { segments, weighted, note: `Stratified sample: each stratum's mean counts by ${how}.` };
  } catch (error) {
    return { segments, weighted: [], note: `No stratum-weighted means: ${(error as Error).message}.` };
  }
}

export interface QueryOverlap {
  queryId: string;
  jaccard: number;
  rbo: number;
}

export interface PairOverlap {
  baseline: number;
  contender: number;
  perQuery: QueryOverlap[];
  meanJaccard: number;
  meanRbo: number;
}

/** Jaccard@k and RBO (p = 0.9) of every pair of runs' top k, per query and on average. */
export function listOverlap(queryIds: readonly string[], topK: readonly ReadonlyMap<string, readonly string[]>[], k: number): PairOverlap[] {
  const pairs: PairOverlap[] = [];
  for (let baseline = 0; baseline < topK.length; baseline++) {
    for (let contender = baseline + 1; contender < topK.length; contender++) {
      const perQuery = queryIds.map((queryId) => {
        const a = (topK[baseline]!.get(queryId) ?? []).slice(0, k);
        const b = (topK[contender]!.get(queryId) ?? []).slice(0, k);
        return { queryId, jaccard: jaccardAtK(a, b, k), rbo: rankBiasedOverlap(a, b, RBO_PERSISTENCE) };
      });
      pairs.push({
        baseline,
        contender,
        perQuery,
        meanJaccard: perQuery.length === 0 ? Number.NaN : mean(perQuery.map((row) => row.jaccard)),
        meanRbo: perQuery.length === 0 ? Number.NaN : mean(perQuery.map((row) => row.rbo)),
      });
    }
  }
  return pairs;
}

export interface GapQuery {
  queryId: string;
  /** Documents in some run's top k without a label, in first-seen order (run by run, rank by rank). */
  unjudged: string[];
}

/** The unlabelled documents in the union of the runs' top k, per query (queries without any left out). */
export function judgmentGap(queryIds: readonly string[], topK: readonly ReadonlyMap<string, readonly string[]>[], k: number, labelled: ReadonlySet<string>): GapQuery[] {
  return queryIds.flatMap((queryId) => {
    const unjudged = new Set<string>();
    for (const run of topK) for (const docId of (run.get(queryId) ?? []).slice(0, k)) if (!labelled.has(`${queryId}\t${docId}`)) unjudged.add(docId);
    return unjudged.size === 0 ? [] : [{ queryId, unjudged: [...unjudged] }];
  });
}
