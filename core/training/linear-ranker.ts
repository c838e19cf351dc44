/**
 * A linear ranker by coordinate ascent on nDCG@k (Metzler and Croft 2007): the fast baseline. Features
 * are standardized for the search and the weights mapped back, so the model scores raw feature rows.
 */
import { meanNdcg, type RankingData } from './ranking-data';
import type { LinearModel } from './ranking-model';

export interface LinearRankerParams {
  /** Passes over all features. */
  passes: number;
  ndcgAt: number;
}

export const LINEAR_DEFAULTS: LinearRankerParams = { passes: 4, ndcgAt: 10 };

/** Signed step sizes tried on each weight (of a unit-norm weight vector over standardized features). */
const STEPS = [0.002, 0.01, 0.05, 0.2, 0.5, 1, 2].flatMap((step) => [step, -step]);

export function trainLinearRanker(data: RankingData, overrides: Partial<LinearRankerParams> = {}): { model: LinearModel; trainNdcg: number } {
  const params = { ...LINEAR_DEFAULTS, ...Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined)) };
  const width = data.featureCount;
  const rows = data.labels.length;
  const means = new Float64Array(width);
  const scales = new Float64Array(width);
  for (let f = 0; f < width; f++) {
    let sum = 0;
    let squares = 0;
    for (let r = 0; r < rows; r++) {
      const x = data.features[r * width + f]!;
      sum += x;
      squares += x * x;
    }
    means[f] = rows > 0 ? sum / rows : 0;
    const variance = rows > 0 ? squares / rows - means[f]! ** 2 : 0;
    scales[f] = variance > 1e-18 ? Math.sqrt(variance) : 0;
  }
  const standardized = new Float64Array(rows * width);
  for (let r = 0; r < rows; r++) {
    for (let f = 0; f < width; f++) standardized[r * width + f] = scales[f]! > 0 ? (data.features[r * width + f]! - means[f]!) / scales[f]! : 0;
  }
  const weights = new Float64Array(width).fill(1 / width);
  const scores = new Float64Array(rows);
  const scoreWith = (w: Float64Array) => {
    for (let r = 0; r < rows; r++) {
      let s = 0;
      for (let f = 0; f < width; f++) s += w[f]! * standardized[r * width + f]!;
      scores[r] = s;
    }
    return meanNdcg(data, scores, params.ndcgAt);
  };
  let best = scoreWith(weights);
  for (let pass = 0; pass < params.passes; pass++) {
    let improved = false;
    for (let f = 0; f < width; f++) {
      if (scales[f] === 0) continue;
      const start = weights[f]!;
      let bestWeight = start;
      for (const step of STEPS) {
        weights[f] = start + step;
        const ndcg = scoreWith(weights);
        if (ndcg > best + 1e-12) {
          best = ndcg;
          bestWeight = weights[f]!;
          improved = true;
        }
      }
      weights[f] = bestWeight;
    }
    if (!improved) break;
  }
  // Back to raw features: Σ w (x − μ)/σ = Σ (w/σ) x − Σ w μ/σ. Weights are stored as float32, the graph's precision.
  const raw = Array.from(weights, (w, f) => (scales[f]! > 0 ? Math.fround(w / scales[f]!) : 0));
  const bias = Math.fround(-raw.reduce((sum, w, f) => sum + w * means[f]!, 0));
  return { model: { kind: 'linear', weights: raw, bias }, trainNdcg: best };
}
