import type { Db } from './database';

export interface JudgmentRow {
  id: number;
  taskId: number;
  pairIndex: number;
  datasetId: number;
  queryId: string;
  docId: string;
  raterId: number;
  scaleId: string;
  /** Null when the rater skipped the item (then `skipReason` says why). */
  grade: number | null;
  skipReason: string | null;
  note: string | null;
  /** The ranking features of the pair when it was first judged, and their feature-set version. */
  features: number[] | null;
  featureVersion: string | null;
  createdAt: string;
  updatedAt: string;
}

export type NewJudgment = Omit<JudgmentRow, 'id' | 'createdAt' | 'updatedAt'>;

type RawJudgment = Omit<JudgmentRow, 'features'> & { features: string | null };
const columns = `id, task_id AS taskId, pair_index AS pairIndex, dataset_id AS datasetId, query_id AS queryId, doc_id AS docId,
  rater_id AS raterId, scale_id AS scaleId, grade, skip_reason AS skipReason, note, features, feature_version AS featureVersion,
  created_at AS createdAt, updated_at AS updatedAt`;
const fromRaw = (raw: RawJudgment): JudgmentRow => ({ ...raw, features: raw.features === null ? null : JSON.parse(raw.features) });

/**
 * Raw labels, one per (task, pair, rater). Relabelling updates the label and note but keeps the features
 * logged at the first judgment: they describe what the rater was shown.
 */
export function judgmentsTable(db: Db) {
  const upsert = db.prepare(
    `INSERT INTO judgments (task_id, pair_index, dataset_id, query_id, doc_id, rater_id, scale_id, grade, skip_reason, note, features, feature_version, created_at, updated_at)
     VALUES (@taskId, @pairIndex, @datasetId, @queryId, @docId, @raterId, @scaleId, @grade, @skipReason, @note, @features, @featureVersion, @at, @at)
     ON CONFLICT (task_id, pair_index, rater_id) DO UPDATE SET grade = excluded.grade, skip_reason = excluded.skip_reason,
       note = excluded.note, updated_at = excluded.updated_at`,
  );
  const one = db.prepare(`SELECT ${columns} FROM judgments WHERE task_id = ? AND pair_index = ? AND rater_id = ?`);
  const remove = db.prepare('DELETE FROM judgments WHERE task_id = ? AND pair_index = ? AND rater_id = ?');
  const byTask = db.prepare(`SELECT ${columns} FROM judgments WHERE task_id = ? ORDER BY id`);
  const byRater = db.prepare(`SELECT ${columns} FROM judgments WHERE task_id = ? AND rater_id = ? ORDER BY updated_at, id`);
  const gradesFromOthers = db.prepare<[number, number, number], { n: number }>(
    'SELECT COUNT(*) AS n FROM judgments WHERE task_id = ? AND pair_index = ? AND rater_id <> ? AND grade IS NOT NULL',
  );
  const judgedOnScale = db.prepare<[number, string], { queryId: string; docId: string }>(
    'SELECT DISTINCT query_id AS queryId, doc_id AS docId FROM judgments WHERE dataset_id = ? AND scale_id = ? AND grade IS NOT NULL',
  );
  const tasksOfDataset = db.prepare<[number], { taskId: number; name: string; judgments: number }>(
    `SELECT t.id AS taskId, t.name AS name, COUNT(*) AS judgments FROM judgments j JOIN rating_tasks t ON t.id = j.task_id
     WHERE j.dataset_id = ? GROUP BY t.id ORDER BY t.id`,
  );
  return {
    upsert: (row: NewJudgment, at: string): JudgmentRow => {
      upsert.run({ ...row, features: row.features === null ? null : JSON.stringify(row.features), at });
      return fromRaw(one.get(row.taskId, row.pairIndex, row.raterId) as RawJudgment);
    },
    find: (taskId: number, pairIndex: number, raterId: number): JudgmentRow | undefined => {
      const raw = one.get(taskId, pairIndex, raterId) as RawJudgment | undefined;
      return raw && fromRaw(raw);
    },
    remove: (taskId: number, pairIndex: number, raterId: number): boolean => remove.run(taskId, pairIndex, raterId).changes > 0,
    forTask: (taskId: number): JudgmentRow[] => (byTask.all(taskId) as RawJudgment[]).map(fromRaw),
    forRater: (taskId: number, raterId: number): JudgmentRow[] => (byRater.all(taskId, raterId) as RawJudgment[]).map(fromRaw),
    /** The rating tasks holding judgments of a dataset's documents, with how many each holds. */
    tasksOfDataset: (datasetId: number): { taskId: number; name: string; judgments: number }[] => tasksOfDataset.all(datasetId),
    /** How many other raters graded the pair (skips are not grades). */
    gradesFromOthers: (taskId: number, pairIndex: number, raterId: number): number => gradesFromOthers.get(taskId, pairIndex, raterId)!.n,
    /** `query\tdoc` of every pair of the dataset with a grade on this scale, from any task. */
    judgedPairs: (datasetId: number, scaleId: string): Set<string> =>
      new Set(judgedOnScale.all(datasetId, scaleId).map((row) => `${row.queryId}\t${row.docId}`)),
  };
}
