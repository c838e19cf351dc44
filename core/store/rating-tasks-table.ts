import type { Db } from './database';

export interface RatingTaskRow {
  id: number;
  name: string;
  datasetId: number;
  querySetId: number;
  /** Variants pooled, depth, scale, overlap, blind, reuse, consensus rule: fixed when the task is made. */
  spec: unknown;
  guidelines: string;
  seed: number;
  createdAt: string;
  createdBy: string;
}

export interface TaskPairRow {
  pairIndex: number;
  queryId: string;
  docId: string;
  /** The known label of a gold pair, hidden from raters; null for ordinary pairs. */
  goldGrade: number | null;
  /** The rank each pooled variant gave the document. */
  sources: Record<string, number>;
  /** The pair's ranking features when it was pooled (what a judgment logs), and their feature-set version. */
  features: number[] | null;
  featureVersion: string | null;
}

type RawTask = Omit<RatingTaskRow, 'spec'> & { spec: string };
type RawPair = Omit<TaskPairRow, 'sources' | 'features'> & { sources: string; features: string | null };
const columns = `id, name, dataset_id AS datasetId, query_set_id AS querySetId, spec, guidelines, seed, created_at AS createdAt, created_by AS createdBy`;
const fromRaw = (raw: RawTask): RatingTaskRow => ({ ...raw, spec: JSON.parse(raw.spec) });
const pairFromRaw = (raw: RawPair): TaskPairRow => ({ ...raw, sources: JSON.parse(raw.sources), features: raw.features === null ? null : JSON.parse(raw.features) });

/** Rating tasks and their pooled (query, document) pairs. */
export function ratingTasksTable(db: Db) {
  const insert = db.prepare(
    'INSERT INTO rating_tasks (name, dataset_id, query_set_id, spec, guidelines, seed, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const insertPair = db.prepare('INSERT INTO task_pairs (task_id, pair_index, query_id, doc_id, gold_grade, sources, features, feature_version) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  const all = db.prepare(`SELECT ${columns} FROM rating_tasks ORDER BY id`);
  const byId = db.prepare(`SELECT ${columns} FROM rating_tasks WHERE id = ?`);
  const byName = db.prepare(`SELECT ${columns} FROM rating_tasks WHERE name = ?`);
  const usingQuerySet = db.prepare('SELECT COUNT(*) AS n FROM rating_tasks WHERE query_set_id = ?');
  const pairColumns = 'pair_index AS pairIndex, query_id AS queryId, doc_id AS docId, gold_grade AS goldGrade, sources, features, feature_version AS featureVersion';
  const pairs = db.prepare(`SELECT ${pairColumns} FROM task_pairs WHERE task_id = ? ORDER BY pair_index`);
  const onePair = db.prepare(`SELECT ${pairColumns} FROM task_pairs WHERE task_id = ? AND pair_index = ?`);
  const remove = db.prepare('DELETE FROM rating_tasks WHERE id = ?');
  return {
    /** Inserts the task and its pairs; call inside a transaction. */
    insert: (row: Omit<RatingTaskRow, 'id' | 'createdAt'>, taskPairs: readonly Omit<TaskPairRow, 'pairIndex'>[], at: string): number => {
      const id = Number(
        insert.run(row.name, row.datasetId, row.querySetId, JSON.stringify(row.spec), row.guidelines, row.seed, at, row.createdBy).lastInsertRowid,
      );
      taskPairs.forEach((pair, index) =>
        insertPair.run(id, index, pair.queryId, pair.docId, pair.goldGrade, JSON.stringify(pair.sources), pair.features && JSON.stringify(pair.features), pair.featureVersion),
      );
      return id;
    },
    list: (): RatingTaskRow[] => (all.all() as RawTask[]).map(fromRaw),
    find: (id: number): RatingTaskRow | undefined => {
      const raw = byId.get(id) as RawTask | undefined;
      return raw && fromRaw(raw);
    },
    findByName: (name: string): RatingTaskRow | undefined => {
      const raw = byName.get(name) as RawTask | undefined;
      return raw && fromRaw(raw);
    },
    querySetInUse: (querySetId: number): boolean => (usingQuerySet.get(querySetId) as { n: number }).n > 0,
    pairs: (id: number): TaskPairRow[] => (pairs.all(id) as RawPair[]).map(pairFromRaw),
    pair: (id: number, pairIndex: number): TaskPairRow | undefined => {
      const raw = onePair.get(id, pairIndex) as RawPair | undefined;
      return raw && pairFromRaw(raw);
    },
    remove: (id: number): boolean => remove.run(id).changes > 0,
  };
}
