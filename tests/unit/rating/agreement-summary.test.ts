import { describe, expect, it } from 'vitest';
import { cohenKappa, krippendorffAlpha } from '../../../core/eval/agreement';
import { goldAccuracy, summarizeAgreement, type RawLabel } from '../../../core/rating/agreement-summary';

const labelsOf = (rater: string, grades: readonly (number | null)[]): RawLabel[] =>
  grades.flatMap((grade, i) => (grade === null ? [] : [{ raterId: rater, queryId: i < 2 ? 'q1' : 'q2', docId: `d${i}`, grade }]));

describe('summarizeAgreement', () => {
  // a: 1 2 3 3, b: 1 2 2 3 on levels 1..3 (worked out by hand below).
  const twoRaters = [...labelsOf('a', [1, 2, 3, 3]), ...labelsOf('b', [1, 2, 2, 3])];

  it('matches hand-computed ordinal α, quadratic κ, exact and within-one rates for two raters', () => {
    const summary = summarizeAgreement(twoRaters, { levels: [1, 2, 3] });
    // Coincidences: o11 = 2, o22 = 2, o33 = 2, o23 = o32 = 1; marginals 2, 3, 3 (n = 8).
    // Ordinal δ²: (1,2) = 2.5², (2,3) = 3², (1,3) = 5.5². Do = 2·9 = 18, De = 2·(6·6.25 + 9·9 + 6·30.25) = 600.
    // α = 1 − 7·18/600 = 0.79.
    expect(summary.overall.alpha).toBeCloseTo(0.79, 12);
    // Quadratic weights 1, 0.75, 0: Po = 3.75/4, Pe = 11/16, κ = (0.9375 − 0.6875)/0.3125 = 0.8.
    expect(summary.overall.kappa).toBeCloseTo(0.8, 12);
    expect(summary.overall).toMatchObject({ exactMatch: 0.75, withinOneLevel: 1, items: 4 });
    expect(summary.perRaterPair).toEqual([{ raterA: 'a', raterB: 'b', shared: 4, kappa: expect.closeTo(0.8, 12), exactMatch: 0.75, withinOneLevel: 1 }]);
    expect(summary.perQuery.map((row) => [row.queryId, row.exactMatch])).toEqual([
      ['q1', 1],
      ['q2', 0.5],
    ]);
  });

  it('measures bias against the other raters and lists only pairs raters disagree on, most variance first', () => {
    const biases = summarizeAgreement(twoRaters, { levels: [1, 2, 3] }).perRater;
    // a differs from b only on d2 (3 vs 2): +1/4 for a, −1/4 for b.
    expect(biases.map((rater) => [rater.raterId, rater.bias, rater.biasItems])).toEqual([
      ['a', 0.25, 4],
      ['b', -0.25, 4],
    ]);
    const summary = summarizeAgreement([...twoRaters, ...labelsOf('c', [3, 2, 1, 3])], { levels: [1, 2, 3] });
    // d0 (1, 1, 3) has variance 8/9, d2 (3, 2, 1) 2/3; d1 and d3 are unanimous.
    expect(summary.mostDisagreed.map((pair) => pair.docId)).toEqual(['d0', 'd2']);
    expect(summary.mostDisagreed[0]).toMatchObject({ range: 2, variance: expect.closeTo(8 / 9, 12) });
    expect(summary.mostDisagreed.every((pair) => pair.range > 0)).toBe(true);
  });

  it('agrees with the engine\'s α and mean pairwise κ for three raters with a missing rating', () => {
    const grades = {
      a: [5, 4, 2, 1, 3, 4],
      b: [4, 4, 2, 2, null, 5],
      c: [5, 3, 1, 1, 3, 4],
    };
    const labels = Object.entries(grades).flatMap(([rater, row]) => labelsOf(rater, row));
    const summary = summarizeAgreement(labels, { levels: [1, 2, 3, 4, 5] });
    const units = grades.a.map((_, i) => [grades.a[i]!, grades.b[i]!, grades.c[i]!]);
    expect(summary.overall.alpha).toBeCloseTo(krippendorffAlpha(units, 'ordinal'), 12);
    const shared = (x: (number | null)[], y: (number | null)[]) => {
      const keep = x.map((_, i) => i).filter((i) => x[i] !== null && y[i] !== null);
      return [keep.map((i) => x[i]!), keep.map((i) => y[i]!)] as const;
    };
    const pairs = [shared(grades.a, grades.b), shared(grades.a, grades.c), shared(grades.b, grades.c)];
    const kappas = pairs.map(([x, y]) => ({ kappa: cohenKappa(x, y, 'quadratic', [1, 2, 3, 4, 5]), n: x.length }));
    const weighted = kappas.reduce((sum, pair) => sum + pair.kappa * pair.n, 0) / kappas.reduce((sum, pair) => sum + pair.n, 0);
    expect(summary.overall.kappa).toBeCloseTo(weighted, 12);
    expect(summary.perRaterPair.map((pair) => pair.shared)).toEqual([5, 6, 5]);
  });

  it('leaves gold pairs out of agreement and counts them for accuracy, exact and within one level', () => {
    const gold = [{ queryId: 'q2', docId: 'd3', grade: 3 }];
    const summary = summarizeAgreement([...twoRaters, { raterId: 'c', queryId: 'q2', docId: 'd3', grade: 1 }], { levels: [1, 2, 3], gold });
    expect(summary.overall.items).toBe(3);
    expect(summary.mostDisagreed.map((pair) => pair.docId)).toEqual(['d2']);
    expect(summary.perRater.map((rater) => [rater.raterId, rater.gold])).toEqual([
      ['a', { total: 1, correct: 1, withinOne: 1, accuracy: 1 }],
      ['b', { total: 1, correct: 1, withinOne: 1, accuracy: 1 }],
      ['c', { total: 1, correct: 0, withinOne: 0, accuracy: 0 }],
    ]);
    const corrected = goldAccuracy([{ raterId: 'c', queryId: 'q2', docId: 'd3', grade: 1 }, { raterId: 'c', queryId: 'q2', docId: 'd3', grade: 2 }], gold, [1, 2, 3]);
    expect(corrected.get('c')).toEqual({ total: 1, correct: 0, withinOne: 1, accuracy: 0 });
  });

  it('has no α or κ when no pair was rated twice', () => {
    const summary = summarizeAgreement(labelsOf('a', [1, 2, 3]), { levels: [1, 2, 3] });
    expect(summary.overall).toEqual({ alpha: null, kappa: null, exactMatch: null, withinOneLevel: null, items: 0 });
    expect(() => summarizeAgreement(labelsOf('a', [7]), { levels: [1, 2, 3] })).toThrow(/not a level/);
  });
});
