import { describe, expect, it } from 'vitest';
import { studentTCdf } from '../../../core/eval';
import { normalCdf, studentizedRangeCdf, studentizedRangeQuantile, tukeyHsd } from '../../../core/eval/tukey-hsd';

describe('studentized range distribution', () => {
  it('matches the normal distribution', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 15);
    expect(normalCdf(1.959963984540054)).toBeCloseTo(0.975, 12);
    expect(normalCdf(-1)).toBeCloseTo(0.15865525393145707, 12);
  });

  it('reduces to the two-sided t-test for two groups: P(Q ≤ t√2) = 1 − 2·P(T > t)', () => {
    for (const [t, df] of [
      [2.1, 12],
      [0.7, 5],
      [3.4, 60],
    ] as const) {
      expect(studentizedRangeCdf(t * Math.SQRT2, 2, df)).toBeCloseTo(1 - 2 * (1 - studentTCdf(t, df)), 8);
    }
  });

  it('reproduces the 5% critical values of published Tukey tables', () => {
    // q_{0.05}(k, df): 3.877 (3, 10), 3.958 (4, 20), 3.977 (5, 60), 3.314 (3, ∞) (e.g. Harter 1960, as in most statistics texts).
    expect(studentizedRangeQuantile(0.95, 3, 10)).toBeCloseTo(3.877, 3);
    expect(studentizedRangeQuantile(0.95, 4, 20)).toBeCloseTo(3.958, 3);
    expect(studentizedRangeQuantile(0.95, 5, 60)).toBeCloseTo(3.977, 3);
    expect(studentizedRangeQuantile(0.95, 3, 1e6)).toBeCloseTo(3.314, 3);
  });
});

describe('tukeyHsd (queries × systems, two-way ANOVA residual)', () => {
  // Three systems on four queries. System means 0.4, 0.5, 0.7; query means 0.4, 0.6, 0.5, 0.633…;
  // residuals y − ȳ_s − ȳ_q + ȳ computed by hand give SS_res = 0.02 over (4 − 1)(3 − 1) = 6 df.
  const scores = [
    [0.2, 0.5, 0.4, 0.5],
    [0.4, 0.6, 0.4, 0.6],
    [0.6, 0.7, 0.7, 0.8],
  ];

  it('computes the residual mean square, the pairwise q and its p-value', () => {
    const result = tukeyHsd(scores);
    expect(result.degreesOfFreedom).toBe(6);
    expect(result.meanSquareError).toBeCloseTo(0.02 / 6, 12);
    const standardError = Math.sqrt(0.02 / 6 / 4);
    expect(result.pairs.map((pair) => [pair.baseline, pair.contender])).toEqual([
      [0, 1],
      [0, 2],
      [1, 2],
    ]);
    const [first, second] = result.pairs;
    expect(first!.difference).toBeCloseTo(0.1, 12);
    expect(first!.q).toBeCloseTo(0.1 / standardError, 10);
    expect(second!.difference).toBeCloseTo(0.3, 12);
    expect(first!.pValue).toBeCloseTo(1 - studentizedRangeCdf(0.1 / standardError, 3, 6), 12);
    // The largest difference is significant, the smallest is not; the intervals agree with the p-values.
    expect(second!.pValue).toBeLessThan(0.01);
    expect(first!.pValue).toBeGreaterThan(0.05);
    expect(result.criticalQ).toBeCloseTo(4.339, 3);
    expect(first!.confidenceInterval[0]).toBeLessThan(0);
    expect(second!.confidenceInterval[0]).toBeGreaterThan(0);
  });

  it('refuses systems scored on different queries', () => {
    expect(() => tukeyHsd([[0.1, 0.2], [0.3]])).toThrow(/same 2\+ queries/);
  });
});
