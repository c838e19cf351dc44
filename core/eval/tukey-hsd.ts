/**
 * Tukey's honestly significant difference for three or more systems scored on the same queries: a
 * two-way ANOVA without replication (queries × systems) gives the residual mean square, and each pair's
 * studentized range q = |mean_j − mean_i| / √(MSE/n) is referred to the studentized range distribution
 * with (n − 1)(k − 1) degrees of freedom (the repeated-measures form IR evaluation uses, e.g. Sakai 2014).
 */
import { logGamma } from './statistics';

/** Regularized lower incomplete gamma P(a, x) (series below a + 1, Lentz continued fraction above). */
function lowerRegularizedGamma(a: number, x: number): number {
  if (x <= 0) return 0;
  const logFront = a * Math.log(x) - x - logGamma(a);
  if (x < a + 1) {
    let term = 1 / a;
    let sum = term;
    for (let n = 1; n < 1000 && Math.abs(term) > Math.abs(sum) * 1e-16; n++) {
      term *= x / (a + n);
      sum += term;
    }
    return sum * Math.exp(logFront);
  }
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let fraction = d;
  for (let i = 1; i < 1000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    fraction *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return 1 - Math.exp(logFront) * fraction;
}

/** Standard normal CDF Φ(x), accurate to about 1e-15 (via erf(z) = P(½, z²)). */
export function normalCdf(x: number): number {
  const erf = lowerRegularizedGamma(0.5, (x * x) / 2);
  return x >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
}

// Gauss–Legendre nodes and weights (half of each symmetric set) from Copenhaver & Holland (1988), as in R's ptukey.c.
const RANGE_NODES = [0.98156063424671925, 0.904117256370474857, 0.769902674194304687, 0.587317954286617447, 0.367831498998180194, 0.125233408511468915];
const RANGE_WEIGHTS = [0.0471753363865118272, 0.106939325995318431, 0.160078328543346226, 0.203167426723065922, 0.233492536538354809, 0.249147045813402785];
const DF_NODES = [
  0.989400934991649933, 0.944575023073232576, 0.865631202387831744, 0.755404408355003034, 0.617876244402643748, 0.458016777657227386, 0.281603550779258913,
  0.0950125098376374402,
];
const DF_WEIGHTS = [
  0.0271524594117540949, 0.0622535239386478929, 0.0951585116824927848, 0.124628971255533872, 0.149595988816576732, 0.169156519395002538, 0.182603415044923589,
  0.189450610455068496,
];

/** P(range of `groups` standard normals ≤ w) (infinite degrees of freedom). */
function normalRangeCdf(w: number, groups: number): number {
  const half = w * 0.5;
  if (half >= 8) return 1;
  let probability = 2 * normalCdf(half) - 1;
  probability = probability >= Math.exp(-50 / groups) ? probability ** groups : 0;
  const intervals = w > 3 ? 2 : 3;
  let lower = half;
  const width = (8 - half) / intervals;
  let upper = lower + width;
  let integral = 0;
  for (let interval = 0; interval < intervals; interval++) {
    let sum = 0;
    const middle = 0.5 * (upper + lower);
    const halfWidth = 0.5 * (upper - lower);
    for (let node = 0; node < 2 * RANGE_NODES.length; node++) {
      const index = node < RANGE_NODES.length ? node : 2 * RANGE_NODES.length - 1 - node;
      const x = middle + halfWidth * (node < RANGE_NODES.length ? -RANGE_NODES[index]! : RANGE_NODES[index]!);
      const exponent = x * x;
      if (exponent > 60) break;
      const inner = normalCdf(x) - normalCdf(x - w);
      if (inner >= Math.exp(-30 / (groups - 1))) sum += RANGE_WEIGHTS[index]! * Math.exp(-0.5 * exponent) * inner ** (groups - 1);
    }
    integral += (sum * 2 * halfWidth * groups) / Math.sqrt(2 * Math.PI);
    lower = upper;
    upper += width;
  }
  probability += integral;
  if (probability <= Math.exp(-30)) return 0;
  return Math.min(1, probability);
}

/** Studentized range CDF P(Q ≤ q) for `groups` means and `df` degrees of freedom (Copenhaver & Holland 1988). */
export function studentizedRangeCdf(q: number, groups: number, df: number): number {
  if (q <= 0) return 0;
  if (!Number.isFinite(q)) return 1;
  if (df > 25_000) return normalRangeCdf(q, groups);
  const halfDf = df * 0.5;
  const unit = df <= 100 ? 1 : df <= 800 ? 0.5 : df <= 5000 ? 0.25 : 0.125;
  const logFront = halfDf * Math.log(df) - df * Math.LN2 - logGamma(halfDf) + Math.log(unit);
  const quarterDf = df * 0.25;
  let total = 0;
  for (let i = 1; i <= 50; i++) {
    let sum = 0;
    const center = (2 * i - 1) * unit;
    for (let node = 0; node < 2 * DF_NODES.length; node++) {
      const offset = (node < DF_NODES.length ? -DF_NODES[node]! : DF_NODES[node - DF_NODES.length]!) * unit;
      const weight = DF_WEIGHTS[node < DF_NODES.length ? node : node - DF_NODES.length]!;
      const t = logFront + (halfDf - 1) * Math.log(center + offset) - (center + offset) * quarterDf;
      if (t >= -30) sum += normalRangeCdf(q * Math.sqrt((center + offset) * 0.5), groups) * weight * Math.exp(t);
    }
    if (i * unit >= 1 && sum <= 1e-14) break;
    total += sum;
  }
  return Math.min(1, total);
}

/** The q with studentizedRangeCdf(q) = probability, by bisection. */
export function studentizedRangeQuantile(probability: number, groups: number, df: number): number {
  let low = 0;
  let high = 100;
  for (let i = 0; i < 100 && high - low > 1e-10; i++) {
    const middle = (low + high) / 2;
    if (studentizedRangeCdf(middle, groups, df) < probability) low = middle;
    else high = middle;
  }
  return (low + high) / 2;
}

export interface TukeyPair {
  /** Index of the earlier system; the difference is contender − baseline, as in compareEvaluations. */
  readonly baseline: number;
  readonly contender: number;
  readonly difference: number;
  /** Simultaneous 95% interval of the difference. */
  readonly confidenceInterval: [number, number];
  readonly q: number;
  readonly pValue: number;
}

export interface TukeyHsd {
  readonly meanSquareError: number;
  readonly degreesOfFreedom: number;
  readonly criticalQ: number;
  readonly pairs: TukeyPair[];
}

/** Tukey HSD over systems' per-query scores (`perSystem[s][q]`, every system on the same queries). */
export function tukeyHsd(perSystem: readonly (readonly number[])[], confidence = 0.95): TukeyHsd {
  const k = perSystem.length;
  const n = perSystem[0]?.length ?? 0;
  if (k < 2 || n < 2 || perSystem.some((values) => values.length !== n)) throw new RangeError('Tukey HSD needs 2+ systems with the same 2+ queries each');
  const systemMeans = perSystem.map((values) => values.reduce((sum, value) => sum + value, 0) / n);
  const queryMeans = Array.from({ length: n }, (_, q) => perSystem.reduce((sum, values) => sum + values[q]!, 0) / k);
  const grandMean = systemMeans.reduce((sum, value) => sum + value, 0) / k;
  let residual = 0;
  for (let s = 0; s < k; s++) {
    for (let q = 0; q < n; q++) residual += (perSystem[s]![q]! - systemMeans[s]! - queryMeans[q]! + grandMean) ** 2;
  }
  const degreesOfFreedom = (n - 1) * (k - 1);
  const meanSquareError = residual / degreesOfFreedom;
  const standardError = Math.sqrt(meanSquareError / n);
  const criticalQ = studentizedRangeQuantile(confidence, k, degreesOfFreedom);
  const pairs: TukeyPair[] = [];
  for (let baseline = 0; baseline < k; baseline++) {
    for (let contender = baseline + 1; contender < k; contender++) {
      const difference = systemMeans[contender]! - systemMeans[baseline]!;
      const q = standardError === 0 ? (difference === 0 ? 0 : Infinity) : Math.abs(difference) / standardError;
      const margin = criticalQ * standardError;
      pairs.push({ baseline, contender, difference, confidenceInterval: [difference - margin, difference + margin], q, pValue: 1 - studentizedRangeCdf(q, k, degreesOfFreedom) });
    }
  }
  return { meanSquareError, degreesOfFreedom, criticalQ, pairs };
}
