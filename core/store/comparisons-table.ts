import type { Db } from './database';

export type Side = 'A' | 'B';

export interface ComparisonRow {
  id: number;
  name: string;
  datasetId: number;
  querySetId: number;
  /** The rating task whose pairs are the union of both sides' top k; null if that task was deleted. */
  taskId: number | null;
  /** Sides, depth, mode, blind, raters: fixed when the comparison is made. */
  spec: unknown;
  seed: number;
  createdAt: string;
  createdBy: string;
}

export interface InterleavedRow {
  docId: string;
  team: Side;
}

export interface ComparisonQueryRow {
  position: number;
  queryId: string;
  text: string;
  /** Side A's and side B's ranked document ids, frozen at creation. */
  listA: string[];
  listB: string[];
  /** Which side is shown on the left (always A when the comparison is not blind). */
  leftSide: Side;
  /** The seed the side mapping and the interleaving of this query were drawn from. */
  sideSeed: number;
  /** The team-draft merged list (interleaving mode only). */
  interleaved: InterleavedRow[] | null;
}

type RawComparison = Omit<ComparisonRow, 'spec'> & { spec: string };
type RawQuery = Omit<ComparisonQueryRow, 'listA' | 'listB' | 'interleaved'> & { listA: string; listB: string; interleaved: string | null };
const columns = 'id, name, dataset_id AS datasetId, query_set_id AS querySetId, task_id AS taskId, spec, seed, created_at AS createdAt, created_by AS createdBy';
const queryColumns = 'position, query_id AS queryId, text, list_a AS listA, list_b AS listB, left_side AS leftSide, side_seed AS sideSeed, interleaved';
const fromRaw = (raw: RawComparison): ComparisonRow => ({ ...raw, spec: JSON.parse(raw.spec) });
const queryFromRaw = (raw: RawQuery): ComparisonQueryRow => ({
  ...raw,
  listA: JSON.parse(raw.listA),
  listB: JSON.parse(raw.listB),
  interleaved: raw.interleaved === null ? null : JSON.parse(raw.interleaved),
});

/** Side-by-side and interleaving comparisons, and each query's frozen lists. */
export function comparisonsTable(db: Db) {
  const insert = db.prepare(
    'INSERT INTO comparisons (name, dataset_id, query_set_id, task_id, spec, seed, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const insertQuery = db.prepare(
    'INSERT INTO comparison_queries (comparison_id, position, query_id, text, list_a, list_b, left_side, side_seed, interleaved) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const all = db.prepare(`SELECT ${columns} FROM comparisons ORDER BY id`);
  const byId = db.prepare(`SELECT ${columns} FROM comparisons WHERE id = ?`);
  const byName = db.prepare(`SELECT ${columns} FROM comparisons WHERE name = ?`);
  const queries = db.prepare(`SELECT ${queryColumns} FROM comparison_queries WHERE comparison_id = ? ORDER BY position`);
  const oneQuery = db.prepare(`SELECT ${queryColumns} FROM comparison_queries WHERE comparison_id = ? AND query_id = ?`);
  return {
    /** Inserts the comparison and its queries; call inside a transaction. */
    insert: (row: Omit<ComparisonRow, 'id' | 'createdAt'>, rows: readonly Omit<ComparisonQueryRow, 'position'>[], at: string): number => {
      const id = Number(insert.run(row.name, row.datasetId, row.querySetId, row.taskId, JSON.stringify(row.spec), row.seed, at, row.createdBy).lastInsertRowid);
      rows.forEach((query, position) =>
        insertQuery.run(
          id,
          position,
          query.queryId,
          query.text,
          JSON.stringify(query.listA),
          JSON.stringify(query.listB),
          query.leftSide,
          query.sideSeed,
          query.interleaved && JSON.stringify(query.interleaved),
        ),
      );
      return id;
    },
    list: (): ComparisonRow[] => (all.all() as RawComparison[]).map(fromRaw),
    find: (id: number): ComparisonRow | undefined => {
      const raw = byId.get(id) as RawComparison | undefined;
      return raw && fromRaw(raw);
    },
    findByName: (name: string): ComparisonRow | undefined => {
      const raw = byName.get(name) as RawComparison | undefined;
      return raw && fromRaw(raw);
    },
    queries: (id: number): ComparisonQueryRow[] => (queries.all(id) as RawQuery[]).map(queryFromRaw),
    query: (id: number, queryId: string): ComparisonQueryRow | undefined => {
      const raw = oneQuery.get(id, queryId) as RawQuery | undefined;
      return raw && queryFromRaw(raw);
    },
  };
}
