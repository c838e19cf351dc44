import type { Db } from './database';

export interface QuerySetRow {
  id: number;
  datasetId: number;
  name: string;
  /** How the set was made (source, sampling method, seed, strata), as recorded at creation. */
  origin: unknown;
  /** SHA-256 of the set's queries in order: a copy with the same queries has the same hash. */
  contentHash: string;
  createdAt: string;
  createdBy: string;
}

export interface QuerySetQueryRow {
  position: number;
  queryId: string;
  text: string;
  stratum: string | null;
}

type RawQuerySet = Omit<QuerySetRow, 'origin'> & { origin: string };
const columns = `id, dataset_id AS datasetId, name, origin, content_hash AS contentHash, created_at AS createdAt, created_by AS createdBy`;
const fromRaw = (raw: RawQuerySet): QuerySetRow => ({ ...raw, origin: JSON.parse(raw.origin) });

/** Query sets and their queries; a set is never edited in place (copy to change), so there is no update. */
export function querySetsTable(db: Db) {
  const insert = db.prepare(
    'INSERT INTO query_sets (dataset_id, name, origin, content_hash, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const insertQuery = db.prepare('INSERT INTO query_set_queries (query_set_id, position, query_id, text, stratum) VALUES (?, ?, ?, ?, ?)');
  const byDataset = db.prepare(`SELECT ${columns} FROM query_sets WHERE dataset_id = ? ORDER BY id`);
  const byId = db.prepare(`SELECT ${columns} FROM query_sets WHERE id = ?`);
  const byName = db.prepare(`SELECT ${columns} FROM query_sets WHERE dataset_id = ? AND name = ?`);
  const queries = db.prepare(
    'SELECT position, query_id AS queryId, text, stratum FROM query_set_queries WHERE query_set_id = ? ORDER BY position',
  );
  const remove = db.prepare('DELETE FROM query_sets WHERE id = ?');
  return {
    /** Inserts the set and its queries; call inside a transaction. */
    insert: (
      row: { datasetId: number; name: string; origin: unknown; contentHash: string; createdBy: string },
      rows: readonly Omit<QuerySetQueryRow, 'position'>[],
      at: string,
    ): number => {
      const id = Number(insert.run(row.datasetId, row.name, JSON.stringify(row.origin), row.contentHash, at, row.createdBy).lastInsertRowid);
      rows.forEach((query, position) => insertQuery.run(id, position, query.queryId, query.text, query.stratum));
      return id;
    },
    list: (datasetId: number): QuerySetRow[] => (byDataset.all(datasetId) as RawQuerySet[]).map(fromRaw),
    find: (id: number): QuerySetRow | undefined => {
      const raw = byId.get(id) as RawQuerySet | undefined;
      return raw && fromRaw(raw);
    },
    findByName: (datasetId: number, name: string): QuerySetRow | undefined => {
      const raw = byName.get(datasetId, name) as RawQuerySet | undefined;
      return raw && fromRaw(raw);
    },
    queries: (id: number): QuerySetQueryRow[] => queries.all(id) as QuerySetQueryRow[],
    remove: (id: number): boolean => remove.run(id).changes > 0,
  };
}
