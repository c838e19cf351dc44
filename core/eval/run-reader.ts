/**
 * Reader for TREC run files (`qid iter docno rank score runid`; the rank column is ignored like
 * trec_eval does), parsed as bytes in chunks: a plain file is read a megabyte at a time and each
 * docno is copied into a compact pool, so the file itself never has to be held in memory. A sink
 * hears of every change of query id, so a run grouped by query can be evaluated one query at a time.
 */
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import * as trecFiles from './trec-files';
import { InputError, isGzip, type Run, type RunQuery } from './trec-files';

// Module-level bindings: under tsx (CommonJS) every use of an imported function is a getter call.
const skipSeparators = trecFiles.skipSeparators;
const skipField = trecFiles.skipField;
const parseScore = trecFiles.parseScore;
const POWERS_OF_TEN = trecFiles.POWERS_OF_TEN;

const NEWLINE = 10;
const HASH = 35;
const DEFAULT_CHUNK_BYTES = 1 << 20;

/** The documents read so far (all of a run, or only the current query's): docnos live in `bytes`. */
export class RunColumns {
  bytes = Buffer.allocUnsafe(1 << 16);
  /** Bytes of `bytes` in use. */
  used = 0;
  docStarts = new Uint32Array(1024);
  docEnds = new Uint32Array(1024);
  scores = new Float64Array(1024);
  /** hashBytes() of each docno. */
  docHashes = new Int32Array(1024);
  /** 1-based line of each document in its file. */
  lineNumbers = new Int32Array(1024);
  count = 0;

  /** Makes room for one more document. */
  growDocuments(): void {
    const capacity = this.docStarts.length * 2;
    this.docStarts = grown(this.docStarts, new Uint32Array(capacity));
    this.docEnds = grown(this.docEnds, new Uint32Array(capacity));
    this.scores = grown(this.scores, new Float64Array(capacity));
    this.docHashes = grown(this.docHashes, new Int32Array(capacity));
    this.lineNumbers = grown(this.lineNumbers, new Int32Array(capacity));
  }

  /** Makes room for `bytes` more docno bytes. */
  growBytes(bytes: number): void {
    const next = Buffer.allocUnsafe(Math.max(this.bytes.length * 2, this.used + bytes));
    this.bytes.copy(next, 0, 0, this.used);
    this.bytes = next;
  }

  /** A Run over the columns as they are now (`queries` index them). */
  toRun(file: string, runId: string, queries: Map<string, RunQuery>): Run {
    const { count } = this;
    return {
      file,
      runId,
      bytes: this.bytes.subarray(0, this.used),
      docStarts: this.docStarts.subarray(0, count),
      docEnds: this.docEnds.subarray(0, count),
      scores: this.scores.subarray(0, count),
      docHashes: this.docHashes.subarray(0, count),
      lineNumbers: this.lineNumbers.subarray(0, count),
      queries,
    };
  }

  clear(): void {
    this.count = 0;
    this.used = 0;
  }
}

function grown<T extends Uint32Array | Int32Array | Float64Array>(array: T, next: T): T {
  next.set(array);
  return next;
}

export interface RunSink {
  /**
   * A line's query id (latin1: one char per byte) differs from the previous line's. Called before the
   * line's document is added to the columns, so they still hold only the previous lines.
   */
  startQuery(qid: string): void;
}

const RUN_FIELDS = ['qid', 'iter', 'docno', 'rank', 'score', 'runid'];

function missingField(bytes: Buffer, lineStart: number, end: number, file: string, lineNumber: number): InputError {
  let fieldCount = 0;
  for (let i = skipSeparators(bytes, lineStart, end); i < end && bytes[i] !== NEWLINE; i = skipSeparators(bytes, i, end)) {
    i = skipField(bytes, i, end);
    fieldCount++;
  }
  return new InputError(file, lineNumber, RUN_FIELDS[fieldCount]!, `missing field (expected 'qid iter docno rank score runid', found ${fieldCount} fields)`);
}

/** Parses run lines chunk by chunk into RunColumns, telling a sink where queries change. */
class RunLineParser {
  /** The run tag of the last line parsed (trec_eval keeps the last one). */
  runId = '';
  private lineNumber = 0;
  private qid = Buffer.alloc(64);
  private qidLength = -1;

  constructor(
    private readonly file: string,
    private readonly columns: RunColumns,
    private readonly sink: RunSink,
  ) {}

  /** Parses a whole buffer, whether or not its last line ends with '\n'. */
  parseAll(bytes: Buffer): void {
    if (bytes.length > 0 && bytes[bytes.length - 1] !== NEWLINE) bytes = Buffer.concat([bytes, Buffer.of(NEWLINE)]);
    this.parse(bytes, bytes.length);
  }

  /**
   * Parses the lines of bytes [0, end), every one of them ended by '\n' (so bytes[end - 1] is one).
   * That final '\n' stops every scan, so the loops test bytes, not bounds. The field and separator
   * scans are written out inline: as calls they would exceed what the JIT inlines into this loop.
   */
  parse(bytes: Buffer, end: number): void {
    const columns = this.columns;
    const file = this.file;
    let lineNumber = this.lineNumber;
    let runIdStart = -1;
    let runIdEnd = -1;
    let i = 0;
    let c = 0;
    while (i < end) {
      lineNumber++;
      const lineStart = i;
      if (bytes[i] === HASH) {
        while (bytes[i] !== NEWLINE) i++;
        i++;
        continue;
      }
      // Each field: skip separators (C isspace() minus '\n'), stop at the line's end, scan the field
      // (bytes above ' ' are the common case; other control bytes belong to the field).
      c = bytes[i]!;
      while (c === 32 || c === 9 || c === 13 || c === 11 || c === 12) c = bytes[++i]!;
      if (c === NEWLINE) {
        i++; // blank line
        continue;
      }
      const qidStart = i;
      while (bytes[i]! > 32) i++;
      c = bytes[i]!;
      if (c !== 32 && (c > 13 || c < 9)) i = skipField(bytes, i, end);
      const qidEnd = i;

      c = bytes[i]!;
      while (c === 32 || c === 9 || c === 13 || c === 11 || c === 12) c = bytes[++i]!;
      if (c === NEWLINE) throw missingField(bytes, lineStart, end, file, lineNumber);
      while (bytes[i]! > 32) i++;
      c = bytes[i]!;
      if (c !== 32 && (c > 13 || c < 9)) i = skipField(bytes, i, end);

      c = bytes[i]!;
      while (c === 32 || c === 9 || c === 13 || c === 11 || c === 12) c = bytes[++i]!;
      if (c === NEWLINE) throw missingField(bytes, lineStart, end, file, lineNumber);
      const docStart = i;
      while (bytes[i]! > 32) i++;
      c = bytes[i]!;
      if (c !== 32 && (c > 13 || c < 9)) i = skipField(bytes, i, end);
      const docEnd = i;

      c = bytes[i]!;
      while (c === 32 || c === 9 || c === 13 || c === 11 || c === 12) c = bytes[++i]!;
      if (c === NEWLINE) throw missingField(bytes, lineStart, end, file, lineNumber);
      while (bytes[i]! > 32) i++;
      c = bytes[i]!;
      if (c !== 32 && (c > 13 || c < 9)) i = skipField(bytes, i, end);

      c = bytes[i]!;
      while (c === 32 || c === 9 || c === 13 || c === 11 || c === 12) c = bytes[++i]!;
      if (c === NEWLINE) throw missingField(bytes, lineStart, end, file, lineNumber);
      // The score is read as it is scanned when it is plain `[+-]digits[.digits]` with at most 15
      // digits (parseScore's fast path, inlined); anything else goes to parseScore.
      const scoreStart = i;
      let negative = false;
      if (c === 45 || c === 43) {
        negative = c === 45;
        c = bytes[++i]!;
      }
      let mantissa = 0;
      let digits = 0;
      let fractionDigits = 0;
      while (c >= 48 && c <= 57) {
        mantissa = mantissa * 10 + (c - 48);
        digits++;
        c = bytes[++i]!;
      }
      if (c === 46) {
        c = bytes[++i]!;
        while (c >= 48 && c <= 57) {
          mantissa = mantissa * 10 + (c - 48);
          digits++;
          fractionDigits++;
          c = bytes[++i]!;
        }
      }
      let score: number;
      if (digits > 0 && digits <= 15 && (c === 32 || (c <= 13 && c >= 9))) {
        const magnitude = fractionDigits === 0 ? mantissa : mantissa / POWERS_OF_TEN[fractionDigits]!;
        score = negative ? -magnitude : magnitude;
      } else {
        while (bytes[i]! > 32) i++;
        c = bytes[i]!;
        if (c !== 32 && (c > 13 || c < 9)) i = skipField(bytes, i, end);
        score = parseScore(bytes, scoreStart, i);
      }
      const scoreEnd = i;

      c = bytes[i]!;
      while (c === 32 || c === 9 || c === 13 || c === 11 || c === 12) c = bytes[++i]!;
      if (c === NEWLINE) throw missingField(bytes, lineStart, end, file, lineNumber);
      runIdStart = i;
      while (bytes[i]! > 32) i++;
      c = bytes[i]!;
      if (c !== 32 && (c > 13 || c < 9)) i = skipField(bytes, i, end);
      runIdEnd = i;
      // Extra fields are ignored.
      while (bytes[i] !== NEWLINE) i++;
      i++;

      // Runs are usually grouped by query: compare with the previous qid before making any string.
      const qidLength = qidEnd - qidStart;
      let sameQuery = qidLength === this.qidLength;
      if (sameQuery) {
        const qid = this.qid;
        for (let k = 0; k < qidLength; k++) {
          if (qid[k] !== bytes[qidStart + k]) {
            sameQuery = false;
            break;
          }
        }
      }
      if (!sameQuery) this.startQuery(bytes, qidStart, qidEnd);
      if (Number.isNaN(score)) {
        throw new InputError(file, lineNumber, 'score', `not a number: '${bytes.toString('utf8', scoreStart, scoreEnd)}'`);
      }
      const count = columns.count;
      if (count === columns.docStarts.length) columns.growDocuments();
      if (columns.used + (docEnd - docStart) > columns.bytes.length) columns.growBytes(docEnd - docStart);
      // The docno is copied into the pool and hashed (hashBytes inlined) in one pass.
      const pool = columns.bytes;
      let to = columns.used;
      columns.docStarts[count] = to;
      let hash = 0x811c9dc5 | 0;
      for (let k = docStart; k < docEnd; k++) {
        const code = bytes[k]!;
        pool[to++] = code;
        hash = Math.imul(hash ^ code, 0x01000193);
      }
      hash = Math.imul(hash ^ (hash >>> 16), 0x85ebca6b);
      hash = Math.imul(hash ^ (hash >>> 13), 0xc2b2ae35);
      columns.docHashes[count] = hash ^ (hash >>> 16);
      columns.docEnds[count] = to;
      columns.used = to;
      columns.scores[count] = score;
      columns.lineNumbers[count] = lineNumber;
      columns.count = count + 1;
    }
    this.lineNumber = lineNumber;
    if (runIdStart >= 0) this.runId = bytes.toString('utf8', runIdStart, runIdEnd);
  }

  private startQuery(bytes: Buffer, start: number, end: number): void {
    if (end - start > this.qid.length) this.qid = Buffer.alloc(2 * (end - start));
    bytes.copy(this.qid, 0, start, end);
    this.qidLength = end - start;
    this.sink.startQuery(bytes.toString('latin1', start, end));
  }
}

export interface RunReadOptions {
  /** Bytes read from the file at a time (a longer line gets a larger buffer). */
  readonly chunkBytes?: number;
}

/**
 * Reads a run file (gzipped or not) into `columns`, reporting query changes to `sink`; returns the run
 * tag of its last line. A gzipped file is inflated whole, a plain one is read in chunks.
 */
export function readRunFile(file: string, columns: RunColumns, sink: RunSink, options: RunReadOptions = {}): string {
  const parser = new RunLineParser(file, columns, sink);
  const fd = openSync(file, 'r');
  try {
    let chunk: Buffer = Buffer.allocUnsafe(Math.max(2, options.chunkBytes ?? DEFAULT_CHUNK_BYTES));
    let filled = readSync(fd, chunk, 0, chunk.length, null);
    if (isGzip(chunk.subarray(0, filled))) {
      parser.parseAll(gunzipSync(readFileSync(file)));
      return parser.runId;
    }
    // chunk[0, filled) holds the bytes read and not yet parsed: at most one incomplete line.
    for (;;) {
      const read = filled === chunk.length ? 0 : readSync(fd, chunk, filled, chunk.length - filled, null);
      if (filled < chunk.length && read === 0) {
        parser.parseAll(chunk.subarray(0, filled));
        return parser.runId;
      }
      filled += read;
      const lastNewline = chunk.lastIndexOf(NEWLINE, filled - 1);
      if (lastNewline < 0) {
        if (filled === chunk.length) chunk = grownChunk(chunk, filled);
        continue;
      }
      parser.parse(chunk, lastNewline + 1);
      chunk.copyWithin(0, lastNewline + 1, filled);
      filled -= lastNewline + 1;
    }
  } finally {
    closeSync(fd);
  }
}

function grownChunk(chunk: Buffer, filled: number): Buffer {
  const next = Buffer.allocUnsafe(chunk.length * 2);
  chunk.copy(next, 0, 0, filled);
  return next;
}

/**
 * Collects every document of a run, remembering the stretches of consecutive lines of one query,
 * then groups each query's documents together (file order within a query).
 */
class WholeRunSink implements RunSink {
  readonly qidTexts: string[] = [];
  private readonly indexes = new Map<string, number>();
  /** [query index, first document] per stretch. */
  private readonly segments: number[] = [];

  constructor(private readonly columns: RunColumns) {}

  startQuery(qid: string): void {
    let index = this.indexes.get(qid);
    if (index === undefined) {
      index = this.qidTexts.length;
      this.indexes.set(qid, index);
      this.qidTexts.push(qid);
    }
    this.segments.push(index, this.columns.count);
  }

  toRun(file: string, runId: string): Run {
    const { columns, segments, qidTexts } = this;
    const count = columns.count;
    const numQueries = qidTexts.length;
    const numSegments = segments.length / 2;
    const segmentEnd = (s: number) => (s + 1 < numSegments ? segments[2 * s + 3]! : count);
    const queries = new Map<string, RunQuery>();
    if (numSegments === numQueries) {
      // Every query's lines are contiguous: no reordering.
      for (let s = 0; s < numSegments; s++) queries.set(qidTexts[segments[2 * s]!]!, { start: segments[2 * s + 1]!, end: segmentEnd(s) });
      return columns.toRun(file, runId, queries);
    }
    // Interleaved queries: move each query's segments together, keeping file order.
    const sizes = new Int32Array(numQueries);
    for (let s = 0; s < numSegments; s++) sizes[segments[2 * s]!]! += segmentEnd(s) - segments[2 * s + 1]!;
    const firsts = new Int32Array(numQueries);
    for (let q = 1; q < numQueries; q++) firsts[q] = firsts[q - 1]! + sizes[q - 1]!;
    const fill = firsts.slice();
    const order = new Int32Array(count);
    for (let s = 0; s < numSegments; s++) {
      const query = segments[2 * s]!;
      for (let k = segments[2 * s + 1]!; k < segmentEnd(s); k++) order[fill[query]!++] = k;
    }
    const permuted = <T extends Uint32Array | Int32Array | Float64Array>(array: T): T => array.subarray(0, count).map((_, k) => array[order[k]!]!) as T;
    columns.docStarts = permuted(columns.docStarts);
    columns.docEnds = permuted(columns.docEnds);
    columns.scores = permuted(columns.scores);
    columns.docHashes = permuted(columns.docHashes);
    columns.lineNumbers = permuted(columns.lineNumbers);
    for (let q = 0; q < numQueries; q++) queries.set(qidTexts[q]!, { start: firsts[q]!, end: firsts[q]! + sizes[q]! });
    return columns.toRun(file, runId, queries);
  }
}

/** Parses a whole TREC run held in memory. */
export function parseRun(buffer: Buffer, file: string): Run {
  const columns = new RunColumns();
  const sink = new WholeRunSink(columns);
  const parser = new RunLineParser(file, columns, sink);
  parser.parseAll(buffer);
  return sink.toRun(file, parser.runId);
}

/** Reads a whole TREC run file (gzipped or not). */
export function loadRun(file: string, options: RunReadOptions = {}): Run {
  const columns = new RunColumns();
  const sink = new WholeRunSink(columns);
  const runId = readRunFile(file, columns, sink, options);
  return sink.toRun(file, runId);
}
