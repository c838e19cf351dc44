/**
 * LambdaMART: gradient-boosted regression trees fitted to lambda gradients that optimize nDCG@k
 * (Burges 2010). Features are pre-binned once (at most `maxBins` bins each), so finding a split is a
 * scan over histograms; trees grow best-leaf-first; leaf values are Newton steps −G / (H + λ), shrunk by
 * the learning rate. Deterministic for a seed (the seed only drives feature subsampling: each tree draws its own features).
 */
import { AppError } from '../runtime/errors';
import { shuffledIndexes } from './folds';
import { discountAt, gainOf, idealDcg, meanNdcg, orderByScore, type RankingData } from './ranking-data';
import { leafOf, type RegressionTree, type TreeEnsemble, type TreeNode } from './ranking-model';

export interface LambdaMartParams {
  trees: number;
  learningRate: number;
  maxLeaves: number;
  maxDepth: number;
  /** Rows a leaf must hold at least. */
  minDocsPerLeaf: number;
  /**
   * Sum of hessians a leaf must hold at least. Lambda hessians are small (σ²ρ(1−ρ)|ΔnDCG| per pair), so a
   * value like XGBoost's default min_child_weight of 1 would forbid nearly every split.
   */
  minHessianPerLeaf: number;
  /** λ in the leaf value −G / (H + λ) and in the split gain. */
  l2Regularization: number;
  /** Share of the features each tree may split on, drawn per tree from the seed. */
  featureFraction: number;
  maxBins: number;
  /** The k of the nDCG@k the lambdas optimize and early stopping watches. */
  ndcgAt: number;
  /** Stop when validation nDCG has not improved for this many trees (needs validation rows). */
  earlyStoppingRounds: number;
  /** σ of the pairwise logistic loss (1, as XGBoost and LightGBM use). */
  sigma: number;
  seed: number;
}

export const LAMBDAMART_DEFAULTS: LambdaMartParams = {
  trees: 300,
  learningRate: 0.05,
  maxLeaves: 15,
  maxDepth: 6,
  minDocsPerLeaf: 20,
  minHessianPerLeaf: 1e-3,
  l2Regularization: 1e-3,
  featureFraction: 1,
  maxBins: 255,
  ndcgAt: 10,
  earlyStoppingRounds: 40,
  sigma: 1,
  seed: 42,
};

// ---------------------------------------------------------------------------------------------
// Lambda gradients

/**
 * d(loss)/d(score) and its second derivative for every row, pairwise over each query's rows with
 * different labels, each pair weighted by |ΔnDCG@k| of swapping the two in the current order. A pair
 * of rows both below position k does not change nDCG@k, so its weight is 0 and it is skipped.
 */
export function lambdaGradients(data: RankingData, scores: ArrayLike<number>, k: number, sigma = 1): { gradients: Float64Array; hessians: Float64Array } {
  const n = data.labels.length;
  const gradients = new Float64Array(n);
  const hessians = new Float64Array(n);
  for (let q = 0; q < data.queryIds.length; q++) {
    const start = data.queryStarts[q]!;
    const end = data.queryStarts[q + 1]!;
    const ideal = idealDcg(data.labels, start, end, k);
    if (ideal === 0) continue;
    const order = orderByScore(scores, start, end);
    const size = order.length;
    for (let i = 0; i < Math.min(k, size); i++) {
      const a = order[i]!;
      const labelA = data.labels[a]!;
      const discountA = discountAt(i);
      for (let j = i + 1; j < size; j++) {
        const b = order[j]!;
        const labelB = data.labels[b]!;
        if (labelA === labelB) continue;
        const better = labelA > labelB ? a : b;
        const worse = labelA > labelB ? b : a;
        const discountB = j < k ? discountAt(j) : 0;
        const weight = (Math.abs(gainOf(labelA) - gainOf(labelB)) * (discountA - discountB)) / ideal;
        const rho = 1 / (1 + Math.exp(sigma * (scores[better]! - scores[worse]!)));
        const lambda = sigma * rho * weight;
        const hessian = sigma * sigma * rho * (1 - rho) * weight;
        gradients[better] -= lambda;
        gradients[worse] += lambda;
        hessians[better] += hessian;
        hessians[worse] += hessian;
      }
    }
  }
  return { gradients, hessians };
}

// ---------------------------------------------------------------------------------------------
// Binning

export interface BinnedFeatures {
  rows: number;
  /** Row-major, like the features: feature f of row r is bins[r * width + f] (a histogram pass reads a row's bins together). */
  bins: Uint16Array;
  /** Per feature, ascending float32 thresholds: bin b holds the values in (t[b−1], t[b]]. */
  thresholds: Float64Array[];
}

/**
 * A threshold between two adjacent float32 values that is itself a float32, so `x <= t` holds for the
 * lower value and fails for the upper one both here and in the exported float32 graph.
 */
function float32Between(lower: number, upper: number): number {
  const mid = Math.fround((lower + upper) / 2);
  return mid >= lower && mid < upper ? mid : lower;
}

/** Thresholds of one feature: between every pair of adjacent distinct values, or at count quantiles when there are more than maxBins. */
function featureThresholds(values: Float32Array, maxBins: number): Float64Array {
  const sorted = Float32Array.from(values).sort();
  const distinct: number[] = [];
  const counts: number[] = [];
  for (const value of sorted) {
    if (distinct.length > 0 && distinct[distinct.length - 1] === value) counts[counts.length - 1]!++;
    else {
      distinct.push(value);
      counts.push(1);
    }
  }
  const thresholds: number[] = [];
  if (distinct.length <= maxBins) {
    for (let i = 0; i + 1 < distinct.length; i++) thresholds.push(float32Between(distinct[i]!, distinct[i + 1]!));
  } else {
    const perBin = sorted.length / maxBins;
    let cumulative = 0;
    for (let i = 0; i + 1 < distinct.length && thresholds.length < maxBins - 1; i++) {
      cumulative += counts[i]!;
      if (cumulative >= perBin * (thresholds.length + 1)) thresholds.push(float32Between(distinct[i]!, distinct[i + 1]!));
    }
  }
  return Float64Array.from(thresholds);
}

/** The bin of x: the first threshold x does not exceed, or the last bin. */
function binOf(thresholds: Float64Array, x: number): number {
  let low = 0;
  let high = thresholds.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (x <= thresholds[mid]!) high = mid;
    else low = mid + 1;
  }
  return low;
}

export function binFeatures(data: RankingData, maxBins: number): BinnedFeatures {
  const rows = data.labels.length;
  const width = data.featureCount;
  const bins = new Uint16Array(rows * width);
  const thresholds: Float64Array[] = [];
  const column = new Float32Array(rows);
  for (let f = 0; f < width; f++) {
    for (let r = 0; r < rows; r++) column[r] = data.features[r * width + f]!;
    const featureCuts = featureThresholds(column, maxBins);
    thresholds.push(featureCuts);
    for (let r = 0; r < rows; r++) bins[r * width + f] = binOf(featureCuts, column[r]!);
  }
  return { rows, bins, thresholds };
}

// ---------------------------------------------------------------------------------------------
// One tree

interface Split {
  feature: number;
  bin: number;
  gain: number;
}

interface GrowingLeaf {
  node: number;
  start: number;
  end: number;
  depth: number;
  gradient: number;
  hessian: number;
  /** [feature][bin] × (gradient, hessian, count), laid out as offset (f * stride + b) * 3. */
  histogram: Float64Array;
  split: Split | null;
}

export interface TreeGrowthParams {
  maxLeaves: number;
  maxDepth: number;
  minDocsPerLeaf: number;
  minHessianPerLeaf: number;
  l2Regularization: number;
  learningRate: number;
}

export interface GrownTree {
  tree: RegressionTree;
  /** Per row of the binned data, the value its leaf adds. */
  rowValues: Float64Array;
  /** Split gain credited to each feature. */
  gains: Float64Array;
}

/**
 * Grows one regression tree on (gradient, hessian) pairs: the leaf with the largest gain splits next,
 * until maxLeaves, maxDepth, or no split satisfies the per-leaf minimums. A split sends `x <= threshold` left.
 */
export function growTree(binned: BinnedFeatures, gradients: Float64Array, hessians: Float64Array, features: readonly number[], params: TreeGrowthParams): GrownTree {
  const { rows, bins, thresholds } = binned;
  const width = thresholds.length;
  const stride = Math.max(1, ...thresholds.map((t) => t.length + 1));
  const lambda = params.l2Regularization;
  const rowIndex = Int32Array.from({ length: rows }, (_, r) => r);
  const nodes: TreeNode[] = [];
  const gains = new Float64Array(width);

  const featureList = Int32Array.from(features);
  const histogramOf = (start: number, end: number): Float64Array => {
    const histogram = new Float64Array(width * stride * 3);
    for (let i = start; i < end; i++) {
      const r = rowIndex[i]!;
      const gradient = gradients[r]!;
      const hessian = hessians[r]!;
      const rowBins = r * width;
      for (let k = 0; k < featureList.length; k++) {
        const f = featureList[k]!;
        const at = (f * stride + bins[rowBins + f]!) * 3;
        histogram[at] += gradient;
        histogram[at + 1] += hessian;
        histogram[at + 2]! += 1;
      }
    }
    return histogram;
  };
  const score = (g: number, h: number): number => (g * g) / (h + lambda);
  const bestSplit = (leaf: Omit<GrowingLeaf, 'split'>): Split | null => {
    if (leaf.depth >= params.maxDepth || leaf.end - leaf.start < 2 * params.minDocsPerLeaf) return null;
    const parentScore = score(leaf.gradient, leaf.hessian);
    const count = leaf.end - leaf.start;
    let best: Split | null = null;
    for (const f of features) {
      const binCount = thresholds[f]!.length + 1;
      let g = 0;
      let h = 0;
      let c = 0;
      for (let b = 0; b + 1 < binCount; b++) {
        const at = (f * stride + b) * 3;
        g += leaf.histogram[at]!;
        h += leaf.histogram[at + 1]!;
        c += leaf.histogram[at + 2]!;
        if (count - c < params.minDocsPerLeaf) break;
        if (c < params.minDocsPerLeaf || h < params.minHessianPerLeaf) continue;
        const hRight = leaf.hessian - h;
        if (hRight < params.minHessianPerLeaf) continue;
        const gain = score(g, h) + score(leaf.gradient - g, hRight) - parentScore;
        if (gain > 1e-12 && (best === null || gain > best.gain)) best = { feature: f, bin: b, gain };
      }
    }
    return best;
  };
  const makeLeaf = (node: number, start: number, end: number, depth: number, histogram?: Float64Array): GrowingLeaf => {
    let gradient = 0;
    let hessian = 0;
    for (let i = start; i < end; i++) {
      gradient += gradients[rowIndex[i]!]!;
      hessian += hessians[rowIndex[i]!]!;
    }
    const leaf = { node, start, end, depth, gradient, hessian, histogram: histogram ?? histogramOf(start, end) };
    return { ...leaf, split: bestSplit(leaf) };
  };

  nodes.push({ kind: 'leaf', value: 0 });
  const leaves: GrowingLeaf[] = [makeLeaf(0, 0, rows, 0)];
  while (leaves.length < params.maxLeaves) {
    let pick = -1;
    for (let i = 0; i < leaves.length; i++) {
      const split = leaves[i]!.split;
      if (split && (pick < 0 || split.gain > leaves[pick]!.split!.gain)) pick = i;
    }
    if (pick < 0) break;
    const leaf = leaves[pick]!;
    const split = leaf.split!;
    // Partition the leaf's rows in place: bin <= split.bin first.
    let middle = leaf.start;
    for (let i = leaf.start; i < leaf.end; i++) {
      const r = rowIndex[i]!;
      if (bins[r * width + split.feature]! <= split.bin) {
        rowIndex[i] = rowIndex[middle]!;
        rowIndex[middle++] = r;
      }
    }
    const leftId = nodes.length;
    nodes.push({ kind: 'leaf', value: 0 }, { kind: 'leaf', value: 0 });
    nodes[leaf.node] = { kind: 'split', feature: split.feature, threshold: thresholds[split.feature]![split.bin]!, left: leftId, right: leftId + 1, missingGoesLeft: true };
    gains[split.feature] += split.gain;
    // The smaller child's histogram is counted, the larger one's is the parent's minus it.
    const leftSmaller = middle - leaf.start <= leaf.end - middle;
    const small = leftSmaller ? histogramOf(leaf.start, middle) : histogramOf(middle, leaf.end);
    const large = leaf.histogram;
    for (let i = 0; i < large.length; i++) large[i] -= small[i]!;
    const left = makeLeaf(leftId, leaf.start, middle, leaf.depth + 1, leftSmaller ? small : large);
    const right = makeLeaf(leftId + 1, middle, leaf.end, leaf.depth + 1, leftSmaller ? large : small);
    leaves.splice(pick, 1, left, right);
  }

  const rowValues = new Float64Array(rows);
  for (const leaf of leaves) {
    const newton = leaf.hessian + lambda > 0 ? -leaf.gradient / (leaf.hessian + lambda) : 0;
    // Stored as float32, the precision of the exported graph, so the trainer's scores are the graph's.
    const value = Math.fround(params.learningRate * newton);
    nodes[leaf.node] = { kind: 'leaf', value };
    for (let i = leaf.start; i < leaf.end; i++) rowValues[rowIndex[i]!] = value;
  }
  return { tree: { nodes }, rowValues, gains };
}

// ---------------------------------------------------------------------------------------------
// Boosting

export interface BoostingProgress {
  trees: number;
  /** Mean nDCG@k of the validation queries after this tree; null without validation rows. */
  validationNdcg: number | null;
  bestIteration: number;
}

export interface LambdaMartResult {
  model: TreeEnsemble;
  /** Split gain per feature, summed over the kept trees. */
  featureGains: Float64Array;
  /** Validation nDCG@k after each tree grown (longer than the model when early stopping cut it back). */
  validationCurve: number[];
}

const hasRelevantRow = (data: RankingData): boolean => data.labels.some((label) => label > 0);

export function resolveLambdaMartParams(overrides: Partial<LambdaMartParams> = {}): LambdaMartParams {
  const params = { ...LAMBDAMART_DEFAULTS, ...Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined)) };
  const check = (ok: boolean, field: keyof LambdaMartParams, rule: string) => {
    if (!ok) throw new AppError('INVALID_ARGS', `${field} must be ${rule} (got ${params[field]})`, { field });
  };
  check(Number.isInteger(params.trees) && params.trees >= 1, 'trees', 'an integer ≥ 1');
  check(params.learningRate > 0 && params.learningRate <= 1, 'learningRate', 'in (0, 1]');
  check(Number.isInteger(params.maxLeaves) && params.maxLeaves >= 2, 'maxLeaves', 'an integer ≥ 2');
  check(Number.isInteger(params.maxDepth) && params.maxDepth >= 1, 'maxDepth', 'an integer ≥ 1');
  check(Number.isInteger(params.minDocsPerLeaf) && params.minDocsPerLeaf >= 1, 'minDocsPerLeaf', 'an integer ≥ 1');
  check(params.minHessianPerLeaf >= 0, 'minHessianPerLeaf', '≥ 0');
  check(params.l2Regularization >= 0, 'l2Regularization', '≥ 0');
  check(params.featureFraction > 0 && params.featureFraction <= 1, 'featureFraction', 'in (0, 1]');
  check(Number.isInteger(params.maxBins) && params.maxBins >= 2 && params.maxBins <= 65535, 'maxBins', 'an integer in [2, 65535]');
  check(Number.isInteger(params.ndcgAt) && params.ndcgAt >= 1, 'ndcgAt', 'an integer ≥ 1');
  check(Number.isInteger(params.earlyStoppingRounds) && params.earlyStoppingRounds >= 1, 'earlyStoppingRounds', 'an integer ≥ 1');
  return params;
}

/**
 * A LambdaMART training in steps: `step()` grows one tree and says whether to go on, so a job can
 * yield to the event loop and report progress between trees; `result()` is the model up to the best
 * validation iteration (all trees without validation rows).
 */
export function createLambdaMartTrainer(train: RankingData, overrides: Partial<LambdaMartParams> = {}, validationRows?: RankingData) {
  const params = resolveLambdaMartParams(overrides);
  // Validation queries without a relevant row score 0 whatever the model does: they cannot stop anything.
  const validation = validationRows && hasRelevantRow(validationRows) ? validationRows : undefined;
  const width = train.featureCount;
  const binned = binFeatures(train, params.maxBins);
  const featuresPerTree = Math.max(1, Math.round(params.featureFraction * width));
  const scores = new Float64Array(train.labels.length);
  const validationScores = validation ? new Float64Array(validation.labels.length) : null;
  const trees: RegressionTree[] = [];
  const treeGains: Float64Array[] = [];
  const validationCurve: number[] = [];
  let best = { iteration: 0, ndcg: validation ? meanNdcg(validation, validationScores!, params.ndcgAt) : 0 };
  let stopped = false;

  return {
    params,
    step(): BoostingProgress {
      if (stopped || trees.length >= params.trees) {
        stopped = true;
        return { trees: trees.length, validationNdcg: validationCurve.at(-1) ?? null, bestIteration: best.iteration };
      }
      const { gradients, hessians } = lambdaGradients(train, scores, params.ndcgAt, params.sigma);
      const features = shuffledIndexes(width, (params.seed ^ Math.imul(trees.length + 1, 0x9e3779b9)) >>> 0)
        .slice(0, featuresPerTree)
        .sort((a, b) => a - b);
      const grown = growTree(binned, gradients, hessians, features, params);
      trees.push(grown.tree);
      treeGains.push(grown.gains);
      for (let r = 0; r < scores.length; r++) scores[r] += grown.rowValues[r]!;
      let validationNdcg: number | null = null;
      if (validation && validationScores) {
        for (let r = 0; r < validationScores.length; r++) validationScores[r] += leafOf(grown.tree, 'leq', validation.features, r * width);
        validationNdcg = meanNdcg(validation, validationScores, params.ndcgAt);
        validationCurve.push(validationNdcg);
        if (validationNdcg > best.ndcg + 1e-12) best = { iteration: trees.length, ndcg: validationNdcg };
        else if (trees.length - best.iteration >= params.earlyStoppingRounds) stopped = true;
      } else {
        best = { iteration: trees.length, ndcg: 0 };
      }
      if (trees.length >= params.trees) stopped = true;
      return { trees: trees.length, validationNdcg, bestIteration: best.iteration };
    },
    get done(): boolean {
      return stopped;
    },
    result(): LambdaMartResult {
      const kept = trees.slice(0, best.iteration);
      const featureGains = new Float64Array(width);
      for (const gains of treeGains.slice(0, best.iteration)) gains.forEach((gain, f) => (featureGains[f] += gain));
      return { model: { kind: 'trees', featureCount: width, splitRule: 'leq', baseScore: 0, trees: kept }, featureGains, validationCurve };
    },
  };
}

/** Trains to the end in one go (tests, the benchmark); jobs drive `createLambdaMartTrainer` step by step. */
export function trainLambdaMart(train: RankingData, overrides: Partial<LambdaMartParams> = {}, validation?: RankingData): LambdaMartResult {
  const trainer = createLambdaMartTrainer(train, overrides, validation);
  while (!trainer.done) trainer.step();
  return trainer.result();
}
