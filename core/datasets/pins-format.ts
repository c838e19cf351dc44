import path from 'node:path';
import { z } from 'zod';
import { checkImportableImage } from '../media/image-import';
import type { SourcedDocument } from './document';
import { locatedImageError } from './image-errors';
import { parseJsonLine, readLines, requireFile } from './line-reader';

/** One pin per line of `pins.jsonl`; unknown keys (width, source, license…) are allowed and ignored. */
const pinLine = z.object({
  id: z.string().min(1, 'must not be empty'),
  title: z.string().min(1, 'must not be empty'),
  description: z.string().default(''),
  tags: z.array(z.string()).default([]),
  board: z.string().default(''),
  image: z
    .string()
    .min(1)
    .refine((value) => !path.isAbsolute(value) && !value.split(/[\\/]/).includes('..'), {
      message: 'must be a relative path inside the dataset folder',
    }),
});

export const PINS_FILE = 'pins.jsonl';

export function locatePinsFile(dir: string): string {
  const file = path.join(dir, PINS_FILE);
  requireFile(file, `pins metadata (${PINS_FILE})`);
  return file;
}

export async function* readPins(file: string): AsyncGenerator<SourcedDocument> {
  const dir = path.dirname(file);
  for await (const line of readLines(file)) {
    const pin = parseJsonLine(pinLine, file, line);
    try {
      checkImportableImage(dir, pin.image);
    } catch (error) {
      throw locatedImageError(error, pin.image, { file, line: line.line, field: 'image' });
    }
    yield {
      doc: { id: pin.id, title: pin.title, text: pin.description, tags: pin.tags, board: pin.board, image: pin.image },
      line: line.line,
      bytesRead: line.bytesRead,
    };
  }
}
