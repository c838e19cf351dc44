import { describe, expect, it } from 'vitest';
import { binFeatures, growTree, lambdaGradients, trainLambdaMart } from '../../../core/training/lambdamart';
import { meanNdcg, rankingDataFromRows } from '../../../core/training/ranking-data';
import { scoreRows } from '../../../core/training/ranking-model';
import { syntheticData } from '../../helpers/synthetic-ranking';

describe('lambdaGradients', () => {
  it('pushes the relevant document up by σρ|ΔnDCG| on a two-document query', () => {
    // Order by (tied) score keeps row order: the relevant doc is first, the pair's |ΔnDCG@10| = 1 − 1/log2(3).
    const data = rankingDataFromRows([{ queryId: 'q', features: [0], label: 1 }, { queryId: 'q', features: [0], label: 0 }], 1);
    const { gradients, hessians } = lambdaGradients(data, [0, 0], 10);
    const delta = 1 - 1 / Math.log2(3);
    expect(gradients[0]).toBeCloseTo(-0.5 * delta, 12);
    expect(gradients[1]).toBeCloseTo(0.5 * delta, 12);
    expect(hessians[0]).toBeCloseTo(0.25 * delta, 12);
    expect(hessians[1]).toBeCloseTo(0.25 * delta, 12);
  });

  it('weighs the pair by the current order and the score gap', () => {
    // Relevant doc ranked second (score −1 vs 1): ρ = 1/(1+e^{−2}), ΔnDCG = (1 − 1/log2 3) / IDCG (IDCG = 1).
    const data = rankingDataFromRows([{ queryId: 'q', features: [0], label: 1 }, { queryId: 'q', features: [0], label: 0 }], 1);
    const { gradients } = lambdaGradients(data, [-1, 1], 10);
    const rho = 1 / (1 + Math.exp(-2));
    expect(gradients[0]).toBeCloseTo(-rho * (1 - 1 / Math.log2(3)), 12);
  });

  it('ignores pairs entirely below the cutoff and queries without a relevant row', () => {
    const rows = [3, 0, 0, 1].map((label, d) => ({ queryId: 'a', features: [d], label }));
    rows.push(...[0, 0].map((label) => ({ queryId: 'b', features: [0], label })));
    const { gradients } = lambdaGradients(rankingDataFromRows(rows, 1), [4, 3, 2, 1, 0, 0], 2);
    // Rows 2 and 3 are both below k = 2: their pair adds nothing, but row 3 still pairs with the top two.
    expect(gradients[3]).toBeLessThan(0);
    expect(gradients[4]).toBe(0);
    expect(gradients[5]).toBe(0);
  });
});

describe('growTree', () => {
  it('splits where the gradients change sign and sets Newton leaf values', () => {
    const rows = [0.5, 1.5, 2.5, 3.5].map((x) => ({ queryId: 'q', features: [x], label: 0 }));
    const binned = binFeatures(rankingDataFromRows(rows, 1), 255);
    const gradients = Float64Array.from([-1, -1, 1, 1]);
    const hessians = Float64Array.from([1, 1, 1, 1]);
    const { tree, rowValues } = growTree(binned, gradients, hessians, [0], {
      maxLeaves: 2, maxDepth: 3, minDocsPerLeaf: 1, minHessianPerLeaf: 0, l2Regularization: 0, learningRate: 1,
    });
    expect(tree.nodes[0]).toEqual({ kind: 'split', feature: 0, threshold: 2, left: 1, right: 2, missingGoesLeft: true });
    expect(tree.nodes[1]).toEqual({ kind: 'leaf', value: 1 });
    expect(tree.nodes[2]).toEqual({ kind: 'leaf', value: -1 });
    expect([...rowValues]).toEqual([1, 1, -1, -1]);
  });

  it('grows no split when the minimum hessian per leaf cannot be met', () => {
    const rows = [0.5, 1.5, 2.5, 3.5].map((x) => ({ queryId: 'q', features: [x], label: 0 }));
    const binned = binFeatures(rankingDataFromRows(rows, 1), 255);
    const { tree } = growTree(binned, Float64Array.from([-1, -1, 1, 1]), Float64Array.from([0.01, 0.01, 0.01, 0.01]), [0], {
      maxLeaves: 4, maxDepth: 3, minDocsPerLeaf: 1, minHessianPerLeaf: 1, l2Regularization: 0, learningRate: 1,
    });
    expect(tree.nodes).toHaveLength(1);
  });
});

describe('binFeatures', () => {
  it('puts float32 thresholds strictly between adjacent distinct values', () => {
    const values = [0.1, 0.1000001, 0.3, 7];
    const data = rankingDataFromRows(values.map((x) => ({ queryId: 'q', features: [x], label: 0 })), 1);
    const { thresholds, bins } = binFeatures(data, 255);
    const stored = [...data.features];
    expect(thresholds[0]!.length).toBe(3);
    thresholds[0]!.forEach((t, i) => {
      expect(Math.fround(t)).toBe(t);
      expect(stored[i]! <= t && stored[i + 1]! > t).toBe(true);
    });
    expect([...bins]).toEqual([0, 1, 2, 3]);
  });
});

describe('trainLambdaMart', () => {
  const train = syntheticData(40, 30, 5, 1);
  const validation = syntheticData(10, 30, 5, 2);

  it('learns the synthetic relevance signal far better than a random order', () => {
    const { model } = trainLambdaMart(train, { trees: 60, minDocsPerLeaf: 5 }, validation);
    const learned = meanNdcg(validation, scoreRows(model, validation.features, 5), 10);
    const untrained = meanNdcg(validation, new Float64Array(validation.labels.length), 10);
    expect(learned).toBeGreaterThan(untrained + 0.2);
  });

  it('is deterministic for a seed, feature subsampling included', () => {
    const params = { trees: 20, featureFraction: 0.6, seed: 11, minDocsPerLeaf: 5 };
    const first = trainLambdaMart(train, params, validation);
    const second = trainLambdaMart(train, params, validation);
    expect(second.model).toEqual(first.model);
    const other = trainLambdaMart(train, { ...params, seed: 12 }, validation);
    expect(other.model).not.toEqual(first.model);
  });

  it('stops early and keeps the trees up to the best validation nDCG', () => {
    const { model, validationCurve } = trainLambdaMart(train, { trees: 400, earlyStoppingRounds: 5, learningRate: 0.5, minDocsPerLeaf: 2 }, validation);
    expect(validationCurve.length).toBeLessThan(400);
    const best = validationCurve.indexOf(Math.max(...validationCurve)) + 1;
    expect(model.trees).toHaveLength(best);
  });
});
