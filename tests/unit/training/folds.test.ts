import { describe, expect, it } from 'vitest';
import { assignFolds, validationSplit } from '../../../core/training/folds';
import { selectQueries } from '../../../core/training/ranking-data';
import { syntheticData } from '../../helpers/synthetic-ranking';

describe('assignFolds', () => {
  it('puts every query in exactly one fold of near-equal size, the same for a seed', () => {
    const folds = assignFolds(23, 5, 9);
    const sizes = [0, 1, 2, 3, 4].map((fold) => folds.filter((f) => f === fold).length);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(23);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    expect([...assignFolds(23, 5, 9)]).toEqual([...folds]);
    expect([...assignFolds(23, 5, 10)]).not.toEqual([...folds]);
  });

  it("keeps a query's rows out of training when it is tested", () => {
    const data = syntheticData(12, 7, 3);
    const folds = assignFolds(12, 3, 1);
    for (let fold = 0; fold < 3; fold++) {
      const train = selectQueries(data, [...folds.keys()].filter((q) => folds[q] !== fold));
      const test = selectQueries(data, [...folds.keys()].filter((q) => folds[q] === fold));
      expect(train.queryIds.filter((id) => test.queryIds.includes(id))).toEqual([]);
      expect(train.labels.length + test.labels.length).toBe(data.labels.length);
    }
  });

  it('refuses fewer queries than folds', () => {
    expect(() => assignFolds(3, 5, 1)).toThrow(/at least 5 queries/);
  });
});

describe('validationSplit', () => {
  it('holds out about the fraction, at least one query, disjoint from training', () => {
    const { train, validation } = validationSplit([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], 0.2, 3);
    expect(validation).toHaveLength(2);
    expect([...train, ...validation].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(validationSplit([4, 7], 0.2, 3).validation).toHaveLength(1);
  });
});
