import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { AppError } from '../runtime/errors';
import type { QrelRecord, QueryRecord, SourcedDocument } from './document';
import { ExactInteger } from './exact-json';
import { parseJsonLine, quoteExcerpt, readLines, requireFile } from './line-reader';

/**
 * BEIR ids may be written as JSON integers; they are identifiers, so they are kept as strings with the very
 * digits of the file (beyond 2^53 a double would change them, and two ids could collide).
 */
const beirId = z
  .union([
    z.string().min(1, 'must not be empty'),
    z.instanceof(ExactInteger),
    z.number().refine(Number.isSafeInteger, 'must be a string or an integer written with plain digits'),
  ])
  .transform(String);

const corpusLine = z.object({
  _id: beirId,
  title: z.string().optional().default(''),
  text: z.string(),
});

const queryLine = z.object({ _id: beirId, text: z.string().min(1, 'must not be empty') });

export interface BeirFiles {
  corpus: string;
  queries: string;
  /** The qrels split imported: test, else dev, else train; null when the folder has none. */
  qrels: string | null;
}

export function locateBeirFiles(dir: string): BeirFiles {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
    throw new AppError('IMPORT_MISSING_FILE', 'not a folder', { file: dir });
  }
  const corpus = path.join(dir, 'corpus.jsonl');
  const queries = path.join(dir, 'queries.jsonl');
  requireFile(corpus, 'BEIR corpus (corpus.jsonl)');
  requireFile(queries, 'BEIR queries (queries.jsonl)');
  const split = ['test', 'dev', 'train'].map((name) => path.join(dir, 'qrels', `${name}.tsv`)).find(fs.existsSync);
  return { corpus, queries, qrels: split ?? null };
}

export async function* readBeirCorpus(file: string): AsyncGenerator<SourcedDocument> {
  for await (const line of readLines(file)) {
    const row = parseJsonLine(corpusLine, file, line);
    if (row.title.trim() === '' && row.text.trim() === '') {
      throw new AppError('IMPORT_BAD_LINE', 'document has neither title nor text', { file, line: line.line, field: 'text' });
    }
    yield {
      doc: { id: row._id, title: row.title, text: row.text, tags: [], board: '', image: null },
      line: line.line,
      bytesRead: line.bytesRead,
    };
  }
}

export async function readBeirQueries(file: string): Promise<QueryRecord[]> {
  const queries: QueryRecord[] = [];
  const seen = new Set<string>();
  for await (const line of readLines(file)) {
    const row = parseJsonLine(queryLine, file, line);
    if (seen.has(row._id)) {
      throw new AppError('IMPORT_DUPLICATE_ID', `duplicate query id ${quoteExcerpt(row._id)}`, { file, line: line.line, field: '_id' });
    }
    seen.add(row._id);
    queries.push({ queryId: row._id, text: row.text });
  }
  return queries;
}

/** Grades are 32-bit signed integers: any scale fits, and a typo such as 99999999999999999999 is refused, not rounded. */
export const MIN_GRADE = -(2 ** 31);
export const MAX_GRADE = 2 ** 31 - 1;

/** Reads a BEIR qrels TSV (`query-id corpus-id score`), checking every id against what was imported. */
export async function readBeirQrels(
  file: string,
  known: { queryIds: ReadonlySet<string>; docIds: ReadonlySet<string> },
): Promise<QrelRecord[]> {
  const qrels: QrelRecord[] = [];
  const seen = new Set<string>();
  let headerSeen = false;
  for await (const { line, text } of readLines(file)) {
    const fields = text.split('\t').map((field) => field.trim());
    if (!headerSeen) {
      headerSeen = true;
      if (fields[0] === 'query-id') continue;
    }
    const where = (field: string) => ({ file, line, field });
    if (fields.length !== 3) {
      throw new AppError('IMPORT_BAD_LINE', `expected 3 tab-separated fields (query-id, corpus-id, score), found ${fields.length}`, { file, line });
    }
    const [queryId, docId, score] = fields;
    if (!/^-?\d+$/.test(score)) throw new AppError('IMPORT_BAD_LINE', `score ${quoteExcerpt(score)} is not an integer`, where('score'));
    const relevance = Number(score);
    if (relevance < MIN_GRADE || relevance > MAX_GRADE) {
      throw new AppError('IMPORT_BAD_LINE', `score ${quoteExcerpt(score)} is outside the grades allowed, ${MIN_GRADE} to ${MAX_GRADE}`, where('score'));
    }
    if (!known.queryIds.has(queryId)) throw new AppError('IMPORT_UNKNOWN_ID', `unknown query id ${quoteExcerpt(queryId)}`, where('query-id'));
    if (!known.docIds.has(docId)) throw new AppError('IMPORT_UNKNOWN_ID', `unknown document id ${quoteExcerpt(docId)}`, where('corpus-id'));
    const key = `${queryId}\u0000${docId}`;
    if (seen.has(key)) throw new AppError('IMPORT_DUPLICATE_ID', `duplicate judgment for query ${quoteExcerpt(queryId)} and document ${quoteExcerpt(docId)}`, where('corpus-id'));
    seen.add(key);
    qrels.push({ queryId, docId, relevance });
  }
  return qrels;
}
