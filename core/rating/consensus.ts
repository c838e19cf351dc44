/**
 * One label per pair from several raters' grades. Ties always resolve to the lower grade: calling a
 * document less relevant than some raters thought is the cautious error for an evaluation set.
 *
 * An adjudicated label is the final label under every rule: a lead who looked at the disagreement
 * decided. The rules differ in what happens before anyone adjudicates: median, mean and majority
 * settle a disagreement themselves, while under 'adjudicated-wins' only an adjudication settles it
 * (raters who all agree still give a label; raters who disagree give none until a lead decides).
 */
import { AppError } from '../runtime/errors';

export type BaseRule = 'median' | 'mean' | 'majority';
export type ConsensusRule = BaseRule | 'adjudicated-wins';

export interface ConsensusOptions {
  /** The scale's values: a mean is rounded to the nearest of them. Without them, to the nearest integer. */
  levels?: readonly number[];
  /** An adjudicator's label: it overrides the raters under every rule. */
  adjudicated?: number | null;
}

export interface Consensus {
  /** Null when there are no grades (every rater skipped) or, under 'adjudicated-wins', raters disagree and nobody adjudicated. */
  label: number | null;
  /** What decided: the rule, 'unanimous' (under 'adjudicated-wins', raters agreeing), 'adjudicated'; null without a label. */
  decidedBy: BaseRule | 'unanimous' | 'adjudicated' | null;
  /** True when the rule had to break a tie (even count for median, several modes, a mean halfway between levels). */
  tie: boolean;
  /** True when a lead still has to decide: raters disagree under 'adjudicated-wins' and nobody adjudicated. */
  awaitingAdjudication: boolean;
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

const NO_LABEL: Consensus = { label: null, decidedBy: null, tie: false, awaitingAdjudication: false };

function applyRule(grades: readonly number[], rule: BaseRule, levels: readonly number[] | undefined): Consensus {
  const decided = (label: number, tie: boolean): Consensus => ({ label, decidedBy: rule, tie, awaitingAdjudication: false });
  if (grades.length === 0) return NO_LABEL;
  const sorted = [...grades].sort((a, b) => a - b);
  switch (rule) {
    case 'median': {
      // The lower median, so the label is always a grade someone gave.
      const middle = Math.floor((sorted.length - 1) / 2);
      return decided(sorted[middle]!, sorted.length % 2 === 0 && sorted[middle] !== sorted[middle + 1]);
    }
    case 'mean': {
      const { label, tie } = nearest(sorted.reduce((sum, grade) => sum + grade, 0) / sorted.length, levels);
      return decided(label, tie);
    }
    case 'majority': {
      // The most frequent grade (a plurality); among equally frequent grades the lowest.
      const counts = new Map<number, number>();
      for (const grade of sorted) counts.set(grade, (counts.get(grade) ?? 0) + 1);
      const top = Math.max(...counts.values());
      const modes = [...counts].filter(([, count]) => count === top).map(([grade]) => grade);
      return decided(modes[0]!, modes.length > 1);
    }
  }
}

export function consensus(grades: readonly number[], rule: ConsensusRule, options: ConsensusOptions = {}): Consensus {
  const bad = grades.find((grade) => !Number.isFinite(grade));
  if (bad !== undefined) throw new AppError('INVALID_ARGS', `grades must be finite numbers, got ${bad}`, { field: 'grades' });
  const { adjudicated } = options;
  if (adjudicated !== undefined && adjudicated !== null) return { label: adjudicated, decidedBy: 'adjudicated', tie: false, awaitingAdjudication: false };
  if (rule !== 'adjudicated-wins') return applyRule(grades, rule, options.levels);
  if (grades.length === 0) return NO_LABEL;
  const unanimous = grades.every((grade) => grade === grades[0]);
  return unanimous ? { label: grades[0]!, decidedBy: 'unanimous', tie: false, awaitingAdjudication: false } : { ...NO_LABEL, awaitingAdjudication: true };
}
