import fs from 'node:fs';
import path from 'node:path';
import { MEDIA_EXTENSIONS, MEDIA_HEAD_BYTES, mediaContentType, startsLikeImage } from './media-file';
import { sanitizeSvg } from './sanitize-svg';

/** An image a dataset names cannot be imported; the importer adds the file, line and field. */
export class ImageRefusedError extends Error {
  constructor(
    message: string,
    /** The file is not there at all (rather than there but unfit). */
    readonly missing = false,
  ) {
    super(message);
    this.name = 'ImageRefusedError';
  }
}

// Not on Windows, where the lstat check before opening has to do.
const NO_FOLLOW = fs.constants.O_NOFOLLOW ?? 0;

/**
 * Opens the image `relative` names under `root`, the folder the user chose, refusing anything an import
 * must not read: a non-image extension, a missing file, a folder, a symbolic link (also one on the way
 * that leads out of `root`), or any other non-regular file. Returns an open file descriptor.
 */
function openImage(root: string, relative: string): number {
  if (!mediaContentType(relative)) {
    throw new ImageRefusedError(`is not an image file: images must be ${MEDIA_EXTENSIONS.join(', ')}`);
  }
  const file = path.join(root, relative);
  let stat: fs.Stats;
  try {
    stat = fs.lstatSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'ENOTDIR') throw new ImageRefusedError('does not exist', true);
    throw new ImageRefusedError(`cannot be read (${(error as NodeJS.ErrnoException).code ?? 'unknown error'})`);
  }
  if (stat.isSymbolicLink()) throw new ImageRefusedError('is a symbolic link: images are copied only from regular files in the dataset folder');
  if (stat.isDirectory()) throw new ImageRefusedError('is a folder, not an image file');
  if (!stat.isFile()) throw new ImageRefusedError('is not a regular file');
  const realRoot = fs.realpathSync(root);
  const realFolder = fs.realpathSync(path.dirname(file));
  if (realFolder !== realRoot && !realFolder.startsWith(realRoot + path.sep)) {
    throw new ImageRefusedError('lies outside the dataset folder: a folder on its path is a symbolic link out of it');
  }
  let fd: number;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | NO_FOLLOW);
  } catch (error) {
    throw new ImageRefusedError(`cannot be read (${(error as NodeJS.ErrnoException).code ?? 'unknown error'})`);
  }
  // Checked again on what was opened: the file may have been swapped since the lstat.
  if (!fs.fstatSync(fd).isFile()) {
    fs.closeSync(fd);
    throw new ImageRefusedError('is not a regular file');
  }
  return fd;
}

function checkLeadingBytes(relative: string, head: Buffer): void {
  if (!startsLikeImage(relative, head)) {
    throw new ImageRefusedError(`is not a ${path.extname(relative).slice(1).toUpperCase()} image: its first bytes are not that format's signature`);
  }
}

/** Checks, without reading it whole, that an image can be imported (see {@link copyImportedImage}); throws `ImageRefusedError`. */
export function checkImportableImage(root: string, relative: string): void {
  const fd = openImage(root, relative);
  try {
    const head = Buffer.alloc(MEDIA_HEAD_BYTES);
    const length = fs.readSync(fd, head, 0, MEDIA_HEAD_BYTES, 0);
    checkLeadingBytes(relative, head.subarray(0, length));
  } finally {
    fs.closeSync(fd);
  }
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Copies an image from the dataset folder `root` to `destination`, refusing what {@link checkImportableImage}
 * refuses (checked again on the bytes read, which are the bytes written). Images are untrusted: SVG is
 * rewritten so it cannot run script or fetch anything, and throws `InvalidSvgError` when it is not SVG.
 * A file already at `destination` (another document's image of that name) is never replaced: the same
 * content is shared, other content is refused. Returns whether a new file was written.
 */
export function copyImportedImage(root: string, relative: string, destination: string): boolean {
  const fd = openImage(root, relative);
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  checkLeadingBytes(relative, bytes.subarray(0, MEDIA_HEAD_BYTES));
  const stored = path.extname(relative).toLowerCase() === '.svg' ? Buffer.from(sanitizeSvg(decodeSvgText(bytes))) : bytes;
  if (fs.existsSync(destination)) {
    if (fs.readFileSync(destination).equals(stored)) return false;
    throw new ImageRefusedError('differs from the image of that name already in this dataset: give it another name');
  }
  fs.mkdirSync(path.dirname(destination), { recursive: true });
  fs.writeFileSync(destination, stored, { flag: 'wx' });
  return true;
}

function decodeSvgText(bytes: Buffer): string {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    throw new ImageRefusedError('is not UTF-8 text, so not an SVG file this app reads');
  }
}
