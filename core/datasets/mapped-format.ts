import { CsvError, parse, type Info } from 'csv-parse';
import fs from 'node:fs';
import path from 'node:path';
import { pipeline, Transform } from 'node:stream';
import { z } from 'zod';
import { checkImportableImage } from '../media/image-import';
import { AppError, type AppErrorCode } from '../runtime/errors';
import type { SourcedDocument } from './document';
import { ExactInteger } from './exact-json';
import { parseFieldMapping, type FieldMappingInput } from './field-mapping';
import { locatedImageError } from './image-errors';
import { MAX_LINE_BYTES, parseJsonLine, quoteExcerpt, readLines, requireFile } from './line-reader';

export type MappedFormat = 'jsonl' | 'csv';
/** TSV is CSV split on tabs without quoting, so a quote may start a cell and no cell holds a tab or newline. */
export type RecordFormat = MappedFormat | 'tsv';

export interface MappedDocument extends SourcedDocument {
  popularity: number | null;
  /** ISO 8601 in UTC. */
  createdAt: string | null;
  vector: Float32Array | null;
}

export interface MappedDocumentOptions {
  /** Dimension every vector must have; otherwise the first vector read sets it. */
  vectorDimensions?: number;
}

/** One JSONL object or CSV row (keyed by the header), with the line it starts on. */
export interface SourceRecord {
  values: Record<string, unknown>;
  line: number;
  /** Bytes of the file read so far, for progress reporting. */
  bytesRead: number;
}

/**
 * Streams documents from a JSONL or CSV file through a field mapping, one record at a time. Stops at the
 * first bad record with a `file:line: column: message` error; duplicate ids are left to the caller.
 */
export async function* readMappedDocuments(
  file: string,
  format: MappedFormat,
  fieldMapping: FieldMappingInput,
  options: MappedDocumentOptions = {},
): AsyncGenerator<MappedDocument> {
  const { tagSeparator, ...mapping } = parseFieldMapping(fieldMapping);
  const { vectorDimensions } = options;
  if (vectorDimensions !== undefined && !(Number.isInteger(vectorDimensions) && vectorDimensions > 0)) {
    throw new AppError('INVALID_ARGS', `vectorDimensions must be a positive integer, got ${vectorDimensions}`, { field: 'vectorDimensions' });
  }
  requireFile(file, 'documents file');
  let dimensions = vectorDimensions === undefined ? null : { size: vectorDimensions, setBy: 'the vectorDimensions option' };
  const mappedKeys = Object.values(mapping).filter((key) => key !== undefined);
  for await (const record of readSourceRecords(file, format, mappedKeys)) {
    const { line, bytesRead } = record;
    const id = readValue(file, record, mapping.id, toIdentifier);
    const title = readValue(file, record, mapping.title, toOptionalString) ?? '';
    const text = readValue(file, record, mapping.text, toOptionalString) ?? '';
    if (title.trim() === '' && text.trim() === '') {
      throw new AppError('IMPORT_BAD_LINE', 'document has neither title nor text', { file, line, field: mapping.text ?? mapping.title });
    }
    let vector: Float32Array | null = null;
    if (mapping.vector !== undefined) {
      vector = readValue(file, record, mapping.vector, toVector);
      dimensions ??= { size: vector.length, setBy: `line ${line}` };
      if (vector.length !== dimensions.size) {
        throw new AppError('IMPORT_BAD_LINE', `expected a vector of ${dimensions.size} numbers (set by ${dimensions.setBy}), got ${vector.length}`, {
          file,
          line,
          field: mapping.vector,
        });
      }
    }
    const image = readValue(file, record, mapping.image, toImageReference);
    if (image !== null && !/^https?:\/\//i.test(image)) {
      try {
        checkImportableImage(path.dirname(file), image);
      } catch (error) {
        throw locatedImageError(error, image, { file, line, field: mapping.image });
      }
    }
    yield {
      doc: {
        id,
        title,
        text,
        tags: readValue(file, record, mapping.tags, (value) => toTags(value, tagSeparator)),
        board: readValue(file, record, mapping.board, toOptionalString) ?? '',
        image,
      },
      popularity: readValue(file, record, mapping.popularity, toOptionalCount),
      createdAt: readValue(file, record, mapping.createdAt, toOptionalDate),
      vector,
      line,
      bytesRead,
    };
  }
}

/**
 * Streams JSONL objects or CSV/TSV rows. Every key in `mappedKeys` must be a CSV header column, or appear in
 * at least one JSONL line (checked at the end, since a key may be left out of lines that have no value).
 */
export function readSourceRecords(file: string, format: RecordFormat, mappedKeys: readonly string[]): AsyncGenerator<SourceRecord> {
  return format === 'jsonl' ? readJsonRecords(file, mappedKeys) : readCsvRecords(file, format, mappedKeys);
}

const jsonObject = z.record(z.string(), z.unknown(), { error: 'each line must be a JSON object' });

async function* readJsonRecords(file: string, mappedKeys: readonly string[]): AsyncGenerator<SourceRecord> {
  const unseenKeys = new Set(mappedKeys);
  let sawRecord = false;
  for await (const line of readLines(file)) {
    const values = parseJsonLine(jsonObject, file, line);
    sawRecord = true;
    for (const key of unseenKeys) if (sourceValue(values, key) !== undefined) unseenKeys.delete(key);
    yield { values, line: line.line, bytesRead: line.bytesRead };
  }
  const [unseenKey] = unseenKeys;
  if (sawRecord && unseenKey !== undefined) {
    throw new AppError('IMPORT_BAD_LINE', 'no line has this key; check the field mapping', { file, field: unseenKey });
  }
}

interface ParsedCsvRow {
  record: Record<string, string>;
  raw: string;
  info: Info;
}

async function* readCsvRecords(file: string, format: 'csv' | 'tsv', mappedKeys: readonly string[]): AsyncGenerator<SourceRecord> {
  const input = fs.createReadStream(file);
  const parser = parse({
    columns: true,
    relax_column_count: false,
    bom: true,
    skip_empty_lines: true,
    info: true,
    raw: true,
    // The line reader's cap, as csv-parse's own: a longer record is refused before it becomes a huge string.
    max_record_size: MAX_LINE_BYTES,
    ...(format === 'tsv' ? { delimiter: '\t', quote: false } : {}),
  });
  // Errors of any stage end the parser's iteration below.
  const rows = pipeline(input, strictUtf8Check(), parser, () => undefined);
  const lines = new CsvLineCounter();
  let headerChecked = false;
  try {
    for await (const { record, raw, info } of rows as AsyncIterable<ParsedCsvRow>) {
      const { line, blankLinesBefore } = lines.locate(raw, info.lines);
      if (!headerChecked) {
        const columns = Object.keys(record);
        const missing = mappedKeys.find((key) => !columns.includes(key));
        if (missing !== undefined) {
          throw new AppError('IMPORT_BAD_LINE', `no such column in the header (columns: ${listColumns(columns)})`, {
            file,
            line: line - blankLinesBefore - 1,
            field: missing,
          });
        }
        headerChecked = true;
      }
      yield { values: record, line, bytesRead: info.bytes };
    }
  } catch (error) {
    if (error instanceof NotUtf8Error) throw await locateInvalidUtf8(file);
    throw error instanceof CsvError ? csvSyntaxError(file, error, lines) : error;
  } finally {
    input.destroy();
  }
}

class NotUtf8Error extends Error {}

/**
 * Passes bytes through unchanged once a strict decoder accepted them, so bytes that are not UTF-8 fail the
 * stream instead of becoming `�` (the parser still gets bytes, so its byte counts stay true for progress).
 */
function strictUtf8Check(): Transform {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const check = (bytes?: Buffer): Error | null => {
    try {
      if (bytes) decoder.decode(bytes, { stream: true });
      else decoder.decode();
      return null;
    } catch {
      return new NotUtf8Error();
    }
  };
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      const error = check(chunk);
      done(error, error ? undefined : chunk);
    },
    flush(done) {
      done(check());
    },
  });
}

/** The line and byte offset of a CSV file's first bytes that are not UTF-8, found by the line reader's strict decoding. */
async function locateInvalidUtf8(file: string): Promise<AppError> {
  try {
    for await (const line of readLines(file, { maxLineBytes: Number.POSITIVE_INFINITY })) void line;
  } catch (error) {
    if (error instanceof AppError) return error;
  }
  return new AppError('IMPORT_BAD_LINE', 'not valid UTF-8: save the file as UTF-8', { file });
}

const COLUMNS_LISTED = 20;

/** The header's columns for a message: each a short excerpt (a file that is not CSV makes its first line a column). */
function listColumns(columns: readonly string[]): string {
  const listed = columns.slice(0, COLUMNS_LISTED).map(quoteExcerpt).join(', ');
  return columns.length > COLUMNS_LISTED ? `${listed}, … ${columns.length} in all` : listed;
}

/**
 * csv-parse reports the line a record ends on, and counts a CRLF inside a quoted cell as two lines; errors
 * should name the real line where the record starts. A record's raw text is one break character per blank
 * line skipped before it, its own text, then the first character of its line break.
 */
class CsvLineCounter {
  private overcount = 0;
  /** Where the record after the last one read starts, unless blank lines come first. */
  nextRecordLine: number | undefined;

  locate(raw: string, reportedEndLine: number): { line: number; blankLinesBefore: number } {
    const blankLinesBefore = /^[\r\n]*/.exec(raw)?.[0].length ?? 0;
    const text = raw.slice(blankLinesBefore).replace(/[\r\n]$/, '');
    this.overcount += text.split('\r\n').length - 1;
    const endLine = this.corrected(reportedEndLine);
    this.nextRecordLine = endLine + 1;
    return { line: endLine - (text.split(/\r\n|\r|\n/).length - 1), blankLinesBefore };
  }

  corrected(reportedLine: number): number {
    return reportedLine - this.overcount;
  }
}

/**
 * csv-parse's messages end with its own line count, which the location replaces; the one for a stray quote
 * also quotes the whole cell, so it is said here with a short excerpt instead. An unclosed quote runs to the
 * end of the file, so it is reported where its record starts.
 */
function csvSyntaxError(file: string, error: CsvError, lines: CsvLineCounter): AppError {
  const reportedLine = typeof error.lines === 'number' ? lines.corrected(error.lines) : undefined;
  const column = (error as CsvError & { column?: unknown }).column;
  const message =
    error.code === 'INVALID_OPENING_QUOTE'
      ? `a quote inside a cell that does not start with one${typeof column === 'string' ? ` (column ${quoteExcerpt(column)})` : ''}`
      : error.message.replace(/ (?:at|on) line \d+/, '');
  return new AppError('IMPORT_BAD_LINE', `invalid CSV: ${message}`, {
    file,
    line: error.code === 'CSV_QUOTE_NOT_CLOSED' ? (lines.nextRecordLine ?? reportedLine) : reportedLine,
  });
}

/** A key names a top-level field, else a dot path into nested objects (`meta.board`). */
function sourceValue(values: Record<string, unknown>, key: string): unknown {
  if (Object.hasOwn(values, key)) return values[key];
  let value: unknown = values;
  for (const part of key.split('.')) {
    if (typeof value !== 'object' || value === null || !Object.hasOwn(value, part)) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

/** Thrown by value converters; {@link readValue} adds the file, line and source key. */
export class InvalidValue extends Error {
  constructor(
    message: string,
    readonly code: AppErrorCode = 'IMPORT_BAD_LINE',
  ) {
    super(message);
  }
}

/** Converts one mapped value; an unmapped key reads as a missing value. */
export function readValue<T>(file: string, record: SourceRecord, key: string | undefined, convert: (value: unknown) => T): T {
  try {
    return convert(key === undefined ? undefined : sourceValue(record.values, key));
  } catch (error) {
    if (error instanceof InvalidValue) throw new AppError(error.code, error.message, { file, line: record.line, field: key });
    throw error;
  }
}

/** CSV has no null: a blank cell, like a JSON null or a missing key, means "no value". */
function isAbsent(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

/** A source value in a message: numbers as written, anything else as a short excerpt of its JSON. */
function shown(value: unknown): string {
  if (typeof value === 'number' || value instanceof ExactInteger) return String(value);
  return typeof value === 'string' ? quoteExcerpt(value) : quoteExcerpt(JSON.stringify(value) ?? String(value));
}

/**
 * Ids may be written as JSON integers; they are identifiers, so they are kept as strings with the file's
 * very digits (an integer beyond 2^53 arrives as its digits; any other number a double rounded is refused).
 */
export function toIdentifier(value: unknown): string {
  if (value instanceof ExactInteger) return value.digits;
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
  if (isAbsent(value)) throw new InvalidValue('is missing or empty');
  if (typeof value === 'number') throw new InvalidValue(`must be a string or an integer written with plain digits, got ${shown(value)}`);
  if (typeof value !== 'string') throw new InvalidValue(`must be a string or an integer, got ${shown(value)}`);
  return value;
}

export function toOptionalString(value: unknown): string | null {
  if (isAbsent(value)) return null;
  if (typeof value !== 'string') throw new InvalidValue(`must be a string, got ${shown(value)}`);
  return value;
}

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i;

/** A JSON number or a plain decimal string; NaN for anything else (hex, "1,000", words). */
function toNumber(value: unknown): number {
  if (typeof value === 'number') return value;
  if (value instanceof ExactInteger) return Number(value.digits);
  return typeof value === 'string' && DECIMAL.test(value.trim()) ? Number(value) : Number.NaN;
}

export function toOptionalCount(value: unknown): number | null {
  if (isAbsent(value)) return null;
  const count = toNumber(value);
  if (!Number.isFinite(count) || count < 0) throw new InvalidValue(`must be a non-negative number, got ${shown(value)}`);
  return count;
}

function toTags(value: unknown, separator: string): string[] {
  if (isAbsent(value)) return [];
  const tags = typeof value === 'string' ? value.split(separator) : value;
  if (!Array.isArray(tags) || !tags.every((tag): tag is string => typeof tag === 'string')) {
    throw new InvalidValue(`must be an array of strings or one "${separator}"-separated string, got ${shown(value)}`);
  }
  return tags.map((tag) => tag.trim()).filter((tag) => tag !== '');
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(Z|[+-]\d{2}:?\d{2})?)?$/i;
/** Smaller epoch numbers are seconds: 1e11 seconds is the year 5138, while 1e11 milliseconds is 1973. */
const EPOCH_MILLISECONDS_FROM = 1e11;

function toOptionalDate(value: unknown): string | null {
  if (isAbsent(value)) return null;
  const date = new Date(epochMilliseconds(value));
  if (Number.isNaN(date.getTime())) {
    throw new InvalidValue(`${shown(value)} is not a date: use ISO 8601 (2024-05-01 or 2024-05-01T12:00:00Z) or epoch seconds or milliseconds`);
  }
  return date.toISOString();
}

/** ISO dates without a zone are read as UTC, so an import means the same on every machine. */
function epochMilliseconds(value: unknown): number {
  const epoch = toNumber(value);
  if (Number.isFinite(epoch)) return Math.abs(epoch) < EPOCH_MILLISECONDS_FROM ? epoch * 1000 : epoch;
  const match = typeof value === 'string' ? ISO_DATE.exec(value.trim()) : null;
  if (!match) return Number.NaN;
  const [, year, month, day, time = '00:00', zone = 'Z'] = match;
  // Date.parse would roll 2024-02-30 over to March 1st.
  const calendarDay = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  if (calendarDay.getUTCMonth() !== Number(month) - 1 || calendarDay.getUTCDate() !== Number(day)) return Number.NaN;
  const offset = /^[+-]\d{4}$/.test(zone) ? `${zone.slice(0, 3)}:${zone.slice(3)}` : zone.toUpperCase();
  return Date.parse(`${year}-${month}-${day}T${time}${offset}`);
}

const URL_SCHEME = /^[a-z][a-z\d+.-]*:/i;

/**
 * Images are shown in the app, so only web URLs or files inside the data file's folder are accepted: never
 * script or inline `data:` URLs, absolute paths or `..` escapes. A relative path must be an image file
 * there, as for pins (checked by the caller, which knows where the error is).
 */
function toImageReference(value: unknown): string | null {
  const reference = toOptionalString(value)?.trim();
  if (!reference) return null;
  if (URL_SCHEME.test(reference)) {
    if (!/^https?:$/.test(URL.parse(reference)?.protocol ?? '')) {
      throw new InvalidValue(`${quoteExcerpt(reference)} is not allowed: use an http(s) URL or a path relative to the data file`);
    }
    return reference;
  }
  if (path.isAbsolute(reference) || /^[\\/]/.test(reference) || reference.split(/[\\/]/).includes('..')) {
    throw new InvalidValue(`${quoteExcerpt(reference)} must be a path relative to the data file's folder, without ".."`);
  }
  return reference;
}

/** A JSON array of numbers, or in one CSV cell either that array as text or numbers split by spaces or commas. */
function toVector(value: unknown): Float32Array {
  if (isAbsent(value)) throw new InvalidValue('is missing: when a vector column is mapped, every document needs one');
  const numbers = typeof value === 'string' ? vectorCellNumbers(value) : value;
  if (!Array.isArray(numbers) || numbers.length === 0) throw new InvalidValue('must be a non-empty array of numbers');
  const vector = new Float32Array(numbers.length);
  numbers.forEach((number: unknown, index) => {
    vector[index] = toNumber(number);
    // Checked after narrowing to 32 bits, which turns numbers beyond ±3.4e38 into infinities.
    if (!Number.isFinite(vector[index])) throw new InvalidValue(`value ${index + 1} (${shown(number)}) is not a finite 32-bit number`);
  });
  return vector;
}

function vectorCellNumbers(cell: string): unknown {
  const text = cell.trim();
  if (!text.startsWith('[')) return text.split(/[\s,]+/);
  try {
    return JSON.parse(text);
  } catch {
    throw new InvalidValue('is not a valid JSON array');
  }
}
