import { describe, expect, it } from 'vitest';
import { alphaReading, formatBias, formatCoefficient, formatShare } from '../../../renderer/pages/agreement/figures';

describe('agreement figures as the page shows them', () => {
  it('prints coefficients with three decimals, shares as percentages, bias with its sign, and a dash where undefined', () => {
    expect(formatCoefficient(0.78999)).toBe('0.790');
    expect(formatCoefficient(-0.1234)).toBe('-0.123');
    expect(formatShare(0.755)).toBe('76%');
    expect(formatBias(0.25)).toBe('+0.25');
    expect(formatBias(-0.125)).toBe('−0.13');
    expect(formatBias(0)).toBe('±0.00');
    for (const format of [formatCoefficient, formatShare, formatBias]) expect(format(null)).toBe('—');
  });

  it('reads α as Krippendorff suggests: 0.8 and up reliable, from 0.667 tentative, below that not', () => {
    expect([0.8, 0.79, 0.667, 0.66, null].map(alphaReading)).toEqual(['good', 'fair', 'fair', 'poor', 'none']);
  });
});
