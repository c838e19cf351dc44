import fs from 'node:fs';
import readline from 'node:readline';
import { z } from 'zod';
import { AppError } from '../runtime/errors';

export interface NumberedLine {
  line: number;
  text: string;
  /** Bytes of the file read up to the end of this line, for progress reporting. */
  bytesRead: number;
}

/** Streams a text file line by line with 1-based line numbers, skipping blank lines. */
export async function* readLines(file: string): AsyncGenerator<NumberedLine> {
  const input = fs.createReadStream(file, { encoding: 'utf8' });
  const lines = readline.createInterface({ input, crlfDelay: Infinity });
  let line = 0;
  let bytesRead = 0;
  try {
    for await (const text of lines) {
      line++;
      bytesRead += Buffer.byteLength(text) + 1;
      if (text.trim() !== '') yield { line, text, bytesRead };
    }
  } finally {
    lines.close();
    input.destroy();
  }
}

/** Parses one JSONL line against a schema; errors name the file, line and offending field. */
export function parseJsonLine<T>(schema: z.ZodType<T, unknown>, file: string, { line, text }: NumberedLine): T {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new AppError('IMPORT_BAD_LINE', `invalid JSON (${(error as Error).message})`, { file, line });
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
