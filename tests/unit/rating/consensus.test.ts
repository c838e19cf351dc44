import { describe, expect, it } from 'vitest';
import { consensus } from '../../../core/rating/consensus';

const FIVE_LEVELS = [1, 2, 3, 4, 5];

describe('consensus', () => {
  it('median: the middle grade; with an even count the lower of the two middle grades, flagged as a tie', () => {
    expect(consensus([5, 1, 3], 'median')).toEqual({ label: 3, decidedBy: 'median', tie: false, awaitingAdjudication: false });
    expect(consensus([4, 2], 'median')).toMatchObject({ label: 2, tie: true });
    expect(consensus([4, 4, 2, 5], 'median')).toMatchObject({ label: 4, tie: false });
  });

  it('mean: rounded to the nearest level of the scale, the lower one when halfway', () => {
    expect(consensus([5, 4, 4], 'mean', { levels: FIVE_LEVELS })).toMatchObject({ label: 4, tie: false });
    expect(consensus([5, 2], 'mean', { levels: FIVE_LEVELS })).toMatchObject({ label: 3, tie: true });
    // Levels need not be evenly spaced: 2.2 is nearer to 3 than to 0.
    expect(consensus([3, 3, 0, 3, 2], 'mean', { levels: [0, 3, 5] })).toMatchObject({ label: 3, tie: false });
    expect(consensus([1, 2], 'mean')).toMatchObject({ label: 1, tie: true });
  });

  it('majority: the most frequent grade; among equally frequent grades the lowest', () => {
    expect(consensus([2, 5, 5, 1], 'majority')).toMatchObject({ label: 5, tie: false });
    expect(consensus([2, 5, 5, 2, 4], 'majority')).toMatchObject({ label: 2, tie: true });
  });

  it('an adjudicated label is the final label under every rule', () => {
    for (const rule of ['median', 'mean', 'majority', 'adjudicated-wins'] as const) {
      expect(consensus([1, 1, 1], rule, { levels: FIVE_LEVELS, adjudicated: 5 })).toEqual({ label: 5, decidedBy: 'adjudicated', tie: false, awaitingAdjudication: false });
    }
    expect(consensus([], 'median', { adjudicated: 2 })).toMatchObject({ label: 2, decidedBy: 'adjudicated' });
  });

  it('adjudicated-wins: agreeing raters give their grade; disagreeing raters give none until a lead adjudicates', () => {
    expect(consensus([4, 4], 'adjudicated-wins')).toEqual({ label: 4, decidedBy: 'unanimous', tie: false, awaitingAdjudication: false });
    expect(consensus([4, 3], 'adjudicated-wins')).toEqual({ label: null, decidedBy: null, tie: false, awaitingAdjudication: true });
    expect(consensus([4, 3], 'adjudicated-wins', { adjudicated: null })).toMatchObject({ label: null, awaitingAdjudication: true });
  });

  it('gives no label without grades, and refuses grades that are not numbers', () => {
    expect(consensus([], 'mean')).toEqual({ label: null, decidedBy: null, tie: false, awaitingAdjudication: false });
    expect(consensus([], 'adjudicated-wins')).toMatchObject({ label: null, awaitingAdjudication: false });
    expect(() => consensus([1, Number.NaN], 'median')).toThrow(/finite/);
  });
});
