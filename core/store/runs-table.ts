import type { Db } from './database';

export interface RunRow {
  id: number;
  datasetId: number;
  name: string;
  /** A variant run by the app, or a TREC run file imported from elsewhere. */
  source: 'variant' | 'import';
  variant: string | null;
  /** The variant's spec when it ran, so a later edit of the variant cannot change what the run means. */
  variantSpec: unknown;
  depth: number;
  queryCount: number;
  /** Where the queries came from (judged queries, a query set, a file path). */
  origin: string;
  createdAt: string;
  createdBy: string;
}

export type NewRun = Omit<RunRow, 'id' | 'createdAt'>;

interface RawRunRow extends Omit<RunRow, 'variantSpec'> {
  variantSpec: string | null;
}

const columns = `id, dataset_id AS datasetId, name, source, variant, variant_spec AS variantSpec, depth, query_count AS queryCount,
  origin, created_at AS createdAt, created_by AS createdBy`;
const fromRaw = (raw: RawRunRow): RunRow => ({ ...raw, variantSpec: raw.variantSpec === null ? null : JSON.parse(raw.variantSpec) });

export function runsTable(db: Db) {
  const insert = db.prepare(
    `INSERT INTO runs (dataset_id, name, source, variant, variant_spec, depth, query_count, origin, created_at, created_by)
     VALUES (@datasetId, @name, @source, @variant, @variantSpec, @depth, @queryCount, @origin, @createdAt, @createdBy)`,
  );
  const byDataset = db.prepare(`SELECT ${columns} FROM runs WHERE dataset_id = ? ORDER BY id`);
  const byId = db.prepare(`SELECT ${columns} FROM runs WHERE id = ?`);
  const byName = db.prepare(`SELECT ${columns} FROM runs WHERE dataset_id = ? AND name = ?`);
  const remove = db.prepare('DELETE FROM runs WHERE id = ?');
  return {
    insert: (row: NewRun, createdAt: string): number =>
      Number(insert.run({ ...row, variantSpec: row.variantSpec === null ? null : JSON.stringify(row.variantSpec), createdAt }).lastInsertRowid),
    list: (datasetId: number): RunRow[] => (byDataset.all(datasetId) as RawRunRow[]).map(fromRaw),
    find: (id: number): RunRow | undefined => {
      const raw = byId.get(id) as RawRunRow | undefined;
      return raw && fromRaw(raw);
    },
    findByName: (datasetId: number, name: string): RunRow | undefined => {
      const raw = byName.get(datasetId, name) as RawRunRow | undefined;
      return raw && fromRaw(raw);
    },
    remove: (id: number): boolean => remove.run(id).changes > 0,
  };
}
