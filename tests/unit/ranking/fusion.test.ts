import { describe, expect, it } from 'vitest';
import {
  normalizeMinMax,
  normalizeZScore,
  reciprocalRankFusion,
  weightedFusion,
  type RankedList,
} from '../../../core/ranking/fusion';

const hits = (...pairs: [string, number][]) => pairs.map(([id, score]) => ({ id, score }));

// bm25: a > b > c; dense: b > d > a.
const bm25: RankedList = { key: 'bm25', hits: hits(['a', 10], ['b', 8], ['c', 5]) };
const dense: RankedList = { key: 'dense:glove-100d', hits: hits(['b', 0.9], ['d', 0.8], ['a', 0.7]) };

describe('normalizeMinMax', () => {
  it('maps the lowest score to 0 and the highest to 1', () => {
    expect([...normalizeMinMax([3, 7, 5])]).toEqual([0, 1, 0.5]);
  });

  it('maps a constant or single-score list to 1', () => {
    expect([...normalizeMinMax([4, 4])]).toEqual([1, 1]);
    expect([...normalizeMinMax([7])]).toEqual([1]);
    expect([...normalizeMinMax([])]).toEqual([]);
  });
});

describe('normalizeZScore', () => {
  it('uses the population standard deviation', () => {
    // mean 5, σ = sqrt(32 / 8) = 2
    expect([...normalizeZScore([2, 4, 4, 4, 5, 5, 7, 9])]).toEqual([-1.5, -0.5, -0.5, -0.5, 0, 0, 1, 2]);
  });

  it('maps a constant list to 0', () => {
    expect([...normalizeZScore([3, 3, 3])]).toEqual([0, 0, 0]);
    expect([...normalizeZScore([])]).toEqual([]);
  });
});

describe('reciprocalRankFusion', () => {
  it('sums 1 / (k + rank) over the lists, best first', () => {
    const fused = reciprocalRankFusion([bm25, dense], 60);
    expect(fused.map((hit) => hit.id)).toEqual(['b', 'a', 'd', 'c']);
    const score = Object.fromEntries(fused.map((hit) => [hit.id, hit.score]));
    expect(score.b).toBeCloseTo(1 / 62 + 1 / 61, 15); // 0.032522
    expect(score.a).toBeCloseTo(1 / 61 + 1 / 63, 15); // 0.032266
    expect(score.d).toBeCloseTo(1 / 62, 15);
    expect(score.c).toBeCloseTo(1 / 63, 15);
  });

  it('keeps each retriever’s rank and score for explanations', () => {
    const b = reciprocalRankFusion([bm25, dense]).find((hit) => hit.id === 'b')!;
    expect(b.contributions).toEqual({ bm25: { rank: 2, score: 8 }, 'dense:glove-100d': { rank: 1, score: 0.9 } });
    const c = reciprocalRankFusion([bm25, dense]).find((hit) => hit.id === 'c')!;
    expect(c.contributions).toEqual({ bm25: { rank: 3, score: 5 } });
  });

  it('defaults k to 60', () => {
    expect(reciprocalRankFusion([bm25])[0]!.score).toBe(1 / 61);
  });

  it('breaks score ties by best rank, then by id', () => {
    // k = 0: u = 1/1, w = 1/1, v = 1/2 + 1/2; all score exactly 1.
    const fused = reciprocalRankFusion(
      [
        { key: 'one', hits: hits(['w', 0], ['v', 0]) },
        { key: 'two', hits: hits(['u', 0], ['v', 0]) },
      ],
      0,
    );
    expect(fused.map((hit) => [hit.id, hit.score])).toEqual([
      ['u', 1],
      ['w', 1],
      ['v', 1],
    ]);
  });

  it('counts a document listed twice by one retriever once, at its best rank', () => {
    const fused = reciprocalRankFusion([{ key: 'bm25', hits: hits(['x', 3], ['y', 2], ['x', 1]) }], 60);
    expect(fused.map((hit) => [hit.id, hit.score])).toEqual([
      ['x', 1 / 61],
      ['y', 1 / 62],
    ]);
    expect(fused[0]!.contributions).toEqual({ bm25: { rank: 1, score: 3 } });
  });

  it('rejects two lists with the same key', () => {
    expect(() => reciprocalRankFusion([bm25, bm25])).toThrow(/only once/);
  });

  it('returns nothing for no lists or empty lists', () => {
    expect(reciprocalRankFusion([])).toEqual([]);
    expect(reciprocalRankFusion([{ key: 'bm25', hits: [] }])).toEqual([]);
  });
});

describe('weightedFusion', () => {
  it('sums weight × min-max score; a missing document contributes 0', () => {
    // bm25 [10, 8, 5] → a 1, b 0.6, c 0; dense [0.9, 0.8, 0.7] → b 1, d 0.5, a 0.
    const fused = weightedFusion([bm25, dense], { bm25: 0.5, 'dense:glove-100d': 0.5 }, 'minmax');
    expect(fused.map((hit) => hit.id)).toEqual(['b', 'a', 'd', 'c']);
    const score = Object.fromEntries(fused.map((hit) => [hit.id, hit.score]));
    expect(score.b).toBeCloseTo(0.5 * 0.6 + 0.5 * 1, 12);
    expect(score.a).toBeCloseTo(0.5 * 1 + 0.5 * 0, 12);
    expect(score.d).toBeCloseTo(0.5 * 0.5, 12);
    expect(score.c).toBe(0);
    const b = fused[0]!.contributions;
    expect(b.bm25).toMatchObject({ rank: 2, score: 8 });
    expect(b.bm25!.normalized).toBeCloseTo(0.6, 12);
    expect(b['dense:glove-100d']).toEqual({ rank: 1, score: 0.9, normalized: 1 });
  });

  it('sums weight × z-score; a missing document counts as the list mean', () => {
    // one [3, 1] → x 1, y −1; two [10, 0] → y 1, z −1. x = 1, y = −1 + 2·1 = 1, z = 2·(−1).
    const fused = weightedFusion(
      [
        { key: 'one', hits: hits(['x', 3], ['y', 1]) },
        { key: 'two', hits: hits(['y', 10], ['z', 0]) },
      ],
      { one: 1, two: 2 },
      'zscore',
    );
    // x and y tie at 1 and both have rank 1 somewhere, so the id decides.
    expect(fused.map((hit) => [hit.id, hit.score])).toEqual([
      ['x', 1],
      ['y', 1],
      ['z', -2],
    ]);
  });

  it('normalizes each list on its own scale', () => {
    const fused = weightedFusion([bm25], { bm25: 1 }, 'zscore');
    // mean 23/3, σ = sqrt(38/9)
    expect(fused.map((hit) => hit.score)).toEqual([expect.closeTo(1.13555, 5), expect.closeTo(0.162221, 5), expect.closeTo(-1.297771, 5)]);
  });

  it('needs a weight for every list', () => {
    expect(() => weightedFusion([bm25, dense], { bm25: 1 }, 'minmax')).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGS', location: { field: 'fusion.weights' } }),
    );
  });
});

describe('fusion of full-depth lists', () => {
  it('fuses three lists of 1,000 hits into their union, each id once, best first', () => {
    const lists = ['bm25', 'dense:a', 'dense:b'].map((key, i) => ({
      key,
      hits: Array.from({ length: 1000 }, (_, rank) => ({ id: `doc-${(rank * (7 + 2 * i)) % 1500}`, score: 1000 - rank })),
    }));
    const union = new Set(lists.flatMap((list) => list.hits.map((hit) => hit.id)));
    for (const fused of [reciprocalRankFusion(lists), weightedFusion(lists, { bm25: 1, 'dense:a': 1, 'dense:b': 1 }, 'minmax')]) {
      expect(fused).toHaveLength(union.size);
      expect(new Set(fused.map((hit) => hit.id)).size).toBe(union.size);
      for (let i = 1; i < fused.length; i++) expect(fused[i - 1].score).toBeGreaterThanOrEqual(fused[i].score);
    }
  });
});
