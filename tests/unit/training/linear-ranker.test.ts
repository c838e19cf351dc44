import { describe, expect, it } from 'vitest';
import { trainLinearRanker } from '../../../core/training/linear-ranker';
import { meanNdcg, rankingDataFromRows } from '../../../core/training/ranking-data';
import { scoreRows } from '../../../core/training/ranking-model';
import { syntheticData } from '../../helpers/synthetic-ranking';

describe('trainLinearRanker', () => {
  it('finds the weight signs of a linear signal and scores raw features', () => {
    // Relevance rises with feature 0 (large scale) and falls with feature 1; feature 2 is constant.
    const rows = [];
    for (let q = 0; q < 6; q++) {
      for (let d = 0; d < 10; d++) {
        const f0 = 100 * ((d * 7 + q) % 10);
        const f1 = (d * 3 + q) % 10;
        rows.push({ queryId: `q${q}`, features: [f0, f1, 5], label: f0 / 100 - f1 / 3 > 4 ? 1 : 0 });
      }
    }
    const data = rankingDataFromRows(rows, 3);
    const { model, trainNdcg } = trainLinearRanker(data);
    expect(model.weights[0]).toBeGreaterThan(0);
    expect(model.weights[1]).toBeLessThan(0);
    expect(model.weights[2]).toBe(0);
    expect(meanNdcg(data, scoreRows(model, data.features, 3), 10)).toBeCloseTo(trainNdcg, 6);
    expect(trainNdcg).toBeGreaterThan(meanNdcg(data, new Float64Array(data.labels.length), 10));
  });

  it('generalizes on synthetic rows and is deterministic', () => {
    const train = syntheticData(30, 30, 4, 8);
    const test = syntheticData(10, 30, 4, 9);
    const first = trainLinearRanker(train);
    expect(trainLinearRanker(train).model).toEqual(first.model);
    expect(meanNdcg(test, scoreRows(first.model, test.features, 4), 10)).toBeGreaterThan(meanNdcg(test, new Float64Array(test.labels.length), 10) + 0.1);
  });
});
