import type { Db } from './database';

export interface AdjudicationRow {
  pairIndex: number;
  grade: number;
  note: string | null;
  decidedBy: string;
  decidedAt: string;
}

/** A lead's final label for a disagreed pair; the raw labels stay. */
export function adjudicationsTable(db: Db) {
  const upsert = db.prepare(
    `INSERT INTO adjudications (task_id, pair_index, grade, note, decided_by, decided_at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (task_id, pair_index) DO UPDATE SET grade = excluded.grade, note = excluded.note, decided_by = excluded.decided_by, decided_at = excluded.decided_at`,
  );
  const byTask = db.prepare(
    'SELECT pair_index AS pairIndex, grade, note, decided_by AS decidedBy, decided_at AS decidedAt FROM adjudications WHERE task_id = ? ORDER BY pair_index',
  );
  return {
    set: (taskId: number, row: AdjudicationRow): void => void upsert.run(taskId, row.pairIndex, row.grade, row.note, row.decidedBy, row.decidedAt),
    forTask: (taskId: number): AdjudicationRow[] => byTask.all(taskId) as AdjudicationRow[],
  };
}
