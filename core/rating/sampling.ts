/**
 * Choosing which queries of a log to judge: uniform, top-N, probability proportional to size (PPS) and
 * stratified samples, the allocation of a sample over strata, and the stratified estimator of a metric.
 * Every random choice comes from a seed, so the same log, settings and seed give the same sample.
 */
import { createRng, mean, minimumDetectableEffect, standardDeviation } from '../eval/statistics';
import { AppError } from '../runtime/errors';
import type { QueryLogEntry } from './query-log';
import { compareText, deriveSeed, shuffled } from './random';

/**
 * Assumed SD of per-query nDCG@10 differences between two variants when no judgments exist yet. It is
 * an assumption, not a measurement: differences between two sensible rankers of one engine usually stay
 * well inside ±0.3 for most queries, so 0.15 is taken as a middle value. It only sizes the sample and its
 * minimum detectable effect up front; once a round is judged, pass the measured SD instead.
 */
export const DEFAULT_NDCG_DIFFERENCE_SD = 0.15;

function requireSampleSize(n: number, population: number): void {
  if (!Number.isInteger(n) || n < 0) throw new AppError('INVALID_ARGS', `sample size must be a non-negative integer, got ${n}`, { field: 'sampleSize' });
  if (n > population) throw new AppError('INVALID_ARGS', `sample size ${n} exceeds the ${population} queries available`, { field: 'sampleSize' });
}

/** Simple random sample without replacement, in the order drawn (partial Fisher–Yates). */
export function sampleUniform(entries: readonly QueryLogEntry[], n: number, seed: number): QueryLogEntry[] {
  requireSampleSize(n, entries.length);
  const random = createRng(seed);
  const pool = [...entries];
  for (let i = 0; i < n; i++) {
    const j = i + Math.floor(random() * (pool.length - i));
    [pool[i], pool[j]] = [pool[j]!, pool[i]!];
  }
  return pool.slice(0, n);
}

/** Most frequent first; equal counts in code-unit order of the query, so ties never depend on input order. */
function byCountDescending(a: QueryLogEntry, b: QueryLogEntry): number {
  return b.count - a.count || compareText(a.query, b.query);
}

/** The n most frequent queries (not random: the head of the log). */
export function sampleTopByCount(entries: readonly QueryLogEntry[], n: number): QueryLogEntry[] {
  requireSampleSize(n, entries.length);
  return [...entries].sort(byCountDescending).slice(0, n);
}

/**
 * First-order inclusion probabilities of a PPS sample of n without replacement, in input order:
 * π_i = n·x_i / X, except that a query whose π would reach 1 is taken with certainty (π = 1) and
 * the rest are re-scaled over what remains (n − certainties, X − their counts), repeated until no
 * π exceeds 1. They sum to n. Queries with count 0 have π = 0.
 */
export function ppsInclusionProbabilities(entries: readonly QueryLogEntry[], n: number): number[] {
  const positive = entries.filter((entry) => entry.count > 0).length;
  requireSampleSize(n, entries.length);
  if (n > positive) throw new AppError('INVALID_ARGS', `a PPS sample of ${n} needs ${n} queries with a positive count; the log has ${positive}`, { field: 'sampleSize' });
  const probabilities = entries.map(() => 0);
  const certain = new Set<number>();
  for (;;) {
    const remainingSlots = n - certain.size;
    let remainingTotal = 0;
    entries.forEach((entry, i) => {
      if (!certain.has(i)) remainingTotal += entry.count;
    });
    const newlyCertain = entries.flatMap((entry, i) => (!certain.has(i) && remainingSlots * entry.count >= remainingTotal && remainingSlots > 0 ? [i] : []));
    if (newlyCertain.length === 0) {
      entries.forEach((entry, i) => {
        probabilities[i] = certain.has(i) ? 1 : remainingSlots === 0 ? 0 : (remainingSlots * entry.count) / remainingTotal;
      });
      return probabilities;
    }
    // Take only the largest first: taking one can push the others under the interval again.
    const largest = newlyCertain.reduce((best, i) => (entries[i]!.count > entries[best]!.count ? i : best));
    certain.add(largest);
  }
}

export interface PpsDraw {
  entry: QueryLogEntry;
  /** π_i of {@link ppsInclusionProbabilities}; 1/π_i is the query's Horvitz–Thompson weight. */
  inclusionProbability: number;
}

/**
 * PPS without replacement by randomized systematic sampling: certainty queries (π = 1) are taken
 * first; the rest are put in a seeded random order and cut by n' equally spaced points (interval
 * I = X'/n', random start in [0, I)) on their cumulative counts. Every remaining count is below I, so
 * no query is hit twice and the sample has exactly n distinct queries, each with probability π_i.
 * Joint inclusion probabilities have no closed form (neighbours in the random order are never both
 * taken), so variance estimates should treat the sample as drawn with replacement.
 */
export function samplePps(entries: readonly QueryLogEntry[], n: number, seed: number): PpsDraw[] {
  const probabilities = ppsInclusionProbabilities(entries, n);
  const draws: PpsDraw[] = [];
  const rest: number[] = [];
  probabilities.forEach((probability, i) => {
    if (probability === 1) draws.push({ entry: entries[i]!, inclusionProbability: 1 });
    else if (probability > 0) rest.push(i);
  });
  const slots = n - draws.length;
  if (slots === 0) return draws;
  const random = createRng(seed);
  const order = shuffled(rest, random);
  const total = order.reduce((sum, i) => sum + entries[i]!.count, 0);
  const start = random();
  // Points at (start + k)·X'/n': written so the last one stays strictly below X' despite rounding.
  const point = (k: number) => ((start + k) * total) / slots;
  let k = 0;
  let cumulative = 0;
  for (const i of order) {
    cumulative += entries[i]!.count;
    if (k < slots && point(k) < cumulative) {
      draws.push({ entry: entries[i]!, inclusionProbability: probabilities[i]! });
      k++;
    }
  }
  if (k !== slots) throw new Error(`systematic PPS drew ${k} of ${slots} queries`);
  return draws;
}

export type TrafficTier = 'head' | 'torso' | 'tail';

/** Shares of total count: head = the top queries making the first `head` of traffic, torso the next `torso`. */
export interface TierThresholds {
  head: number;
  torso: number;
}

export const DEFAULT_TIER_THRESHOLDS: TierThresholds = { head: 0.5, torso: 0.3 };

/**
 * Traffic tier of each query, in input order. Queries are ranked by count (ties by text); a query is
 * head while the traffic of the queries ranked above it is below the head share, torso while it is
 * below head + torso, else tail. So the query that crosses 50% is still head.
 */
export function trafficTiers(entries: readonly QueryLogEntry[], thresholds: TierThresholds = DEFAULT_TIER_THRESHOLDS): TrafficTier[] {
  const { head, torso } = thresholds;
  if (!(head > 0 && torso >= 0 && head + torso <= 1)) {
    throw new AppError('INVALID_ARGS', `tier thresholds need head > 0, torso ≥ 0 and head + torso ≤ 1, got head ${head}, torso ${torso}`, { field: 'thresholds' });
  }
  const total = entries.reduce((sum, entry) => sum + entry.count, 0);
  const ranked = entries.map((entry, index) => ({ entry, index })).sort((a, b) => byCountDescending(a.entry, b.entry));
  const tiers = new Array<TrafficTier>(entries.length);
  let before = 0;
  // Thresholds such as 0.8 + 0.15 are not exact in binary; a share equal to a threshold up to rounding is at it.
  const below = (share: number, threshold: number) => share < threshold - 1e-9;
  for (const { entry, index } of ranked) {
    const shareBefore = total === 0 ? 1 : before / total;
    tiers[index] = below(shareBefore, head) ? 'head' : below(shareBefore, head + torso) ? 'torso' : 'tail';
    before += entry.count;
  }
  return tiers;
}

const TIER_ORDER: readonly string[] = ['head', 'torso', 'tail'] satisfies TrafficTier[];

/** Strata in reading order: by tier (head, torso, tail) when keyed by tier, then by text. */
function compareStrata(a: string, b: string): number {
  const rank = (key: string) => {
    const tier = TIER_ORDER.indexOf(key.split(' / ')[0]!);
    return tier < 0 ? TIER_ORDER.length : tier;
  };
  return rank(a) - rank(b) || compareText(a, b);
}

/** Strata by traffic tier, by segment, or by both ("head / Animals"). */
export type StratifyBy = 'tier' | 'segment' | 'tier-and-segment';

const NO_SEGMENT = '(no segment)';

/** Stratum key of each query, in input order. */
export function stratumKeys(entries: readonly QueryLogEntry[], by: StratifyBy, thresholds?: TierThresholds): string[] {
  const tiers = by === 'segment' ? [] : trafficTiers(entries, thresholds);
  return entries.map((entry, i) => {
    const segment = entry.segment ?? NO_SEGMENT;
    return by === 'tier' ? tiers[i]! : by === 'segment' ? segment : `${tiers[i]} / ${segment}`;
  });
}

export interface StratumSize {
  key: string;
  /** N_h: distinct queries in the stratum. */
  population: number;
  /** S_h: SD of the metric within the stratum from earlier judgments; omit when unknown. */
  sd?: number;
}

export type AllocationMethod = 'proportional' | 'neyman';

export interface Allocation {
  /** n_h per stratum, in the order given. */
  sizes: number[];
  /** What was used: Neyman falls back to proportional unless every non-empty stratum has a usable S_h. */
  method: AllocationMethod;
}

/**
 * Splits n over strata: proportional (n_h ∝ N_h) or Neyman (n_h ∝ N_h·S_h). Neyman needs an S_h for
 * every non-empty stratum and at least one S_h > 0; otherwise it falls back to proportional (mixing
 * known and guessed SDs would skew the split silently). Bounds: n_h ≤ N_h always, and n_h ≥ 1 for
 * every non-empty stratum when n is at least their number. Quotas that break a bound are fixed at it
 * and the rest re-split (caps first, then minimums); the free quotas are rounded by largest remainder,
 * ties going to the stratum listed first.
 */
export function allocateSample(strata: readonly StratumSize[], n: number, method: AllocationMethod): Allocation {
  const population = strata.reduce((sum, stratum) => sum + stratum.population, 0);
  requireSampleSize(n, population);
  const nonEmpty = strata.filter((stratum) => stratum.population > 0);
  const neymanUsable =
    method === 'neyman' &&
    nonEmpty.every((stratum) => stratum.sd !== undefined && Number.isFinite(stratum.sd) && stratum.sd >= 0) &&
    nonEmpty.some((stratum) => stratum.sd! > 0);
  const used: AllocationMethod = neymanUsable ? 'neyman' : 'proportional';
  const weight = (stratum: StratumSize) => (used === 'neyman' ? stratum.population * stratum.sd! : stratum.population);
  const minimum = n >= nonEmpty.length ? 1 : 0;

  const fixed = new Map<number, number>();
  let quotas: number[] = [];
  for (;;) {
    const free = strata.map((_, i) => i).filter((i) => !fixed.has(i) && strata[i]!.population > 0);
    const freeSlots = n - [...fixed.values()].reduce((sum, size) => sum + size, 0);
    const freeWeight = free.reduce((sum, i) => sum + weight(strata[i]!), 0);
    // Strata left with zero weight (S_h = 0 under Neyman) share what is left by size.
    const share = (i: number) => (freeWeight > 0 ? weight(strata[i]!) / freeWeight : strata[i]!.population / free.reduce((sum, j) => sum + strata[j]!.population, 0));
    quotas = strata.map((stratum, i) => fixed.get(i) ?? (stratum.population === 0 ? 0 : freeSlots * share(i)));
    const overCap = free.filter((i) => quotas[i]! > strata[i]!.population);
    const underMinimum = free.filter((i) => quotas[i]! < minimum);
    if (overCap.length > 0) overCap.forEach((i) => fixed.set(i, strata[i]!.population));
    else if (underMinimum.length > 0) underMinimum.forEach((i) => fixed.set(i, minimum));
    else break;
  }
  const sizes = quotas.map(Math.floor);
  let leftover = n - sizes.reduce((sum, size) => sum + size, 0);
  const byRemainder = quotas.map((quota, i) => ({ i, remainder: quota - Math.floor(quota) })).sort((a, b) => b.remainder - a.remainder || a.i - b.i);
  for (const { i } of byRemainder) {
    if (leftover <= 0) break;
    if (sizes[i]! < strata[i]!.population) {
      sizes[i]!++;
      leftover--;
    }
  }
  return { sizes, method: used };
}

export interface StratifiedSampleOptions {
  sampleSize: number;
  seed: number;
  stratifyBy: StratifyBy;
  thresholds?: TierThresholds;
  allocation: AllocationMethod;
  /** S_h by stratum key, from earlier judgments: SD of per-query nDCG@10 differences (or of nDCG@10). */
  sdByStratum?: ReadonlyMap<string, number>;
  /** SD assumed for strata without a measured one; defaults to {@link DEFAULT_NDCG_DIFFERENCE_SD}. */
  defaultSd?: number;
}

export interface StratumSummary {
  key: string;
  /** N_h: distinct queries. */
  population: number;
  /** The stratum's share of total count. */
  trafficShare: number;
  sampleSize: number;
  sd: number;
  sdSource: 'judgments' | 'default';
  /** Minimum detectable effect of nDCG@10 (α = 0.05, power 0.8, paired t) for this stratum's sample alone. */
  minimumDetectableEffect: number;
}

export interface StratifiedSample {
  strata: StratumSummary[];
  /** Sampled queries grouped by stratum (head, torso, tail, then segments in text order), each stratum a uniform sample in draw order. */
  sample: { entry: QueryLogEntry; stratum: string }[];
  allocation: AllocationMethod;
  /**
   * MDE of the stratified mean (weights W_h = N_h/N): its variance Σ W_h²·S_h²/n_h is written as S²/n
   * to give an effective S for the paired-t formula over all n queries.
   */
  minimumDetectableEffect: number;
}

/** Stratifies the log, allocates the sample, and draws each stratum uniformly with its own derived seed. */
export function sampleStratified(entries: readonly QueryLogEntry[], options: StratifiedSampleOptions): StratifiedSample {
  const keys = stratumKeys(entries, options.stratifyBy, options.thresholds);
  const members = new Map<string, QueryLogEntry[]>();
  entries.forEach((entry, i) => members.set(keys[i]!, [...(members.get(keys[i]!) ?? []), entry]));
  const ordered = [...members.keys()].sort(compareStrata);
  const defaultSd = options.defaultSd ?? DEFAULT_NDCG_DIFFERENCE_SD;
  const measuredSd = (key: string) => options.sdByStratum?.get(key);
  const allocation = allocateSample(
    ordered.map((key) => ({ key, population: members.get(key)!.length, sd: measuredSd(key) })),
    options.sampleSize,
    options.allocation,
  );
  const totalCount = entries.reduce((sum, entry) => sum + entry.count, 0);
  const strata: StratumSummary[] = ordered.map((key, h) => {
    const stratumEntries = members.get(key)!;
    const sd = measuredSd(key) ?? defaultSd;
    const sampleSize = allocation.sizes[h]!;
    return {
      key,
      population: stratumEntries.length,
      trafficShare: totalCount === 0 ? 0 : stratumEntries.reduce((sum, entry) => sum + entry.count, 0) / totalCount,
      sampleSize,
      sd,
      sdSource: measuredSd(key) === undefined ? 'default' : 'judgments',
      minimumDetectableEffect: minimumDetectableEffect(sd, sampleSize),
    };
  });
  const sample = strata.flatMap(({ key, sampleSize }) =>
    sampleUniform(members.get(key)!, sampleSize, deriveSeed(options.seed, `stratum:${key}`)).map((entry) => ({ entry, stratum: key })),
  );
  const variance = strata.reduce((sum, s) => (s.sampleSize === 0 ? sum : sum + ((s.population / entries.length) ** 2 * s.sd ** 2) / s.sampleSize), 0);
  const n = options.sampleSize;
  return { strata, sample, allocation: allocation.method, minimumDetectableEffect: minimumDetectableEffect(Math.sqrt(variance * n), n) };
}

export type StratumWeighting = 'queries' | 'traffic';

export interface StratumPopulation {
  key: string;
  /** N_h: distinct queries (used for the weight under 'queries' and for the finite population correction). */
  population: number;
  /** Share of traffic (used for the weight under 'traffic'). */
  trafficShare: number;
}

export interface StratifiedEstimate {
  mean: number;
  /** NaN when a weighted stratum has one value and more queries unjudged: its variance cannot be estimated. */
  standardError: number;
  strata: { key: string; weight: number; judged: number; mean: number; sd: number }[];
}

/**
 * Stratified estimate of a per-query metric: Σ W_h·ȳ_h with SE √(Σ W_h²·(1 − n_h/N_h)·s_h²/n_h).
 * W_h = N_h/N ('queries', the default) estimates the mean over distinct queries, as IR evaluation
 * averages; W_h = traffic share ('traffic') weights each stratum by how often its queries are issued,
 * while each stratum's queries still count equally within it. A stratum with weight but no values is
 * an error, since leaving it out would bias the estimate.
 */
export function stratifiedEstimate(
  values: readonly { stratum: string; value: number }[],
  strata: readonly StratumPopulation[],
  weighting: StratumWeighting = 'queries',
): StratifiedEstimate {
  const totalPopulation = strata.reduce((sum, stratum) => sum + stratum.population, 0);
  let estimate = 0;
  let variance = 0;
  const known = new Set(strata.map((stratum) => stratum.key));
  const unknown = values.find((value) => !known.has(value.stratum));
  if (unknown) throw new AppError('INVALID_ARGS', `value for unknown stratum "${unknown.stratum}"`, { field: 'stratum' });
  const perStratum = strata.map((stratum) => {
    const weight = weighting === 'queries' ? stratum.population / totalPopulation : stratum.trafficShare;
    const stratumValues = values.filter((value) => value.stratum === stratum.key).map((value) => value.value);
    const judged = stratumValues.length;
    if (judged === 0) {
      if (weight > 0) throw new AppError('INVALID_ARGS', `stratum "${stratum.key}" has weight ${weight} but no judged queries`, { field: 'values' });
      return { key: stratum.key, weight, judged, mean: Number.NaN, sd: Number.NaN };
    }
    const stratumMean = mean(stratumValues);
    const sd = standardDeviation(stratumValues);
    estimate += weight * stratumMean;
    const unsampledShare = Math.max(0, 1 - judged / stratum.population);
    if (judged < 2 && unsampledShare > 0 && weight > 0) variance = Number.NaN;
    else variance += (weight ** 2 * unsampledShare * sd ** 2) / judged;
    return { key: stratum.key, weight, judged, mean: stratumMean, sd };
  });
  return { mean: estimate, standardError: Math.sqrt(variance), strata: perStratum };
}

export type SampleMethod = 'uniform' | 'top' | 'pps' | 'stratified';

export interface StrataDesign {
  by: StratifyBy;
  thresholds: TierThresholds;
  allocation: AllocationMethod;
}

/** How to draw a sample from a log; `strata` is given exactly when the method is stratified. */
export interface SampleDesign {
  method: SampleMethod;
  size: number;
  seed: number;
  strata?: StrataDesign;
}

/** The one "stratum" of an unstratified sample, so every sample is summarized the same way. */
export const WHOLE_LOG_STRATUM = 'all queries';

export interface DrawnSample {
  /** Each query once, with its stratum (null for unstratified samples). */
  queries: { entry: QueryLogEntry; stratum: string | null }[];
  strata: StratumSummary[];
  /** Allocation used (Neyman falls back to proportional without a measured SD for every stratum); null unstratified. */
  allocation: AllocationMethod | null;
  /** MDE of nDCG@10 for the whole sample (for a stratified one, of the stratum-weighted mean). */
  minimumDetectableEffect: number;
}

/**
 * Draws a sample as designed. `sdOf` gives the measured SD of the metric for a group of log queries (a
 * stratum, or the whole log), or undefined when too few of them were judged; the default SD stands in then.
 */
export function drawSample(entries: readonly QueryLogEntry[], design: SampleDesign, sdOf: (members: readonly QueryLogEntry[]) => number | undefined): DrawnSample {
  const defaultSd = DEFAULT_NDCG_DIFFERENCE_SD;
  if ((design.method === 'stratified') !== (design.strata !== undefined)) {
    throw new AppError('INVALID_ARGS', design.method === 'stratified' ? 'a stratified sample needs strata' : `strata apply only to stratified samples, not ${design.method}`, { field: 'strata' });
  }
  if (design.strata) {
    const { by, thresholds, allocation } = design.strata;
    const keys = stratumKeys(entries, by, thresholds);
    const members = new Map<string, QueryLogEntry[]>();
    entries.forEach((entry, i) => members.set(keys[i]!, [...(members.get(keys[i]!) ?? []), entry]));
    const sdByStratum = new Map<string, number>();
    for (const [key, stratumEntries] of members) {
      const sd = sdOf(stratumEntries);
      if (sd !== undefined) sdByStratum.set(key, sd);
    }
    const drawn = sampleStratified(entries, { sampleSize: design.size, seed: design.seed, stratifyBy: by, thresholds, allocation, sdByStratum, defaultSd });
    return { queries: drawn.sample, strata: drawn.strata, allocation: drawn.allocation, minimumDetectableEffect: drawn.minimumDetectableEffect };
  }
  const sample =
    design.method === 'uniform' ? sampleUniform(entries, design.size, design.seed) : design.method === 'top' ? sampleTopByCount(entries, design.size) : samplePps(entries, design.size, design.seed).map((draw) => draw.entry);
  const measured = sdOf(entries);
  const sd = measured ?? defaultSd;
  const mde = minimumDetectableEffect(sd, design.size);
  return {
    queries: sample.map((entry) => ({ entry, stratum: null })),
    strata: [{ key: WHOLE_LOG_STRATUM, population: entries.length, trafficShare: 1, sampleSize: design.size, sd, sdSource: measured === undefined ? 'default' : 'judgments', minimumDetectableEffect: mde }],
    allocation: null,
    minimumDetectableEffect: mde,
  };
}
