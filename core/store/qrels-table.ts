import type { Db } from './database';

export interface QrelRow {
  queryId: string;
  docId: string;
  relevance: number;
}

export function qrelsTable(db: Db) {
  const insert = db.prepare('INSERT INTO qrels (dataset_id, query_id, doc_id, relevance) VALUES (?, ?, ?, ?)');
  const list = db.prepare(
    'SELECT query_id AS queryId, doc_id AS docId, relevance FROM qrels WHERE dataset_id = ? ORDER BY rowid',
  );
  const count = db.prepare('SELECT COUNT(*) AS n FROM qrels WHERE dataset_id = ?');
  return {
    insert: (datasetId: number, row: QrelRow): void => {
      insert.run(datasetId, row.queryId, row.docId, row.relevance);
    },
    list: (datasetId: number): QrelRow[] => list.all(datasetId) as QrelRow[],
    count: (datasetId: number): number => (count.get(datasetId) as { n: number }).n,
  };
}
