/**
 * Readers for judgment files from other tools. Each returns the file's judgments with their line
 * numbers; levels stay as the file wrote them (mapping onto a scale is the import service's job).
 * Any bad line stops the read with `file:line` and the field at fault.
 */
import fs from 'node:fs';
import { z } from 'zod';
import { fileReadError, parseJsonLine, quoteExcerpt, readLines } from '../../datasets/line-reader';
import { AppError } from '../../runtime/errors';
import { parseCsvLine, unguardCell } from './csv';

export const IMPORT_FORMATS = ['qrels', 'beir', 'quepid-csv', 'rre', 'srw', 'jsonl'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

/** A query as the file names it: by id (qrels, BEIR, JSONL), by its text (Quepid, OpenSearch), or either (RRE: the group name, else the `$query` text). */
export interface FileQuery {
  id?: string;
  text?: string;
}

export interface FileJudgment {
  query: FileQuery;
  docId: string;
  /** The level as written, normalised as a number's shortest text (`"0.700"` → `"0.7"`). */
  level: string;
  /** The rater the row names; '' when the format has none. */
  rater: string;
  line: number;
}

const badLine = (message: string, file: string, line: number, field?: string) => new AppError('IMPORT_BAD_LINE', message, { file, line, field });

function levelOf(text: string, file: string, line: number, field: string): string {
  if (!/^-?\d+(\.\d+)?$/.test(text.trim())) throw badLine(`level ${quoteExcerpt(text)} is not a number`, file, line, field);
  return String(Number(text.trim()));
}

async function readTrecQrels(file: string, onLine: LineProgress): Promise<FileJudgment[]> {
  const judgments: FileJudgment[] = [];
  for await (const { line, text } of readLines(file)) {
    onLine(line);
    const fields = text.trim().split(/\s+/);
    if (fields.length !== 4) throw badLine(`expected 4 fields (query-id iteration doc-id relevance), found ${fields.length}`, file, line);
    const [id, , docId, level] = fields as [string, string, string, string];
    judgments.push({ query: { id }, docId, level: levelOf(level, file, line, 'relevance'), rater: '', line });
  }
  return judgments;
}

async function readBeirQrelsFile(file: string, onLine: LineProgress): Promise<FileJudgment[]> {
  const judgments: FileJudgment[] = [];
  let first = true;
  for await (const { line, text } of readLines(file)) {
    onLine(line);
    const fields = text.split('\t').map((field) => field.trim());
    if (first && fields[0] === 'query-id') {
      first = false;
      continue;
    }
    first = false;
    if (fields.length !== 3) throw badLine(`expected 3 tab-separated fields (query-id, corpus-id, score), found ${fields.length}`, file, line);
    const [id, docId, level] = fields as [string, string, string];
    judgments.push({ query: { id }, docId, level: levelOf(level, file, line, 'score'), rater: '', line });
  }
  return judgments;
}

/** Quepid's ratings CSV: header exactly `query,docid,rating`, the query by its text. */
async function readQuepidCsv(file: string, onLine: LineProgress): Promise<FileJudgment[]> {
  const judgments: FileJudgment[] = [];
  let header = true;
  for await (const { line, text } of readLines(file)) {
    onLine(line);
    const cells = parseCsvLine(text);
    if (cells === null) throw badLine('a quoted cell is not closed on this line', file, line);
    if (header) {
      if (cells.join(',') !== 'query,docid,rating') throw badLine(`the header must be exactly query,docid,rating, found ${quoteExcerpt(text)}`, file, line);
      header = false;
      continue;
    }
    if (cells.length !== 3) throw badLine(`expected 3 cells (query, docid, rating), found ${cells.length}`, file, line);
    const [queryText, docId, rating] = cells.map(unguardCell) as [string, string, string];
    if (queryText.trim() === '') throw badLine('the query is empty', file, line, 'query');
    judgments.push({ query: { text: queryText }, docId, level: levelOf(rating, file, line, 'rating'), rater: '', line });
  }
  if (header) throw new AppError('IMPORT_EMPTY', 'the file is empty', { file });
  return judgments;
}

function readJsonFile(file: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw fileReadError(file, error);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    const position = /position (\d+)/.exec(error instanceof Error ? error.message : '');
    const line = position ? text.slice(0, Number(position[1])).split('\n').length : undefined;
    throw new AppError('IMPORT_BAD_LINE', 'invalid JSON', { file, line });
  }
}

/** The line of the file where `needle` (a JSON-encoded key or value) first appears at or after `from`; for error messages and provenance. */
function lineLocator(file: string) {
  const text = fs.readFileSync(file, 'utf8');
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
  let cursor = 0;
  return (needle: string): number => {
    const at = text.indexOf(needle, cursor);
    if (at === -1) return 0;
    cursor = at + needle.length;
    let low = 0;
    let high = lineStarts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (lineStarts[middle]! <= at) low = middle;
      else high = middle - 1;
    }
    return low + 1;
  };
}

function schemaError(file: string, error: z.ZodError): AppError {
  const issue = error.issues[0]!;
  return new AppError('IMPORT_BAD_LINE', issue.message, { file, field: issue.path.join('.') || undefined });
}

const rreSchema = z.object({
  query_groups: z.array(
    z.object({
      name: z.string(),
      queries: z.array(z.object({ placeholders: z.record(z.string(), z.unknown()).optional() }).passthrough()).default([]),
      // Two shapes are in use: doc id → {gain}, and gain → [doc ids].
      relevant_documents: z.union([z.record(z.string(), z.object({ gain: z.union([z.number(), z.string()]) }).passthrough()), z.record(z.string(), z.array(z.string()))]),
    }),
  ),
});

/**
 * RRE ratings JSON: query groups, each with its queries' `$query` placeholder text and its relevant
 * documents. A group's name is taken as the query id; its `$query` texts as the query otherwise.
 */
function readRre(file: string): FileJudgment[] {
  const parsed = rreSchema.safeParse(readJsonFile(file));
  if (!parsed.success) throw schemaError(file, parsed.error);
  const lineOf = lineLocator(file);
  const judgments: FileJudgment[] = [];
  for (const group of parsed.data.query_groups) {
    lineOf(JSON.stringify(group.name));
    const texts = group.queries.map((query) => query.placeholders?.$query).filter((text): text is string => typeof text === 'string');
    const query: FileQuery = { id: group.name, text: texts[0] };
    for (const [key, value] of Object.entries(group.relevant_documents)) {
      const line = lineOf(JSON.stringify(key));
      const entries = Array.isArray(value) ? value.map((docId) => ({ docId, level: key })) : [{ docId: key, level: String(value.gain) }];
      for (const entry of entries) judgments.push({ query, docId: entry.docId, level: levelOf(entry.level, file, line, 'gain'), rater: '', line });
    }
  }
  return judgments;
}

const srwSchema = z.object({
  type: z.literal('IMPORT_JUDGMENT', { error: 'type must be "IMPORT_JUDGMENT"' }),
  judgmentRatings: z.array(z.object({ query: z.string().min(1), ratings: z.array(z.object({ docId: z.string().min(1), rating: z.union([z.string(), z.number()]) })) })),
});

/** OpenSearch Search Relevance judgments (`IMPORT_JUDGMENT`): per query text, documents with ratings as strings. */
function readSrw(file: string): FileJudgment[] {
  const parsed = srwSchema.safeParse(readJsonFile(file));
  if (!parsed.success) throw schemaError(file, parsed.error);
  const lineOf = lineLocator(file);
  return parsed.data.judgmentRatings.flatMap((entry) => {
    lineOf(JSON.stringify(entry.query));
    return entry.ratings.map((rating) => {
      const line = lineOf(JSON.stringify(rating.docId));
      return { query: { text: entry.query }, docId: rating.docId, level: levelOf(String(rating.rating), file, line, 'rating'), rater: '', line };
    });
  });
}

const jsonlSchema = z.object({
  query: z.object({ id: z.string().min(1) }).passthrough(),
  document: z.object({ id: z.string().min(1) }).passthrough(),
  label: z.number().nullable(),
  scale: z.string().min(1),
  rater: z.object({ name: z.string() }).passthrough(),
});

/** The app's own JSONL: one judgment a line; skipped items (label null) carry no grade and are counted, not kept. */
async function readAppJsonl(file: string, onLine: LineProgress): Promise<JudgmentFile> {
  const judgments: FileJudgment[] = [];
  let skipped = 0;
  let scaleId: string | undefined;
  for await (const numbered of readLines(file)) {
    onLine(numbered.line);
    const row = parseJsonLine(jsonlSchema, file, numbered);
    scaleId ??= row.scale;
    if (row.scale !== scaleId) throw badLine(`scale ${quoteExcerpt(row.scale)} differs from the file's first scale, ${scaleId}: export one scale per file`, file, numbered.line, 'scale');
    if (row.label === null) skipped++;
    else judgments.push({ query: { id: row.query.id }, docId: row.document.id, level: String(row.label), rater: row.rater.name, line: numbered.line });
  }
  return { judgments, skipped, scaleId };
}

export interface JudgmentFile {
  judgments: FileJudgment[];
  /** Items the file holds without a grade (skips in our JSONL). */
  skipped: number;
  /** The scale the file names (our JSONL does). */
  scaleId?: string;
}

/** Told each line's number as a line-based reader reaches it (JSON formats are parsed whole). */
export type LineProgress = (line: number) => void;

export async function readJudgmentFile(format: ImportFormat, file: string, onLine: LineProgress = () => undefined): Promise<JudgmentFile> {
  switch (format) {
    case 'qrels':
      return { judgments: await readTrecQrels(file, onLine), skipped: 0 };
    case 'beir':
      return { judgments: await readBeirQrelsFile(file, onLine), skipped: 0 };
    case 'quepid-csv':
      return { judgments: await readQuepidCsv(file, onLine), skipped: 0 };
    case 'rre':
      return { judgments: readRre(file), skipped: 0 };
    case 'srw':
      return { judgments: readSrw(file), skipped: 0 };
    case 'jsonl':
      return readAppJsonl(file, onLine);
  }
}
