import { AppError } from '../runtime/errors';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';

/**
 * Readers for TREC qrels and BEIR qrels TSV, the shapes of qrels and runs, and the byte helpers they
 * share with the run reader (run-reader.ts).
 *
 * The files are parsed as bytes: no per-line or per-document strings are made. A document id is a byte
 * range of a Buffer, compared byte by byte (unsigned, like trec_eval's strcmp) and looked up
 * through per-query hash tables (see ranking.ts). Query ids are latin1 strings (one char per byte, so
 * JavaScript's `<` orders them like strcmp whatever the encoding); `displayId` turns them into UTF-8.
 */

/** A malformed input line; the CLI prints `file:line: field: message` and exits 2. */
export class InputError extends AppError {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly field: string,
    readonly detail: string,
  ) {
    super('EVAL_BAD_INPUT', detail, { file, line, field });
  }
}

/** One query's judgments: indexes into the parent Qrels' columns. */
export interface QueryJudgments {
  /** Judgment indexes (into `Qrels.docStarts` etc.), in file order. */
  readonly judgments: Int32Array;
  /** Largest relevance value of the query (−1 when all values are negative). */
  readonly maxRel: number;
}

export interface Qrels {
  readonly file: string;
  /** The (gunzipped) file content; docnos are byte ranges of it. */
  readonly bytes: Buffer;
  /** Per judgment: docno byte range, FNV-1a hash of the docno, relevance value. */
  readonly docStarts: Uint32Array;
  readonly docEnds: Uint32Array;
  readonly docHashes: Int32Array;
  readonly rels: Int32Array;
  /** latin1 qid → judgments. */
  readonly queries: Map<string, QueryJudgments>;
}

/** One query's retrieved documents: the range [start, end) of the parent Run's columns. */
export interface RunQuery {
  readonly start: number;
  readonly end: number;
}

export interface Run {
  readonly file: string;
  /** trec_eval keeps the run tag of the last line in the file. */
  readonly runId: string;
  /** The docnos, as byte ranges of this buffer (see run-reader.ts). */
  readonly bytes: Buffer;
  /** Per retrieved document, grouped by query (file order within a query). */
  readonly docStarts: Uint32Array;
  readonly docEnds: Uint32Array;
  readonly scores: Float64Array;
  /** hashBytes() of each docno, computed while parsing (the bytes are in cache then). */
  readonly docHashes: Int32Array;
  /** 1-based line of each document in its file (for error messages). */
  readonly lineNumbers: Int32Array;
  /** latin1 qid → its documents. */
  readonly queries: Map<string, RunQuery>;
}

const GZIP_MAGIC_0 = 0x1f;
const GZIP_MAGIC_1 = 0x8b;
const NEWLINE = 10;
const HASH = 35;

/** Reads a file, transparently gunzipping it when it starts with the gzip magic bytes. */
export function readInputFile(file: string): Buffer {
  const raw = readFileSync(file);
  return isGzip(raw) ? gunzipSync(raw) : raw;
}

export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === GZIP_MAGIC_0 && bytes[1] === GZIP_MAGIC_1;
}

export function displayId(latin1Id: string): string {
  return Buffer.from(latin1Id, 'latin1').toString('utf8');
}

function displayBytes(bytes: Buffer, start: number, end: number): string {
  return bytes.toString('utf8', start, end);
}

/** 1-based number of the line holding byte `offset` (used for error messages only). */
export function lineNumberAt(bytes: Buffer, offset: number): number {
  let line = 1;
  for (let i = bytes.indexOf(NEWLINE); i >= 0 && i < offset; i = bytes.indexOf(NEWLINE, i + 1)) line++;
  return line;
}

/** FNV-1a over a byte range, with murmur3's finalizer so that the low bits (table slots) are well mixed. */
export function hashBytes(bytes: Uint8Array, start: number, end: number): number {
  let hash = 0x811c9dc5 | 0;
  for (let i = start; i < end; i++) hash = Math.imul(hash ^ bytes[i]!, 0x01000193);
  hash = Math.imul(hash ^ (hash >>> 16), 0x85ebca6b);
  hash = Math.imul(hash ^ (hash >>> 13), 0xc2b2ae35);
  return hash ^ (hash >>> 16);
}

/** strcmp of two byte ranges (unsigned bytes; a proper prefix sorts first). */
export function compareBytes(a: Uint8Array, aStart: number, aEnd: number, b: Uint8Array, bStart: number, bEnd: number): number {
  const aLength = aEnd - aStart;
  const bLength = bEnd - bStart;
  const length = aLength < bLength ? aLength : bLength;
  for (let i = 0; i < length; i++) {
    const difference = a[aStart + i]! - b[bStart + i]!;
    if (difference !== 0) return difference;
  }
  return aLength - bLength;
}

export function equalBytes(a: Uint8Array, aStart: number, aEnd: number, b: Uint8Array, bStart: number, bEnd: number): boolean {
  const length = aEnd - aStart;
  if (length !== bEnd - bStart) return false;
  for (let i = 0; i < length; i++) if (a[aStart + i] !== b[bStart + i]) return false;
  return true;
}

function isSeparator(code: number): boolean {
  // C isspace() minus '\n', which ends the line.
  return code === 32 || code === 9 || code === 13 || code === 11 || code === 12;
}

/** Index of the first non-separator byte at or after `i` (a '\n' or `end` when the line has no more fields). */
export function skipSeparators(bytes: Uint8Array, i: number, end: number): number {
  while (i < end && isSeparator(bytes[i]!)) i++;
  return i;
}

/** Index just past the field starting at `i` (bytes above ' ', the common case, are tested first). */
export function skipField(bytes: Uint8Array, i: number, end: number): number {
  for (;;) {
    while (i < end && bytes[i]! > 32) i++;
    if (i >= end) return i;
    const code = bytes[i]!;
    if (code === 32 || (code <= 13 && code >= 9)) return i;
    i++;
  }
}

/** Up to this many fields of a line are located; later ones are only counted. */
const MAX_FIELDS = 8;

/** Strictly an optional sign, digits, and optionally '.' followed by digits (what atol-compatible qrels use). */
function parseRelevance(bytes: Buffer, start: number, end: number): number | undefined {
  let i = start;
  let negative = false;
  if (bytes[i] === 45 || bytes[i] === 43) {
    negative = bytes[i] === 45;
    i++;
  }
  let value = 0;
  let digits = 0;
  while (i < end && bytes[i]! >= 48 && bytes[i]! <= 57) {
    value = value * 10 + (bytes[i]! - 48);
    digits++;
    i++;
  }
  if (digits === 0) return undefined;
  if (i < end && bytes[i] === 46) {
    i++;
    while (i < end && bytes[i]! >= 48 && bytes[i]! <= 57) i++;
  }
  if (i !== end) return undefined;
  // trec_eval reads the value with atol(): a fractional part is dropped.
  if (digits > 15) return Math.trunc(Number(bytes.toString('latin1', start, end)));
  return negative ? -value : value;
}

/**
 * Gives each query id (a byte range of the file) a dense index, in order of first appearance. Files are
 * usually grouped by query, so the previous id is compared byte-wise before any string or map is made.
 */
class QueryIdInterner {
  readonly texts: string[] = [];
  private readonly indexes = new Map<string, number>();
  private current = -1;
  private currentStart = 0;
  private currentEnd = 0;

  constructor(private readonly bytes: Uint8Array) {}

  /** The index of the id at [start, end), or -1 when it is the same id as on the previous call. */
  internIfChanged(start: number, end: number): number {
    if (this.current >= 0 && equalBytes(this.bytes, start, end, this.bytes, this.currentStart, this.currentEnd)) return -1;
    const text = Buffer.from(this.bytes.buffer, this.bytes.byteOffset, this.bytes.length).toString('latin1', start, end);
    let index = this.indexes.get(text);
    if (index === undefined) {
      index = this.texts.length;
      this.indexes.set(text, index);
      this.texts.push(text);
    }
    this.current = index;
    this.currentStart = start;
    this.currentEnd = end;
    return index;
  }

  /** The index of the id seen on the last call. */
  get currentIndex(): number {
    return this.current;
  }
}

/** Parses TREC qrels (`qid iter docno rel`) or BEIR qrels TSV (`query-id corpus-id score` header). */
export function parseQrels(fileBytes: Buffer, file: string): Qrels {
  // A final '\n' stops every scan below (see RunLineParser.parse in run-reader.ts).
  const bytes = fileBytes.length > 0 && fileBytes[fileBytes.length - 1] !== NEWLINE ? Buffer.concat([fileBytes, Buffer.of(NEWLINE)]) : fileBytes;
  let capacity = estimateLines(bytes);
  let docStarts: Uint32Array = new Uint32Array(capacity);
  let docEnds: Uint32Array = new Uint32Array(capacity);
  let docHashes: Int32Array = new Int32Array(capacity);
  let rels: Int32Array = new Int32Array(capacity);
  let queryOf: Int32Array = new Int32Array(capacity);
  let count = 0;
  const queryIds = new QueryIdInterner(bytes);
  const qidTexts = queryIds.texts;
  let beirHeaderSeen = false;
  const starts = new Uint32Array(MAX_FIELDS);
  const ends = new Uint32Array(MAX_FIELDS);
  const length = bytes.length;
  let lineNumber = 0;
  let i = 0;
  while (i < length) {
    lineNumber++;
    if (bytes[i] === HASH) {
      while (bytes[i] !== NEWLINE) i++;
      i++;
      continue;
    }
    let fieldCount = 0;
    let c = bytes[i]!;
    while (c === 32 || c === 9 || c === 13 || c === 11 || c === 12) c = bytes[++i]!;
    while (c !== NEWLINE) {
      if (fieldCount < MAX_FIELDS) starts[fieldCount] = i;
      while (bytes[i]! > 32) i++;
      c = bytes[i]!;
      if (c !== 32 && (c > 13 || c < 9)) i = skipField(bytes, i, length);
      if (fieldCount < MAX_FIELDS) ends[fieldCount] = i;
      fieldCount++;
      c = bytes[i]!;
      while (c === 32 || c === 9 || c === 13 || c === 11 || c === 12) c = bytes[++i]!;
    }
    i++;
    if (fieldCount === 0) continue;
    if (lineNumber === 1 && fieldCount === 3 && bytes.toString('latin1', starts[0], ends[0]) === 'query-id') {
      beirHeaderSeen = true;
      continue;
    }
    const expected = beirHeaderSeen ? 3 : 4;
    if (fieldCount !== expected) {
      const layout = beirHeaderSeen ? 'query-id corpus-id score' : 'qid iter docno rel';
      throw new InputError(file, lineNumber, 'line', `expected ${expected} fields (${layout}), found ${fieldCount}`);
    }
    const docField = beirHeaderSeen ? 1 : 2;
    const relField = beirHeaderSeen ? 2 : 3;
    const relevance = parseRelevance(bytes, starts[relField]!, ends[relField]!);
    if (relevance === undefined) {
      throw new InputError(file, lineNumber, beirHeaderSeen ? 'score' : 'rel', `not an integer relevance value: '${displayBytes(bytes, starts[relField]!, ends[relField]!)}'`);
    }
    queryIds.internIfChanged(starts[0]!, ends[0]!);
    if (count === capacity) {
      capacity = Math.ceil(capacity * 1.5) + 16;
      docStarts = grownUint32(docStarts, capacity);
      docEnds = grownUint32(docEnds, capacity);
      docHashes = grownInt32(docHashes, capacity);
      rels = grownInt32(rels, capacity);
      queryOf = grownInt32(queryOf, capacity);
    }
    const docStart = starts[docField]!;
    const docEnd = ends[docField]!;
    docStarts[count] = docStart;
    docEnds[count] = docEnd;
    docHashes[count] = hashBytes(bytes, docStart, docEnd);
    rels[count] = relevance;
    queryOf[count] = queryIds.currentIndex;
    count++;
  }

  // Group the judgments by query (stable, so file order within a query).
  const numQueries = qidTexts.length;
  const offsets = new Int32Array(numQueries + 1);
  for (let j = 0; j < count; j++) offsets[queryOf[j]! + 1]!++;
  for (let q = 0; q < numQueries; q++) offsets[q + 1]! += offsets[q]!;
  const grouped = new Int32Array(count);
  const fill = offsets.slice(0, numQueries);
  for (let j = 0; j < count; j++) grouped[fill[queryOf[j]!]!++] = j;
  // Reject duplicate judgments, reporting the first line (in file order) that repeats an earlier one.
  // One small hash table per query stays in cache, unlike a table over the whole file.
  let firstDuplicate = -1;
  let table = new Int32Array(16);
  for (let q = 0; q < numQueries; q++) {
    const size = offsets[q + 1]! - offsets[q]!;
    let capacity = 16;
    while (capacity < 2 * size) capacity *= 2;
    if (table.length < capacity) table = new Int32Array(capacity);
    else table.fill(0, 0, capacity);
    const mask = capacity - 1;
    for (let k = offsets[q]!; k < offsets[q + 1]!; k++) {
      const j = grouped[k]!;
      const hash = docHashes[j]!;
      for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
        const entry = table[slot]!;
        if (entry === 0) {
          table[slot] = j + 1;
          break;
        }
        const other = entry - 1;
        if (docHashes[other] === hash && equalBytes(bytes, docStarts[other]!, docEnds[other]!, bytes, docStarts[j]!, docEnds[j]!)) {
          if (firstDuplicate < 0 || j < firstDuplicate) firstDuplicate = j;
          break;
        }
      }
    }
  }
  if (firstDuplicate >= 0) {
    const j = firstDuplicate;
    throw new InputError(
      file,
      lineNumberAt(bytes, docStarts[j]!),
      'docno',
      `duplicate judgment for query '${displayId(qidTexts[queryOf[j]!]!)}' document '${displayBytes(bytes, docStarts[j]!, docEnds[j]!)}' (trec_eval rejects duplicates)`,
    );
  }

  const queries = new Map<string, QueryJudgments>();
  for (let q = 0; q < numQueries; q++) {
    const judgments = grouped.subarray(offsets[q]!, offsets[q + 1]!);
    let maxRel = -1;
    for (let k = 0; k < judgments.length; k++) if (rels[judgments[k]!]! > maxRel) maxRel = rels[judgments[k]!]!;
    queries.set(qidTexts[q]!, { judgments, maxRel });
  }
  return {
    file,
    bytes,
    docStarts: docStarts.subarray(0, count),
    docEnds: docEnds.subarray(0, count),
    docHashes: docHashes.subarray(0, count),
    rels: rels.subarray(0, count),
    queries,
  };
}

function grownUint32(array: Uint32Array, capacity: number): Uint32Array {
  const next = new Uint32Array(capacity);
  next.set(array);
  return next;
}

function grownInt32(array: Int32Array, capacity: number): Int32Array {
  const next = new Int32Array(capacity);
  next.set(array);
  return next;
}

/** Number of lines, extrapolated from the first megabyte (plus slack), to size the columns. */
function estimateLines(bytes: Buffer): number {
  const sample = Math.min(bytes.length, 1 << 20);
  let lines = 0;
  for (let i = bytes.indexOf(NEWLINE); i >= 0 && i < sample; i = bytes.indexOf(NEWLINE, i + 1)) lines++;
  if (lines === 0) return 1024;
  return Math.ceil((bytes.length / sample) * lines * 1.05) + 1024;
}

/** 10^0 .. 10^22: exactly representable doubles. */
export const POWERS_OF_TEN = Array.from({ length: 23 }, (_, i) => 10 ** i);

/**
 * Score field → double, equal to JavaScript's Number(text) (and so to C's strtod for decimal text).
 * Fast path for `[+-]digits[.digits]` with at most 15 digits: the digits form an integer below 2^53 and
 * the power of ten is exact, so one correctly rounded division gives the correctly rounded value.
 * Anything else (exponents, long mantissas, inf, hex) goes through Number() of the text.
 */
export function parseScore(bytes: Buffer, start: number, end: number): number {
  let i = start;
  let negative = false;
  const first = bytes[i]!;
  if (first === 45 || first === 43) {
    negative = first === 45;
    i++;
  }
  let mantissa = 0;
  let digits = 0;
  let fractionDigits = 0;
  while (i < end) {
    const code = bytes[i]!;
    if (code < 48 || code > 57) break;
    mantissa = mantissa * 10 + (code - 48);
    digits++;
    i++;
  }
  if (i < end && bytes[i] === 46) {
    i++;
    while (i < end) {
      const code = bytes[i]!;
      if (code < 48 || code > 57) break;
      mantissa = mantissa * 10 + (code - 48);
      digits++;
      fractionDigits++;
      i++;
    }
  }
  if (i !== end || digits === 0 || digits > 15) return Number(bytes.toString('latin1', start, end));
  const magnitude = fractionDigits === 0 ? mantissa : mantissa / POWERS_OF_TEN[fractionDigits]!;
  return negative ? -magnitude : magnitude;
}

export function loadQrels(file: string): Qrels {
  return parseQrels(readInputFile(file), file);
}
