import fs from 'node:fs';
import path from 'node:path';

/** The image types dataset media may be, each with its content type and the leading bytes its files start with. */
const MEDIA_TYPES: Record<string, { contentType: string; startsLikeIt: (head: Buffer) => boolean }> = {
  // SVG is text: the sanitizer parses it before it is stored.
  '.svg': { contentType: 'image/svg+xml', startsLikeIt: () => true },
  '.png': { contentType: 'image/png', startsLikeIt: (head) => head.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) },
  '.jpg': { contentType: 'image/jpeg', startsLikeIt: isJpeg },
  '.jpeg': { contentType: 'image/jpeg', startsLikeIt: isJpeg },
  '.gif': { contentType: 'image/gif', startsLikeIt: (head) => /^GIF8[79]a/.test(head.toString('latin1', 0, 6)) },
  '.webp': { contentType: 'image/webp', startsLikeIt: (head) => head.toString('latin1', 0, 4) === 'RIFF' && head.toString('latin1', 8, 12) === 'WEBP' },
  // An ISO-BMFF `ftyp` box listing an AVIF brand (major or compatible).
  '.avif': { contentType: 'image/avif', startsLikeIt: (head) => head.toString('latin1', 4, 8) === 'ftyp' && /avi[fs]/.test(head.toString('latin1', 8, MEDIA_HEAD_BYTES)) },
  '.bmp': { contentType: 'image/bmp', startsLikeIt: (head) => head.toString('latin1', 0, 2) === 'BM' },
};

/** How many leading bytes {@link startsLikeImage} needs. */
export const MEDIA_HEAD_BYTES = 32;

function isJpeg(head: Buffer): boolean {
  return head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff;
}

/** The image extensions dataset media may have, for messages. */
export const MEDIA_EXTENSIONS = Object.keys(MEDIA_TYPES);

/** The image content type of a media file by its extension, or null when it is not an image we serve. */
export function mediaContentType(file: string): string | null {
  return MEDIA_TYPES[path.extname(file).toLowerCase()]?.contentType ?? null;
}

/** Whether a file's first bytes are those of the image type its extension names (always false for other extensions). */
export function startsLikeImage(file: string, head: Buffer): boolean {
  return MEDIA_TYPES[path.extname(file).toLowerCase()]?.startsLikeIt(head) ?? false;
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

/**
 * The media file a URL path (still percent-encoded) names, with its content type: null unless it is a
 * regular image file whose real path is inside `root` (bad escapes such as `%ff` give null, not an error).
 */
export function mediaFileForUrlPath(root: string, urlPath: string): { file: string; contentType: string } | null {
  let relative: string;
  try {
    relative = decodeURIComponent(urlPath).replace(/^\/+/, '');
  } catch {
    return null;
  }
  const file = resolveInsideFolder(root, relative);
  const contentType = file ? mediaContentType(file) : null;
  return file && contentType ? { file, contentType } : null;
}
