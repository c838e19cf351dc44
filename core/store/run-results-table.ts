import type { Db } from './database';

export interface RunResultRow {
  queryId: string;
  rank: number;
  docId: string;
  score: number;
}

export function runResultsTable(db: Db) {
  const insert = db.prepare('INSERT INTO run_results (run_id, query_id, rank, doc_id, score) VALUES (?, ?, ?, ?, ?)');
  const list = db.prepare('SELECT query_id AS queryId, rank, doc_id AS docId, score FROM run_results WHERE run_id = ? ORDER BY query_id, rank');
  const forQuery = db.prepare('SELECT query_id AS queryId, rank, doc_id AS docId, score FROM run_results WHERE run_id = ? AND query_id = ? ORDER BY rank');
  return {
    insert: (runId: number, row: RunResultRow): void => void insert.run(runId, row.queryId, row.rank, row.docId, row.score),
    list: (runId: number): RunResultRow[] => list.all(runId) as RunResultRow[],
    forQuery: (runId: number, queryId: string): RunResultRow[] => forQuery.all(runId, queryId) as RunResultRow[],
  };
}
