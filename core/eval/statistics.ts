/**
 * Paired significance testing for per-query scores of two systems: Student t (exact CDF via the
 * regularized incomplete beta function), Fisher randomization (sign flipping), percentile bootstrap CI,
 * Holm correction, Cohen's d_z and power analysis. All randomness comes from a seeded PRNG.
 */

/** Mulberry32: small, fast, good-enough 32-bit PRNG; returns numbers in [0, 1). */
export function createRng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function mean(values: readonly number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}

/** Sample standard deviation (n − 1 denominator). */
export function standardDeviation(values: readonly number[]): number {
  if (values.length < 2) return 0;
  const average = mean(values);
  return Math.sqrt(values.reduce((sum, value) => sum + (value - average) ** 2, 0) / (values.length - 1));
}

export function pairedDifferences(a: readonly number[], b: readonly number[]): number[] {
  if (a.length !== b.length) throw new Error(`paired samples differ in length: ${a.length} vs ${b.length}`);
  return a.map((value, i) => value - b[i]!);
}

const LANCZOS = [
  676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012,
  9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** ln Γ(x) for x > 0 (Lanczos, g = 7; ~15 significant digits). */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let series = 0.99999999999980993;
  LANCZOS.forEach((coefficient, i) => {
    series += coefficient / (z + i + 1);
  });
  const t = z + LANCZOS.length - 0.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(series);
}

/** Continued fraction for the incomplete beta function (modified Lentz). */
function betaContinuedFraction(x: number, a: number, b: number): number {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let fraction = d;
  for (let m = 1; m <= 10000; m++) {
    const m2 = 2 * m;
    let numerator = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + numerator * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + numerator / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    fraction *= d * c;
    numerator = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + numerator * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + numerator / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    fraction *= delta;
    if (Math.abs(delta - 1) < 1e-15) break;
  }
  return fraction;
}

/** Regularized incomplete beta I_x(a, b). */
export function regularizedIncompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const logFront = logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x);
  // The continued fraction converges fast only for x < (a + 1) / (a + b + 2); use symmetry otherwise.
  if (x < (a + 1) / (a + b + 2)) return (Math.exp(logFront) * betaContinuedFraction(x, a, b)) / a;
  return 1 - (Math.exp(logFront) * betaContinuedFraction(1 - x, b, a)) / b;
}

/** Student t cumulative distribution P(T ≤ t) with `df` degrees of freedom. */
export function studentTCdf(t: number, df: number): number {
  if (!Number.isFinite(t)) return t > 0 ? 1 : 0;
  const tail = 0.5 * regularizedIncompleteBeta(df / (df + t * t), df / 2, 0.5);
  return t > 0 ? 1 - tail : tail;
}

/** Inverse of studentTCdf, by bisection (monotone, so robust; 200 halvings reach double precision). */
export function studentTQuantile(probability: number, df: number): number {
  if (probability <= 0) return Number.NEGATIVE_INFINITY;
  if (probability >= 1) return Number.POSITIVE_INFINITY;
  let low = -1e6;
  let high = 1e6;
  for (let i = 0; i < 200 && high - low > 1e-12; i++) {
    const middle = (low + high) / 2;
    if (studentTCdf(middle, df) < probability) low = middle;
    else high = middle;
  }
  return (low + high) / 2;
}

export interface TTestResult {
  readonly t: number;
  readonly degreesOfFreedom: number;
  /** Two-sided. */
  readonly pValue: number;
}

/** Paired two-sided t-test on a − b. */
export function pairedTTest(a: readonly number[], b: readonly number[]): TTestResult {
  const differences = pairedDifferences(a, b);
  const n = differences.length;
  const degreesOfFreedom = n - 1;
  const average = mean(differences);
  const standardError = standardDeviation(differences) / Math.sqrt(n);
  if (n < 2) return { t: Number.NaN, degreesOfFreedom, pValue: Number.NaN };
  if (standardError === 0) return { t: average === 0 ? 0 : Math.sign(average) * Infinity, degreesOfFreedom, pValue: average === 0 ? 1 : 0 };
  const t = average / standardError;
  return { t, degreesOfFreedom, pValue: regularizedIncompleteBeta(degreesOfFreedom / (degreesOfFreedom + t * t), degreesOfFreedom / 2, 0.5) };
}

/**
 * Two-sided Fisher randomization (permutation) test on paired differences: each trial flips the sign
 * of every difference with probability ½. p = (1 + trials at least as extreme) / (1 + trials), so it
 * is never 0.
 */
export function randomizationTest(a: readonly number[], b: readonly number[], permutations: number, random: () => number): number {
  const differences = pairedDifferences(a, b);
  const observed = Math.abs(differences.reduce((sum, value) => sum + value, 0));
  // Sums that differ from the observed one only by rounding count as ties.
  const tolerance = 1e-12 * Math.max(1, observed);
  let extreme = 0;
  for (let trial = 0; trial < permutations; trial++) {
    let sum = 0;
    for (const difference of differences) sum += random() < 0.5 ? -difference : difference;
    if (Math.abs(sum) >= observed - tolerance) extreme++;
  }
  return (1 + extreme) / (1 + permutations);
}

/** Percentile bootstrap confidence interval of the mean paired difference (queries resampled). */
export function bootstrapMeanDifferenceCI(
  a: readonly number[],
  b: readonly number[],
  resamples: number,
  random: () => number,
  confidence = 0.95,
): [number, number] {
  const differences = pairedDifferences(a, b);
  const n = differences.length;
  const means = new Float64Array(resamples);
  for (let r = 0; r < resamples; r++) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += differences[Math.floor(random() * n)]!;
    means[r] = sum / n;
  }
  means.sort();
  const alpha = 1 - confidence;
  return [quantileOfSorted(means, alpha / 2), quantileOfSorted(means, 1 - alpha / 2)];
}

/** Linear interpolation between order statistics (type 7, the R/NumPy default). */
function quantileOfSorted(sorted: Float64Array, probability: number): number {
  const position = probability * (sorted.length - 1);
  const below = Math.floor(position);
  const above = Math.min(below + 1, sorted.length - 1);
  return sorted[below]! + (position - below) * (sorted[above]! - sorted[below]!);
}

/** Holm–Bonferroni step-down adjusted p-values, returned in the input order. */
export function holmAdjust(pValues: readonly number[]): number[] {
  const m = pValues.length;
  const order = pValues.map((_, i) => i).sort((i, j) => pValues[i]! - pValues[j]!);
  const adjusted = new Array<number>(m);
  let runningMax = 0;
  order.forEach((index, rank) => {
    runningMax = Math.max(runningMax, Math.min(1, (m - rank) * pValues[index]!));
    adjusted[index] = runningMax;
  });
  return adjusted;
}

/** Cohen's d_z: mean paired difference over its standard deviation. */
export function cohensDz(a: readonly number[], b: readonly number[]): number {
  const differences = pairedDifferences(a, b);
  const sd = standardDeviation(differences);
  return sd === 0 ? 0 : mean(differences) / sd;
}

export interface WinTieLoss {
  readonly wins: number;
  readonly ties: number;
  readonly losses: number;
}

export function winTieLoss(a: readonly number[], b: readonly number[]): WinTieLoss {
  let wins = 0;
  let losses = 0;
  pairedDifferences(a, b).forEach((difference) => {
    if (difference > 0) wins++;
    else if (difference < 0) losses++;
  });
  return { wins, ties: a.length - wins - losses, losses };
}

/**
 * Smallest true mean difference a two-sided paired t-test detects with the given power:
 * (t_{1−α/2, n−1} + t_{power, n−1}) · sd / √n.
 */
export function minimumDetectableEffect(sdOfDifferences: number, queries: number, alpha = 0.05, power = 0.8): number {
  if (queries < 2) return Number.POSITIVE_INFINITY;
  const df = queries - 1;
  return ((studentTQuantile(1 - alpha / 2, df) + studentTQuantile(power, df)) * sdOfDifferences) / Math.sqrt(queries);
}

/** Number of queries for which minimumDetectableEffect ≤ |delta| (Infinity when delta is 0 or it exceeds 10^7). */
export function queriesNeeded(delta: number, sdOfDifferences: number, alpha = 0.05, power = 0.8): number {
  const target = Math.abs(delta);
  if (target === 0) return Number.POSITIVE_INFINITY;
  if (sdOfDifferences === 0) return 2;
  const detects = (n: number) => minimumDetectableEffect(sdOfDifferences, n, alpha, power) <= target;
  const limit = 10_000_000;
  let high = 2;
  while (!detects(high)) {
    if (high >= limit) return Number.POSITIVE_INFINITY;
    high = Math.min(limit, high * 2);
  }
  let low = Math.max(2, Math.floor(high / 2));
  while (low < high) {
    const middle = Math.floor((low + high) / 2);
    if (detects(middle)) high = middle;
    else low = middle + 1;
  }
  return high;
}

export interface PairedComparison {
  readonly meanA: number;
  readonly meanB: number;
  /** mean(a) − mean(b). */
  readonly delta: number;
  readonly confidenceInterval: [number, number];
  readonly tTest: TTestResult;
  readonly randomizationPValue: number;
  readonly winTieLoss: WinTieLoss;
  readonly effectSizeDz: number;
  readonly minimumDetectableEffect: number;
  readonly queriesNeededForDelta: number;
}

export interface PairedComparisonOptions {
  readonly seed: number;
  readonly resamples: number;
  readonly permutations: number;
}

export function comparePaired(a: readonly number[], b: readonly number[], options: PairedComparisonOptions): PairedComparison {
  const differences = pairedDifferences(a, b);
  const sd = standardDeviation(differences);
  const delta = mean(differences);
  return {
    meanA: mean(a),
    meanB: mean(b),
    delta,
    // Separate streams so adding resamples does not change the randomization test, and vice versa.
    confidenceInterval: bootstrapMeanDifferenceCI(a, b, options.resamples, createRng(options.seed)),
    tTest: pairedTTest(a, b),
    randomizationPValue: randomizationTest(a, b, options.permutations, createRng(options.seed ^ 0x9e3779b9)),
    winTieLoss: winTieLoss(a, b),
    effectSizeDz: cohensDz(a, b),
    minimumDetectableEffect: minimumDetectableEffect(sd, differences.length),
    queriesNeededForDelta: queriesNeeded(delta, sd),
  };
}
