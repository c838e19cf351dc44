import path from 'node:path';
import { readSourceRecords, type RecordFormat } from '../datasets/mapped-format';
import { readQuerySet, type QuerySetEntry } from '../datasets/query-set-format';
import { AppError, type ErrorLocation } from '../runtime/errors';
import { normalizeQuery } from './query-set-hash';

/** One distinct query of a search log with how often it was issued. */
export interface QueryLogEntry {
  query: string;
  count: number;
  /** Segment or category (market, board, intent…), for stratified sampling; null when the log has none. */
  segment: string | null;
}

/** The log a bundled demo dataset ships in its folder (see datasets/pins/SOURCE.md). */
export const BUNDLED_QUERY_LOG_FILE = 'query-log.tsv';

/** Only record formats: a plain text file cannot carry counts. */
const FORMAT_BY_EXTENSION: Record<string, RecordFormat> = { '.jsonl': 'jsonl', '.json': 'jsonl', '.csv': 'csv', '.tsv': 'tsv' };

/**
 * Reads a query log (JSONL objects or CSV/TSV rows with a header) with the query-set reader, so both accept
 * the same files and column names ("query" or "text", "count" or "frequency", "segment" or "category"), then adds what a log needs beyond a query set: every query has a count,
 * and no query appears twice (after {@link normalizeQuery}): a log lists each query once, and merging
 * silently would hide a broken export. Errors are `file:line: field: message`.
 */
export async function readQueryLog(file: string): Promise<QueryLogEntry[]> {
  const extension = path.extname(file).toLowerCase();
  const format = FORMAT_BY_EXTENSION[extension];
  if (!format) {
    const known = Object.keys(FORMAT_BY_EXTENSION).join(', ');
    throw new AppError('INVALID_ARGS', `a query log needs a count per query, so it must be ${known}; got "${extension || file}"`, { file, field: 'format' });
  }
  const entries = await readQuerySet(file);
  if (entries.length === 0) throw new AppError('IMPORT_EMPTY', 'the query log has no queries', { file });
  const firstIndexOf = new Map<string, number>();
  const log: QueryLogEntry[] = [];
  for (const [index, entry] of entries.entries()) {
    if (entry.frequency === null) {
      throw new AppError('IMPORT_BAD_LINE', 'is missing: every query of a log needs a count', await locate(file, format, index, 'count'));
    }
    const normalized = normalizeQuery(entry.text);
    const first = firstIndexOf.get(normalized);
    if (first !== undefined) {
      const { line: firstLine } = await locate(file, format, first, 'query');
      throw new AppError('IMPORT_DUPLICATE_ID', `query "${entry.text}" already appears on line ${firstLine}`, await locate(file, format, index, 'query'));
    }
    firstIndexOf.set(normalized, index);
    log.push(toLogEntry(entry));
  }
  return log;
}

function toLogEntry(entry: QuerySetEntry): QueryLogEntry {
  return { query: entry.text, count: entry.frequency!, segment: entry.segment?.trim() || null };
}

/**
 * The line of the index-th record, read again only when a check fails: the query-set reader yields one entry
 * per record in file order but does not return line numbers.
 */
async function locate(file: string, format: RecordFormat, index: number, field: string): Promise<ErrorLocation> {
  let seen = 0;
  for await (const record of readSourceRecords(file, format, [])) {
    if (seen++ === index) return { file, line: record.line, field };
  }
  return { file, field };
}
