/**
 * Inter-rater agreement and rank correlation. Multi-rater inputs are unit-major: one row per rated
 * item, one entry per rater, `null` where that rater gave no rating.
 */

export type Rating = number | string;
export type KappaWeighting = 'unweighted' | 'linear' | 'quadratic';

/** Distinct ratings in natural order (numbers numerically, strings lexically). */
function orderedCategories(values: Iterable<Rating>): Rating[] {
  return [...new Set(values)].sort((a, b) =>
    typeof a === 'number' && typeof b === 'number' ? a - b : String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0,
  );
}

/**
 * Cohen's κ for two raters; linear/quadratic weights need ordered categories (default: the observed
 * values sorted, or pass the full scale so unused levels still count in the weights).
 */
export function cohenKappa(
  raterA: readonly Rating[],
  raterB: readonly Rating[],
  weighting: KappaWeighting = 'unweighted',
  categories: readonly Rating[] = orderedCategories([...raterA, ...raterB]),
): number {
  if (raterA.length !== raterB.length) throw new Error('both raters must rate the same items');
  const k = categories.length;
  const index = new Map(categories.map((category, i) => [category, i]));
  const observed = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  raterA.forEach((rating, item) => {
    const i = index.get(rating);
    const j = index.get(raterB[item]!);
    if (i === undefined || j === undefined) throw new Error(`rating not among the categories at item ${item}`);
    observed[i]![j]!++;
  });
  const n = raterA.length;
  const rowTotals = observed.map((row) => row.reduce((sum, count) => sum + count, 0));
  const columnTotals = categories.map((_, j) => observed.reduce((sum, row) => sum + row[j]!, 0));
  const agreementWeight = (i: number, j: number): number => {
    if (weighting === 'unweighted' || k === 1) return i === j ? 1 : 0;
    const distance = Math.abs(i - j) / (k - 1);
    return weighting === 'linear' ? 1 - distance : 1 - distance * distance;
  };
  let observedAgreement = 0;
  let expectedAgreement = 0;
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      const weight = agreementWeight(i, j);
      observedAgreement += (weight * observed[i]![j]!) / n;
      expectedAgreement += (weight * rowTotals[i]! * columnTotals[j]!) / (n * n);
    }
  }
  return (observedAgreement - expectedAgreement) / (1 - expectedAgreement);
}

/**
 * Fleiss' κ. `counts[item][category]` = number of raters who put the item in that category; every
 * item must have the same number of raters.
 */
export function fleissKappa(counts: readonly (readonly number[])[]): number {
  const items = counts.length;
  const raters = counts[0]!.reduce((sum, count) => sum + count, 0);
  const categories = counts[0]!.length;
  let meanItemAgreement = 0;
  const categoryTotals = new Array<number>(categories).fill(0);
  for (const row of counts) {
    if (row.reduce((sum, count) => sum + count, 0) !== raters) throw new Error('every item needs the same number of ratings');
    meanItemAgreement += (row.reduce((sum, count) => sum + count * count, 0) - raters) / (raters * (raters - 1));
    row.forEach((count, j) => {
      categoryTotals[j]! += count;
    });
  }
  meanItemAgreement /= items;
  const chanceAgreement = categoryTotals.reduce((sum, total) => sum + (total / (items * raters)) ** 2, 0);
  return (meanItemAgreement - chanceAgreement) / (1 - chanceAgreement);
}

export type MeasurementLevel = 'nominal' | 'ordinal' | 'interval' | 'ratio';

/**
 * Krippendorff's α from the coincidence matrix (Krippendorff 2011, "Computing Krippendorff's
 * Alpha-Reliability"). Units with fewer than two ratings are ignored. Ordinal/interval/ratio need
 * numeric ratings.
 */
export function krippendorffAlpha(ratingsByUnit: readonly (readonly (Rating | null)[])[], level: MeasurementLevel): number {
  const pairable = ratingsByUnit.map((unit) => unit.filter((rating): rating is Rating => rating !== null)).filter((unit) => unit.length >= 2);
  const values = orderedCategories(pairable.flat());
  const index = new Map(values.map((value, i) => [value, i]));
  const v = values.length;
  const coincidences = Array.from({ length: v }, () => new Array<number>(v).fill(0));
  for (const unit of pairable) {
    const weight = 1 / (unit.length - 1);
    for (let i = 0; i < unit.length; i++) {
      for (let j = 0; j < unit.length; j++) {
        if (i !== j) coincidences[index.get(unit[i]!)!]![index.get(unit[j]!)!]! += weight;
      }
    }
  }
  const marginals = coincidences.map((row) => row.reduce((sum, count) => sum + count, 0));
  const total = marginals.reduce((sum, count) => sum + count, 0);
  const numeric = (i: number): number => {
    const value = values[i]!;
    if (typeof value !== 'number') throw new Error(`${level} α needs numeric ratings, got '${value}'`);
    return value;
  };
  const squaredDistance = (c: number, k: number): number => {
    if (c === k) return 0;
    switch (level) {
      case 'nominal':
        return 1;
      case 'ordinal': {
        let between = 0;
        for (let g = Math.min(c, k); g <= Math.max(c, k); g++) between += marginals[g]!;
        return (between - (marginals[c]! + marginals[k]!) / 2) ** 2;
      }
      case 'interval':
        return (numeric(c) - numeric(k)) ** 2;
      case 'ratio':
        return ((numeric(c) - numeric(k)) / (numeric(c) + numeric(k))) ** 2;
    }
  };
  let observedDisagreement = 0;
  let expectedDisagreement = 0;
  for (let c = 0; c < v; c++) {
    for (let k = 0; k < v; k++) {
      const distance = squaredDistance(c, k);
      observedDisagreement += coincidences[c]![k]! * distance;
      expectedDisagreement += marginals[c]! * marginals[k]! * distance;
    }
  }
  return 1 - ((total - 1) * observedDisagreement) / expectedDisagreement;
}

/** Share of agreeing rater pairs, averaged over items with at least two ratings. */
export function percentAgreement(ratingsByUnit: readonly (readonly (Rating | null)[])[]): number {
  let sum = 0;
  let units = 0;
  for (const unit of ratingsByUnit) {
    const ratings = unit.filter((rating) => rating !== null);
    if (ratings.length < 2) continue;
    let agreeing = 0;
    for (let i = 0; i < ratings.length; i++) for (let j = i + 1; j < ratings.length; j++) if (ratings[i] === ratings[j]) agreeing++;
    sum += agreeing / ((ratings.length * (ratings.length - 1)) / 2);
    units++;
  }
  return sum / units;
}

/** Kendall τ-b (tie-corrected), O(n²). */
export function kendallTauB(x: readonly number[], y: readonly number[]): number {
  if (x.length !== y.length) throw new Error('x and y must have the same length');
  let concordantMinusDiscordant = 0;
  let pairsUntiedInX = 0;
  let pairsUntiedInY = 0;
  for (let i = 0; i < x.length; i++) {
    for (let j = i + 1; j < x.length; j++) {
      const dx = Math.sign(x[i]! - x[j]!);
      const dy = Math.sign(y[i]! - y[j]!);
      concordantMinusDiscordant += dx * dy;
      if (dx !== 0) pairsUntiedInX++;
      if (dy !== 0) pairsUntiedInY++;
    }
  }
  return concordantMinusDiscordant / Math.sqrt(pairsUntiedInX * pairsUntiedInY);
}

/** 1-based ranks, ties sharing their average rank. */
export function averageRanks(values: readonly number[]): number[] {
  const order = values.map((_, i) => i).sort((i, j) => values[i]! - values[j]!);
  const ranks = new Array<number>(values.length);
  for (let start = 0; start < order.length; ) {
    let end = start;
    while (end + 1 < order.length && values[order[end + 1]!] === values[order[start]!]) end++;
    const rank = (start + end) / 2 + 1;
    for (let i = start; i <= end; i++) ranks[order[i]!] = rank;
    start = end + 1;
  }
  return ranks;
}

/** Spearman ρ: Pearson correlation of average ranks (handles ties). */
export function spearmanRho(x: readonly number[], y: readonly number[]): number {
  if (x.length !== y.length) throw new Error('x and y must have the same length');
  return pearson(averageRanks(x), averageRanks(y));
}

function pearson(x: readonly number[], y: readonly number[]): number {
  const n = x.length;
  const meanX = x.reduce((sum, value) => sum + value, 0) / n;
  const meanY = y.reduce((sum, value) => sum + value, 0) / n;
  let covariance = 0;
  let varianceX = 0;
  let varianceY = 0;
  for (let i = 0; i < n; i++) {
    covariance += (x[i]! - meanX) * (y[i]! - meanY);
    varianceX += (x[i]! - meanX) ** 2;
    varianceY += (y[i]! - meanY) ** 2;
  }
  return covariance / Math.sqrt(varianceX * varianceY);
}
