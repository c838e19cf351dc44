import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { trainLambdaMart } from '../../../core/training/lambdamart';
import { trainLinearRanker } from '../../../core/training/linear-ranker';
import { rankingModelOnnx } from '../../../core/training/onnx-export';
import { scoreRows, type RankingModel } from '../../../core/training/ranking-model';
import { syntheticData } from '../../helpers/synthetic-ranking';

const WIDTH = 6;

/** Scores of row-major float32 rows through onnxruntime-node (CPU). */
async function onnxScores(bytes: Uint8Array, features: Float32Array, width: number): Promise<Float32Array> {
  const session = await ort.InferenceSession.create(bytes);
  try {
    const output = await session.run({ features: new ort.Tensor('float32', features, [features.length / width, width]) });
    expect(output.score!.dims).toEqual([features.length / width, 1]);
    return output.score!.data as Float32Array;
  } finally {
    await session.release();
  }
}

async function expectOnnxMatchesTrainer(model: RankingModel, features: Float32Array): Promise<void> {
  const expected = scoreRows(model, features, WIDTH);
  const actual = await onnxScores(rankingModelOnnx(model), features, WIDTH);
  let worst = 0;
  expected.forEach((score, r) => (worst = Math.max(worst, Math.abs(actual[r]! - score) / Math.max(1, Math.abs(score)))));
  expect(worst).toBeLessThan(1e-5);
}

describe('ONNX export', () => {
  const train = syntheticData(30, 40, WIDTH, 3);
  const unseen = syntheticData(10, 40, WIDTH, 4);

  it('a LambdaMART TreeEnsembleRegressor scores what the trainer scores, on training and unseen rows', async () => {
    const { model } = trainLambdaMart(train, { trees: 40, minDocsPerLeaf: 5 });
    expect(model.trees.length).toBe(40);
    await expectOnnxMatchesTrainer(model, train.features);
    await expectOnnxMatchesTrainer(model, unseen.features);
  });

  it('keeps the split on rows that sit exactly on a threshold', async () => {
    const { model } = trainLambdaMart(train, { trees: 10, minDocsPerLeaf: 5 });
    const onThresholds: number[] = [];
    for (const tree of model.trees) {
      for (const node of tree.nodes) {
        if (node.kind !== 'split') continue;
        const row = Array.from(unseen.features.subarray(0, WIDTH));
        row[node.feature] = node.threshold;
        onThresholds.push(...row);
      }
    }
    await expectOnnxMatchesTrainer(model, Float32Array.from(onThresholds));
  });

  it('a linear model as MatMul + Add scores what the trainer scores', async () => {
    const { model } = trainLinearRanker(train);
    await expectOnnxMatchesTrainer(model, unseen.features);
  });

  it('an XGBoost-style x < t ensemble with a base score', async () => {
    const model: RankingModel = {
      kind: 'trees',
      featureCount: WIDTH,
      splitRule: 'lt',
      baseScore: 0.5,
      trees: [{ nodes: [{ kind: 'split', feature: 1, threshold: 2, left: 1, right: 2, missingGoesLeft: true }, { kind: 'leaf', value: -0.25 }, { kind: 'leaf', value: 0.75 }] }],
    };
    const rows = Float32Array.from([0, 2, 0, 0, 0, 0, 0, 1.5, 0, 0, 0, 0]);
    expect([...scoreRows(model, rows, WIDTH)]).toEqual([1.25, 0.25]);
    await expectOnnxMatchesTrainer(model, rows);
  });
});
