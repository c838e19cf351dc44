import { logGamma } from '../eval/statistics';

export interface ProportionInterval {
  /** successes / trials; NaN without trials. */
  estimate: number;
  low: number;
  high: number;
}

/** Wilson score interval for a binomial proportion (z = 1.96 for 95%); stays inside [0, 1] even at 0 or n successes. */
export function wilsonInterval(successes: number, trials: number, z = 1.959963984540054): ProportionInterval {
  if (trials === 0) return { estimate: Number.NaN, low: 0, high: 1 };
  const p = successes / trials;
  const z2 = z * z;
  const centre = (p + z2 / (2 * trials)) / (1 + z2 / trials);
  const halfWidth = (z / (1 + z2 / trials)) * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials));
  return { estimate: p, low: Math.max(0, centre - halfWidth), high: Math.min(1, centre + halfWidth) };
}

/** Two-sided exact sign test of wins against losses (ties dropped): 2·P(X ≤ min(wins, losses)), X ~ Bin(n, ½), capped at 1. */
export function signTest(wins: number, losses: number): number {
  const n = wins + losses;
  if (n === 0) return 1;
  const k = Math.min(wins, losses);
  const logBinomial = (i: number) => logGamma(n + 1) - logGamma(i + 1) - logGamma(n - i + 1) - n * Math.LN2;
  let tail = 0;
  for (let i = 0; i <= k; i++) tail += Math.exp(logBinomial(i));
  return Math.min(1, 2 * tail);
}

export interface PreferenceSummary {
  wins: number;
  losses: number;
  ties: number;
  /** A's share of the decided queries (wins / (wins + losses)), with its Wilson 95% interval. */
  winRate: ProportionInterval;
  /** Sign test p-value of wins against losses. */
  pValue: number;
}

/** Aggregates per-query outcomes (from pairwise preferences or interleaving) into A's win rate and a sign test. */
export function summarizePreferences(outcomes: Iterable<'A' | 'B' | 'tie'>): PreferenceSummary {
  let wins = 0;
  let losses = 0;
  let ties = 0;
  for (const outcome of outcomes) {
    if (outcome === 'A') wins++;
    else if (outcome === 'B') losses++;
    else ties++;
  }
  return { wins, losses, ties, winRate: wilsonInterval(wins, wins + losses), pValue: signTest(wins, losses) };
}
