import { describe, expect, it } from 'vitest';
import {
  bootstrapMeanDifferenceCI,
  cohensDz,
  comparePaired,
  createRng,
  holmAdjust,
  minimumDetectableEffect,
  pairedTTest,
  queriesNeeded,
  randomizationTest,
  regularizedIncompleteBeta,
  studentTCdf,
  studentTQuantile,
  winTieLoss,
} from '../../../core/eval';

// Student's (1908) sleep data as shipped with R (`sleep`); R's
// `t.test(extra ~ group, data = sleep, paired = TRUE)` documents t = -4.0621, df = 9, p = 0.002833,
// mean difference -1.58, 95% CI [-2.4598858, -0.7001142].
const SLEEP_GROUP_1 = [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0];
const SLEEP_GROUP_2 = [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4];

describe('distributions', () => {
  it('computes the regularized incomplete beta function', () => {
    // I_0.5(2, 3) = 11/16 (closed form for integer parameters).
    expect(regularizedIncompleteBeta(0.5, 2, 3)).toBeCloseTo(11 / 16, 12);
    expect(regularizedIncompleteBeta(0.2, 1, 1)).toBeCloseTo(0.2, 12);
  });

  it('matches Student t tables', () => {
    // Two-sided 5% critical values: 12.706 (df 1), 2.228 (df 10), 1.960 (df → ∞).
    expect(studentTQuantile(0.975, 1)).toBeCloseTo(12.706204736, 6);
    expect(studentTQuantile(0.975, 10)).toBeCloseTo(2.228138852, 6);
    expect(studentTQuantile(0.975, 1e7)).toBeCloseTo(1.959964, 4);
    expect(studentTCdf(0, 5)).toBeCloseTo(0.5, 12);
    expect(studentTCdf(-2.228138852, 10)).toBeCloseTo(0.025, 8);
  });
});

describe('paired tests', () => {
  it('reproduces R for the paired t-test on the sleep data', () => {
    const result = pairedTTest(SLEEP_GROUP_1, SLEEP_GROUP_2);
    expect(result.t).toBeCloseTo(-4.0621, 4);
    expect(result.degreesOfFreedom).toBe(9);
    expect(result.pValue).toBeCloseTo(0.002833, 6);
  });

  it('estimates the exact randomization p-value', () => {
    const differences = SLEEP_GROUP_1.map((value, i) => value - SLEEP_GROUP_2[i]!);
    const observed = Math.abs(differences.reduce((sum, value) => sum + value, 0));
    let extreme = 0;
    for (let signs = 0; signs < 1 << differences.length; signs++) {
      const sum = differences.reduce((total, value, i) => total + ((signs >> i) & 1 ? -value : value), 0);
      if (Math.abs(sum) >= observed - 1e-9) extreme++;
    }
    const exact = extreme / (1 << differences.length);
    const estimate = randomizationTest(SLEEP_GROUP_1, SLEEP_GROUP_2, 20_000, createRng(7));
    expect(Math.abs(estimate - exact)).toBeLessThan(0.003);
  });

  it('gives a seeded, reproducible bootstrap interval around the mean difference', () => {
    const first = bootstrapMeanDifferenceCI(SLEEP_GROUP_1, SLEEP_GROUP_2, 10_000, createRng(1));
    const second = bootstrapMeanDifferenceCI(SLEEP_GROUP_1, SLEEP_GROUP_2, 10_000, createRng(1));
    expect(first).toEqual(second);
    expect(first[0]).toBeLessThan(-1.58);
    expect(first[1]).toBeGreaterThan(-1.58);
    // Close to R's t interval [-2.46, -0.70]; the percentile bootstrap is a bit narrower with n = 10.
    expect(Math.abs(first[0] - -2.46)).toBeLessThan(0.3);
    expect(Math.abs(first[1] - -0.7)).toBeLessThan(0.3);
  });

  it('computes Holm-adjusted p-values', () => {
    // Sorted 0.005·4 = 0.02, 0.01·3 = 0.03, 0.03·2 = 0.06, 0.04·1 → max(0.04, 0.06) = 0.06.
    expect(holmAdjust([0.01, 0.04, 0.03, 0.005])).toEqual([0.03, 0.06, 0.06, 0.02]);
    // 0.5·2 = 1 caps at 1 and the step-down maximum carries it to the larger p.
    expect(holmAdjust([0.5, 0.9])).toEqual([1, 1]);
  });

  it("computes Cohen's d_z and win/tie/loss", () => {
    // mean difference -1.58, sd of differences 1.229995.
    expect(cohensDz(SLEEP_GROUP_1, SLEEP_GROUP_2)).toBeCloseTo(-1.58 / 1.2299955, 5);
    expect(winTieLoss(SLEEP_GROUP_1, SLEEP_GROUP_2)).toEqual({ wins: 0, ties: 1, losses: 9 });
  });

  it('relates the minimum detectable effect and the queries needed', () => {
    // For large n the t quantiles approach z: (1.959964 + 0.841621) · sd / √n.
    expect(minimumDetectableEffect(1, 10_000)).toBeCloseTo((1.959964 + 0.841621) / 100, 5);
    const needed = queriesNeeded(0.1, 0.5);
    expect(minimumDetectableEffect(0.5, needed)).toBeLessThanOrEqual(0.1);
    expect(minimumDetectableEffect(0.5, needed - 1)).toBeGreaterThan(0.1);
    expect(queriesNeeded(0, 0.5)).toBe(Number.POSITIVE_INFINITY);
  });

  it('bundles everything in comparePaired, deterministically per seed', () => {
    const options = { seed: 3, resamples: 10_000, permutations: 10_000 };
    const result = comparePaired(SLEEP_GROUP_2, SLEEP_GROUP_1, options);
    expect(result.delta).toBeCloseTo(1.58, 10);
    expect(result.tTest.pValue).toBeCloseTo(0.002833, 6);
    expect(comparePaired(SLEEP_GROUP_2, SLEEP_GROUP_1, options)).toEqual(result);
  });
});
