import * as lancedb from '@lancedb/lancedb';
import { Field, List, Schema, Utf8 } from 'apache-arrow';
import path from 'node:path';
import type { DocumentRecord } from '../datasets/document';

/** Analyzer for the BM25 index: English stemming and stop words, as peer BM25 baselines use. */
export const TEXT_ANALYZER = {
  baseTokenizer: 'simple',
  language: 'English',
  lowercase: true,
  stem: true,
  removeStopWords: true,
  asciiFolding: true,
  withPosition: false,
} as const;

const SEARCH_COLUMN = 'search_text';

const documentSchema = new Schema([
  new Field('id', new Utf8(), false),
  new Field('title', new Utf8(), false),
  new Field('text', new Utf8(), false),
  new Field('tags', new List(new Field('item', new Utf8(), true)), false),
  new Field('board', new Utf8(), false),
  new Field('image', new Utf8(), true),
  new Field(SEARCH_COLUMN, new Utf8(), false),
]);

export type DocumentTable = lancedb.Table;

export interface ScoredDocument extends DocumentRecord {
  score: number;
}

export async function openLance(dataDir: string): Promise<lancedb.Connection> {
  // LanceDB logs deprecation chatter at WARN to stderr; users only need errors.
  process.env.LANCEDB_LOG ??= 'error';
  return lancedb.connect(path.join(dataDir, 'lance'));
}

export async function createDocumentTable(db: lancedb.Connection, name: string): Promise<DocumentTable> {
  return db.createEmptyTable(name, documentSchema, { mode: 'create' });
}

export async function appendDocuments(table: DocumentTable, docs: readonly DocumentRecord[]): Promise<void> {
  if (docs.length === 0) return;
  await table.add(
    docs.map((doc) => ({
      ...doc,
      [SEARCH_COLUMN]: [doc.title, doc.text, doc.tags.join(' '), doc.board].filter(Boolean).join('\n'),
    })),
  );
}

export async function buildTextIndex(table: DocumentTable): Promise<void> {
  await table.createIndex(SEARCH_COLUMN, { config: lancedb.Index.fts(TEXT_ANALYZER), replace: true });
}

const documentColumns = ['id', 'title', 'text', 'tags', 'board', 'image'];

export async function searchText(table: DocumentTable, text: string, limit: number): Promise<ScoredDocument[]> {
  const rows = await table
    .search(text, 'fts', SEARCH_COLUMN)
    .select([...documentColumns, '_score'])
    .limit(limit)
    .toArray();
  return rows.map((row) => ({ ...toDocument(row), score: row._score as number }));
}

export async function browseDocuments(table: DocumentTable, limit: number, offset: number): Promise<DocumentRecord[]> {
  const rows = await table.query().select(documentColumns).offset(offset).limit(limit).toArray();
  return rows.map(toDocument);
}

function toDocument(row: Record<string, unknown>): DocumentRecord {
  const tags = row.tags as { toArray(): string[] } | string[] | null;
  return {
    id: row.id as string,
    title: row.title as string,
    text: row.text as string,
    tags: tags ? Array.from(Array.isArray(tags) ? tags : tags.toArray()) : [],
    board: row.board as string,
    image: (row.image as string | null) ?? null,
  };
}
