import fs from 'node:fs';
import path from 'node:path';

/** Dataset media is served only as these image types, each with its own type; any other file is not served. */
const MEDIA_CONTENT_TYPES: Record<string, string> = {
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.bmp': 'image/bmp',
};

/** The image content type of a media file by its extension, or null when it is not an image we serve. */
export function mediaContentType(file: string): string | null {
  return MEDIA_CONTENT_TYPES[path.extname(file).toLowerCase()] ?? null;
}

/**
 * The real path of `relative` under `root` when that is a regular file whose real path lies inside
 * the real `root`; otherwise null. `..`, absolute paths, symlinks that lead out of the folder,
 * directories and names the file system refuses (NUL bytes) all give null.
 */
export function resolveInsideFolder(root: string, relative: string): string | null {
  try {
    const realRoot = fs.realpathSync(root);
    const real = fs.realpathSync(path.resolve(realRoot, relative));
    if (!real.startsWith(realRoot + path.sep)) return null;
    return fs.statSync(real).isFile() ? real : null;
  } catch {
    return null;
  }
}
