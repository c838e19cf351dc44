import type { Db } from './database';

export interface InterleavingClickRow {
  comparisonId: number;
  queryId: string;
  raterId: number;
  /** The documents of the merged list the rater would engage with, in the order they marked them. */
  clicked: string[];
  /** Clicks credited to the team that placed each clicked document, and who won the query. */
  clicksA: number;
  clicksB: number;
  outcome: 'A' | 'B' | 'tie';
  createdAt: string;
  updatedAt: string;
}

type RawClicks = Omit<InterleavingClickRow, 'clicked'> & { clicked: string };
const columns = `comparison_id AS comparisonId, query_id AS queryId, rater_id AS raterId, clicked, clicks_a AS clicksA, clicks_b AS clicksB, outcome,
  created_at AS createdAt, updated_at AS updatedAt`;
const fromRaw = (raw: RawClicks): InterleavingClickRow => ({ ...raw, clicked: JSON.parse(raw.clicked) });

/** One interleaving outcome per (comparison, query, rater); marking again replaces it. */
export function interleavingClicksTable(db: Db) {
  const upsert = db.prepare(
    `INSERT INTO interleaving_clicks (comparison_id, query_id, rater_id, clicked, clicks_a, clicks_b, outcome, created_at, updated_at)
     VALUES (@comparisonId, @queryId, @raterId, @clicked, @clicksA, @clicksB, @outcome, @at, @at)
     ON CONFLICT (comparison_id, query_id, rater_id) DO UPDATE SET clicked = excluded.clicked, clicks_a = excluded.clicks_a,
       clicks_b = excluded.clicks_b, outcome = excluded.outcome, updated_at = excluded.updated_at`,
  );
  const one = db.prepare(`SELECT ${columns} FROM interleaving_clicks WHERE comparison_id = ? AND query_id = ? AND rater_id = ?`);
  const byComparison = db.prepare(`SELECT ${columns} FROM interleaving_clicks WHERE comparison_id = ? ORDER BY query_id, rater_id`);
  return {
    upsert: (row: Omit<InterleavingClickRow, 'createdAt' | 'updatedAt'>, at: string): InterleavingClickRow => {
      upsert.run({ ...row, clicked: JSON.stringify(row.clicked), at });
      return fromRaw(one.get(row.comparisonId, row.queryId, row.raterId) as RawClicks);
    },
    find: (comparisonId: number, queryId: string, raterId: number): InterleavingClickRow | undefined => {
      const raw = one.get(comparisonId, queryId, raterId) as RawClicks | undefined;
      return raw && fromRaw(raw);
    },
    forComparison: (comparisonId: number): InterleavingClickRow[] => (byComparison.all(comparisonId) as RawClicks[]).map(fromRaw),
  };
}
