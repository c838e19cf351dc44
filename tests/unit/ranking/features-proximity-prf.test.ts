import { describe, expect, it } from 'vitest';
import { collectCorpusTermStats, type CorpusTermStats } from '../../../core/ranking/bm25';
import { buildRelevanceModel, minimalSpanScore, orderedBigramCount, relevanceModelScore } from '../../../core/ranking/features';

describe('minimalSpanScore', () => {
  it('divides the matched terms by the shortest window holding them all', () => {
    // a b c all occur; the shortest window with all three is "b a y c" or "a y c b" (4 terms).
    expect(minimalSpanScore(['a', 'b', 'c'], ['a', 'x', 'b', 'a', 'y', 'c', 'b'])).toBeCloseTo(3 / 4, 15);
    expect(minimalSpanScore(['a', 'b'], ['x', 'b', 'a', 'x'])).toBe(1);
    // Only the matched terms count: c is missing, so the window for a and b is "a x b" (3 terms).
    expect(minimalSpanScore(['a', 'b', 'c'], ['a', 'x', 'b'])).toBeCloseTo(2 / 3, 15);
  });

  it('is 0 when fewer than two query terms occur', () => {
    expect(minimalSpanScore(['a', 'b'], ['a', 'a', 'x'])).toBe(0);
    expect(minimalSpanScore(['a'], ['a'])).toBe(0);
    expect(minimalSpanScore([], ['a'])).toBe(0);
  });
});

describe('orderedBigramCount', () => {
  it('counts text positions holding a pair adjacent in the query, in query order', () => {
    // Query bigrams: "a b", "b a", "a c"; the text's pairs "a b", "b a", "a c" match, "c c" and "c a" do not.
    expect(orderedBigramCount(['a', 'b', 'a', 'c'], ['a', 'b', 'a', 'c', 'c', 'a'])).toBe(3);
    expect(orderedBigramCount(['a', 'b'], ['b', 'a'])).toBe(0);
    expect(orderedBigramCount(['a', 'a'], ['a', 'a'])).toBe(0);
    expect(orderedBigramCount(['a'], ['a', 'a'])).toBe(0);
  });
});

describe('RM3 relevance model', () => {
  // |C| = 1000 terms; P(q|C) = 0.01.
  const corpus: CorpusTermStats = {
    docCount: 100,
    avgFieldLength: 10,
    docFreq: new Map([['q', 8], ['a', 5], ['b', 10], ['c', 20]]),
    totalLength: 1000,
    collectionFreq: new Map([['q', 10], ['a', 5], ['b', 20], ['c', 50]]),
  };

  it('mixes the query with RM1 weighted by Dirichlet query likelihood', () => {
    const model = buildRelevanceModel(['q'], [['q', 'a'], ['b', 'b', 'c', 'q']], corpus);
    // P(Q|d1) = (1 + 1000·0.01) / (2 + 1000), P(Q|d2) = 11 / 1004, so P(d|Q) ∝ 1/1002 and 1/1004.
    const w1 = 1004 / 2006;
    const w2 = 1002 / 2006;
    expect(model.get('q')).toBeCloseTo(0.5 + 0.5 * (w1 / 2 + w2 / 4), 12);
    expect(model.get('a')).toBeCloseTo(0.5 * (w1 / 2), 12);
    expect(model.get('b')).toBeCloseTo(0.5 * (w2 / 2), 12);
    expect(model.get('c')).toBeCloseTo(0.5 * (w2 / 4), 12);
    expect([...model.values()].reduce((sum, p) => sum + p, 0)).toBeCloseTo(1, 12);
  });

  it('keeps only the 20 most probable expansion terms and only terms the corpus has', () => {
    const many = Array.from({ length: 30 }, (_, i) => `t${String(i).padStart(2, '0')}`);
    const big = collectCorpusTermStats([['q', ...many], ['q', 'q', 't00']]);
    const model = buildRelevanceModel(['q', 'unseen'], [['q', ...many, 't00', 'ghost']], big);
    expect(model.has('unseen')).toBe(false);
    expect(model.has('ghost')).toBe(false);
    // q and t00 are the most probable; of the 29 tied terms the first 18 by code-unit order stay.
    expect([...model.keys()].sort()).toEqual(['q', ...many.slice(0, 19)].sort());
  });

  it('is empty, and scores 0, for a query the corpus has no term of', () => {
    const model = buildRelevanceModel(['unseen'], [['q', 'a']], corpus);
    expect(model.size).toBe(0);
    expect(relevanceModelScore(model, ['q'], corpus)).toBe(0);
  });

  it('scores a document by the expanded query likelihood, rank-equivalent form', () => {
    const model = new Map([['q', 0.75], ['b', 0.25]]);
    // ln(μ / (|d| + μ)) + 0.75 · ln(1 + 2 / (1000 · 0.01)) + 0.25 · ln(1 + 1 / (1000 · 0.02)).
    const expected = Math.log(1000 / 1004) + 0.75 * Math.log(1.2) + 0.25 * Math.log(1.05);
    expect(relevanceModelScore(model, ['q', 'x', 'b', 'q'], corpus)).toBeCloseTo(expected, 12);
    expect(relevanceModelScore(model, ['q', 'x', 'b', 'q'], corpus)).toBeGreaterThan(relevanceModelScore(model, ['x', 'x', 'x', 'b'], corpus));
  });
});
