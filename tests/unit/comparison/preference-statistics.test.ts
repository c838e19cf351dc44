import { describe, expect, it } from 'vitest';
import { signTest, summarizePreferences, wilsonInterval } from '../../../core/comparison/preference-statistics';

describe('wilsonInterval', () => {
  it('matches the hand-computed 95% interval for 8 of 10', () => {
    // centre = (0.8 + 1.96²/20) / (1 + 1.96²/10) = 0.71674; half width = 1.96/1.38415 · √(0.016 + 0.0096) = 0.22658
    const interval = wilsonInterval(8, 10);
    expect(interval.estimate).toBe(0.8);
    expect(interval.low).toBeCloseTo(0.49016, 4);
    expect(interval.high).toBeCloseTo(0.94332, 4);
  });

  it('stays inside [0, 1] at the extremes and is wide open without trials', () => {
    expect(wilsonInterval(0, 5).low).toBe(0);
    expect(wilsonInterval(0, 5).high).toBeGreaterThan(0.4);
    expect(wilsonInterval(5, 5).high).toBe(1);
    expect(wilsonInterval(0, 0)).toMatchObject({ low: 0, high: 1 });
  });
});

describe('signTest', () => {
  it('is the exact two-sided binomial tail', () => {
    expect(signTest(8, 2)).toBeCloseTo((2 * (1 + 10 + 45)) / 1024, 12);
    expect(signTest(1, 9)).toBeCloseTo((2 * (1 + 10)) / 1024, 12);
    expect(signTest(5, 5)).toBe(1);
    expect(signTest(0, 0)).toBe(1);
  });

  it('stays accurate for many queries', () => {
    // 2·P(X ≤ 400) for X ~ Bin(1000, ½): z = (400.5 − 500)/√250 = −6.29, so about 3e-10.
    const p = signTest(600, 400);
    expect(p).toBeGreaterThan(1e-10);
    expect(p).toBeLessThan(1e-9);
  });
});

describe('summarizePreferences', () => {
  it('counts outcomes and leaves ties out of the win rate', () => {
    const summary = summarizePreferences(['A', 'A', 'B', 'tie', 'A', 'tie']);
    expect(summary).toMatchObject({ wins: 3, losses: 1, ties: 2, pValue: signTest(3, 1) });
    expect(summary.winRate.estimate).toBe(0.75);
  });
});
