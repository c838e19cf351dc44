import type { Connection } from '@lancedb/lancedb';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../runtime/errors';
import {
  appendDocuments,
  buildIndexes,
  createDocumentTable,
  DEFAULT_ANALYZER,
  KEEP_ALL_VERSIONS,
  pruneOldVersions,
  restoreVersion,
  searchableText,
  vectorColumnName,
  type DocumentTable,
  type IndexedDocument,
  type TextAnalyzer,
  type VectorColumn,
} from '../index/document-table';
import type { ProgressReporter } from '../runtime/jobs';
import { copyImportedImage } from '../media/image-import';
import { encodeTexts, type InstalledModel, type SessionOptions } from '../models';
import type { Store } from '../store/store';
import { locateBeirFiles, readBeirCorpus, readBeirQrels, readBeirQueries } from './beir-format';
import type { QrelRecord, SourcedDocument } from './document';
import type { FieldMappingInput } from './field-mapping';
import { locatedImageError } from './image-errors';
import { quoteExcerpt } from './line-reader';
import { readMappedDocuments, type MappedDocument } from './mapped-format';
import { locatePinsFile, readPins } from './pins-format';
import { readQuerySet, type QuerySetEntry } from './query-set-format';
import { crashPoint, dropTableAndMedia, reportingCrashPoints } from './recovery';

export const IMPORT_FORMATS = ['beir', 'pins', 'jsonl', 'csv'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

export interface ImportRequest {
  format: ImportFormat;
  /** A folder for beir and pins, a file for jsonl and csv. */
  path: string;
  name: string;
  /** Which source columns fill which fields (jsonl and csv). */
  mapping?: FieldMappingInput;
  /** The bi-encoder that produced a mapped `vector` column; queries are encoded with it. */
  vectorModel?: string;
  /** Bi-encoders to embed documents with at import; default: the bundled GloVe encoder. */
  denseModels?: string[];
  analyzer?: Partial<TextAnalyzer>;
  /** An optional query set file (text, JSONL or CSV) for jsonl and csv imports. */
  queries?: string;
}

export interface ImportContext {
  store: Store;
  lance: Connection;
  /** Where copied, sanitized images live: `<mediaDir>/<lance table>/<image path>`. */
  mediaDir: string;
  loadModel: (id: string) => Promise<InstalledModel>;
  inference: SessionOptions;
  /** Row count from which vector columns get an IVF-PQ index (see ANN_MIN_ROWS). */
  annMinRows?: number;
  /** Documents per LanceDB write; default BATCH_SIZE. */
  batchSize?: number;
  now: () => Date;
}

export const DEFAULT_DENSE_MODELS = ['glove-100d'];
export const DATASET_NAME_PATTERN = /^[a-z0-9][a-z0-9_-]{0,63}$/i;
export const BATCH_SIZE = 2_000;

type SourceDocument = SourcedDocument & Partial<Pick<MappedDocument, 'popularity' | 'createdAt' | 'vector'>>;

interface ParsedSource {
  documents: AsyncGenerator<SourceDocument>;
  idField: string;
  /** The source field naming each document's image, for errors about the image. */
  imageField: string | undefined;
  /** Read after the documents, so every judgment can be checked against them. */
  readJudgments(docIds: ReadonlySet<string>): Promise<{ queries: QuerySetEntry[]; qrels: QrelRecord[] }>;
  sourceFile: string;
}

function openSource(request: ImportRequest, vectorDimensions: number | undefined): ParsedSource {
  if (request.format === 'beir') {
    const files = locateBeirFiles(request.path);
    return {
      documents: readBeirCorpus(files.corpus),
      idField: '_id',
      imageField: undefined,
      sourceFile: files.corpus,
      async readJudgments(docIds) {
        const queries = (await readBeirQueries(files.queries)).map((query) => ({ ...query, frequency: null, segment: null }));
        const queryIds = new Set(queries.map((query) => query.queryId));
        const qrels = files.qrels ? await readBeirQrels(files.qrels, { queryIds, docIds }) : [];
        return { queries, qrels };
      },
    };
  }
  if (request.format === 'pins') {
    const file = locatePinsFile(request.path);
    return { documents: readPins(file), idField: 'id', imageField: 'image', sourceFile: file, readJudgments: async () => ({ queries: [], qrels: [] }) };
  }
  if (!request.mapping) throw new AppError('INVALID_ARGS', `a ${request.format} import needs a field mapping`, { field: 'mapping' });
  return {
    documents: readMappedDocuments(request.path, request.format, request.mapping, { vectorDimensions }),
    idField: request.mapping.id,
    imageField: request.mapping.image,
    sourceFile: request.path,
    readJudgments: async () => ({ queries: request.queries ? await readQuerySet(request.queries) : [], qrels: [] }),
  };
}

/** Resolves which vector columns a dataset gets: one per dense model, plus the mapped precomputed vectors. */
async function planVectorColumns(ctx: ImportContext, request: ImportRequest): Promise<{ encoded: { column: VectorColumn; model: InstalledModel }[]; precomputed: VectorColumn | null }> {
  const precomputedModel = request.mapping?.vector ? request.vectorModel : undefined;
  if (request.mapping?.vector && !precomputedModel) {
    throw new AppError('INVALID_ARGS', 'a mapped vector column needs vectorModel: the bi-encoder that made the vectors, so queries can be encoded the same way', { field: 'vectorModel' });
  }
  const encoded: { column: VectorColumn; model: InstalledModel }[] = [];
  for (const id of (request.denseModels ?? DEFAULT_DENSE_MODELS).filter((model) => model !== precomputedModel)) {
    const model = await ctx.loadModel(id);
    if (model.manifest.kind !== 'bi-encoder') throw new AppError('INVALID_ARGS', `model "${id}" is a ${model.manifest.kind}, not a bi-encoder`, { field: 'denseModels' });
    encoded.push({ model, column: { model: id, column: vectorColumnName(id), dimensions: model.manifest.dimensions } });
  }
  if (!precomputedModel) return { encoded, precomputed: null };
  const model = await ctx.loadModel(precomputedModel);
  if (model.manifest.kind !== 'bi-encoder') throw new AppError('INVALID_ARGS', `model "${precomputedModel}" is a ${model.manifest.kind}, not a bi-encoder`, { field: 'vectorModel' });
  return { encoded, precomputed: { model: precomputedModel, column: vectorColumnName(precomputedModel), dimensions: model.manifest.dimensions } };
}

/** What ingestion needs to know about the table it writes into. */
interface IngestTarget {
  table: DocumentTable;
  mediaFolder: string;
  vectorColumns: readonly VectorColumn[];
  encoded: readonly { column: VectorColumn; model: InstalledModel }[];
  precomputed: VectorColumn | null;
  /** Ids already in the table: a new document may not reuse one. */
  existingIds: ReadonlySet<string>;
  /** Filled with every image file written, so a failed append can remove them. */
  copiedImages: string[];
}

/**
 * Streams documents into the table in batches (a large corpus never sits in memory), embedding each
 * batch with the dataset's bi-encoders and copying sanitized images. Returns the new documents' ids.
 */
async function ingestDocuments(
  ctx: ImportContext,
  target: IngestTarget,
  source: ParsedSource,
  report: ProgressReporter,
): Promise<{ docIds: Set<string>; hasImages: boolean }> {
  const totalBytes = fs.statSync(source.sourceFile).size;
  const docIds = new Set<string>();
  let hasImages = false;
  let batch: IndexedDocument[] = [];
  let bytesRead = 0;
  // LanceDB writes a batch while the next one is read and embedded; at most one write is in flight.
  let writing: Promise<void> = Promise.resolve();
  const flush = async (): Promise<void> => {
    const ready = batch;
    batch = [];
    const texts = ready.map(searchableText);
    for (const { model, column } of target.encoded) {
      const vectors = await encodeTexts(model, texts, { ...ctx.inference, batchSize: 64 });
      ready.forEach((doc, index) => (doc.vectors[column.column] = vectors[index]));
    }
    await writing;
    writing = appendDocuments(target.table, ready, target.vectorColumns);
    // Awaited at the next flush or at the end; until then a failure must not count as unhandled.
    writing.catch(() => undefined);
    report('reading and embedding documents', Math.min(bytesRead, totalBytes), totalBytes, 'bytes');
  };
  const batchSize = ctx.batchSize ?? BATCH_SIZE;
  try {
    for await (const { doc, line, bytesRead: bytesSoFar, popularity, createdAt, vector } of source.documents) {
      if (docIds.has(doc.id) || target.existingIds.has(doc.id)) {
        throw new AppError('IMPORT_DUPLICATE_ID', `duplicate document id ${quoteExcerpt(doc.id)}`, { file: source.sourceFile, line, field: source.idField });
      }
      docIds.add(doc.id);
      if (doc.image && !/^https?:\/\//i.test(doc.image)) {
        hasImages = true;
        const copy = path.join(target.mediaFolder, doc.image);
        let written: boolean;
        try {
          written = copyImportedImage(path.dirname(source.sourceFile), doc.image, copy);
        } catch (error) {
          throw locatedImageError(error, doc.image, { file: source.sourceFile, line, field: source.imageField });
        }
        // Only new files are removed if the import fails: a shared one belongs to documents already there.
        if (written) target.copiedImages.push(copy);
      }
      bytesRead = bytesSoFar;
      const vectors: Record<string, Float32Array> = {};
      if (target.precomputed && vector) vectors[target.precomputed.column] = vector;
      batch.push({ ...doc, popularity: popularity ?? null, createdAt: createdAt ?? null, vectors });
      if (batch.length >= batchSize) await flush();
    }
    await flush();
    await writing;
  } catch (error) {
    // A write still in flight would land after the caller's cleanup dropped the table, and leave it on disk.
    await writing.catch(() => undefined);
    throw error;
  }
  if (docIds.size === 0) throw new AppError('IMPORT_EMPTY', 'no documents found', { file: source.sourceFile });
  return { docIds, hasImages };
}

/**
 * What can be checked before an import starts: a valid, free name and a source of the right kind that
 * exists. The import checks again (another import may have taken the name meanwhile).
 */
export function checkImportRequest(store: Store, request: Pick<ImportRequest, 'name' | 'format' | 'path' | 'queries'>): void {
  if (!DATASET_NAME_PATTERN.test(request.name)) {
    throw new AppError('INVALID_ARGS', `dataset name "${request.name}" must be 1-64 letters, digits, "-" or "_"`, { field: 'name' });
  }
  if (store.datasets.findByName(request.name)) {
    throw new AppError('ALREADY_EXISTS', `a dataset named "${request.name}" already exists: pick another name or delete it first`, { field: 'name' });
  }
  checkImportSource(request);
}

/** The source path (and query set) of an import or append: there, and a folder or a file as the format reads. */
export function checkImportSource(request: Pick<ImportRequest, 'format' | 'path' | 'queries'>): void {
  const wantsFolder = request.format === 'beir' || request.format === 'pins';
  const stat = fs.statSync(request.path, { throwIfNoEntry: false });
  if (!stat) throw new AppError('IMPORT_MISSING_FILE', `nothing at "${request.path}": check the ${wantsFolder ? 'folder' : 'file'} path`, { field: 'path' });
  if (wantsFolder && !stat.isDirectory()) throw new AppError('INVALID_ARGS', `"${request.path}" is a file; a ${request.format} import reads a folder`, { field: 'path' });
  if (!wantsFolder && !stat.isFile()) throw new AppError('INVALID_ARGS', `"${request.path}" is a folder; a ${request.format} import reads one file`, { field: 'path' });
  if (request.queries && !fs.statSync(request.queries, { throwIfNoEntry: false })?.isFile()) {
    throw new AppError('IMPORT_MISSING_FILE', `no query set file at "${request.queries}"`, { field: 'queries' });
  }
}

/**
 * Imports a dataset all-or-nothing: documents stream into a fresh LanceDB table, the indexes are
 * built, and only then is the dataset recorded in SQLite in one transaction. Any failure removes what
 * was written; so does the next start after a crash (the import's recorded operation).
 */
export async function importDataset(ctx: ImportContext, request: ImportRequest, report: ProgressReporter): Promise<number> {
  checkImportRequest(ctx.store, request);
  const analyzer: TextAnalyzer = { ...DEFAULT_ANALYZER, ...request.analyzer };
  const { encoded, precomputed } = await planVectorColumns(ctx, request);
  const vectorColumns = [...encoded.map((entry) => entry.column), ...(precomputed ? [precomputed] : [])];
  const source = openSource(request, precomputed?.dimensions);
  const lanceTable = `ds_${randomUUID().replaceAll('-', '')}`;
  const mediaFolder = path.join(ctx.mediaDir, lanceTable);
  const operation = ctx.store.operations.begin({ dataset: request.name, kind: 'import', lanceTable, versionBefore: null, startedAt: ctx.now().toISOString() });
  try {
    const table = await createDocumentTable(ctx.lance, lanceTable, vectorColumns);
    const target = { table, mediaFolder, vectorColumns, encoded, precomputed, existingIds: new Set<string>(), copiedImages: [] };
    const { docIds, hasImages } = await ingestDocuments(ctx, target, source, report);
    report('reading judgments', 0, 1);
    const { queries, qrels } = await source.readJudgments(docIds);
    const { ann } = await buildIndexes(table, { analyzer, vectorColumns, report: reportingCrashPoints('import', report), annMinRows: ctx.annMinRows });
    crashPoint('import:before-commit');
    return ctx.store.transaction(() => {
      const id = ctx.store.datasets.insert({
        name: request.name,
        layout: hasImages ? 'grid' : 'list',
        source: path.resolve(request.path),
        format: request.format,
        lanceTable,
        docCount: docIds.size,
        analyzer,
        vectorColumns,
        annIndex: ann,
      });
      for (const query of queries) ctx.store.queries.insert(id, query);
      for (const qrel of qrels) ctx.store.qrels.insert(id, qrel);
      ctx.store.datasets.markIndexed(id, ann);
      ctx.store.operations.finish(operation);
      return id;
    });
  } catch (error) {
    await dropTableAndMedia(ctx, lanceTable);
    ctx.store.operations.finish(operation);
    throw error;
  }
}

/**
 * Adds documents to an existing dataset and folds them into its indexes incrementally (LanceDB
 * `optimize`), all-or-nothing: on failure the table goes back to the version it had before, and after
 * a crash the next start does that (the append's recorded operation).
 */
export async function appendToDataset(ctx: ImportContext, request: ImportRequest, report: ProgressReporter): Promise<number> {
  const dataset = ctx.store.datasets.findByName(request.name);
  if (!dataset) throw new AppError('NOT_FOUND', `no dataset named "${request.name}"`, { field: 'name' });
  if (request.format === 'beir') throw new AppError('INVALID_ARGS', 'documents can be added from pins, jsonl or csv sources; a BEIR folder brings its own queries, import it as a new dataset', { field: 'format' });
  checkImportSource(request);
  const precomputed = dataset.vectorColumns.find((column) => column.model === request.vectorModel && request.mapping?.vector) ?? null;
  const encoded = await Promise.all(
    dataset.vectorColumns.filter((column) => column !== precomputed).map(async (column) => ({ column, model: await ctx.loadModel(column.model) })),
  );
  const table = await ctx.lance.openTable(dataset.lanceTable);
  const versionBefore = await table.version();
  const existingIds = new Set((await table.query().select(['id']).toArray()).map((row) => row.id as string));
  const mediaFolder = path.join(ctx.mediaDir, dataset.lanceTable);
  const target: IngestTarget = { table, mediaFolder, vectorColumns: dataset.vectorColumns, encoded, precomputed, existingIds, copiedImages: [] };
  const operation = ctx.store.operations.begin({
    dataset: dataset.name,
    kind: 'append',
    lanceTable: dataset.lanceTable,
    versionBefore,
    startedAt: ctx.now().toISOString(),
  });
  const reportStep = reportingCrashPoints('append', report);
  let added: number;
  try {
    const source = openSource(request, precomputed?.dimensions);
    crashPoint('append:before-write');
    const { docIds } = await ingestDocuments(ctx, target, source, reportStep);
    reportStep('updating indexes', 0, 1);
    await table.optimize(KEEP_ALL_VERSIONS);
    crashPoint('append:before-commit');
    added = docIds.size;
    ctx.store.transaction(() => {
      ctx.store.datasets.setDocCount(dataset.id, existingIds.size + added);
      ctx.store.operations.finish(operation);
    });
  } catch (error) {
    await restoreVersion(table, versionBefore);
    for (const image of target.copiedImages) fs.rmSync(image, { force: true });
    ctx.store.operations.finish(operation);
    throw error;
  }
  // Housekeeping after the commit: failing it must not report the committed append as failed.
  await pruneOldVersions(table).catch(() => undefined);
  return added;
}
