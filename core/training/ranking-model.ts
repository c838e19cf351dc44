/**
 * The one in-memory form of a learned ranker, whoever trained it: the in-app trainers, an imported
 * XGBoost or LightGBM model. ONNX export and scoring both read this form, so a trained, exported and
 * re-scored model must agree with itself.
 */

/** How a split compares: the in-app trainer and LightGBM send `x <= t` left, XGBoost sends `x < t` left. */
export type SplitRule = 'leq' | 'lt';

export type TreeNode =
  | { kind: 'split'; feature: number; threshold: number; left: number; right: number; missingGoesLeft: boolean }
  | { kind: 'leaf'; value: number };

/** Nodes by id; node 0 is the root. */
export interface RegressionTree {
  nodes: TreeNode[];
}

export interface TreeEnsemble {
  kind: 'trees';
  featureCount: number;
  splitRule: SplitRule;
  baseScore: number;
  trees: RegressionTree[];
}

export interface LinearModel {
  kind: 'linear';
  weights: number[];
  bias: number;
}

export type RankingModel = TreeEnsemble | LinearModel;

/** The leaf a row reaches. Values compare as float32, as the ONNX runtime compares them. */
export function leafOf(tree: RegressionTree, splitRule: SplitRule, features: ArrayLike<number>, offset = 0): number {
  let id = 0;
  for (;;) {
    const node = tree.nodes[id]!;
    if (node.kind === 'leaf') return node.value;
    const x = Math.fround(features[offset + node.feature]!);
    const goesLeft = Number.isNaN(x) ? node.missingGoesLeft : splitRule === 'leq' ? x <= node.threshold : x < node.threshold;
    id = goesLeft ? node.left : node.right;
  }
}

/** A row's score: features from `offset` in the model's column order. */
export function scoreRow(model: RankingModel, features: ArrayLike<number>, offset = 0): number {
  if (model.kind === 'linear') {
    let score = model.bias;
    model.weights.forEach((weight, f) => (score += weight * Math.fround(features[offset + f]!)));
    return score;
  }
  let score = model.baseScore;
  for (const tree of model.trees) score += leafOf(tree, model.splitRule, features, offset);
  return score;
}

/** Scores of row-major rows (`featureCount` values each). */
export function scoreRows(model: RankingModel, features: ArrayLike<number>, featureCount: number): Float64Array {
  const scores = new Float64Array(features.length / featureCount);
  for (let r = 0; r < scores.length; r++) scores[r] = scoreRow(model, features, r * featureCount);
  return scores;
}

export function modelFeatureCount(model: RankingModel): number {
  return model.kind === 'linear' ? model.weights.length : model.featureCount;
}
