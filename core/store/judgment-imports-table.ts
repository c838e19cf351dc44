import type { Db } from './database';

export interface JudgmentImportRow {
  id: number;
  datasetId: number;
  /** The imported source the judgments are attributed to (e.g. "cranfield-qrels"); not a rater. */
  source: string;
  format: string;
  scaleId: string;
  scaleValues: number[];
  fileName: string;
  sha256: string;
  /** File level → scale value; empty when the file's levels are the scale's own. */
  mapping: Record<string, number>;
  judgments: number;
  importedAt: string;
  importedBy: string;
}

export type NewJudgmentImport = Omit<JudgmentImportRow, 'id'>;

type RawImport = Omit<JudgmentImportRow, 'scaleValues' | 'mapping'> & { scaleValues: string; mapping: string };
const columns = `id, dataset_id AS datasetId, source, format, scale_id AS scaleId, scale_values AS scaleValues, file_name AS fileName,
  sha256, mapping, judgments, imported_at AS importedAt, imported_by AS importedBy`;
const fromRaw = (raw: RawImport): JudgmentImportRow => ({ ...raw, scaleValues: JSON.parse(raw.scaleValues), mapping: JSON.parse(raw.mapping) });

/** One row per imported judgments file: where the judgments came from, on which scale, and how levels were mapped. */
export function judgmentImportsTable(db: Db) {
  const insert = db.prepare(
    `INSERT INTO judgment_imports (dataset_id, source, format, scale_id, scale_values, file_name, sha256, mapping, judgments, imported_at, imported_by)
     VALUES (@datasetId, @source, @format, @scaleId, @scaleValues, @fileName, @sha256, @mapping, @judgments, @importedAt, @importedBy)`,
  );
  const byHash = db.prepare(`SELECT ${columns} FROM judgment_imports WHERE dataset_id = ? AND source = ? AND sha256 = ?`);
  const bySource = db.prepare(`SELECT ${columns} FROM judgment_imports WHERE dataset_id = ? AND source = ? ORDER BY id`);
  const byDataset = db.prepare(`SELECT ${columns} FROM judgment_imports WHERE dataset_id = ? ORDER BY id`);
  return {
    insert: (row: NewJudgmentImport): number =>
      Number(insert.run({ ...row, scaleValues: JSON.stringify(row.scaleValues), mapping: JSON.stringify(row.mapping) }).lastInsertRowid),
    findByHash: (datasetId: number, source: string, sha256: string): JudgmentImportRow | undefined => {
      const raw = byHash.get(datasetId, source, sha256) as RawImport | undefined;
      return raw && fromRaw(raw);
    },
    /** A source's imports, oldest first (a later import of a pair overrides an earlier one). */
    forSource: (datasetId: number, source: string): JudgmentImportRow[] => (bySource.all(datasetId, source) as RawImport[]).map(fromRaw),
    list: (datasetId: number): JudgmentImportRow[] => (byDataset.all(datasetId) as RawImport[]).map(fromRaw),
  };
}
