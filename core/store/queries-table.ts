import type { Db } from './database';

export interface QueryRow {
  queryId: string;
  text: string;
  /** How often the query was seen, when its source said. */
  frequency?: number | null;
  segment?: string | null;
}

export function queriesTable(db: Db) {
  const insert = db.prepare('INSERT INTO queries (dataset_id, query_id, text, frequency, segment) VALUES (?, ?, ?, ?, ?)');
  const list = db.prepare('SELECT query_id AS queryId, text, frequency, segment FROM queries WHERE dataset_id = ? ORDER BY rowid');
  const count = db.prepare('SELECT COUNT(*) AS n FROM queries WHERE dataset_id = ?');
  return {
    insert: (datasetId: number, row: QueryRow): void => {
      insert.run(datasetId, row.queryId, row.text, row.frequency ?? null, row.segment ?? null);
    },
    list: (datasetId: number): QueryRow[] => list.all(datasetId) as QueryRow[],
    count: (datasetId: number): number => (count.get(datasetId) as { n: number }).n,
  };
}
