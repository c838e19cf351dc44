import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../core/runtime/errors';
import { DEFAULT_ANALYZER } from '../../../core/index/document-table';
import { openDatabase, SCHEMA_VERSION } from '../../../core/store/database';
import { openStore } from '../../../core/store/store';
import { useTempDirs } from '../../helpers/temp-dir';

describe('openDatabase', () => {
  const tempDir = useTempDirs();

  it('creates the schema, records user_version and uses WAL with full sync', () => {
    const db = openDatabase(path.join(tempDir(), 'w.sqlite'));
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all();
    expect(tables).toEqual(expect.arrayContaining(['datasets', 'qrels', 'queries']));
    db.close();
  });

  it('applies only the migrations a database has not seen', () => {
    const file = path.join(tempDir(), 'w.sqlite');
    openDatabase(file, { migrations: ['CREATE TABLE a (x INTEGER)'] }).close();
    const db = openDatabase(file, { migrations: ['CREATE TABLE a (x INTEGER)', 'ALTER TABLE a ADD COLUMN y TEXT'] });
    expect(db.pragma('user_version', { simple: true })).toBe(2);
    expect(db.prepare('SELECT name FROM pragma_table_info(?)').pluck().all('a')).toEqual(['x', 'y']);
    db.close();
  });

  it('rolls back a failing migration and keeps the previous version', () => {
    const file = path.join(tempDir(), 'w.sqlite');
    openDatabase(file, { migrations: ['CREATE TABLE a (x INTEGER)'] }).close();
    expect(() => openDatabase(file, { migrations: ['CREATE TABLE a (x INTEGER)', 'CREATE TABLE b (y); SELECT * FROM missing'] })).toThrow(/missing/);
    const raw = new Database(file);
    expect(raw.pragma('user_version', { simple: true })).toBe(1);
    expect(raw.prepare("SELECT name FROM sqlite_master WHERE name = 'b'").get()).toBeUndefined();
    raw.close();
  });

  it('refuses a database written by a newer version and leaves it untouched', () => {
    const file = path.join(tempDir(), 'w.sqlite');
    const raw = new Database(file);
    raw.exec('CREATE TABLE future (x)');
    raw.pragma(`user_version = ${SCHEMA_VERSION + 5}`);
    raw.close();
    const bytesBefore = fs.readFileSync(file);
    let caught: unknown;
    try {
      openDatabase(file);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(AppError);
    expect((caught as AppError).code).toBe('DATABASE_TOO_NEW');
    expect((caught as AppError).message).toMatch(/newer than this app/);
    // Byte for byte: not even the journal mode in the header may change, and no WAL files appear.
    expect(fs.readFileSync(file).equals(bytesBefore)).toBe(true);
    expect(fs.readdirSync(path.dirname(file))).toEqual(['w.sqlite']);
    const after = new Database(file);
    expect(after.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION + 5);
    expect(after.prepare("SELECT name FROM sqlite_master WHERE name = 'datasets'").get()).toBeUndefined();
    after.close();
  });
});

const indexSettings = { analyzer: DEFAULT_ANALYZER, vectorColumns: [], annIndex: false };

describe('store tables', () => {
  const tempDir = useTempDirs();

  it('round-trips datasets, queries and qrels, and a failed transaction writes nothing', () => {
    const store = openStore(tempDir());
    const id = store.transaction(() => {
      const datasetId = store.datasets.insert({ name: 'a', layout: 'list', source: '/x', format: 'beir', lanceTable: 'ds_a', docCount: 3, ...indexSettings });
      store.queries.insert(datasetId, { queryId: 'q1', text: 'hello' });
      store.qrels.insert(datasetId, { queryId: 'q1', docId: 'd1', relevance: 2 });
      return datasetId;
    });
    expect(store.datasets.findByName('a')).toMatchObject({ id, layout: 'list', docCount: 3, lanceTable: 'ds_a' });
    expect(store.queries.list(id)).toEqual([{ queryId: 'q1', text: 'hello', frequency: null, segment: null }]);
    expect(store.qrels.list(id)).toEqual([{ queryId: 'q1', docId: 'd1', relevance: 2 }]);

    expect(() =>
      store.transaction(() => {
        store.datasets.insert({ name: 'b', layout: 'list', source: '/y', format: 'beir', lanceTable: 'ds_b', docCount: 1, ...indexSettings });
        store.datasets.insert({ name: 'b', layout: 'list', source: '/y', format: 'beir', lanceTable: 'ds_c', docCount: 1, ...indexSettings });
      }),
    ).toThrow(/UNIQUE/);
    expect(store.datasets.findByName('b')).toBeUndefined();
    store.close();
  });
});
