import { describe, expect, it } from 'vitest';
import { jaccardAtK, rankBiasedOverlap } from '../../../core/comparison/list-overlap';

describe('jaccardAtK', () => {
  it('is shared over union of the first k', () => {
    expect(jaccardAtK(['a', 'b', 'c', 'x'], ['c', 'b', 'd', 'a'], 3)).toBe(2 / 4);
    expect(jaccardAtK(['a'], ['a'], 10)).toBe(1);
    expect(jaccardAtK([], [], 10)).toBe(1);
    expect(jaccardAtK(['a'], ['b'], 10)).toBe(0);
  });
});

describe('rankBiasedOverlap (extrapolated, p = 0.9)', () => {
  it('matches hand-computed values', () => {
    // k = 2, X = (0, 2): (X₂/2)·p² + (1−p)/p·(0 + (2/2)·p²) = 0.81 + 0.09
    expect(rankBiasedOverlap(['a', 'b'], ['b', 'a'])).toBeCloseTo(0.9, 12);
    // k = 3, X = (1, 1, 2): (2/3)·0.729 + (1/9)·(0.9 + 0.405 + 0.486) = 0.486 + 0.199
    expect(rankBiasedOverlap(['a', 'b', 'c'], ['a', 'c', 'd'])).toBeCloseTo(0.685, 12);
  });

  it('extrapolates a shorter list that is a prefix of the longer one to full agreement', () => {
    expect(rankBiasedOverlap(['a', 'b', 'c', 'd'], ['a', 'b'])).toBeCloseTo(1, 12);
    expect(rankBiasedOverlap(['a', 'b'], ['a', 'b', 'c', 'd'])).toBeCloseTo(1, 12);
  });

  it('is 1 for identical lists, 0 for disjoint ones, symmetric, and weights the top more', () => {
    expect(rankBiasedOverlap(['a', 'b', 'c'], ['a', 'b', 'c'])).toBeCloseTo(1, 12);
    expect(rankBiasedOverlap(['a', 'b'], ['c', 'd'])).toBe(0);
    const left = ['a', 'b', 'c', 'd', 'e'];
    const right = ['b', 'a', 'e', 'c', 'f'];
    expect(rankBiasedOverlap(left, right)).toBeCloseTo(rankBiasedOverlap(right, left), 12);
    const swapTop = rankBiasedOverlap(['a', 'b', 'c', 'd'], ['b', 'a', 'c', 'd']);
    const swapBottom = rankBiasedOverlap(['a', 'b', 'c', 'd'], ['a', 'b', 'd', 'c']);
    expect(swapTop).toBeLessThan(swapBottom);
    expect(() => rankBiasedOverlap(['a'], ['a'], 1)).toThrow(/p must be in/);
  });
});
