/**
 * One label per pair from several raters' grades. Ties always resolve to the lower grade: calling a
 * document less relevant than some raters thought is the cautious error for an evaluation set.
 */
import { AppError } from '../runtime/errors';

export type BaseRule = 'median' | 'mean' | 'majority';
export type ConsensusRule = BaseRule | 'adjudicated-wins';

export interface ConsensusOptions {
  /** The scale's values: a mean is rounded to the nearest of them. Without them, to the nearest integer. */
  levels?: readonly number[];
  /** An adjudicator's label; under 'adjudicated-wins' it overrides the raters. */
  adjudicated?: number | null;
  /** Rule used under 'adjudicated-wins' while no adjudicated label exists; median by default. */
  fallback?: BaseRule;
}

export interface Consensus {
  /** Null when there are no grades (every rater skipped) and nothing was adjudicated. */
  label: number | null;
  /** The rule that decided: 'adjudicated' when an adjudicated label won. */
  decidedBy: BaseRule | 'adjudicated';
  /** True when the rule had to break a tie (even count for median, several modes, a mean halfway between levels). */
  tie: boolean;
}

function nearest(value: number, levels: readonly number[] | undefined): { label: number; tie: boolean } {
  if (!levels || levels.length === 0) {
    const lower = Math.floor(value);
    return value - lower === 0.5 ? { label: lower, tie: true } : { label: Math.round(value), tie: false };
  }
  const sorted = [...levels].sort((a, b) => a - b);
  let best = sorted[0]!;
  let tie = false;
  for (const level of sorted.slice(1)) {
    const distance = Math.abs(level - value);
    const bestDistance = Math.abs(best - value);
    if (distance < bestDistance) [best, tie] = [level, false];
    else if (distance === bestDistance) tie = true;
  }
  return { label: best, tie };
}

function applyRule(grades: readonly number[], rule: BaseRule, levels: readonly number[] | undefined): Consensus {
  if (grades.length === 0) return { label: null, decidedBy: rule, tie: false };
  const sorted = [...grades].sort((a, b) => a - b);
  switch (rule) {
    case 'median': {
      // The lower median, so the label is always a grade someone gave.
      const middle = Math.floor((sorted.length - 1) / 2);
      return { label: sorted[middle]!, decidedBy: rule, tie: sorted.length % 2 === 0 && sorted[middle] !== sorted[middle + 1] };
    }
    case 'mean': {
      const { label, tie } = nearest(sorted.reduce((sum, grade) => sum + grade, 0) / sorted.length, levels);
      return { label, decidedBy: rule, tie };
    }
    case 'majority': {
      // The most frequent grade (a plurality); among equally frequent grades the lowest.
      const counts = new Map<number, number>();
      for (const grade of sorted) counts.set(grade, (counts.get(grade) ?? 0) + 1);
      const top = Math.max(...counts.values());
      const modes = [...counts].filter(([, count]) => count === top).map(([grade]) => grade);
      return { label: modes[0]!, decidedBy: rule, tie: modes.length > 1 };
    }
  }
}

export function consensus(grades: readonly number[], rule: ConsensusRule, options: ConsensusOptions = {}): Consensus {
  const bad = grades.find((grade) => !Number.isFinite(grade));
  if (bad !== undefined) throw new AppError('INVALID_ARGS', `grades must be finite numbers, got ${bad}`, { field: 'grades' });
  if (rule !== 'adjudicated-wins') return applyRule(grades, rule, options.levels);
  const { adjudicated } = options;
  if (adjudicated !== undefined && adjudicated !== null) return { label: adjudicated, decidedBy: 'adjudicated', tie: false };
  return applyRule(grades, options.fallback ?? 'median', options.levels);
}
