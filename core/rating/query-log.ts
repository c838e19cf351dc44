import path from 'node:path';
import { z } from 'zod';
import { sourceKey, validateMapping } from '../datasets/field-mapping';
import { requireFile } from '../datasets/line-reader';
import { InvalidValue, readSourceRecords, readValue, toOptionalCount, toOptionalString, type RecordFormat } from '../datasets/mapped-format';
import { AppError } from '../runtime/errors';
import { normalizeQuery } from './query-set-hash';

/** One distinct query of a search log with how often it was issued. */
export interface QueryLogEntry {
  query: string;
  count: number;
  /** Segment or category (market, board, intent…), for stratified sampling; null when the log has none. */
  segment: string | null;
}

const queryLogMappingSchema = z.strictObject({
  query: sourceKey.optional(),
  count: sourceKey.optional(),
  segment: sourceKey.optional(),
});

export type QueryLogMapping = z.input<typeof queryLogMappingSchema>;

export interface QueryLogOptions {
  /** Defaults to the extension: .jsonl/.json → jsonl, .csv → csv, .tsv → tsv. */
  format?: RecordFormat;
  /** Source keys; each field left out falls back to the default keys below. */
  mapping?: QueryLogMapping;
}

/** Keys tried in order when a field is not mapped (the same names query sets accept). */
const DEFAULT_KEYS = {
  query: ['query', 'text'],
  count: ['count', 'frequency'],
  segment: ['segment', 'category'],
} as const;

const FORMAT_BY_EXTENSION: Record<string, RecordFormat> = { '.jsonl': 'jsonl', '.json': 'jsonl', '.csv': 'csv', '.tsv': 'tsv' };

/**
 * Reads a query log (JSONL objects or CSV/TSV rows with a header), stopping at the first bad line with a
 * `file:line: field: message` error. Every line needs a query and a count; a query seen before (after
 * {@link normalizeQuery}) is an error rather than silently merged, since a log should list each query once.
 */
export async function readQueryLog(file: string, options: QueryLogOptions = {}): Promise<QueryLogEntry[]> {
  const mapping = options.mapping && validateMapping(queryLogMappingSchema, options.mapping);
  const extension = path.extname(file).toLowerCase();
  const format = options.format ?? FORMAT_BY_EXTENSION[extension];
  if (!format) {
    const known = Object.keys(FORMAT_BY_EXTENSION).join(', ');
    throw new AppError('INVALID_ARGS', `cannot tell a query log's format from "${extension || file}": name it ${known}, or pass format`, { field: 'format' });
  }
  requireFile(file, 'query log');
  const entries: QueryLogEntry[] = [];
  const firstLineOf = new Map<string, number>();
  const mappedKeys = Object.values(mapping ?? {}).filter((key) => key !== undefined);
  for await (const record of readSourceRecords(file, format, mappedKeys)) {
    const keyOf = (field: keyof typeof DEFAULT_KEYS) => mapping?.[field] ?? DEFAULT_KEYS[field].find((key) => Object.hasOwn(record.values, key));
    const queryKey = keyOf('query');
    const countKey = keyOf('count');
    if (queryKey === undefined) throw new AppError('IMPORT_BAD_LINE', 'no query: name its column "query" or "text", or map it', { file, line: record.line, field: 'query' });
    if (countKey === undefined) throw new AppError('IMPORT_BAD_LINE', 'no count: name its column "count" or "frequency", or map it', { file, line: record.line, field: 'count' });
    const query = readValue(file, record, queryKey, toQueryText);
    const normalized = normalizeQuery(query);
    const firstLine = firstLineOf.get(normalized);
    if (firstLine !== undefined) {
      throw new AppError('IMPORT_DUPLICATE_ID', `query "${query}" already appears on line ${firstLine}`, { file, line: record.line, field: queryKey });
    }
    firstLineOf.set(normalized, record.line);
    entries.push({
      query,
      count: readValue(file, record, countKey, toRequiredCount),
      segment: readValue(file, record, keyOf('segment'), toOptionalString)?.trim() || null,
    });
  }
  if (entries.length === 0) throw new AppError('IMPORT_EMPTY', 'the query log has no queries', { file });
  return entries;
}

function toQueryText(value: unknown): string {
  const text = toOptionalString(value)?.trim();
  if (!text) throw new InvalidValue('query is empty');
  return text;
}

function toRequiredCount(value: unknown): number {
  const count = toOptionalCount(value);
  if (count === null) throw new InvalidValue('is missing: every query needs a count');
  return count;
}
