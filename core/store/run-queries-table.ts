import type { Db } from './database';

export interface RunQueryRow {
  queryId: string;
  text: string;
}

/** The text of every query a run ran, so the run can be shown and re-read without its source file. */
export function runQueriesTable(db: Db) {
  const insert = db.prepare('INSERT INTO run_queries (run_id, query_id, text) VALUES (?, ?, ?)');
  const list = db.prepare('SELECT query_id AS queryId, text FROM run_queries WHERE run_id = ? ORDER BY rowid');
  return {
    insert: (runId: number, row: RunQueryRow): void => void insert.run(runId, row.queryId, row.text),
    list: (runId: number): RunQueryRow[] => list.all(runId) as RunQueryRow[],
  };
}
