import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { AppError } from '../runtime/errors';
import { migrations } from './migrations';

export type Db = Database.Database;

export const SCHEMA_VERSION = migrations.length;

/**
 * Opens (creating if needed) the workbench database: WAL for concurrent readers, synchronous=FULL so a
 * write the UI acknowledged survives a power cut, foreign keys on, migrations applied in one transaction each.
 */
export function openDatabase(file: string, options: { migrations?: readonly string[] } = {}): Db {
  const steps = options.migrations ?? migrations;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    migrate(db, file, steps);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

function migrate(db: Db, file: string, steps: readonly string[]): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > steps.length) {
    throw new AppError(
      'DATABASE_TOO_NEW',
      `database schema version ${current} is newer than this app understands (${steps.length}); ` +
        'update Relevance Workbench, or point --data-dir at another folder. Nothing was changed.',
      { file },
    );
  }
  for (let version = current + 1; version <= steps.length; version++) {
    db.transaction(() => {
      db.exec(steps[version - 1]);
      db.pragma(`user_version = ${version}`);
    })();
  }
}
