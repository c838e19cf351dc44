/** trec_eval's text output (`%-22s\t%s\t%6.4f`) and a JSON rendering of an Evaluation. */
import type { Evaluation, EvaluationColumn } from './evaluate';
import { formatFixed } from './format-number';

export interface TextOutputOptions {
  /** `-q`: per-query lines before the summary. */
  readonly perQuery: boolean;
  /** False for `-n` (no summary lines). */
  readonly summary: boolean;
}

/** Text written per call of a TextSink: the report goes out in pieces of about this size. */
const CHUNK_BYTES = 1 << 16;

/** Appends bytes to a growing Buffer, decoded to text at the end (toString) or in pieces (flushTo). */
export class ByteWriter {
  private buffer = Buffer.allocUnsafe(1 << 16);
  length = 0;

  reserve(bytes: number): Buffer {
    if (this.length + bytes > this.buffer.length) {
      const next = Buffer.allocUnsafe(Math.max(this.length + bytes, this.buffer.length * 2));
      this.buffer.copy(next, 0, 0, this.length);
      this.buffer = next;
    }
    return this.buffer;
  }

  bytes(bytes: Uint8Array): void {
    const buffer = this.reserve(bytes.length);
    // Names, qids and newlines are short: a loop beats a native copy call for them.
    if (bytes.length > 64) buffer.set(bytes, this.length);
    else for (let i = 0; i < bytes.length; i++) buffer[this.length + i] = bytes[i]!;
    this.length += bytes.length;
  }

  text(text: string): void {
    const buffer = this.reserve(3 * text.length);
    this.length += buffer.write(text, this.length, 'utf8');
  }

  /** printf("%6.4f", value): digits written directly when the rounding is unambiguous, else formatFixed. */
  fixed4(value: number): void {
    const negative = value < 0;
    const magnitude = negative ? -value : value;
    // magnitude × 10^4 < 2^30, so the product is within 1.2e-7 of the exact one; away from a rounding
    // tie (more than 1e-6 from .5) rounding it gives the same digits as rounding the exact value.
    if (magnitude < 100_000 && !Object.is(value, -0)) {
      const scaled = magnitude * 10_000;
      const floor = Math.floor(scaled);
      const fraction = scaled - floor;
      if (fraction < 0.499999 || fraction > 0.500001) {
        const rounded = fraction > 0.5 ? floor + 1 : floor;
        const integer = Math.floor(rounded / 10_000);
        let decimals = rounded - integer * 10_000;
        const buffer = this.reserve(16);
        let position = this.length;
        if (negative) buffer[position++] = 45;
        if (integer < 10) buffer[position++] = 48 + integer;
        else position += buffer.write(String(integer), position, 'latin1');
        buffer[position] = 46;
        for (let digit = 4; digit >= 1; digit--) {
          const next = Math.floor(decimals / 10);
          buffer[position + digit] = 48 + (decimals - next * 10);
          decimals = next;
        }
        this.length = position + 5;
        return;
      }
    }
    // Width 6 only pads "-nan", "inf" and "-inf": finite values always have 6 characters or more.
    this.text(formatFixed(value, 4).padStart(6));
  }

  toString(): string {
    return this.buffer.toString('utf8', 0, this.length);
  }

  /** Hands what was written so far to `write` and starts over (call it between lines: UTF-8 stays whole). */
  flushTo(write: (text: string) => void): void {
    if (this.length > 0) write(this.toString());
    this.length = 0;
  }
}

/** `%-22s\t` for a measure name. */
function namePrefix(name: string): Buffer {
  return Buffer.from(`${name.padEnd(22)}\t`, 'utf8');
}

function writeValue(out: ByteWriter, column: EvaluationColumn, value: number): void {
  if (column.measure.definition.valueType === 'long') out.text(String(Math.trunc(value)));
  else out.fixed4(value);
}

export function formatTrecEval(evaluation: Evaluation, options: TextOutputOptions): string {
  const pieces: string[] = [];
  writeTrecEval(evaluation, options, (text) => pieces.push(text));
  return pieces.join('');
}

/** trec_eval's text output, handed to `write` in pieces of about 64 KiB. */
export function writeTrecEval(evaluation: Evaluation, options: TextOutputOptions, write: (text: string) => void): void {
  const out = new ByteWriter();
  const newline = Buffer.from('\n');
  if (options.perQuery) {
    const printed = evaluation.columns.filter((column) => column.measure.definition.printedPerQuery);
    // Looked up once, not per line: 2,000 queries of all_trec make about 200,000 lines.
    const prefixes = printed.map((column) => namePrefix(column.name));
    const types = printed.map((column) => column.measure.definition.valueType);
    const values = printed.map((column) => column.values);
    evaluation.queryIds.forEach((qid, queryIndex) => {
      const qidField = Buffer.from(`${qid}\t`, 'utf8');
      for (let c = 0; c < printed.length; c++) {
        out.bytes(prefixes[c]!);
        out.bytes(qidField);
        const type = types[c]!;
        if (type === 'float') out.fixed4(values[c]![queryIndex]!);
        else if (type === 'long') out.text(String(Math.trunc(values[c]![queryIndex]!)));
        else out.text(`'${printed[c]!.texts[queryIndex]}'`);
        out.bytes(newline);
      }
      if (out.length >= CHUNK_BYTES) out.flushTo(write);
    });
  }
  if (options.summary) {
    const all = Buffer.from('all\t');
    for (const column of evaluation.columns) {
      if (column.summary === undefined) continue;
      out.bytes(namePrefix(column.name));
      out.bytes(all);
      if (typeof column.summary === 'string') out.text(column.summary);
      else writeValue(out, column, column.summary);
      out.bytes(newline);
    }
  }
  out.flushTo(write);
}

export interface EvaluationJson {
  runId: string;
  queryIds: string[];
  summary: Record<string, number | string>;
  perQuery: Record<string, Record<string, number | string>>;
}

/** Full-precision values, keyed by measure output name. */
export function evaluationToJson(evaluation: Evaluation, includePerQuery: boolean): EvaluationJson {
  const summary: Record<string, number | string> = {};
  for (const column of evaluation.columns) if (column.summary !== undefined) summary[column.name] = column.summary;
  const perQuery: Record<string, Record<string, number | string>> = {};
  if (includePerQuery) {
    evaluation.queryIds.forEach((qid, queryIndex) => {
      const values: Record<string, number | string> = {};
      for (const column of evaluation.columns) {
        if (!column.measure.definition.printedPerQuery) continue;
        values[column.name] = column.measure.definition.valueType === 'string' ? column.texts[queryIndex]! : column.values[queryIndex]!;
      }
      perQuery[qid] = values;
    });
  }
  return { runId: evaluation.runId, queryIds: evaluation.queryIds, summary, perQuery };
}
