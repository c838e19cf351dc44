import * as lancedb from '@lancedb/lancedb';
import { Field, Float32, Float64, FixedSizeList, List, Schema, Utf8 } from 'apache-arrow';
import os from 'node:os';
import path from 'node:path';
import type { DocumentRecord } from './document-record';

/**
 * The stemmer languages LanceDB's full-text index accepts, spelled as it wants them (case matters). Any
 * other value makes its native code abort the whole process, so nothing else may reach it.
 */
export const ANALYZER_LANGUAGES = [
  'Arabic', 'Danish', 'Dutch', 'English', 'Finnish', 'French', 'German', 'Greek', 'Hungarian',
  'Italian', 'Norwegian', 'Portuguese', 'Romanian', 'Russian', 'Spanish', 'Swedish', 'Tamil', 'Turkish',
] as const;

/** How text is analyzed for BM25; stored per dataset so a re-index reproduces it. */
export interface TextAnalyzer {
  language: (typeof ANALYZER_LANGUAGES)[number];
  stem: boolean;
  removeStopWords: boolean;
  asciiFolding: boolean;
}

/**
 * English stemming and stop-word removal: with these, LanceDB's BM25 beats the plain peer baselines on
 * Cranfield, SciFact and CACM (README, "Retrieval quality"; `npm run bench:bm25`).
 */
export const DEFAULT_ANALYZER: TextAnalyzer = { language: 'English', stem: true, removeStopWords: true, asciiFolding: true };

/** The full-text index of a text column with this analyzer (a fresh one per build: a build consumes it). */
export function ftsIndexConfig(analyzer: TextAnalyzer): lancedb.Index {
  return lancedb.Index.fts({ ...analyzer, baseTokenizer: 'simple', lowercase: true, withPosition: false });
}

/** A dense vector column: one per bi-encoder model a dataset was encoded with. */
export interface VectorColumn {
  model: string;
  column: string;
  dimensions: number;
}

export const vectorColumnName = (model: string): string => `vec_${model.replace(/[^A-Za-z0-9]/g, '_')}`;

/** A document as stored: its fields plus ranking signals and one vector per dense model. */
export interface IndexedDocument extends DocumentRecord {
  popularity: number | null;
  createdAt: string | null;
  vectors: Record<string, Float32Array>;
}

/** The column BM25 retrieval searches: every text field, so one query matches title, body, tags and board. */
export const SEARCH_COLUMN = 'search_text';
/** Per-field columns with their own BM25 index, for ranking features. */
export const FIELD_COLUMNS = { title: 'title', text: 'text', tags: 'tags_text' } as const;
/** Below this many rows an exhaustive (flat) vector scan is both exact and fast enough. */
export const ANN_MIN_ROWS = 20_000;

export function documentSchema(vectorColumns: readonly VectorColumn[]): Schema {
  return new Schema([
    new Field('id', new Utf8(), false),
    new Field('title', new Utf8(), false),
    new Field('text', new Utf8(), false),
    new Field('tags', new List(new Field('item', new Utf8(), true)), false),
    new Field(FIELD_COLUMNS.tags, new Utf8(), false),
    new Field('board', new Utf8(), false),
    new Field('image', new Utf8(), true),
    new Field('popularity', new Float64(), true),
    new Field('created_at', new Utf8(), true),
    new Field(SEARCH_COLUMN, new Utf8(), false),
    ...vectorColumns.map(
      ({ column, dimensions }) => new Field(column, new FixedSizeList(dimensions, new Field('item', new Float32(), true)), true),
    ),
  ]);
}

export type DocumentTable = lancedb.Table;

export async function openLance(dataDir: string): Promise<lancedb.Connection> {
  // LanceDB logs deprecation chatter at WARN to stderr; users only need errors.
  process.env.LANCEDB_LOG ??= 'error';
  // Lance sizes its CPU pool at cores − 2; on small machines its full-text index build then deadlocks
  // (producers hold every pool thread while the writer waits for one). Two spare threads avoid it.
  process.env.LANCE_CPU_THREADS ??= String(os.availableParallelism() + 2);
  return lancedb.connect(path.join(dataDir, 'lance'));
}

export async function createDocumentTable(
  db: lancedb.Connection,
  name: string,
  vectorColumns: readonly VectorColumn[],
): Promise<DocumentTable> {
  return db.createEmptyTable(name, documentSchema(vectorColumns), { mode: 'create' });
}

/** The text a document is searched and embedded by. */
export function searchableText(doc: DocumentRecord): string {
  return [doc.title, doc.text, doc.tags.join(' '), doc.board].filter(Boolean).join('\n');
}

export async function appendDocuments(
  table: DocumentTable,
  docs: readonly IndexedDocument[],
  vectorColumns: readonly VectorColumn[],
): Promise<void> {
  if (docs.length === 0) return;
  await table.add(
    docs.map((doc) => {
      const row: Record<string, unknown> = {
        id: doc.id,
        title: doc.title,
        text: doc.text,
        tags: doc.tags,
        [FIELD_COLUMNS.tags]: doc.tags.join(' '),
        board: doc.board,
        image: doc.image,
        popularity: doc.popularity,
        created_at: doc.createdAt,
        [SEARCH_COLUMN]: searchableText(doc),
      };
      for (const { column } of vectorColumns) row[column] = doc.vectors[column] ? Array.from(doc.vectors[column]) : null;
      return row;
    }),
  );
}

/**
 * For optimize inside a write that may be rolled back: LanceDB's default prunes versions over 7 days
 * old, and the version a rollback returns to is often that old (a dataset untouched for a week).
 */
export const KEEP_ALL_VERSIONS = { cleanupOlderThan: new Date(0) };

/** Makes `version` the table's latest version again (a new version with its rows and indexes). */
export async function restoreVersion(table: DocumentTable, version: number): Promise<void> {
  if ((await table.version()) === version) return;
  await table.checkout(version);
  await table.restore();
}

/** Once a write is committed, nothing returns to older versions: prune those past LanceDB's default age. */
export async function pruneOldVersions(table: DocumentTable): Promise<void> {
  await table.optimize();
}

export interface IndexBuildOptions {
  analyzer: TextAnalyzer;
  vectorColumns: readonly VectorColumn[];
  report: (step: string, done: number, total: number) => void;
  /** Default ANN_MIN_ROWS. */
  annMinRows?: number;
}

/**
 * Builds every index a dataset needs: BM25 over all text and per field, a bitmap index for board
 * filters, and an IVF-PQ index per vector column once the table is big enough to need one.
 */
export async function buildIndexes(
  table: DocumentTable,
  { analyzer, vectorColumns, report, annMinRows = ANN_MIN_ROWS }: IndexBuildOptions,
): Promise<{ ann: boolean }> {
  // Few large files read much faster than one file per import batch, for searches and index builds alike.
  report('compacting', 0, 1);
  await table.optimize(KEEP_ALL_VERSIONS);
  const rows = await table.countRows();
  // An Index config is consumed by the build that uses it, so each column gets its own.
  const fts = () => ftsIndexConfig(analyzer);
  const textColumns = [SEARCH_COLUMN, FIELD_COLUMNS.title, FIELD_COLUMNS.text, FIELD_COLUMNS.tags];
  const ann = rows >= annMinRows;
  const total = textColumns.length + 1 + (ann ? vectorColumns.length : 0);
  let done = 0;
  for (const column of textColumns) {
    report(`building BM25 index (${column})`, done++, total);
    await table.createIndex(column, { config: fts(), replace: true });
  }
  report('building board filter index', done++, total);
  await table.createIndex('board', { config: lancedb.Index.bitmap(), replace: true });
  if (ann) {
    for (const { column, dimensions } of vectorColumns) {
      report(`building vector index (${column})`, done++, total);
      // Measured at 100k GloVe vectors (README, Benchmarks): ~1,000 rows a partition and 10 k-means
      // iterations build in half the time of √rows partitions and 20 iterations, at recall@10 0.99.
      await table.createIndex(column, {
        config: lancedb.Index.ivfPq({
          distanceType: 'cosine',
          numPartitions: Math.min(1024, Math.max(16, Math.round(rows / 1000))),
          numSubVectors: largestDivisorAtMost(dimensions, Math.max(1, Math.floor(dimensions / 4))),
          maxIterations: 10,
        }),
        replace: true,
      });
    }
  }
  report('indexes built', total, total);
  return { ann };
}

function largestDivisorAtMost(n: number, limit: number): number {
  for (let candidate = limit; candidate > 1; candidate--) if (n % candidate === 0) return candidate;
  return 1;
}

export const documentColumns = ['id', 'title', 'text', 'tags', 'board', 'image', 'popularity', 'created_at'];

export interface StoredDocument extends DocumentRecord {
  popularity: number | null;
  createdAt: string | null;
}

/** A retriever's hit: which row and how well it matched. Documents are fetched once, for the final results. */
export interface ScoredHit {
  id: string;
  rowId: bigint;
  score: number;
}

export async function searchText(
  table: DocumentTable,
  text: string,
  { limit, where, column = SEARCH_COLUMN }: { limit: number; where?: string; column?: string },
): Promise<ScoredHit[]> {
  let query = table.search(text, 'fts', column).withRowId().select(['id', '_score']).limit(limit);
  if (where) query = query.where(where);
  const rows = await query.toArray();
  return rows.map((row) => ({ id: row.id as string, rowId: row._rowid as bigint, score: row._score as number }));
}

/** BM25 of `text` against one field, for the given documents only. */
export async function fieldScores(table: DocumentTable, text: string, column: string, ids: readonly string[]): Promise<Map<string, number>> {
  if (ids.length === 0) return new Map();
  const rows = await table
    .search(text, 'fts', column)
    .where(`id IN (${ids.map(sqlString).join(', ')})`)
    .select(['id', '_score'])
    .limit(ids.length)
    .toArray();
  return new Map(rows.map((row) => [row.id as string, row._score as number]));
}

/**
 * Cosine similarity search; the score is 1 − cosine distance, so higher is better as for BM25. With an
 * IVF-PQ index, 20 partitions are probed and twice the asked-for candidates re-ranked by exact distance
 * (recall@10 0.99 against exhaustive search at 100k GloVe vectors; README, Benchmarks).
 */
export async function searchVector(
  table: DocumentTable,
  column: string,
  vector: Float32Array,
  { limit, where }: { limit: number; where?: string },
): Promise<ScoredHit[]> {
  let query = table
    .vectorSearch(Array.from(vector))
    .column(column)
    .distanceType('cosine')
    .nprobes(20)
    .refineFactor(2)
    .withRowId()
    .select(['id', '_distance'])
    .limit(limit);
  if (where) query = query.where(where);
  const rows = await query.toArray();
  return rows.map((row) => ({ id: row.id as string, rowId: row._rowid as bigint, score: 1 - (row._distance as number) }));
}

/** The stored documents of the given rows, by id. */
export async function fetchDocuments(table: DocumentTable, rowIds: readonly bigint[]): Promise<Map<string, StoredDocument>> {
  if (rowIds.length === 0) return new Map();
  const rows = await table.takeRowIds(rowIds).select(documentColumns).toArray();
  return new Map(rows.map((row) => [row.id as string, toDocument(row)]));
}

export async function browseDocuments(table: DocumentTable, limit: number, offset: number, where?: string): Promise<StoredDocument[]> {
  let query = table.query().select(documentColumns).offset(offset).limit(limit);
  if (where) query = query.where(where);
  return (await query.toArray()).map(toDocument);
}

/** Quotes a value as an SQL string literal for LanceDB filters. */
export function sqlString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

function toDocument(row: Record<string, unknown>): StoredDocument {
  const tags = row.tags as { toArray(): string[] } | string[] | null;
  return {
    id: row.id as string,
    title: row.title as string,
    text: row.text as string,
    tags: tags ? Array.from(Array.isArray(tags) ? tags : tags.toArray()) : [],
    board: row.board as string,
    image: (row.image as string | null) ?? null,
    popularity: (row.popularity as number | null) ?? null,
    createdAt: (row.created_at as string | null) ?? null,
  };
}
