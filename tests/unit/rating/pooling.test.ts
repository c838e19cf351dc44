import { describe, expect, it } from 'vitest';
import { judgmentKey, orderForRater, poolPairs, type VariantRanking } from '../../../core/rating/pooling';
import { deriveSeed } from '../../../core/rating/random';

const ranking = (variant: string, byQuery: Record<string, string[]>): VariantRanking => ({ variant, rankings: new Map(Object.entries(byQuery)) });

describe('poolPairs', () => {
  const bm25 = ranking('bm25', { q1: ['a', 'b', 'c', 'd'], q2: ['x', 'y'] });
  const dense = ranking('dense', { q1: ['c', 'e', 'a'], q3: ['z'] });

  it('takes the union of every variant\'s top k per query, each pair once, with every contributor\'s rank', () => {
    const pooled = poolPairs([bm25, dense], { depth: 2, scaleId: 's' });
    expect(pooled.map((pair) => `${pair.queryId}/${pair.docId}`)).toEqual(['q1/a', 'q1/c', 'q1/b', 'q1/e', 'q2/x', 'q2/y', 'q3/z']);
    expect(pooled.find((pair) => pair.docId === 'a')!.contributors).toEqual([{ variant: 'bm25', rank: 1 }]);
    // c is bm25's 3rd (past depth 2) and dense's 1st.
    expect(pooled.find((pair) => pair.docId === 'c')!.contributors).toEqual([{ variant: 'dense', rank: 1 }]);
    const deeper = poolPairs([bm25, dense], { depth: 3, scaleId: 's' });
    expect(deeper.find((pair) => pair.docId === 'a')!.contributors).toEqual([{ variant: 'bm25', rank: 1 }, { variant: 'dense', rank: 3 }]);
    expect(deeper.find((pair) => pair.docId === 'c')!.contributors).toEqual([{ variant: 'bm25', rank: 3 }, { variant: 'dense', rank: 1 }]);
  });

  it('orders a query\'s pairs by best rank, then the first variant to reach it, then id', () => {
    const pooled = poolPairs([ranking('one', { q: ['m', 'k'] }), ranking('two', { q: ['j', 'k'] })], { depth: 2, scaleId: 's' });
    expect(pooled.map((pair) => pair.docId)).toEqual(['m', 'j', 'k']);
    const tied = poolPairs([ranking('one', { q: ['b'] }), ranking('two', { q: ['a'] })], { depth: 1, scaleId: 's' });
    expect(tied.map((pair) => pair.docId)).toEqual(['b', 'a']);
  });

  it('counts a document a variant ranked twice at its first rank only', () => {
    const pooled = poolPairs([ranking('v', { q: ['a', 'a', 'b'] })], { depth: 3, scaleId: 's' });
    expect(pooled.map((pair) => [pair.docId, pair.contributors])).toEqual([
      ['a', [{ variant: 'v', rank: 1 }]],
      ['b', [{ variant: 'v', rank: 3 }]],
    ]);
  });

  it('marks pairs judged on the same scale as already judged, unless reuse is off', () => {
    const judged = new Set([judgmentKey('q1', 'a', 'five'), judgmentKey('q1', 'b', 'binary')]);
    const pooled = poolPairs([bm25], { depth: 2, scaleId: 'five', judged });
    expect(pooled.filter((pair) => pair.alreadyJudged).map((pair) => pair.docId)).toEqual(['a']);
    expect(poolPairs([bm25], { depth: 2, scaleId: 'five', judged, reuseJudgments: false }).some((pair) => pair.alreadyJudged)).toBe(false);
  });

  it('keeps key parts apart, so ids containing each other never collide', () => {
    expect(judgmentKey('q1', 'a', 's')).not.toBe(judgmentKey('q', '1a', 's'));
  });

  it('refuses a depth that is not a positive integer and a variant listed twice', () => {
    for (const depth of [0, -1, 1.5, Number.NaN]) expect(() => poolPairs([bm25], { depth, scaleId: 's' })).toThrow(/pool depth/);
    expect(() => poolPairs([bm25, bm25], { depth: 1, scaleId: 's' })).toThrow(/listed twice/);
  });
});

describe('orderForRater', () => {
  const items = ['q1', 'q2', 'q3', 'q4'].flatMap((queryId) => ['a', 'b', 'c', 'd', 'e'].map((docId) => ({ queryId, docId })));

  it('is a permutation with each query\'s documents kept together', () => {
    const { items: order } = orderForRater(items, 42, '7');
    expect([...order].sort((x, y) => `${x.queryId}${x.docId}`.localeCompare(`${y.queryId}${y.docId}`))).toEqual(items);
    const queryRuns = order.map((item) => item.queryId).filter((queryId, i, all) => i === 0 || all[i - 1] !== queryId);
    expect(new Set(queryRuns).size).toBe(queryRuns.length);
  });

  it('is fixed by the task seed and rater, records its seed, and differs between raters', () => {
    const first = orderForRater(items, 42, '7');
    expect(orderForRater(items, 42, '7')).toEqual(first);
    expect(first.seed).toBe(deriveSeed(42, 'rater:7'));
    const others = ['8', '9', '10'].map((rater) => orderForRater(items, 42, rater).items);
    expect(others.some((order) => JSON.stringify(order) !== JSON.stringify(first.items))).toBe(true);
    expect(orderForRater(items, 43, '7').seed).not.toBe(first.seed);
  });

  it('does not depend on other raters: the same rater gets the same order whatever else is drawn', () => {
    const before = orderForRater(items, 5, 'alice').items;
    orderForRater(items, 5, 'bob');
    expect(orderForRater(items, 5, 'alice').items).toEqual(before);
  });
});
