/**
 * Judgments of an imported source, read from the store: a source may have several imports (a later file
 * overrides an earlier one pair by pair) and a file may name several raters of a pair.
 */
import type { ImportedJudgmentRow } from '../store/imported-judgments-table';
import type { JudgmentImportRow } from '../store/judgment-imports-table';
import type { Store } from '../store/store';
import { AppError } from '../runtime/errors';

export interface SourceJudgments {
  imports: JudgmentImportRow[];
  /** The judgments that stand: per (query, document, file rater), the one from the latest import. */
  judgments: ImportedJudgmentRow[];
  scaleId: string;
  scaleValues: number[];
}

export interface SourceLabel {
  queryId: string;
  docId: string;
  /** A value of the source's scale. */
  grade: number;
}

export function sourceJudgments(store: Pick<Store, 'judgmentImports' | 'importedJudgments'>, datasetId: number, source: string): SourceJudgments {
  const imports = store.judgmentImports.forSource(datasetId, source);
  if (imports.length === 0) throw new AppError('NOT_FOUND', `no imported judgments from source "${source}"`, { field: 'source' });
  const standing = new Map<string, ImportedJudgmentRow>();
  for (const entry of imports) {
    const rows = store.importedJudgments.forImport(entry.id);
    const pairsOfFile = new Set(rows.map((row) => `${row.queryId}\t${row.docId}`));
    // A later file replaces every rater's judgment of the pairs it holds.
    for (const key of [...standing.keys()]) if (pairsOfFile.has(key.slice(0, key.lastIndexOf('\t')))) standing.delete(key);
    for (const row of rows) standing.set(`${row.queryId}\t${row.docId}\t${row.fileRater}`, row);
  }
  const latest = imports.at(-1)!;
  return { imports, judgments: [...standing.values()], scaleId: latest.scaleId, scaleValues: latest.scaleValues };
}

/** One label per pair, in first-seen order: the lower median of the file raters' grades (a grade someone gave, the cautious one on ties). */
export function labelsOfJudgments(judgments: readonly Pick<ImportedJudgmentRow, 'queryId' | 'docId' | 'grade'>[]): SourceLabel[] {
  const grades = new Map<string, { queryId: string; docId: string; grades: number[] }>();
  for (const row of judgments) {
    const key = `${row.queryId}\t${row.docId}`;
    const entry = grades.get(key) ?? { queryId: row.queryId, docId: row.docId, grades: [] };
    entry.grades.push(row.grade);
    grades.set(key, entry);
  }
  return [...grades.values()].map(({ queryId, docId, grades: pairGrades }) => {
    const sorted = [...pairGrades].sort((a, b) => a - b);
    return { queryId, docId, grade: sorted[Math.floor((sorted.length - 1) / 2)]! };
  });
}
