import { describe, expect, it } from 'vitest';
import { BM25_DEFAULT_PARAMETERS, bm25FieldScores, bm25Idf, collectBm25FieldStats, collectCorpusTermStats } from '../../../core/ranking/bm25';

// One field of a four-document corpus, already analyzed.
const corpus = [
  ['cat', 'sat', 'mat'], // 3 terms
  ['cat', 'cat', 'dog'], // 3
  ['dog', 'bark'], // 2
  ['bird'], // 1
];
const stats = collectBm25FieldStats(corpus);

describe('collectBm25FieldStats', () => {
  it('counts documents, mean field length and document frequency', () => {
    expect(stats.docCount).toBe(4);
    expect(stats.avgFieldLength).toBe(9 / 4);
    expect(Object.fromEntries(stats.docFreq)).toEqual({ cat: 2, sat: 1, mat: 1, dog: 2, bark: 1, bird: 1 });
  });

  it('is empty for an empty corpus', () => {
    expect(collectBm25FieldStats([])).toEqual({ docCount: 0, avgFieldLength: 0, docFreq: new Map() });
  });
});

describe('bm25Idf', () => {
  it('is ln(1 + (N − df + 0.5) / (df + 0.5))', () => {
    expect(bm25Idf(4, 2)).toBeCloseTo(Math.LN2, 15); // ln(1 + 2.5 / 2.5)
    expect(bm25Idf(4, 1)).toBeCloseTo(1.2039728, 7); // ln(1 + 3.5 / 1.5)
  });

  it('stays positive for a term in every document', () => {
    expect(bm25Idf(10, 10)).toBeCloseTo(Math.log(1 + 0.5 / 10.5), 15);
    expect(bm25Idf(10, 10)).toBeGreaterThan(0);
  });
});

describe('bm25FieldScores', () => {
  // k1 = 1.2, b = 0.75, avgdl = 2.25. Length norm k1·(1 − b + b·dl/avgdl): dl 3 → 1.5, dl 2 → 1.1.
  it('matches the formula worked by hand', () => {
    const scores = bm25FieldScores(['cat', 'dog'], corpus, stats);
    // d1: cat tf 1 → ln2 · 2.2 / (1 + 1.5)
    expect(scores[0]).toBeCloseTo(0.6099695, 7);
    // d2: cat tf 2 → ln2 · 4.4 / (2 + 1.5); dog tf 1 → ln2 · 2.2 / (1 + 1.5)
    expect(scores[1]).toBeCloseTo(1.4813545, 7);
    // d3: dog tf 1 → ln2 · 2.2 / (1 + 1.1)
    expect(scores[2]).toBeCloseTo(0.7261542, 7);
    expect(scores[3]).toBe(0);
  });

  it('counts a repeated query term once per occurrence', () => {
    const [once] = bm25FieldScores(['sat'], corpus, stats);
    const [twice] = bm25FieldScores(['sat', 'sat'], corpus, stats);
    expect(twice).toBeCloseTo(2 * once!, 15);
  });

  it('scores only the candidates it is given, with corpus-wide statistics', () => {
    const scores = bm25FieldScores(['cat'], [corpus[1]!], stats);
    expect(scores).toHaveLength(1);
    expect(scores[0]).toBeCloseTo((Math.LN2 * 4.4) / 3.5, 15);
  });

  it('takes k1 and b', () => {
    // b = 0 turns length normalization off: cat tf 2 → ln2 · 2·2.2 / (2 + 1.2)
    const [score] = bm25FieldScores(['cat'], [corpus[1]!], stats, { ...BM25_DEFAULT_PARAMETERS, b: 0 });
    expect(score).toBeCloseTo(0.9530774, 7);
  });

  it('gives 0 to documents without any query term, and for an empty query', () => {
    expect([...bm25FieldScores(['unicorn'], corpus, stats)]).toEqual([0, 0, 0, 0]);
    expect([...bm25FieldScores([], corpus, stats)]).toEqual([0, 0, 0, 0]);
  });
});

describe('collectCorpusTermStats', () => {
  it('adds the corpus length and collection frequencies to the BM25 statistics', () => {
    const stats = collectCorpusTermStats([['a', 'b', 'a'], ['b'], []]);
    expect(stats).toEqual({
      docCount: 3,
      avgFieldLength: 4 / 3,
      docFreq: new Map([['a', 1], ['b', 2]]),
      totalLength: 4,
      collectionFreq: new Map([['a', 2], ['b', 2]]),
    });
  });
});
