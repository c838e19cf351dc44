import path from 'node:path';
import { z } from 'zod';
import { AppError, type ErrorLocation } from '../runtime/errors';
import type { QueryRecord } from './document';
import { sourceKey, validateMapping } from './field-mapping';
import { quoteExcerpt, readLines, requireFile } from './line-reader';
import {
  InvalidValue,
  readSourceRecords,
  readValue,
  toIdentifier,
  toOptionalCount,
  toOptionalString,
  type RecordFormat,
} from './mapped-format';

export type QuerySetFormat = 'text' | 'jsonl' | 'csv';

const querySetMappingSchema = z.strictObject({
  id: sourceKey.optional(),
  text: sourceKey,
  frequency: sourceKey.optional(),
  segment: sourceKey.optional(),
});

export type QuerySetMapping = z.input<typeof querySetMappingSchema>;

export interface QuerySetEntry extends QueryRecord {
  /** How often the query was seen (a count from logs), when the file says. */
  frequency: number | null;
  /** Segment or category the query belongs to, for per-segment evaluation. */
  segment: string | null;
}

export interface QuerySetOptions {
  /** Defaults to the file extension: .txt → text, .jsonl/.json → jsonl (one object a line), .csv/.tsv → csv. */
  format?: QuerySetFormat;
  /** Source keys for JSONL/CSV; each field left out falls back to its default keys below. */
  mapping?: QuerySetMapping;
}

/** Keys tried in order when a field is not mapped. Without any id, queries are numbered "1", "2", … in file order. */
const DEFAULT_KEYS = {
  id: ['_id', 'id', 'qid'],
  text: ['text', 'query'],
  frequency: ['frequency', 'count'],
  segment: ['segment', 'category'],
} as const;

const FORMAT_BY_EXTENSION: Record<string, QuerySetFormat> = { '.txt': 'text', '.jsonl': 'jsonl', '.json': 'jsonl', '.csv': 'csv', '.tsv': 'csv' };

/** Reads a whole query set (they are small), stopping at the first bad line or duplicate id. */
export async function readQuerySet(file: string, options: QuerySetOptions = {}): Promise<QuerySetEntry[]> {
  const mapping = options.mapping && validateMapping(querySetMappingSchema, options.mapping);
  const extension = path.extname(file).toLowerCase();
  const format = options.format ?? FORMAT_BY_EXTENSION[extension];
  if (!format) {
    const known = Object.keys(FORMAT_BY_EXTENSION).join(', ');
    throw new AppError('INVALID_ARGS', `cannot tell a query set's format from "${extension || file}": name it ${known}, or pass format`, { field: 'format' });
  }
  if (format === 'text' && mapping) throw new AppError('INVALID_ARGS', 'mapping applies only to JSONL and CSV query sets', { field: 'mapping' });
  requireFile(file, 'query set');
  if (format === 'text') return readTextQueries(file);
  return readRecordQueries(file, format === 'csv' && extension === '.tsv' ? 'tsv' : format, mapping);
}

/**
 * One query per line, blank lines skipped. If the first line holds a tab, the file is `id<TAB>text` (TREC
 * topics, MS MARCO queries) and every line must be; otherwise each line is a query, numbered "1", "2", ….
 */
async function readTextQueries(file: string): Promise<QuerySetEntry[]> {
  const entries = new QueryEntries();
  let tabSeparated: boolean | undefined;
  for await (const { line, text: content } of readLines(file)) {
    tabSeparated ??= content.includes('\t');
    let queryId = String(entries.size + 1);
    let text = content.trim();
    if (tabSeparated) {
      const fields = content.split('\t').map((field) => field.trim());
      if (fields.length !== 2 || fields[0] === '') {
        throw new AppError('IMPORT_BAD_LINE', 'expected id<TAB>text: the first line has a tab, so every line must have exactly one', { file, line });
      }
      [queryId, text] = fields;
    }
    if (text === '') throw new AppError('IMPORT_BAD_LINE', 'query text is empty', { file, line, field: 'text' });
    entries.add({ queryId, text, frequency: null, segment: null }, { file, line, field: 'id' });
  }
  return entries.list();
}

async function readRecordQueries(file: string, format: RecordFormat, mapping: QuerySetMapping | undefined): Promise<QuerySetEntry[]> {
  const entries = new QueryEntries();
  const mappedKeys = Object.values(mapping ?? {}).filter((key) => key !== undefined);
  for await (const record of readSourceRecords(file, format, mappedKeys)) {
    const keyOf = (field: keyof typeof DEFAULT_KEYS) => mapping?.[field] ?? DEFAULT_KEYS[field].find((key) => Object.hasOwn(record.values, key));
    const idKey = keyOf('id');
    const textKey = keyOf('text');
    if (textKey === undefined) {
      throw new AppError('IMPORT_BAD_LINE', 'no query text: name its column "text" or "query", or map it', { file, line: record.line, field: 'text' });
    }
    entries.add(
      {
        queryId: idKey === undefined ? String(entries.size + 1) : readValue(file, record, idKey, toIdentifier),
        text: readValue(file, record, textKey, toQueryText),
        frequency: readValue(file, record, keyOf('frequency'), toOptionalCount),
        segment: readValue(file, record, keyOf('segment'), toOptionalString),
      },
      { file, line: record.line, field: idKey ?? 'id' },
    );
  }
  return entries.list();
}

function toQueryText(value: unknown): string {
  const text = toOptionalString(value)?.trim();
  if (!text) throw new InvalidValue('query text is empty');
  return text;
}

/** Query sets keep file order and reject an id seen before. */
class QueryEntries {
  private readonly byId = new Map<string, QuerySetEntry>();

  get size(): number {
    return this.byId.size;
  }

  add(entry: QuerySetEntry, where: ErrorLocation): void {
    if (this.byId.has(entry.queryId)) throw new AppError('IMPORT_DUPLICATE_ID', `duplicate query id ${quoteExcerpt(entry.queryId)}`, where);
    this.byId.set(entry.queryId, entry);
  }

  list(): QuerySetEntry[] {
    return [...this.byId.values()];
  }
}
