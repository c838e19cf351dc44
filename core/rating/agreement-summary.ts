/**
 * How far raters agree, from raw labels: Krippendorff's α (ordinal) and quadratic-weighted Cohen's κ,
 * exact and within-one-level agreement, each rater's bias against the others, the pairs raters
 * disagree on most, and accuracy on gold pairs.
 */
import { cohenKappa, krippendorffAlpha, percentAgreement } from '../eval/agreement';
import { mean } from '../eval/statistics';
import { AppError } from '../runtime/errors';
import { consensus, type BaseRule } from './consensus';
import { compareText } from './random';

export interface PairRef {
  queryId: string;
  docId: string;
}

/** A pair with a known label, hidden among the real ones to measure each rater's accuracy. */
export interface GoldPair extends PairRef {
  grade: number;
}

/** Key of a (query, document) pair; NUL cannot occur in ids read from text files. */
export function pairKey({ queryId, docId }: PairRef): string {
  return `${queryId}\u0000${docId}`;
}

export interface RawLabel {
  raterId: string;
  queryId: string;
  docId: string;
  grade: number;
}

export interface AgreementOptions {
  /** The scale's values; they order the levels for κ weights and within-one. Default: the grades seen. */
  levels?: readonly number[];
  /** Rule for the consensus each rater's bias is measured against; median by default. */
  consensusRule?: BaseRule;
  /** Gold pairs: used for gold accuracy only, left out of agreement and bias (see summarizeAgreement). */
  gold?: readonly GoldPair[];
  /** How many of the most disagreed pairs to list; 20 by default. */
  mostDisagreed?: number;
}

export interface AgreementFigures {
  /** Krippendorff's α, ordinal; null when undefined (no pair rated twice, or no variation at all). */
  alpha: number | null;
  /** Mean over rater pairs of quadratic-weighted κ, weighted by items shared; null when no pair has one. */
  kappa: number | null;
  /** Share of agreeing rater pairs per item, averaged over items rated at least twice. */
  exactMatch: number | null;
  /** The same with grades at most one level apart counting as agreeing. */
  withinOneLevel: number | null;
  /** Items rated at least twice. */
  items: number;
}

export interface RaterPairAgreement {
  raterA: string;
  raterB: string;
  shared: number;
  kappa: number | null;
  exactMatch: number | null;
  withinOneLevel: number | null;
}

export interface RaterSummary {
  raterId: string;
  ratings: number;
  /**
   * Mean of (rater's grade − consensus of the other raters' grades) over items others rated too.
   * Leaving the rater's own label out keeps them from being measured against themselves (with two
   * raters, it is their mean difference from the other one).
   */
  bias: number | null;
  biasItems: number;
  gold: GoldAccuracy | null;
}

export interface GoldAccuracy {
  /** Gold pairs the rater graded (skips are not grades). */
  total: number;
  /** Grades equal to the gold grade. */
  correct: number;
  /** Grades at most one level of the scale from the gold grade. */
  withinOne: number;
  /** correct / total. */
  accuracy: number;
}

export interface DisagreedPair {
  queryId: string;
  docId: string;
  grades: { raterId: string; grade: number }[];
  /** Population variance of the grades. */
  variance: number;
  range: number;
}

export interface AgreementSummary {
  overall: AgreementFigures;
  perQuery: ({ queryId: string } & AgreementFigures)[];
  perRaterPair: RaterPairAgreement[];
  perRater: RaterSummary[];
  /** Most variance first, then widest range, then by query and document id. */
  mostDisagreed: DisagreedPair[];
}

interface Item {
  queryId: string;
  docId: string;
  /** By rater, in first-label order. */
  grades: Map<string, number>;
}

const finiteOrNull = (value: number) => (Number.isFinite(value) ? value : null);

/**
 * Labels are raw and in the order given: when a rater labelled a pair more than once, the last label
 * counts (a correction). Gold pairs are left out of the agreement figures and of bias, because every
 * rater rates them and they would outweigh the pool.
 */
export function summarizeAgreement(labels: readonly RawLabel[], options: AgreementOptions = {}): AgreementSummary {
  const bad = labels.find((label) => !Number.isFinite(label.grade));
  if (bad) throw new AppError('INVALID_ARGS', `grade of ${bad.raterId} on ${bad.queryId} / ${bad.docId} is not a number`, { field: 'grade' });
  const goldGrades = new Map((options.gold ?? []).map((pair) => [pairKey(pair), pair.grade]));
  const levels = [...new Set(options.levels ?? labels.map((label) => label.grade))].sort((a, b) => a - b);
  const levelIndex = new Map(levels.map((level, i) => [level, i]));
  const unknownGrade = labels.find((label) => !levelIndex.has(label.grade));
  if (unknownGrade) throw new AppError('INVALID_ARGS', `grade ${unknownGrade.grade} is not a level of the scale (${levels.join(', ')})`, { field: 'grade' });

  const items = new Map<string, Item>();
  const ratingCounts = new Map<string, number>();
  for (const label of labels) {
    const key = pairKey(label);
    if (goldGrades.has(key)) continue;
    const item = items.get(key) ?? { queryId: label.queryId, docId: label.docId, grades: new Map() };
    items.set(key, item);
    item.grades.set(label.raterId, label.grade);
  }
  const goldCounts = goldAccuracy(labels, options.gold ?? [], levels);
  for (const item of items.values()) for (const rater of item.grades.keys()) ratingCounts.set(rater, (ratingCounts.get(rater) ?? 0) + 1);

  const allItems = [...items.values()];
  const raters = [...new Set(labels.map((label) => label.raterId))].sort(compareText);
  const within = (a: number, b: number) => Math.abs(levelIndex.get(a)! - levelIndex.get(b)!) <= 1;

  const perRaterPair: RaterPairAgreement[] = [];
  for (let i = 0; i < raters.length; i++) {
    for (let j = i + 1; j < raters.length; j++) perRaterPair.push(raterPairAgreement(raters[i]!, raters[j]!, allItems, levels, within));
  }
  const queries = [...new Set(allItems.map((item) => item.queryId))];
  return {
    overall: figures(allItems, raters, levels, within),
    perQuery: queries.map((queryId) => ({ queryId, ...figures(allItems.filter((item) => item.queryId === queryId), raters, levels, within) })),
    perRaterPair,
    perRater: raters.map((raterId) => {
      const differences = allItems.flatMap((item) => {
        const own = item.grades.get(raterId);
        const others = [...item.grades].filter(([rater]) => rater !== raterId).map(([, grade]) => grade);
        if (own === undefined || others.length === 0) return [];
        return [own - consensus(others, options.consensusRule ?? 'median', { levels }).label!];
      });
      const gold = goldCounts.get(raterId);
      return {
        raterId,
        ratings: ratingCounts.get(raterId) ?? 0,
        bias: differences.length === 0 ? null : mean(differences),
        biasItems: differences.length,
        gold: gold ?? null,
      };
    }),
    mostDisagreed: mostDisagreed(allItems, options.mostDisagreed ?? 20),
  };
}

/**
 * Each rater's accuracy on gold pairs, from raw labels in order (a later label of the same pair is a
 * correction and replaces the earlier one). `levels`: the scale's values, for within-one-level.
 */
export function goldAccuracy(labels: readonly RawLabel[], gold: readonly GoldPair[], levels: readonly number[]): Map<string, GoldAccuracy> {
  const goldGrades = new Map(gold.map((pair) => [pairKey(pair), pair.grade]));
  const levelIndex = new Map([...levels].sort((a, b) => a - b).map((level, i) => [level, i]));
  const last = new Map<string, RawLabel>();
  for (const label of labels) if (goldGrades.has(pairKey(label))) last.set(`${label.raterId}\u0000${pairKey(label)}`, label);
  const byRater = new Map<string, GoldAccuracy>();
  for (const label of last.values()) {
    const counts = byRater.get(label.raterId) ?? { total: 0, correct: 0, withinOne: 0, accuracy: 0 };
    byRater.set(label.raterId, counts);
    const expected = goldGrades.get(pairKey(label))!;
    counts.total++;
    if (label.grade === expected) counts.correct++;
    const distance = Math.abs((levelIndex.get(label.grade) ?? Number.NaN) - (levelIndex.get(expected) ?? Number.NaN));
    if (distance <= 1) counts.withinOne++;
    counts.accuracy = counts.correct / counts.total;
  }
  return byRater;
}

function pairRate(items: readonly Item[], agree: (a: number, b: number) => boolean): number | null {
  let sum = 0;
  let units = 0;
  for (const item of items) {
    const grades = [...item.grades.values()];
    if (grades.length < 2) continue;
    let agreeing = 0;
    for (let i = 0; i < grades.length; i++) for (let j = i + 1; j < grades.length; j++) if (agree(grades[i]!, grades[j]!)) agreeing++;
    sum += agreeing / ((grades.length * (grades.length - 1)) / 2);
    units++;
  }
  return units === 0 ? null : sum / units;
}

function figures(items: readonly Item[], raters: readonly string[], levels: readonly number[], within: (a: number, b: number) => boolean): AgreementFigures {
  const rated = items.filter((item) => item.grades.size >= 2);
  const units = rated.map((item) => [...item.grades.values()]);
  let weightedKappa = 0;
  let kappaWeight = 0;
  for (let i = 0; i < raters.length; i++) {
    for (let j = i + 1; j < raters.length; j++) {
      const pair = raterPairAgreement(raters[i]!, raters[j]!, rated, levels, within);
      if (pair.kappa === null) continue;
      weightedKappa += pair.kappa * pair.shared;
      kappaWeight += pair.shared;
    }
  }
  return {
    alpha: units.length === 0 ? null : finiteOrNull(krippendorffAlpha(units, 'ordinal')),
    kappa: kappaWeight === 0 ? null : weightedKappa / kappaWeight,
    exactMatch: units.length === 0 ? null : percentAgreement(units),
    withinOneLevel: pairRate(rated, within),
    items: rated.length,
  };
}

function raterPairAgreement(
  raterA: string,
  raterB: string,
  items: readonly Item[],
  levels: readonly number[],
  within: (a: number, b: number) => boolean,
): RaterPairAgreement {
  const gradesA: number[] = [];
  const gradesB: number[] = [];
  for (const item of items) {
    const a = item.grades.get(raterA);
    const b = item.grades.get(raterB);
    if (a === undefined || b === undefined) continue;
    gradesA.push(a);
    gradesB.push(b);
  }
  const shared = gradesA.length;
  if (shared === 0) return { raterA, raterB, shared, kappa: null, exactMatch: null, withinOneLevel: null };
  return {
    raterA,
    raterB,
    shared,
    // κ is undefined when chance agreement is total (both raters gave one grade throughout).
    kappa: shared < 2 ? null : finiteOrNull(cohenKappa(gradesA, gradesB, 'quadratic', levels)),
    exactMatch: gradesA.filter((grade, i) => grade === gradesB[i]).length / shared,
    withinOneLevel: gradesA.filter((grade, i) => within(grade, gradesB[i]!)).length / shared,
  };
}

function mostDisagreed(items: readonly Item[], limit: number): DisagreedPair[] {
  return items
    .filter((item) => item.grades.size >= 2)
    .map((item) => {
      const grades = [...item.grades].map(([raterId, grade]) => ({ raterId, grade }));
      const values = grades.map(({ grade }) => grade);
      const average = mean(values);
      return {
        queryId: item.queryId,
        docId: item.docId,
        grades,
        variance: mean(values.map((value) => (value - average) ** 2)),
        range: Math.max(...values) - Math.min(...values),
      };
    })
    .filter((pair) => pair.range > 0)
    .sort((a, b) => b.variance - a.variance || b.range - a.range || compareText(a.queryId, b.queryId) || compareText(a.docId, b.docId))
    .slice(0, limit);
}
