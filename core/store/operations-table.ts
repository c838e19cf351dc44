import type { Db } from './database';

export type OperationKind = 'import' | 'append' | 'reindex' | 'remove';

/**
 * A write that spans SQLite and a LanceDB table, recorded before it touches either, and deleted in the
 * transaction that commits it. A row still here at start means the process died mid-way: the table is
 * brought back to `versionBefore` (or dropped: a fresh import has none), or a removal is finished.
 */
export interface OperationRow {
  id: number;
  dataset: string;
  kind: OperationKind;
  lanceTable: string;
  /** The table's LanceDB version before the write; null when the write creates the table. */
  versionBefore: number | null;
  startedAt: string;
}

export type NewOperation = Omit<OperationRow, 'id'>;

export function operationsTable(db: Db) {
  const insert = db.prepare(
    'INSERT INTO operations (dataset, kind, lance_table, version_before, started_at) VALUES (@dataset, @kind, @lanceTable, @versionBefore, @startedAt)',
  );
  const all = db.prepare(
    'SELECT id, dataset, kind, lance_table AS lanceTable, version_before AS versionBefore, started_at AS startedAt FROM operations ORDER BY id',
  );
  const remove = db.prepare('DELETE FROM operations WHERE id = ?');
  return {
    begin: (operation: NewOperation): number => Number(insert.run(operation).lastInsertRowid),
    list: (): OperationRow[] => all.all() as OperationRow[],
    finish: (id: number): void => void remove.run(id),
  };
}
