import fs from 'node:fs';
import { z } from 'zod';
import { AppError } from '../runtime/errors';
import { parseJsonKeepingLargeIntegers } from './exact-json';

export interface NumberedLine {
  line: number;
  text: string;
  /** Bytes of the file read up to the end of this line, for progress reporting. */
  bytesRead: number;
}

/** The longest line an import reads (a document with a large vector fits many times over); longer lines are refused by length. */
export const MAX_LINE_BYTES = 16 * 1024 * 1024;

export interface LineReaderOptions {
  /** Bytes one line may hold, its line break not counted; default {@link MAX_LINE_BYTES}. */
  maxLineBytes?: number;
}

const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;
const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/**
 * Streams a UTF-8 text file line by line with 1-based line numbers, skipping blank lines. Lines are split
 * on bytes, so a line over the cap is refused after reading at most the cap (never built as one string),
 * and each line is decoded strictly: bytes that are not UTF-8 are an error naming their offset, not `�`.
 */
export async function* readLines(file: string, options: LineReaderOptions = {}): AsyncGenerator<NumberedLine> {
  const maxLineBytes = options.maxLineBytes ?? MAX_LINE_BYTES;
  const input = fs.createReadStream(file);
  const pieces: Buffer[] = [];
  let pieceBytes = 0;
  let line = 0;
  let lineStart = 0;
  const finishLine = (lineEnd: number): NumberedLine => {
    line++;
    const bytes = pieces.length === 1 ? pieces[0] : Buffer.concat(pieces, pieceBytes);
    const text = decodeLine(bytes, { file, line, fileOffset: lineStart });
    pieces.length = 0;
    pieceBytes = 0;
    lineStart = lineEnd;
    return { line, text, bytesRead: lineEnd };
  };
  try {
    for await (const chunk of input as AsyncIterable<Buffer>) {
      let start = 0;
      while (start < chunk.length) {
        const newline = chunk.indexOf(NEWLINE, start);
        const end = newline === -1 ? chunk.length : newline;
        if (pieceBytes + (end - start) > maxLineBytes) {
          throw new AppError('IMPORT_BAD_LINE', `line is longer than the limit of ${describeBytes(maxLineBytes)} for one line`, { file, line: line + 1 });
        }
        pieces.push(chunk.subarray(start, end));
        pieceBytes += end - start;
        if (newline === -1) break;
        const numbered = finishLine(lineStart + pieceBytes + 1);
        start = newline + 1;
        if (numbered.text.trim() !== '') yield numbered;
      }
    }
    if (pieceBytes > 0) {
      const numbered = finishLine(lineStart + pieceBytes);
      if (numbered.text.trim() !== '') yield numbered;
    }
  } catch (error) {
    throw error instanceof AppError ? error : fileReadError(file, error);
  } finally {
    input.destroy();
  }
}

function describeBytes(bytes: number): string {
  return bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0 ? `${bytes / (1024 * 1024)} MiB` : `${bytes} bytes`;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** One line's bytes as text: a UTF-8 byte order mark on the first line and a CR before the LF are dropped. */
function decodeLine(bytes: Buffer, where: { file: string; line: number; fileOffset: number }): string {
  let body = bytes;
  let skipped = 0;
  if (where.line === 1 && body.subarray(0, 3).equals(UTF8_BOM)) {
    body = body.subarray(3);
    skipped = 3;
  }
  if (body.at(-1) === CARRIAGE_RETURN) body = body.subarray(0, -1);
  try {
    return strictUtf8.decode(body);
  } catch {
    const offset = skipped + Math.max(firstInvalidUtf8Offset(body), 0);
    throw new AppError(
      'IMPORT_BAD_LINE',
      `not valid UTF-8 at byte offset ${where.fileOffset + offset} (byte ${offset + 1} of the line): save the file as UTF-8`,
      { file: where.file, line: where.line },
    );
  }
}

/** Where the first byte sequence that is not well-formed UTF-8 starts (as the WHATWG decoder judges it), or -1. */
export function firstInvalidUtf8Offset(bytes: Uint8Array): number {
  let at = 0;
  while (at < bytes.length) {
    const lead = bytes[at];
    const length = lead < 0x80 ? 1 : lead >= 0xc2 && lead <= 0xdf ? 2 : lead >= 0xe0 && lead <= 0xef ? 3 : lead >= 0xf0 && lead <= 0xf4 ? 4 : 0;
    if (length === 0 || at + length > bytes.length) return at;
    // The second byte's range rules out overlong forms, surrogates and code points above U+10FFFF.
    const [low, high] = lead === 0xe0 ? [0xa0, 0xbf] : lead === 0xed ? [0x80, 0x9f] : lead === 0xf0 ? [0x90, 0xbf] : lead === 0xf4 ? [0x80, 0x8f] : [0x80, 0xbf];
    if (length > 1 && (bytes[at + 1] < low || bytes[at + 1] > high)) return at;
    for (let next = 2; next < length; next++) if ((bytes[at + next] & 0xc0) !== 0x80) return at;
    at += length;
  }
  return -1;
}

const NODE_FILE_ERRORS: Record<string, string> = {
  ENOENT: 'no such file',
  EISDIR: 'is a folder, not a file',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
};

/** A file that cannot be read, as `file: reason` rather than a raw Node error with a stack. */
export function fileReadError(file: string, error: unknown): AppError {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const reason = (code && NODE_FILE_ERRORS[code]) ?? `cannot be read (${code ?? (error instanceof Error ? error.message : String(error))})`;
  return new AppError(code === 'ENOENT' ? 'IMPORT_MISSING_FILE' : 'IMPORT_BAD_LINE', reason, { file });
}

const EXCERPT_CHARACTERS = 40;
/** Characters that could forge or hide text on a terminal or in the UI: C0/C1 controls, DEL, line and bidi controls. */
const UNSAFE_CHARACTER = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/**
 * Untrusted input as it may appear in a message: quoted, at most 40 characters (then `…`), control
 * characters escaped. An error must never echo a whole line (it may be a secret from a file picked by mistake).
 */
export function quoteExcerpt(text: string): string {
  const characters = Array.from(text.slice(0, EXCERPT_CHARACTERS * 2));
  const shown = characters.slice(0, EXCERPT_CHARACTERS).join('');
  const escaped = shown
    .replaceAll('\\', '\\\\')
    .replaceAll('"', '\\"')
    .replace(UNSAFE_CHARACTER, (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return `"${escaped}"${shown.length < text.length ? '…' : ''}`;
}

/** V8's reasons that carry a position and no input text; other reasons quote the input, so they are not shown. */
const POSITIONED_REASON = /^(.*) in JSON at position (\d+)$/;

function describeJsonError(error: unknown, text: string): string {
  const message = error instanceof Error ? error.message : '';
  const positioned = POSITIONED_REASON.exec(message);
  if (positioned) {
    const position = Number(positioned[2]);
    return `invalid JSON: ${positioned[1].toLowerCase()} at column ${position + 1}, near ${quoteExcerpt(text.slice(position))}`;
  }
  if (message === 'Unexpected end of JSON input') return `invalid JSON: the line ends early, it starts ${quoteExcerpt(text)}`;
  return `invalid JSON: the line starts ${quoteExcerpt(text)}`;
}

/**
 * Parses one JSONL line against a schema; errors name the file, line and offending field, and quote the
 * line only as a short excerpt. Integers too large for a double come back as `ExactInteger` (their digits).
 */
export function parseJsonLine<T>(schema: z.ZodType<T, unknown>, file: string, { line, text }: NumberedLine): T {
  let value: unknown;
  try {
    value = parseJsonKeepingLargeIntegers(text);
  } catch (error) {
    throw new AppError('IMPORT_BAD_LINE', describeJsonError(error, text), { file, line });
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError('IMPORT_BAD_LINE', issue.message, { file, line, field: issue.path.join('.') || undefined });
  }
  return parsed.data;
}

export function requireFile(file: string, what: string): void {
  if (!fs.existsSync(file) || !fs.statSync(file).isFile()) {
    throw new AppError('IMPORT_MISSING_FILE', `missing ${what}`, { file });
  }
}
