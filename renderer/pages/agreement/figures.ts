/** α and κ with three decimals, the precision agreement is usually reported at; "—" where undefined. */
export const formatCoefficient = (value: number | null): string => (value === null ? '—' : value.toFixed(3));

/** A share as a whole percentage; "—" where undefined. */
export const formatShare = (value: number | null): string => (value === null ? '—' : `${Math.round(value * 100)}%`);

/** A signed mean difference in scale levels, e.g. "+0.25"; "—" where undefined. */
export const formatBias = (value: number | null): string => (value === null ? '—' : `${value > 0 ? '+' : value < 0 ? '−' : '±'}${Math.abs(value).toFixed(2)}`);

/** Krippendorff's usual reading of α: ≥ 0.8 reliable, ≥ 0.667 tentative, below that not. */
export function alphaReading(alpha: number | null): 'good' | 'fair' | 'poor' | 'none' {
  if (alpha === null) return 'none';
  return alpha >= 0.8 ? 'good' : alpha >= 0.667 ? 'fair' : 'poor';
}
