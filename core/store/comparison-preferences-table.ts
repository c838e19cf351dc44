import type { Side } from './comparisons-table';
import type { Db } from './database';

export interface PreferenceRow {
  comparisonId: number;
  queryId: string;
  raterId: number;
  /** In A/B terms: 2 = A much better, 1 = A better, 0 = about the same, -1 = B better, -2 = B much better. */
  preference: number;
  /** The side the rater saw on the left, and the seed that mapping came from. */
  leftSide: Side;
  sideSeed: number;
  note: string | null;
  createdAt: string;
  updatedAt: string;
}

const columns = `comparison_id AS comparisonId, query_id AS queryId, rater_id AS raterId, preference, left_side AS leftSide, side_seed AS sideSeed,
  note, created_at AS createdAt, updated_at AS updatedAt`;

/** One pairwise preference per (comparison, query, rater); answering again replaces it. */
export function comparisonPreferencesTable(db: Db) {
  const upsert = db.prepare(
    `INSERT INTO comparison_preferences (comparison_id, query_id, rater_id, preference, left_side, side_seed, note, created_at, updated_at)
     VALUES (@comparisonId, @queryId, @raterId, @preference, @leftSide, @sideSeed, @note, @at, @at)
     ON CONFLICT (comparison_id, query_id, rater_id) DO UPDATE SET preference = excluded.preference, note = excluded.note, updated_at = excluded.updated_at`,
  );
  const one = db.prepare(`SELECT ${columns} FROM comparison_preferences WHERE comparison_id = ? AND query_id = ? AND rater_id = ?`);
  const byComparison = db.prepare(`SELECT ${columns} FROM comparison_preferences WHERE comparison_id = ? ORDER BY query_id, rater_id`);
  return {
    upsert: (row: Omit<PreferenceRow, 'createdAt' | 'updatedAt'>, at: string): PreferenceRow => {
      upsert.run({ ...row, at });
      return one.get(row.comparisonId, row.queryId, row.raterId) as PreferenceRow;
    },
    find: (comparisonId: number, queryId: string, raterId: number): PreferenceRow | undefined => one.get(comparisonId, queryId, raterId) as PreferenceRow | undefined,
    forComparison: (comparisonId: number): PreferenceRow[] => byComparison.all(comparisonId) as PreferenceRow[],
  };
}
