import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { AppError } from '../runtime/errors';
import { migrations } from './migrations';

export type Db = Database.Database;

export const SCHEMA_VERSION = migrations.length;

export interface OpenDatabaseOptions {
  migrations?: readonly string[];
  /**
   * Another process writes this database (see writer-lock.ts): read it as it is, change nothing.
   * `refusal` is the error a write, or a schema this process would have to migrate, is refused with.
   */
  readOnly?: { refusal: () => AppError };
}

/**
 * Opens (creating if needed) the workbench database: WAL for concurrent readers, synchronous=FULL so a
 * write the UI acknowledged survives a power cut, foreign keys on, migrations applied in one transaction each.
 */
export function openDatabase(file: string, options: OpenDatabaseOptions = {}): Db {
  const steps = options.migrations ?? migrations;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  // A reader never creates the database: the writer is still starting.
  if (options.readOnly && !fs.existsSync(file)) throw options.readOnly.refusal();
  const db = new Database(file, { readonly: Boolean(options.readOnly) });
  try {
    db.pragma('busy_timeout = 5000');
    // Before any pragma that writes (journal_mode rewrites the header): a database from the future is left as it was.
    const current = db.pragma('user_version', { simple: true }) as number;
    refuseNewerSchema(current, steps.length, file);
    if (options.readOnly) {
      if (current !== steps.length) throw options.readOnly.refusal();
    } else {
      db.pragma('journal_mode = WAL');
    }
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    if (!options.readOnly) migrate(db, current, steps);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

function refuseNewerSchema(current: number, known: number, file: string): void {
  if (current <= known) return;
  throw new AppError(
    'DATABASE_TOO_NEW',
    `database schema version ${current} is newer than this app understands (${known}); ` +
      'update Relevance Workbench, or point --data-dir at another folder. Nothing was changed.',
    { file },
  );
}

function migrate(db: Db, current: number, steps: readonly string[]): void {
  for (let version = current + 1; version <= steps.length; version++) {
    db.transaction(() => {
      db.exec(steps[version - 1]);
      db.pragma(`user_version = ${version}`);
    })();
  }
}

/** Whether SQLite refused a write because the connection is read-only. */
export const isReadOnlyError = (error: unknown): boolean =>
  error instanceof Error && (error as Error & { code?: string }).code === 'SQLITE_READONLY';
