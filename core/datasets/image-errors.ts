import { ImageRefusedError } from '../media/image-import';
import { InvalidSvgError } from '../media/sanitize-svg';
import { AppError, type ErrorLocation } from '../runtime/errors';
import { quoteExcerpt } from './line-reader';

/** An image the media checks refused, or an SVG that does not parse, as an import error at `where`; other errors pass through. */
export function locatedImageError(error: unknown, image: string, where: ErrorLocation): unknown {
  if (error instanceof InvalidSvgError) return new AppError('IMPORT_BAD_LINE', `image ${quoteExcerpt(image)}: ${error.message}`, where);
  if (error instanceof ImageRefusedError) return new AppError(error.missing ? 'IMPORT_MISSING_FILE' : 'IMPORT_BAD_LINE', `image ${quoteExcerpt(image)} ${error.message}`, where);
  return error;
}
