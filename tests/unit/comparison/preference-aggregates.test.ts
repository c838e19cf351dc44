import { describe, expect, it } from 'vitest';
import { aggregateInterleaving, aggregatePreferences } from '../../../core/comparison/preference-aggregates';
import { krippendorffAlpha } from '../../../core/eval/agreement';

describe('aggregatePreferences', () => {
  const rows = [
    { queryId: 'q1', raterId: 1, preference: 2 },
    { queryId: 'q1', raterId: 2, preference: -1 },
    { queryId: 'q2', raterId: 1, preference: -2 },
    { queryId: 'q2', raterId: 2, preference: -2 },
    { queryId: 'q3', raterId: 1, preference: 0 },
    { queryId: 'q4', raterId: 2, preference: 1 },
  ];

  it('gives each query the direction its raters lean to together, so a query counts once', () => {
    const { perQuery, overall } = aggregatePreferences(rows);
    expect(perQuery.map((query) => [query.queryId, query.outcome])).toEqual([
      ['q1', 'A'],
      ['q2', 'B'],
      ['q3', 'tie'],
      ['q4', 'A'],
    ]);
    expect(perQuery[0]!.mean).toBe(0.5);
    expect(overall).toMatchObject({ wins: 2, losses: 1, ties: 1 });
    expect(overall.winRate.estimate).toBeCloseTo(2 / 3, 12);
  });

  it('counts every answer in the strength histogram and breaks it down per rater', () => {
    const { histogram, perRater } = aggregatePreferences(rows);
    expect(histogram).toEqual({ '2': 1, '1': 1, '0': 1, '-1': 1, '-2': 2 });
    expect(perRater.map((rater) => [rater.raterId, rater.answers, rater.summary.wins, rater.summary.losses, rater.summary.ties])).toEqual([
      [1, 3, 1, 1, 1],
      [2, 3, 1, 2, 0],
    ]);
    expect(perRater[1]!.histogram).toEqual({ '2': 0, '1': 1, '0': 0, '-1': 1, '-2': 1 });
  });

  it('measures agreement on the queries two raters answered: ordinal α and agreement on direction', () => {
    const { agreement } = aggregatePreferences(rows);
    expect(agreement.units).toBe(2);
    expect(agreement.alpha).toBeCloseTo(krippendorffAlpha([[2, -1], [-2, -2]], 'ordinal'), 12);
    // q1: A against B (disagree), q2: B and B (agree).
    expect(agreement.directionAgreement).toBe(0.5);
  });

  it('has no agreement figures when no query has two answers', () => {
    expect(aggregatePreferences([{ queryId: 'q1', raterId: 1, preference: 1 }]).agreement).toEqual({ units: 0, alpha: null, directionAgreement: null });
  });
});

describe('aggregateInterleaving', () => {
  it('adds up the credits of every impression of a query and gives the query to the team with more', () => {
    const { perQuery, overall } = aggregateInterleaving([
      { queryId: 'q1', raterId: 1, clicksA: 2, clicksB: 0 },
      { queryId: 'q1', raterId: 2, clicksA: 0, clicksB: 1 },
      { queryId: 'q2', raterId: 1, clicksA: 0, clicksB: 3 },
      { queryId: 'q3', raterId: 1, clicksA: 1, clicksB: 1 },
    ]);
    expect(perQuery).toEqual([
      { queryId: 'q1', impressions: 2, clicksA: 2, clicksB: 1, outcome: 'A' },
      { queryId: 'q2', impressions: 1, clicksA: 0, clicksB: 3, outcome: 'B' },
      { queryId: 'q3', impressions: 1, clicksA: 1, clicksB: 1, outcome: 'tie' },
    ]);
    expect(overall).toMatchObject({ wins: 1, losses: 1, ties: 1, pValue: 1 });
  });
});
