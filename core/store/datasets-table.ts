import type { Db } from './database';

export type DatasetLayout = 'grid' | 'list';

export interface DatasetRow {
  id: number;
  name: string;
  layout: DatasetLayout;
  source: string;
  format: string;
  lanceTable: string;
  docCount: number;
  createdAt: string;
  indexedAt: string | null;
}

export type NewDataset = Omit<DatasetRow, 'id' | 'createdAt' | 'indexedAt'>;

const columns = `id, name, layout, source, format, lance_table AS lanceTable, doc_count AS docCount,
  created_at AS createdAt, indexed_at AS indexedAt`;

export function datasetsTable(db: Db) {
  const all = db.prepare(`SELECT ${columns} FROM datasets ORDER BY name`);
  const byName = db.prepare(`SELECT ${columns} FROM datasets WHERE name = ?`);
  const insert = db.prepare(
    `INSERT INTO datasets (name, layout, source, format, lance_table, doc_count, created_at)
     VALUES (@name, @layout, @source, @format, @lanceTable, @docCount, @createdAt)`,
  );
  const markIndexed = db.prepare('UPDATE datasets SET indexed_at = ? WHERE id = ?');
  const remove = db.prepare('DELETE FROM datasets WHERE id = ?');
  return {
    list: (): DatasetRow[] => all.all() as DatasetRow[],
    findByName: (name: string): DatasetRow | undefined => byName.get(name) as DatasetRow | undefined,
    insert: (row: NewDataset): number =>
      Number(insert.run({ ...row, createdAt: new Date().toISOString() }).lastInsertRowid),
    markIndexed: (id: number, at = new Date().toISOString()): void => {
      markIndexed.run(at, id);
    },
    remove: (id: number): void => {
      remove.run(id);
    },
  };
}
