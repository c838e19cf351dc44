import { describe, expect, it } from 'vitest';
import { minimumDetectableEffect } from '../../../core/eval/statistics';
import type { QueryLogEntry } from '../../../core/rating/query-log';
import {
  allocateSample,
  DEFAULT_NDCG_DIFFERENCE_SD,
  ppsInclusionProbabilities,
  samplePps,
  sampleStratified,
  sampleTopByCount,
  sampleUniform,
  stratifiedEstimate,
  stratumKeys,
  trafficTiers,
} from '../../../core/rating/sampling';

const log = (counts: readonly number[], segments: readonly (string | null)[] = []): QueryLogEntry[] =>
  counts.map((count, i) => ({ query: `q${String(i).padStart(3, '0')}`, count, segment: segments[i] ?? null }));

describe('uniform and top-N samples', () => {
  const entries = log(Array.from({ length: 50 }, (_, i) => i + 1));

  it('draws n distinct queries, the same for the same seed and different for another', () => {
    const sample = sampleUniform(entries, 10, 7);
    expect(new Set(sample.map((entry) => entry.query)).size).toBe(10);
    expect(sampleUniform(entries, 10, 7)).toEqual(sample);
    expect(sampleUniform(entries, 10, 8)).not.toEqual(sample);
  });

  it('gives every query about the same chance over many seeds', () => {
    const hits = new Map<string, number>();
    for (let seed = 0; seed < 2000; seed++) for (const { query } of sampleUniform(entries, 5, seed)) hits.set(query, (hits.get(query) ?? 0) + 1);
    // Expected 2000 · 5/50 = 200 per query; SD ≈ 13.4, so ±60 is over 4 SD.
    for (const entry of entries) expect(Math.abs((hits.get(entry.query) ?? 0) - 200)).toBeLessThan(60);
  });

  it('takes the most frequent queries, ties in text order', () => {
    const top = sampleTopByCount([...log([5, 9, 9, 1]), { query: 'a', count: 9, segment: null }], 3);
    expect(top.map((entry) => entry.query)).toEqual(['a', 'q001', 'q002']);
  });

  it('rejects a sample larger than the log', () => {
    expect(() => sampleUniform(entries, 51, 1)).toThrow(/sample size 51 exceeds the 50 queries/);
    expect(() => sampleTopByCount(entries, -1)).toThrow(/non-negative integer/);
  });
});

describe('PPS without replacement', () => {
  // X = 216; n = 3: 3·100/216 ≥ 1, so q000 is certain and the other 2 slots split X' = 116.
  const entries = log([100, 40, 30, 20, 10, 5, 5, 3, 2, 1]);
  const expected = [1, 80 / 116, 60 / 116, 40 / 116, 20 / 116, 10 / 116, 10 / 116, 6 / 116, 4 / 116, 2 / 116];

  it('computes inclusion probabilities with certainty selections (hand-computed)', () => {
    const probabilities = ppsInclusionProbabilities(entries, 3);
    probabilities.forEach((probability, i) => expect(probability).toBeCloseTo(expected[i]!, 12));
    expect(probabilities.reduce((sum, p) => sum + p, 0)).toBeCloseTo(3, 12);
  });

  it('re-checks certainty after each certain query is removed', () => {
    // 2·60/100 ≥ 1 → certain; then 1·30/40 < 1, so only one certainty.
    expect(ppsInclusionProbabilities(log([60, 30, 10]), 2)).toEqual([1, 0.75, 0.25]);
    // 3·50/100 ≥ 1 → certain; then 2·30/50 ≥ 1 → certain too; the last slot splits 20.
    expect(ppsInclusionProbabilities(log([50, 30, 10, 10]), 3)).toEqual([1, 1, 0.5, 0.5]);
  });

  it('always draws exactly n distinct queries, certainties included', () => {
    for (let seed = 0; seed < 300; seed++) {
      const sample = samplePps(entries, 3, seed);
      expect(new Set(sample.map((draw) => draw.entry.query)).size).toBe(3);
      expect(sample.map((draw) => draw.entry.query)).toContain('q000');
    }
  });

  it('includes each query about π_i of the time over a fixed set of seeds', () => {
    const trials = 4000;
    const hits = new Array<number>(entries.length).fill(0);
    for (let seed = 0; seed < trials; seed++) for (const draw of samplePps(entries, 3, seed)) hits[Number(draw.entry.query.slice(1))]!++;
    expected.forEach((probability, i) => {
      const standardError = Math.sqrt((probability * (1 - probability)) / trials);
      // 5 standard errors plus a small floor: generous, and the seeds are fixed, so never flaky.
      expect(Math.abs(hits[i]! / trials - probability)).toBeLessThan(5 * standardError + 0.005);
    });
  });

  it('reports each draw with its inclusion probability and is reproducible', () => {
    const sample = samplePps(entries, 3, 42);
    for (const draw of sample) expect(draw.inclusionProbability).toBeCloseTo(expected[Number(draw.entry.query.slice(1))]!, 12);
    expect(samplePps(entries, 3, 42)).toEqual(sample);
  });

  it('never draws a zero-count query and refuses more slots than positive counts', () => {
    const withZeros = log([5, 0, 3, 0]);
    for (let seed = 0; seed < 50; seed++) expect(samplePps(withZeros, 2, seed).map((draw) => draw.entry.count).sort()).toEqual([3, 5]);
    expect(() => samplePps(withZeros, 3, 1)).toThrow(/needs 3 queries with a positive count; the log has 2/);
  });
});

describe('traffic tiers and strata', () => {
  // Total 100; shares before each (ranked): 0, .5, .7, .8, .9, .95.
  const entries = log([10, 50, 5, 20, 10, 5], ['a', 'a', 'b', 'b', null, 'a']);

  it('puts the queries making the first 50% in head, the next 30% in torso (hand-computed)', () => {
    expect(trafficTiers(entries)).toEqual(['torso', 'head', 'tail', 'torso', 'tail', 'tail']);
  });

  it('uses edited thresholds', () => {
    expect(trafficTiers(entries, { head: 0.8, torso: 0.15 })).toEqual(['head', 'head', 'torso', 'head', 'torso', 'tail']);
    expect(() => trafficTiers(entries, { head: 0.8, torso: 0.3 })).toThrow(/head \+ torso ≤ 1/);
  });

  it('keys strata by tier, segment or both', () => {
    expect(stratumKeys(entries, 'segment')).toEqual(['a', 'a', 'b', 'b', '(no segment)', 'a']);
    expect(stratumKeys(entries, 'tier-and-segment')).toEqual(['torso / a', 'head / a', 'tail / b', 'torso / b', 'tail / (no segment)', 'tail / a']);
  });
});

describe('allocation', () => {
  it('allocates Neyman n_h ∝ N_h·S_h with largest remainders (hand-computed)', () => {
    // Weights 100·0.1 = 10, 50·0.4 = 20, 50·0.2 = 10; n = 21 → quotas 5.25, 10.5, 5.25 → 5, 11, 5.
    const strata = [
      { key: 'A', population: 100, sd: 0.1 },
      { key: 'B', population: 50, sd: 0.4 },
      { key: 'C', population: 50, sd: 0.2 },
    ];
    expect(allocateSample(strata, 21, 'neyman')).toEqual({ sizes: [5, 11, 5], method: 'neyman' });
    // Proportional: 21 · (0.5, 0.25, 0.25) = 10.5, 5.25, 5.25 → 11, 5, 5.
    expect(allocateSample(strata, 21, 'proportional')).toEqual({ sizes: [11, 5, 5], method: 'proportional' });
  });

  it('falls back to proportional when a stratum has no SD', () => {
    const strata = [
      { key: 'A', population: 10, sd: 0.3 },
      { key: 'B', population: 7 },
      { key: 'C', population: 3, sd: 0.1 },
    ];
    // 7 · (10, 7, 3)/20 = 3.5, 2.45, 1.05 → floors 3, 2, 1 and the spare unit to A.
    expect(allocateSample(strata, 7, 'neyman')).toEqual({ sizes: [4, 2, 1], method: 'proportional' });
  });

  it('caps at N_h and re-splits the rest', () => {
    // Neyman weights 2·1 = 2 and 100·0.01 = 1: quotas 6.67 and 3.33, but A has only 2 queries.
    expect(allocateSample([{ key: 'A', population: 2, sd: 1 }, { key: 'B', population: 100, sd: 0.01 }], 10, 'neyman').sizes).toEqual([2, 8]);
  });

  it('gives every non-empty stratum at least one when n allows, and none to empty strata', () => {
    // B's Neyman quota is 10 · 0.05/50.05 ≈ 0.01, raised to 1.
    const strata = [
      { key: 'A', population: 100, sd: 0.5 },
      { key: 'B', population: 5, sd: 0.01 },
      { key: 'E', population: 0, sd: 0.2 },
    ];
    expect(allocateSample(strata, 10, 'neyman').sizes).toEqual([9, 1, 0]);
  });

  it('drops the minimum when n is smaller than the number of strata', () => {
    // 2 · (5, 3, 2)/10 = 1, 0.6, 0.4 → 1, 1, 0.
    expect(allocateSample([{ key: 'A', population: 5 }, { key: 'B', population: 3 }, { key: 'C', population: 2 }], 2, 'proportional').sizes).toEqual([1, 1, 0]);
  });

  it('always sums to n and respects both bounds', () => {
    const populations = [1, 2, 3, 40, 7, 0, 19];
    for (let n = 0; n <= 72; n++) {
      const { sizes } = allocateSample(populations.map((population, i) => ({ key: String(i), population, sd: (i % 3) * 0.1 + 0.05 })), n, 'neyman');
      expect(sizes.reduce((sum, size) => sum + size, 0)).toBe(n);
      sizes.forEach((size, i) => {
        expect(size).toBeLessThanOrEqual(populations[i]!);
        if (n >= 6 && populations[i]! > 0) expect(size).toBeGreaterThanOrEqual(1);
      });
    }
  });
});

describe('stratified samples', () => {
  const segments = [...Array(50).fill('animals'), ...Array(30).fill('food'), ...Array(20).fill('tools')];
  const entries = log(Array.from({ length: 100 }, (_, i) => 1000 - i * 7), segments);

  it('summarizes each stratum and draws its allocated size from it', () => {
    const result = sampleStratified(entries, { sampleSize: 10, seed: 3, stratifyBy: 'segment', allocation: 'proportional' });
    expect(result.strata.map(({ key, population, sampleSize, sdSource }) => ({ key, population, sampleSize, sdSource }))).toEqual([
      { key: 'animals', population: 50, sampleSize: 5, sdSource: 'default' },
      { key: 'food', population: 30, sampleSize: 3, sdSource: 'default' },
      { key: 'tools', population: 20, sampleSize: 2, sdSource: 'default' },
    ]);
    const total = entries.reduce((sum, entry) => sum + entry.count, 0);
    const animalsTraffic = entries.slice(0, 50).reduce((sum, entry) => sum + entry.count, 0);
    expect(result.strata[0]!.trafficShare).toBeCloseTo(animalsTraffic / total, 12);
    expect(result.strata[1]!.minimumDetectableEffect).toBeCloseTo(minimumDetectableEffect(DEFAULT_NDCG_DIFFERENCE_SD, 3), 12);
    for (const { entry, stratum } of result.sample) expect(entry.segment).toBe(stratum);
    expect(result.sample.filter((draw) => draw.stratum === 'food')).toHaveLength(3);
    // Exactly proportional with one SD: Σ W_h²S²/n_h = S²/n, so the overall MDE is the unstratified one.
    expect(result.minimumDetectableEffect).toBeCloseTo(minimumDetectableEffect(DEFAULT_NDCG_DIFFERENCE_SD, 10), 12);
  });

  it('is reproducible, and a different seed changes the queries but not the sizes', () => {
    const options = { sampleSize: 12, seed: 5, stratifyBy: 'tier-and-segment', allocation: 'proportional' } as const;
    const first = sampleStratified(entries, options);
    expect(sampleStratified(entries, options)).toEqual(first);
    const other = sampleStratified(entries, { ...options, seed: 6 });
    expect(other.strata).toEqual(first.strata);
    expect(other.sample).not.toEqual(first.sample);
  });

  it('uses measured SDs for Neyman allocation and the MDE', () => {
    const sdByStratum = new Map([
      ['animals', 0.05],
      ['food', 0.3],
      ['tools', 0.2],
    ]);
    const result = sampleStratified(entries, { sampleSize: 20, seed: 1, stratifyBy: 'segment', allocation: 'neyman', sdByStratum });
    // Weights 2.5, 9, 4 of 15.5: quotas 3.23, 11.61, 5.16 → 3, 12, 5.
    expect(result.allocation).toBe('neyman');
    expect(result.strata.map((stratum) => stratum.sampleSize)).toEqual([3, 12, 5]);
    expect(result.strata[1]).toMatchObject({ sd: 0.3, sdSource: 'judgments' });
    expect(result.strata[1]!.minimumDetectableEffect).toBeCloseTo(minimumDetectableEffect(0.3, 12), 12);
  });
});

describe('stratified estimator', () => {
  const strata = [
    { key: 'A', population: 6, trafficShare: 0.9 },
    { key: 'B', population: 4, trafficShare: 0.1 },
  ];
  const values = [
    { stratum: 'A', value: 0.2 },
    { stratum: 'A', value: 0.4 },
    { stratum: 'A', value: 0.6 },
    { stratum: 'B', value: 0.8 },
    { stratum: 'B', value: 1.0 },
  ];

  it('weights stratum means by N_h/N with a finite-population SE (hand-computed)', () => {
    // 0.6·0.4 + 0.4·0.9 = 0.6; SE² = 0.36·(1 − 3/6)·0.04/3 + 0.16·(1 − 2/4)·0.02/2 = 0.0024 + 0.0008.
    const estimate = stratifiedEstimate(values, strata);
    expect(estimate.mean).toBeCloseTo(0.6, 12);
    expect(estimate.standardError).toBeCloseTo(Math.sqrt(0.0032), 12);
  });

  it('weights by traffic share when asked', () => {
    // 0.9·0.4 + 0.1·0.9 = 0.45; SE² = 0.81·0.5·0.04/3 + 0.01·0.5·0.02/2 = 0.0054 + 0.00005.
    const estimate = stratifiedEstimate(values, strata, 'traffic');
    expect(estimate.mean).toBeCloseTo(0.45, 12);
    expect(estimate.standardError).toBeCloseTo(Math.sqrt(0.00545), 12);
  });

  it('refuses a weighted stratum without values and cannot give an SE from one value', () => {
    expect(() => stratifiedEstimate(values.slice(0, 3), strata)).toThrow(/stratum "B" has weight 0.4 but no judged queries/);
    expect(stratifiedEstimate(values.slice(0, 4), strata).standardError).toBeNaN();
    expect(() => stratifiedEstimate([...values, { stratum: 'Z', value: 1 }], strata)).toThrow(/unknown stratum "Z"/);
  });
});
