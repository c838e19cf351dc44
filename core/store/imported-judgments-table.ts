import type { Db } from './database';

export interface ImportedJudgmentRow {
  importId: number;
  queryId: string;
  docId: string;
  /** The rater the file's row names ('' for formats without raters): stored data, never the importing caller. */
  fileRater: string;
  grade: number;
  /** The line of the file the judgment was read from. */
  line: number;
}

/** The judgments of imported files, one per (import, query, document, rater named in the file). */
export function importedJudgmentsTable(db: Db) {
  const insert = db.prepare(
    'INSERT INTO imported_judgments (import_id, query_id, doc_id, file_rater, grade, line) VALUES (@importId, @queryId, @docId, @fileRater, @grade, @line)',
  );
  const forImport = db.prepare(
    `SELECT import_id AS importId, query_id AS queryId, doc_id AS docId, file_rater AS fileRater, grade, line
     FROM imported_judgments WHERE import_id = ? ORDER BY line, file_rater`,
  );
  return {
    insert: (row: ImportedJudgmentRow): void => {
      insert.run(row);
    },
    /** In file order. */
    forImport: (importId: number): ImportedJudgmentRow[] => forImport.all(importId) as ImportedJudgmentRow[],
  };
}
