import { describe, expect, it } from 'vitest';
import { cohenKappa, fleissKappa, kendallTauB, krippendorffAlpha, percentAgreement, spearmanRho } from '../../../core/eval';

describe("Cohen's kappa", () => {
  // Wikipedia "Cohen's kappa", worked example: 50 grant proposals, both raters Yes 20, A Yes/B No 5,
  // A No/B Yes 10, both No 15 → p_o = 0.7, p_e = 0.5, κ = 0.4.
  const raterA = [...Array(20).fill('yes'), ...Array(5).fill('yes'), ...Array(10).fill('no'), ...Array(15).fill('no')];
  const raterB = [...Array(20).fill('yes'), ...Array(5).fill('no'), ...Array(10).fill('yes'), ...Array(15).fill('no')];

  it('matches the published unweighted example', () => {
    expect(cohenKappa(raterA, raterB)).toBeCloseTo(0.4, 12);
    expect(percentAgreement(raterA.map((rating, i) => [rating, raterB[i]!]))).toBeCloseTo(0.7, 12);
  });

  it('reduces to the unweighted kappa with two categories', () => {
    expect(cohenKappa(raterA, raterB, 'linear')).toBeCloseTo(0.4, 12);
    expect(cohenKappa(raterA, raterB, 'quadratic')).toBeCloseTo(0.4, 12);
  });

  it('weights disagreements by distance on an ordinal scale (hand-computed)', () => {
    // Items (A, B): (0,0) (1,1) (2,2) (0,1) (1,2) (2,0). Marginals: A 2/2/2, B 2/2/2 → uniform.
    const a = [0, 1, 2, 0, 1, 2];
    const b = [0, 1, 2, 1, 2, 0];
    // Linear weights 1, 0.5, 0: p_o = (3 + 0.5 + 0.5 + 0) / 6 = 2/3; p_e = (3·1 + 4·0.5) / 9 = 5/9.
    expect(cohenKappa(a, b, 'linear')).toBeCloseTo((2 / 3 - 5 / 9) / (1 - 5 / 9), 12);
    // Quadratic weights 1, 0.75, 0: p_o = (3 + 1.5) / 6 = 0.75; p_e = (3 + 4·0.75) / 9 = 2/3.
    expect(cohenKappa(a, b, 'quadratic')).toBeCloseTo((0.75 - 2 / 3) / (1 - 2 / 3), 12);
    expect(cohenKappa(a, b)).toBeCloseTo((0.5 - 1 / 3) / (1 - 1 / 3), 12);
  });
});

describe("Fleiss' kappa", () => {
  it('matches the Wikipedia worked example (10 subjects, 5 categories, 14 raters: κ ≈ 0.210)', () => {
    // Wikipedia "Fleiss' kappa", Worked example table: P̄ = 0.378, P̄e = 0.213, κ = 0.210.
    const counts = [
      [0, 0, 0, 0, 14],
      [0, 2, 6, 4, 2],
      [0, 0, 3, 5, 6],
      [0, 3, 9, 2, 0],
      [2, 2, 8, 1, 1],
      [7, 7, 0, 0, 0],
      [3, 2, 6, 3, 0],
      [2, 5, 3, 2, 2],
      [6, 5, 2, 1, 0],
      [0, 2, 2, 3, 7],
    ];
    expect(fleissKappa(counts)).toBeCloseTo(0.21, 3);
  });
});

describe("Krippendorff's alpha", () => {
  // Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C: 4 observers,
  // 12 units, missing values; published α: nominal 0.743, ordinal 0.815, interval 0.849.
  const observers: (number | null)[][] = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, null, null, null],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, null, 3],
    [null, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, null],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, null],
  ];
  const byUnit = observers[0]!.map((_, unit) => observers.map((row) => row[unit]!));

  it('matches the published values for each measurement level', () => {
    expect(krippendorffAlpha(byUnit, 'nominal')).toBeCloseTo(0.743, 3);
    expect(krippendorffAlpha(byUnit, 'ordinal')).toBeCloseTo(0.815, 3);
    expect(krippendorffAlpha(byUnit, 'interval')).toBeCloseTo(0.849, 3);
  });

  it('is 1 for perfect agreement', () => {
    expect(krippendorffAlpha([[1, 1], [2, 2, null], [3, 3]], 'nominal')).toBe(1);
  });
});

describe('rank correlation', () => {
  it("matches SciPy's documented Kendall tau-b example (with ties)", () => {
    // scipy.stats.kendalltau docs: x = [12, 2, 1, 12, 2], y = [1, 4, 7, 1, 0] → -0.47140452079103173.
    expect(kendallTauB([12, 2, 1, 12, 2], [1, 4, 7, 1, 0])).toBeCloseTo(-0.47140452079103173, 12);
  });

  it("matches SciPy's documented Spearman example (with ties)", () => {
    // scipy.stats.spearmanr docs: [1, 2, 3, 4, 5] vs [5, 6, 7, 8, 7] → 0.8207826816681233.
    expect(spearmanRho([1, 2, 3, 4, 5], [5, 6, 7, 8, 7])).toBeCloseTo(0.8207826816681233, 12);
  });
});
