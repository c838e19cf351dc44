import { krippendorffAlpha, percentAgreement } from '../eval/agreement';
import type { InterleavingOutcome } from './interleaving';
import { summarizePreferences, type PreferenceSummary } from './preference-statistics';

/** The 5-point pairwise preference in A/B terms: 2 = A much better … 0 = about the same … -2 = B much better. */
export const PREFERENCE_VALUES = [2, 1, 0, -1, -2] as const;
export type PreferenceValue = (typeof PREFERENCE_VALUES)[number];

export interface RaterPreference {
  queryId: string;
  raterId: number;
  preference: number;
}

/** Counts of each preference value, keyed by value ("2" … "-2"). */
export type PreferenceHistogram = Record<`${PreferenceValue}`, number>;

export interface QueryPreference {
  queryId: string;
  /** Every rater's preference of the query, in rater-id order. */
  preferences: number[];
  mean: number;
  /** The side the raters' preferences lean to (the sign of their sum). */
  outcome: InterleavingOutcome;
}

export interface PreferenceAgreement {
  /** Queries with preferences from two or more raters: the units agreement is measured on. */
  units: number;
  /** Krippendorff's α, ordinal, over the 5-point preference; null without a unit or without disagreement to expect. */
  alpha: number | null;
  /** Share of agreeing rater pairs on the direction alone (A, about the same, B); null without a unit. */
  directionAgreement: number | null;
}

export interface PreferenceAggregates {
  perQuery: QueryPreference[];
  /** Win rate of A over the queries (each query counts once, by its outcome), Wilson CI and sign test. */
  overall: PreferenceSummary;
  /** How strong the preferences were, over every rater's answer. */
  histogram: PreferenceHistogram;
  perRater: { raterId: number; answers: number; summary: PreferenceSummary; histogram: PreferenceHistogram }[];
  agreement: PreferenceAgreement;
}

const direction = (value: number): InterleavingOutcome => (value > 0 ? 'A' : value < 0 ? 'B' : 'tie');

function histogramOf(values: readonly number[]): PreferenceHistogram {
  const histogram = Object.fromEntries(PREFERENCE_VALUES.map((value) => [String(value), 0])) as PreferenceHistogram;
  for (const value of values) histogram[String(value) as `${PreferenceValue}`]++;
  return histogram;
}

/**
 * Aggregates pairwise preferences: each query's outcome is the direction its raters lean to together
 * (the sign of the sum of their preferences), so a query weighs the same however many raters answered it.
 */
export function aggregatePreferences(rows: readonly RaterPreference[]): PreferenceAggregates {
  const byQuery = new Map<string, RaterPreference[]>();
  for (const row of rows) byQuery.set(row.queryId, [...(byQuery.get(row.queryId) ?? []), row]);
  const perQuery = [...byQuery].map(([queryId, answers]): QueryPreference => {
    const preferences = [...answers].sort((a, b) => a.raterId - b.raterId).map((answer) => answer.preference);
    const sum = preferences.reduce((total, value) => total + value, 0);
    return { queryId, preferences, mean: sum / preferences.length, outcome: direction(sum) };
  });
  const byRater = new Map<number, number[]>();
  for (const row of rows) byRater.set(row.raterId, [...(byRater.get(row.raterId) ?? []), row.preference]);
  const perRater = [...byRater]
    .sort(([a], [b]) => a - b)
    .map(([raterId, values]) => ({ raterId, answers: values.length, summary: summarizePreferences(values.map(direction)), histogram: histogramOf(values) }));

  const raterIds = [...byRater.keys()].sort((a, b) => a - b);
  const units = [...byQuery.values()]
    .filter((answers) => answers.length >= 2)
    .map((answers) => raterIds.map((raterId) => answers.find((answer) => answer.raterId === raterId)?.preference ?? null));
  let alpha: number | null = null;
  if (units.length > 0) {
    const value = krippendorffAlpha(units, 'ordinal');
    alpha = Number.isFinite(value) ? value : null;
  }
  const directions = units.map((unit) => unit.map((value) => (value === null ? null : direction(value))));
  return {
    perQuery,
    overall: summarizePreferences(perQuery.map((query) => query.outcome)),
    histogram: histogramOf(rows.map((row) => row.preference)),
    perRater,
    agreement: { units: units.length, alpha, directionAgreement: units.length > 0 ? percentAgreement(directions) : null },
  };
}

export interface RaterInterleavingCredit {
  queryId: string;
  raterId: number;
  clicksA: number;
  clicksB: number;
}

export interface InterleavingAggregates {
  /** Per query: the credits of every rater's impression added up, and the side with more. */
  perQuery: { queryId: string; impressions: number; clicksA: number; clicksB: number; outcome: InterleavingOutcome }[];
  overall: PreferenceSummary;
}

/** Aggregates interleaving credits: a query's outcome is the team with more credited clicks over its impressions. */
export function aggregateInterleaving(rows: readonly RaterInterleavingCredit[]): InterleavingAggregates {
  const byQuery = new Map<string, { queryId: string; impressions: number; clicksA: number; clicksB: number }>();
  for (const row of rows) {
    const query = byQuery.get(row.queryId) ?? { queryId: row.queryId, impressions: 0, clicksA: 0, clicksB: 0 };
    query.impressions++;
    query.clicksA += row.clicksA;
    query.clicksB += row.clicksB;
    byQuery.set(row.queryId, query);
  }
  const perQuery = [...byQuery.values()].map((query) => ({ ...query, outcome: direction(query.clicksA - query.clicksB) }));
  return { perQuery, overall: summarizePreferences(perQuery.map((query) => query.outcome)) };
}
