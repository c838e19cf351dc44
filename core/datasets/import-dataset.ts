import type { Connection } from '@lancedb/lancedb';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../errors';
import { appendDocuments, buildTextIndex, createDocumentTable } from '../index/document-table';
import type { ProgressReporter } from '../jobs/jobs';
import { sanitizeSvg } from '../media/sanitize-svg';
import type { Store } from '../store/store';
import { locateBeirFiles, readBeirCorpus, readBeirQrels, readBeirQueries } from './beir-format';
import type { DocumentRecord, QrelRecord, QueryRecord, SourcedDocument } from './document';
import { locatePinsFile, readPins } from './pins-format';

export type ImportFormat = 'beir' | 'pins';

export interface ImportRequest {
  format: ImportFormat;
  dir: string;
  name: string;
}

export interface ImportContext {
  store: Store;
  lance: Connection;
  /** Where copied, sanitized images live: `<mediaDir>/<lance table>/<image path>`. */
  mediaDir: string;
}

export const DATASET_NAME_PATTERN = /^[a-z0-9][a-z0-9_-]{0,63}$/i;
const BATCH_SIZE = 2_000;

interface ParsedSource {
  documents: AsyncGenerator<SourcedDocument>;
  /** Read after the documents, so every judgment can be checked against them. */
  readJudgments(docIds: ReadonlySet<string>): Promise<{ queries: QueryRecord[]; qrels: QrelRecord[] }>;
  sourceFile: string;
}

function openSource({ format, dir }: ImportRequest): ParsedSource {
  if (format === 'beir') {
    const files = locateBeirFiles(dir);
    return {
      documents: readBeirCorpus(files.corpus),
      sourceFile: files.corpus,
      async readJudgments(docIds) {
        const queries = await readBeirQueries(files.queries);
        const queryIds = new Set(queries.map((query) => query.queryId));
        const qrels = files.qrels ? await readBeirQrels(files.qrels, { queryIds, docIds }) : [];
        return { queries, qrels };
      },
    };
  }
  const file = locatePinsFile(dir);
  return { documents: readPins(file), sourceFile: file, readJudgments: async () => ({ queries: [], qrels: [] }) };
}

/**
 * Imports a dataset all-or-nothing: documents stream into a fresh LanceDB table in batches (so large
 * corpora never sit in memory), images are sanitized into the media folder, the BM25 index is built,
 * and only then is the dataset recorded in SQLite in one transaction. Any failure removes what was written.
 */
export async function importDataset(ctx: ImportContext, request: ImportRequest, report: ProgressReporter): Promise<number> {
  if (!DATASET_NAME_PATTERN.test(request.name)) {
    throw new AppError('INVALID_ARGS', `dataset name "${request.name}" must be 1-64 letters, digits, "-" or "_"`, { field: 'name' });
  }
  if (ctx.store.datasets.findByName(request.name)) {
    throw new AppError('ALREADY_EXISTS', `a dataset named "${request.name}" already exists`, { field: 'name' });
  }
  const source = openSource(request);
  const lanceTable = `ds_${randomUUID().replaceAll('-', '')}`;
  const mediaFolder = path.join(ctx.mediaDir, lanceTable);
  const totalBytes = fs.statSync(source.sourceFile).size;
  let tableCreated = false;
  try {
    const table = await createDocumentTable(ctx.lance, lanceTable);
    tableCreated = true;
    const docIds = new Set<string>();
    let hasImages = false;
    let batch: DocumentRecord[] = [];
    let bytesRead = 0;
    const flush = async (): Promise<void> => {
      await appendDocuments(table, batch);
      batch = [];
      report('reading documents', Math.min(bytesRead, totalBytes), totalBytes);
    };
    for await (const { doc, line, bytesRead: bytesSoFar } of source.documents) {
      if (docIds.has(doc.id)) {
        throw new AppError('IMPORT_DUPLICATE_ID', `duplicate document id "${doc.id}"`, { file: source.sourceFile, line, field: 'id' });
      }
      docIds.add(doc.id);
      if (doc.image) {
        hasImages = true;
        copySanitizedImage(path.join(path.dirname(source.sourceFile), doc.image), path.join(mediaFolder, doc.image));
      }
      bytesRead = bytesSoFar;
      batch.push(doc);
      if (batch.length >= BATCH_SIZE) await flush();
    }
    await flush();
    if (docIds.size === 0) throw new AppError('IMPORT_EMPTY', 'no documents found', { file: source.sourceFile });
    report('reading judgments', 0, 1);
    const { queries, qrels } = await source.readJudgments(docIds);
    report('building BM25 index', 0, 1);
    await buildTextIndex(table);
    return ctx.store.transaction(() => {
      const id = ctx.store.datasets.insert({
        name: request.name,
        layout: hasImages ? 'grid' : 'list',
        source: path.resolve(request.dir),
        format: request.format,
        lanceTable,
        docCount: docIds.size,
      });
      for (const query of queries) ctx.store.queries.insert(id, query);
      for (const qrel of qrels) ctx.store.qrels.insert(id, qrel);
      ctx.store.datasets.markIndexed(id);
      return id;
    });
  } catch (error) {
    if (tableCreated) await ctx.lance.dropTable(lanceTable).catch(() => undefined);
    fs.rmSync(mediaFolder, { recursive: true, force: true });
    throw error;
  }
}

/** Images from datasets are untrusted: SVG is rewritten so it cannot run script or fetch anything. */
function copySanitizedImage(from: string, to: string): void {
  fs.mkdirSync(path.dirname(to), { recursive: true });
  if (path.extname(from).toLowerCase() === '.svg') {
    fs.writeFileSync(to, sanitizeSvg(fs.readFileSync(from, 'utf8')));
  } else {
    fs.copyFileSync(from, to);
  }
}

/** Drops LanceDB tables and media folders that no dataset row owns: leftovers of an import cut short by a crash. */
export async function removeOrphanedImports(ctx: ImportContext): Promise<void> {
  const owned = new Set(ctx.store.datasets.list().map((dataset) => dataset.lanceTable));
  for (const table of await ctx.lance.tableNames()) {
    if (table.startsWith('ds_') && !owned.has(table)) await ctx.lance.dropTable(table);
  }
  if (fs.existsSync(ctx.mediaDir)) {
    for (const folder of fs.readdirSync(ctx.mediaDir)) {
      if (!owned.has(folder)) fs.rmSync(path.join(ctx.mediaDir, folder), { recursive: true, force: true });
    }
  }
}
