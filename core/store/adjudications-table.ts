import type { Db } from './database';

export interface AdjudicationRow {
  taskId: number;
  pairIndex: number;
  /** The final label a lead set for the pair; raters' raw labels stay as they were. */
  grade: number;
  note: string | null;
  decidedBy: string;
  decidedAt: string;
}

const columns = 'task_id AS taskId, pair_index AS pairIndex, grade, note, decided_by AS decidedBy, decided_at AS decidedAt';

/** A lead's final label per task pair; deciding again replaces the earlier decision. */
export function adjudicationsTable(db: Db) {
  const upsert = db.prepare(
    `INSERT INTO adjudications (task_id, pair_index, grade, note, decided_by, decided_at) VALUES (@taskId, @pairIndex, @grade, @note, @decidedBy, @decidedAt)
     ON CONFLICT (task_id, pair_index) DO UPDATE SET grade = excluded.grade, note = excluded.note, decided_by = excluded.decided_by, decided_at = excluded.decided_at`,
  );
  const one = db.prepare(`SELECT ${columns} FROM adjudications WHERE task_id = ? AND pair_index = ?`);
  const byTask = db.prepare(`SELECT ${columns} FROM adjudications WHERE task_id = ? ORDER BY pair_index`);
  return {
    set: (row: AdjudicationRow): AdjudicationRow => {
      upsert.run(row);
      return one.get(row.taskId, row.pairIndex) as AdjudicationRow;
    },
    forTask: (taskId: number): AdjudicationRow[] => byTask.all(taskId) as AdjudicationRow[],
  };
}
