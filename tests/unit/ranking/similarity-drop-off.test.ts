import { describe, expect, it } from 'vitest';
import { findDropOff, MIN_HITS_FOR_DROP_OFF, similarityThreshold } from '../../../core/ranking/similarity-drop-off';

const descending = (from: number, to: number, count: number) => Array.from({ length: count }, (_, i) => from - ((from - to) * i) / (count - 1));

describe('similarityThreshold', () => {
  it('sits halfway between the best hit and the deepest (background) hit', () => {
    expect(similarityThreshold(descending(0.9, 0.5, 30))).toBeCloseTo(0.7, 12);
  });

  it('says nothing for a leg too short to show its background, or with no spread', () => {
    expect(similarityThreshold(descending(0.9, 0.5, MIN_HITS_FOR_DROP_OFF - 1))).toBeNull();
    expect(similarityThreshold(new Array(MIN_HITS_FOR_DROP_OFF).fill(0.4))).toBeNull();
  });
});

describe('findDropOff', () => {
  const dense = (score: number, lexicalMatch = false) => ({ lexicalMatch, dense: { 'dense:glove': score } });

  it('puts the divider before the first of the trailing weak results', () => {
    const results = [dense(0.95), dense(0.8), dense(0.6), dense(0.55)];
    expect(findDropOff(results, { 'dense:glove': 0.7 }, true)).toEqual({ rank: 3, thresholds: { 'dense:glove': 0.7 }, lexicalLeg: true });
  });

  it('keeps a lexical match above the divider however low its similarity', () => {
    const results = [dense(0.95), dense(0.5, true), dense(0.6), dense(0.55)];
    expect(findDropOff(results, { 'dense:glove': 0.7 }, true)?.rank).toBe(3);
  });

  it('only counts results after which every result is weak', () => {
    const results = [dense(0.95), dense(0.6), dense(0.9), dense(0.55)];
    expect(findDropOff(results, { 'dense:glove': 0.7 }, true)?.rank).toBe(4);
  });

  it('needs a result to be below the threshold in every dense leg it came from', () => {
    const twoLegs = (a: number, b: number) => ({ lexicalMatch: false, dense: { 'dense:a': a, 'dense:b': b } });
    const thresholds = { 'dense:a': 0.7, 'dense:b': 0.7 };
    expect(findDropOff([twoLegs(0.9, 0.9), twoLegs(0.5, 0.8), twoLegs(0.5, 0.5)], thresholds, true)?.rank).toBe(3);
  });

  it('reports nothing when nothing is weak, everything is weak, or no leg has a threshold', () => {
    expect(findDropOff([dense(0.9), dense(0.8)], { 'dense:glove': 0.7 }, true)).toBeNull();
    expect(findDropOff([dense(0.5), dense(0.4)], { 'dense:glove': 0.7 }, true)).toBeNull();
    expect(findDropOff([dense(0.9), dense(0.4)], {}, true)).toBeNull();
  });
});
