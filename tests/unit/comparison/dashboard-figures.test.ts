import { describe, expect, it } from 'vitest';
import {
  judgmentGap,
  listOverlap,
  meanInterval,
  rboPrefixWeight,
  scoreHistogram,
  segmentBreakdown,
  sortedQueryDeltas,
} from '../../../core/comparison/dashboard-figures';
import { rankBiasedOverlap } from '../../../core/comparison/list-overlap';
import { comparePaired } from '../../../core/eval';

const TESTS = { seed: 3, resamples: 500, permutations: 500 };

describe('RBO against Webber, Moffat and Zobel (2010)', () => {
  it('gives the top 10 85.6% of the weight at p = 0.9 and the top 50 85.2% at p = 0.98 (section 4.2, eq. 21)', () => {
    expect(rboPrefixWeight(0.9, 10)).toBeCloseTo(0.85558544674735182, 12);
    expect(rboPrefixWeight(0.98, 50)).toBeCloseTo(0.85223391031940043, 12);
  });

  it('equals eq. 32 written out term by term for lists of different lengths', () => {
    const long = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];
    const short = ['c', 'a', 'x', 'g'];
    const p = 0.9;
    const s = short.length;
    const l = long.length;
    const overlapAt = (d: number) => new Set(short.slice(0, d)).size + new Set(long.slice(0, d)).size - new Set([...short.slice(0, d), ...long.slice(0, d)]).size;
    let sum = 0;
    for (let d = 1; d <= l; d++) sum += (overlapAt(d) / d) * p ** d;
    for (let d = s + 1; d <= l; d++) sum += ((overlapAt(s) * (d - s)) / (s * d)) * p ** d;
    const expected = ((1 - p) / p) * sum + ((overlapAt(l) - overlapAt(s)) / l + overlapAt(s) / s) * p ** l;
    expect(rankBiasedOverlap(long, short, p)).toBeCloseTo(expected, 12);
  });
});

describe('dashboard figures', () => {
  it('gives the t interval of a mean', () => {
    // mean 3, s² = 2.5, n = 5: t_{0.975,4} = 2.776445 (Student t tables) → 3 ± 2.776445·√(2.5/5).
    const [low, high] = meanInterval([1, 2, 3, 4, 5]);
    expect(low).toBeCloseTo(3 - 2.776445105 * Math.sqrt(0.5), 6);
    expect(high).toBeCloseTo(3 + 2.776445105 * Math.sqrt(0.5), 6);
    expect(meanInterval([0.5])).toEqual([0.5, 0.5]);
  });

  it('sorts per-query deltas from the biggest loss to the biggest win, ties by query id', () => {
    const deltas = sortedQueryDeltas(['q4', 'q1', 'q2', 'q3'], [0.1, 0.5, 0.2, 0.9], [0.1, 0.7, 0.2, 0.3]);
    expect(deltas.map((row) => row.queryId)).toEqual(['q3', 'q2', 'q4', 'q1']);
    expect(deltas[0]!.delta).toBeCloseTo(-0.6, 12);
    expect(deltas[3]!.delta).toBeCloseTo(0.2, 12);
  });

  it('bins scores in tenths of [0, 1], 1 in the last bin', () => {
    const bins = scoreHistogram([0, 0.05, 0.1, 0.99, 1]);
    expect(bins).toHaveLength(10);
    expect(bins.map((bin) => bin.count)).toEqual([2, 1, 0, 0, 0, 0, 0, 0, 0, 2]);
    expect(bins[9]).toMatchObject({ from: 0.9, to: 1 });
  });

  it('overlaps every pair of runs per query', () => {
    const runs = [new Map([['q1', ['a', 'b', 'c']]]), new Map([['q1', ['b', 'a', 'd']]]), new Map([['q1', ['a', 'b', 'c']]])];
    const pairs = listOverlap(['q1'], runs, 3);
    expect(pairs.map((pair) => [pair.baseline, pair.contender])).toEqual([
      [0, 1],
      [0, 2],
      [1, 2],
    ]);
    expect(pairs[0]!.perQuery[0]!.jaccard).toBeCloseTo(2 / 4, 12);
    expect(pairs[0]!.perQuery[0]!.rbo).toBeCloseTo(rankBiasedOverlap(['a', 'b', 'c'], ['b', 'a', 'd'], 0.9), 12);
    expect(pairs[1]!.meanRbo).toBeCloseTo(1, 12);
  });

  it('finds the unlabelled documents of the union of the top k', () => {
    const runs = [new Map([['q1', ['a', 'b', 'c']], ['q2', ['x']]]), new Map([['q1', ['c', 'd', 'e']]])];
    const gap = judgmentGap(['q1', 'q2', 'q3'], runs, 2, new Set(['q1\ta', 'q1\td', 'q2\tx']));
    expect(gap).toEqual([{ queryId: 'q1', unjudged: ['b', 'c'] }]);
  });

  describe('segments', () => {
    const queryIds = ['h1', 'h2', 't1', 't2', 't3'];
    const strata = new Map<string, string | null>([
      ['h1', 'head'],
      ['h2', 'head'],
      ['t1', 'tail'],
      ['t2', 'tail'],
      ['t3', 'tail'],
    ]);
    const a = [0.9, 0.7, 0.2, 0.4, 0.3];
    const b = [0.8, 0.9, 0.1, 0.6, 0.5];

    it('gives every segment the same paired statistics as the whole comparison', () => {
      const breakdown = segmentBreakdown(queryIds, strata, [{ measure: 'nDCG@10', perRun: [a, b] }], TESTS, null);
      expect(breakdown.segments.map((segment) => [segment.key, segment.queries, segment.weight])).toEqual([
        ['head', 2, null],
        ['tail', 3, null],
      ]);
      const tail = breakdown.segments[1]!.measures[0]!;
      expect(tail.means[0]).toBeCloseTo(0.3, 12);
      const paired = comparePaired(b.slice(2), a.slice(2), TESTS);
      expect(tail.pairs[0]).toEqual({ baseline: 0, contender: 1, delta: paired.delta, confidenceInterval: paired.confidenceInterval, tTestPValue: paired.tTest.pValue, randomizationPValue: paired.randomizationPValue });
      expect(breakdown.weighted).toEqual([]);
    });

    it('weights strata by population share (or traffic) for a stratified sample', () => {
      const design = [
        { key: 'head', population: 10, trafficShare: 0.7 },
        { key: 'tail', population: 90, trafficShare: 0.3 },
      ];
      const byQueries = segmentBreakdown(queryIds, strata, [{ measure: 'nDCG@10', perRun: [a, b] }], TESTS, { strata: design, weighting: 'queries' });
      expect(byQueries.segments.map((segment) => segment.weight)).toEqual([0.1, 0.9]);
      expect(byQueries.weighted[0]!.means[0]!.mean).toBeCloseTo(0.1 * 0.8 + 0.9 * 0.3, 12);
      const byTraffic = segmentBreakdown(queryIds, strata, [{ measure: 'nDCG@10', perRun: [a, b] }], TESTS, { strata: design, weighting: 'traffic' });
      expect(byTraffic.weighted[0]!.means[1]!.mean).toBeCloseTo(0.7 * 0.85 + 0.3 * 0.4, 12);
      const missing = segmentBreakdown(queryIds, strata, [{ measure: 'nDCG@10', perRun: [a, b] }], TESTS, { strata: [...design, { key: 'torso', population: 5, trafficShare: 0.1 }], weighting: 'queries' });
      expect(missing.weighted).toEqual([]);
      expect(missing.note).toMatch(/stratum "torso" has weight .* but no judged queries/);
    });
  });
});
