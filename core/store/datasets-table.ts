import type { TextAnalyzer, VectorColumn } from '../index/document-table';
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
  analyzer: TextAnalyzer;
  vectorColumns: VectorColumn[];
  /** Whether the vector columns have an ANN index (large tables) or are scanned exactly. */
  annIndex: boolean;
}

export type NewDataset = Omit<DatasetRow, 'id' | 'createdAt' | 'indexedAt'>;

interface RawDatasetRow extends Omit<DatasetRow, 'analyzer' | 'vectorColumns' | 'annIndex'> {
  analyzer: string;
  vectorColumns: string;
  annIndex: number;
}

const columns = `id, name, layout, source, format, lance_table AS lanceTable, doc_count AS docCount,
  created_at AS createdAt, indexed_at AS indexedAt, analyzer, vector_columns AS vectorColumns, ann_index AS annIndex`;

const fromRaw = (raw: RawDatasetRow | undefined): DatasetRow | undefined =>
  raw && { ...raw, analyzer: JSON.parse(raw.analyzer), vectorColumns: JSON.parse(raw.vectorColumns), annIndex: raw.annIndex === 1 };

export function datasetsTable(db: Db) {
  const all = db.prepare(`SELECT ${columns} FROM datasets ORDER BY name`);
  const byName = db.prepare(`SELECT ${columns} FROM datasets WHERE name = ?`);
  const insert = db.prepare(
    `INSERT INTO datasets (name, layout, source, format, lance_table, doc_count, created_at, analyzer, vector_columns, ann_index)
     VALUES (@name, @layout, @source, @format, @lanceTable, @docCount, @createdAt, @analyzer, @vectorColumns, @annIndex)`,
  );
  const markIndexed = db.prepare('UPDATE datasets SET indexed_at = ?, ann_index = ? WHERE id = ?');
  const setDocCount = db.prepare('UPDATE datasets SET doc_count = ? WHERE id = ?');
  const remove = db.prepare('DELETE FROM datasets WHERE id = ?');
  return {
    list: (): DatasetRow[] => (all.all() as RawDatasetRow[]).map((raw) => fromRaw(raw)!),
    findByName: (name: string): DatasetRow | undefined => fromRaw(byName.get(name) as RawDatasetRow | undefined),
    insert: (row: NewDataset): number =>
      Number(
        insert.run({
          ...row,
          createdAt: new Date().toISOString(),
          analyzer: JSON.stringify(row.analyzer),
          vectorColumns: JSON.stringify(row.vectorColumns),
          annIndex: row.annIndex ? 1 : 0,
        }).lastInsertRowid,
      ),
    markIndexed: (id: number, annIndex: boolean, at = new Date().toISOString()): void => {
      markIndexed.run(at, annIndex ? 1 : 0, id);
    },
    setDocCount: (id: number, docCount: number): void => {
      setDocCount.run(docCount, id);
    },
    remove: (id: number): void => {
      remove.run(id);
    },
  };
}
